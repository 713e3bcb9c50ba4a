// Deck's PR dashboard (/pr) in a real browser against the fake GitHub: after GitHub sign-in (the fake's OAuth
// flow) a user sees their own open PRs with the Tide state, labels and job results; without sign-in configured the
// page says how to turn it on and searches by author, only within the repos Tide covers; the navigation links the
// Tide pages; titles that carry HTML are shown as text.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Config } from '../../src/config/types.js';
import { createGitHubFactory } from '../../src/github/factory.js';
import { createRootLogger } from '../../src/runtime/logger.js';
import { FakeGitHub } from '../fakes/github/index.js';
import { startTestDeck, type TestDeck } from '../unit/deck/harness.js';
import { buildWeb, launch, screenshotPath, type Browser } from './browser.js';

const XSS_TITLE = '<img src=x onerror="window.__xss=1">fix';

describe('deck PR dashboard (browser)', () => {
  let gh: FakeGitHub;
  let signedIn: TestDeck;
  let anonymous: TestDeck;
  let b: Browser;
  let page: Page;
  let mine: number;

  beforeAll(async () => {
    const staticDir = buildWeb();
    gh = await FakeGitHub.start();
    gh.addOrg('acme', { members: ['alice', 'bob'] });
    gh.addOrg('secret', { members: ['alice'] });
    await gh.createRepo('acme', 'app', { files: { 'README.md': 'hi\n' } });
    await gh.createRepo('secret', 'vault', { files: { 'README.md': 'hi\n' } });
    for (const l of ['lgtm', 'approved']) gh.createLabel('acme', 'app', l);
    const pr = await gh.openPullRequest('acme', 'app', { author: 'alice', title: XSS_TITLE, files: { 'a.txt': 'a\n' }, labels: ['lgtm'] });
    mine = pr.number;
    await gh.setStatus('acme', 'app', pr.pull!.headSha, { state: 'success', context: 'unit', target_url: 'https://prow.example/view/unit/1' });
    await gh.setStatus('acme', 'app', pr.pull!.headSha, { state: 'failure', context: 'e2e', description: 'Job failed.' });
    await gh.setStatus('acme', 'app', pr.pull!.headSha, { state: 'pending', context: 'tide', description: 'Not mergeable. Needs approved label.' });
    await gh.openPullRequest('acme', 'app', { author: 'bob', title: 'bob\'s change', files: { 'b.txt': 'b\n' } });
    await gh.openPullRequest('secret', 'vault', { author: 'alice', title: 'hidden change', files: { 'v.txt': 'v\n' } });
    gh.addOAuthApp('deck', 'oauth-client-secret');
    gh.setOAuthLogin('alice');
    const config = { tide: { queries: [{ repos: ['acme/app'], labels: ['lgtm', 'approved'] }] } } as Config;
    const github = (dir: string): ReturnType<typeof createGitHubFactory> => {
      writeFileSync(path.join(dir, 'token'), 'bot-token');
      return createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token') }, createRootLogger({ level: 'error' }))!;
    };
    signedIn = await startTestDeck({
      config,
      settings: (url, dir) => {
        const secret = path.join(dir, 'cookie');
        const oauth = path.join(dir, 'oauth.yaml');
        writeFileSync(secret, randomBytes(32).toString('base64'));
        writeFileSync(oauth, `client_id: deck\nclient_secret: oauth-client-secret\nredirect_url: ${url}/github-login/redirect\nfinal_redirect_url: ${url}/\n`);
        return { staticDir, cookieSecretFile: secret, oauthConfigFile: oauth, githubApiBase: gh.url, githubGraphqlEndpoint: gh.graphqlUrl, github: github(dir) };
      },
    });
    anonymous = await startTestDeck({ config, settings: (_url, dir) => ({ staticDir, githubApiBase: gh.url, githubGraphqlEndpoint: gh.graphqlUrl, github: github(dir) }) });
    b = await launch();
    page = await b.context.newPage();
  });

  afterAll(async () => {
    await b?.close();
    await signedIn?.stop();
    await anonymous?.stop();
    await gh?.stop();
  });

  it('shows a signed-in user their open PRs with the Tide state, labels and job results', async () => {
    await page.goto(`${signedIn.url}/pr`);
    await page.locator('#content').getByRole('link', { name: 'Sign in with GitHub' }).click();
    await page.waitForURL(/\/pr$/);
    await expect(page.locator('header .user').first().textContent()).resolves.toContain('alice');
    const rows = page.locator('table.pr-status tbody tr');
    // alice's PRs she can see: acme/app and secret/vault (her token, her view), not bob's.
    await expect(rows.count()).resolves.toBe(2);
    const row = rows.filter({ hasText: `acme/app#${mine}` });
    await expect(row.locator('td').nth(0).textContent()).resolves.toContain(XSS_TITLE);
    await expect(row.locator('td').nth(1).textContent()).resolves.toContain('Not mergeable. Needs approved label.');
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe('lgtm');
    await expect(row.locator('.jobs li').allTextContents()).resolves.toEqual(['✗ e2e Job failed.', '✓ unit']);
    await expect(row.getByRole('link', { name: '✓ unit' }).getAttribute('href')).resolves.toBe('https://prow.example/view/unit/1');
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
    // The search as the user ran with alice's token, not the bot's.
    const searches = gh.requests.filter((r) => r.path === '/graphql' && JSON.stringify(r.body).includes('DeckPRStatus'));
    expect(searches.map((r) => r.headers.authorization)).toEqual([expect.not.stringMatching(/bot-token/)]);
    await page.screenshot({ path: screenshotPath('deck-pr-signed-in.png'), fullPage: true });
  });

  it('links the Tide pages and the PR dashboard from the navigation', async () => {
    await page.goto(`${signedIn.url}/`);
    const nav = await page.locator('header nav a').allTextContents();
    expect(nav).toEqual(expect.arrayContaining(['PR Status', 'Tide Status', 'Tide History']));
    await page.getByRole('link', { name: 'PR Status' }).click();
    await page.waitForURL(/\/pr$/);
    await expect(page.locator('header nav a[aria-current="page"]').textContent()).resolves.toBe('PR Status');
  });

  it('without sign-in configured, says how to enable it and searches by author within Tide\'s repos', async () => {
    await page.goto(`${anonymous.url}/pr`);
    await expect(page.locator('main, #content').first().textContent()).resolves.toContain('--github-oauth-config-file');
    await page.fill('#pr-query', 'is:pr state:open author:alice');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/pr\?query=/);
    const rows = page.locator('table.pr-status tbody tr');
    // secret/vault is not covered by Tide's queries: the bot's search does not show it.
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().textContent()).resolves.toContain(`acme/app#${mine}`);
    await page.goto(`${anonymous.url}/pr?author=bob`);
    await expect(page.locator('table.pr-status tbody tr').allTextContents()).resolves.toEqual([expect.stringContaining('bob\'s change')]);
    // The link the tide context points at (pr_status_base_url?query=…) opens here too.
    await page.goto(`${anonymous.url}/pr?query=${encodeURIComponent('is:pr repo:secret/vault author:alice')}`);
    await expect(page.locator('.empty').textContent()).resolves.toBe('No pull request matches.');
    await page.screenshot({ path: screenshotPath('deck-pr-anonymous.png'), fullPage: true });
  });
});
