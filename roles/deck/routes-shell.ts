// What every page shares beyond its body: the favicon, /branding.css (deck.branding colours, as upstream), and
// the 404 page with the navigation for any path no route serves.
import type express from 'express';
import type { DeckDeps } from './deps.js';
import { escapeHtml, page } from './html.js';
import { pageContext } from './session.js';

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1e3a5f"/><path d="M9 24V8h7.5a5 5 0 0 1 0 10H13v6z" fill="#fff"/></svg>`;

/** A CSS colour: #hex, a name, or rgb()/hsl() with plain numbers; anything else is dropped (no CSS injection). */
export function cssColor(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const t = v.trim();
  return /^#[0-9a-fA-F]{3,8}$|^[a-zA-Z]{1,30}$|^(rgb|rgba|hsl|hsla)\([0-9.,%\s]+\)$/.test(t) ? t : undefined;
}

export function brandingCss(branding: { header_color?: string; background_color?: string } | undefined): string {
  const header = cssColor(branding?.header_color);
  const background = cssColor(branding?.background_color);
  return [header ? `header { background: ${header}; }` : '', background ? `body { background: ${background}; }` : ''].filter(Boolean).join('\n');
}

export function mountShellRoutes(app: express.Express, deps: DeckDeps): void {
  app.get(['/favicon.svg', '/favicon.ico'], (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type('image/svg+xml').send(FAVICON);
  });

  app.get('/branding.css', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('text/css').send(brandingCss(deps.config().deck?.branding));
  });

  // Last: anything no route answered.
  app.use((req, res) => {
    const body = `<h1>Page not found</h1><p>Deck has no page at <code>${escapeHtml(req.path)}</code>.</p>
<p>Try <a href="/">the job list</a>, <a href="/command-help">the commands</a> or <a href="/plugins">the plugins</a>.</p>`;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.status(404).type('text').send(`Not found: ${req.method} ${req.path}`);
      return;
    }
    res.status(404).type('html').send(page({ title: 'Page not found', body, ...pageContext(req, res, deps) }));
  });
}
