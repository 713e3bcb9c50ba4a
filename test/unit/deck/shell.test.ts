// The page shell: deck.branding (colours only as CSS colours, favicon and logo links), the favicon, and 404s.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { brandingCss } from '../../../roles/deck/routes-shell.js';
import { startTestDeck, type TestDeck } from './harness.js';

describe('deck page shell', () => {
  let d: TestDeck;
  beforeAll(async () => {
    d = await startTestDeck({ config: { deck: { branding: { header_color: 'rgb(10, 20, 30)', background_color: 'red; } main { display: none', favicon: 'https://example.com/icon.png', logo: 'javascript:alert(1)' } } } });
  });
  afterAll(async () => d.stop());

  it('serves colours as CSS and drops anything that is not a colour', async () => {
    const css = await (await fetch(`${d.url}/branding.css`)).text();
    expect(css).toBe('header { background: rgb(10, 20, 30); }');
    expect(brandingCss({ header_color: '#1e3a5f', background_color: 'white' })).toBe('header { background: #1e3a5f; }\nbody { background: white; }');
    expect(brandingCss(undefined)).toBe('');
  });

  it('links the configured favicon and never a script URL as the logo', async () => {
    const html = await (await fetch(`${d.url}/command-help`)).text();
    expect(html).toContain('<link rel="icon" href="https://example.com/icon.png">');
    expect(html).toContain('<img class="logo" src="#" alt="">');
    expect(html).not.toContain('javascript:');
  });

  it('answers unknown GETs with the 404 page and other methods with a short 404', async () => {
    const get = await fetch(`${d.url}/nope/<b>`);
    expect(get.status).toBe(404);
    const html = await get.text();
    expect(html).toContain('<h1>Page not found</h1>');
    expect(html).toContain('/nope/%3Cb%3E');
    expect(html).toContain('<nav aria-label="Deck pages">');
    const post = await fetch(`${d.url}/nope`, { method: 'POST' });
    expect(post.status).toBe(404);
    expect(await post.text()).toBe('Not found: POST /nope');
  });
});
