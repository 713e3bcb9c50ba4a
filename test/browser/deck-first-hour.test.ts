// What a new user meets in Deck, in a real browser: job links that open on this Deck whatever address the config
// names, no buttons that can only fail, the job histogram, command help from the plugins' command tables (and a
// useful page when none is enabled), a 404 page with the navigation, the favicon, one time format, branding and
// the Spyglass announcement, the podinfo/links/html/coverage lenses, every page at 360 px wide and by keyboard,
// and the GitHub App manifest flow against the fake GitHub.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { PLUGINS } from '../../plugins/index.js';
import { buildHelp } from '../../plugins/help.js';
import { createRootLogger } from '../../src/runtime/logger.js';
import { FakeGitHub } from '../fakes/github/index.js';
import { makeJob, startTestDeck, type TestDeck } from '../unit/deck/harness.js';
import { buildWeb, launch, screenshotPath, type Browser } from './browser.js';

const COVERAGE = 'mode: set\nexample.com/a/x.go:1.1,2.2 3 1\nexample.com/a/x.go:3.1,4.2 1 0\nexample.com/a/y.go:1.1,2.2 4 0\n';
const PODINFO = {
  pod: {
    metadata: { name: 'pod-123', namespace: 'test-pods' },
    spec: { nodeName: 'node-7' },
    status: { phase: 'Failed', containerStatuses: [{ name: 'test', image: 'golang:1.22', restartCount: 0, state: { terminated: { reason: 'Error', exitCode: 2 } } }] },
  },
  events: [{ type: 'Warning', reason: 'BackOff', message: 'Back-off pulling image', count: 3, lastTimestamp: '2024-01-01T00:01:00Z' }],
};

describe('deck: the first hour (browser)', () => {
  let d: TestDeck;
  let b: Browser;
  let page: Page;
  let gh: FakeGitHub;
  const notFound: string[] = [];
  // As the example config writes it: a fixed host and port, not the ones this Deck listens on.
  const echo = makeJob({ job: 'echo-test', state: 'failure', buildId: '700', start: '2024-03-01T10:00:00Z' });
  const pull = makeJob({ job: 'pull-app-unit', org: 'acme', repo: 'app', pr: 12, state: 'success', start: '2024-03-01T09:00:00Z' });
  const running = makeJob({ job: 'ci-running', state: 'pending', start: '2024-03-01T11:00:00Z' });

  beforeAll(async () => {
    const staticDir = buildWeb();
    gh = await FakeGitHub.start();
    const logger = createRootLogger({ level: 'error' });
    d = await startTestDeck({
      jobs: [echo, pull, running],
      config: {
        deck: {
          branding: { header_color: '#aa0000', logo: '/favicon.svg' },
          spyglass: {
            announcement: 'Logs of {{.ArtifactPath}} are kept for 90 days',
            lenses: [
              { lens: { name: 'metadata' }, required_files: ['^(?:started|finished)\\.json$'] },
              { lens: { name: 'podinfo' }, required_files: ['^podinfo\\.json$'] },
              { lens: { name: 'links' }, required_files: ['^artifacts/.*\\.link\\.txt$'] },
              { lens: { name: 'html' }, required_files: ['^artifacts/.*\\.html$'] },
              { lens: { name: 'coverage' }, required_files: ['^artifacts/filtered\\.cov$'] },
            ],
          },
        },
      },
      settings: {
        staticDir,
        listRefreshMs: 300,
        githubApiBase: gh.url,
        pluginHelp: { get: () => buildHelp(PLUGINS, { plugins: { acme: { plugins: ['trigger'] } } }, logger) },
      },
    });
    echo.status.url = `http://localhost:8080/view/${d.viewPathOf(echo)}`;
    await d.store.update({ ...(await d.store.get(echo.metadata.name))!, status: echo.status });
    // Deck sees the update through its watch and rebuilds a list body at most once a second: wait until the body
    // the list page asks for carries the URL.
    for (let i = 0; i < 200; i++) {
      const list = (await (await fetch(`${d.url}/prowjobs.js?omit=annotations,labels,decoration_config,pod_spec`)).json()) as { items: { metadata: { name: string }; status: { url?: string } }[] };
      if (list.items.find((j) => j.metadata.name === echo.metadata.name)?.status.url === echo.status.url) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await d.writeArtifact(echo, 'started.json', JSON.stringify({ timestamp: Date.parse('2024-03-01T10:00:00Z') / 1000 }));
    await d.writeArtifact(echo, 'finished.json', JSON.stringify({ timestamp: Date.parse('2024-03-01T10:02:05Z') / 1000, passed: false, result: 'FAILURE' }));
    await d.writeArtifact(echo, 'podinfo.json', JSON.stringify(PODINFO));
    await d.writeArtifact(echo, 'artifacts/dashboard.link.txt', 'https://example.com/dashboards/42\n');
    await d.writeArtifact(echo, 'artifacts/report.html', '<html><head><title>E2E report</title></head><body><h1 id="r">Report</h1><script>parent.window.__framed = 1</script></body></html>');
    await d.writeArtifact(echo, 'artifacts/filtered.cov', COVERAGE);
    b = await launch();
    page = await b.context.newPage();
    page.on('response', (r) => {
      if (r.status() === 404 && !r.url().includes('/no-such-page')) notFound.push(r.url());
    });
  });
  afterAll(async () => {
    await b?.close();
    await d?.stop();
    await gh?.stop();
  });

  const loadList = async (): Promise<void> => {
    await page.goto(`${d.url}/`);
    await page.waitForSelector('body[data-loaded="true"]');
  };

  it('opens a job from the list on this Deck, whatever host and port status.url names', async () => {
    await loadList();
    const link = page.locator('td.job a', { hasText: 'echo-test' });
    expect(await link.getAttribute('href')).toBe(`/view/${d.viewPathOf(echo)}`);
    await link.click();
    await page.waitForSelector('.job-header h1');
    expect(page.url()).toBe(`${d.url}/view/${d.viewPathOf(echo)}`);
    expect(await page.textContent('.job-header h1')).toContain('echo-test');
  });

  it('shows no rerun or abort button that could only fail, and says how to enable reruns', async () => {
    await loadList();
    expect(await page.locator('td.actions button').count()).toBe(0);
    await page.goto(`${d.url}/view/${d.viewPathOf(echo)}`);
    expect(await page.locator('button[data-rerun], button[data-abort]').count()).toBe(0);
    expect(await page.getAttribute('a.rerun-yaml', 'title')).toContain('--cookie-secret');
    const res = await fetch(`${d.url}/rerun?prowjob=${echo.metadata.name}`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(await res.text()).toContain('--cookie-secret with a secret of 32+ bytes');
  });

  it('draws the job state histogram, and its legend filters by state', async () => {
    await loadList();
    expect(await page.locator('#histogram .seg').count()).toBe(3);
    expect(await page.locator('#histogram .legend-item').allTextContents()).toEqual(['● pending 1', '✔ success 1', '✖ failure 1']);
    await page.click('#histogram button[data-state="failure"]');
    expect(await page.textContent('#job-count')).toBe('1 of 3 jobs');
    expect(page.url()).toContain('state=failure');
    expect(await page.getAttribute('#histogram button[data-state="failure"]', 'aria-pressed')).toBe('true');
    await page.screenshot({ path: screenshotPath('deck-histogram.png') });
  });

  it('shows times in one format on the list, the job page and the history', async () => {
    await loadList();
    const listed = await page.locator('tr', { has: page.locator('td.job', { hasText: 'echo-test' }) }).locator('td.started').textContent();
    expect(listed).toBe('2024-03-01 10:00:00 UTC');
    await page.goto(`${d.url}/view/${d.viewPathOf(echo)}`);
    expect(await page.locator('table.metadata tr', { hasText: 'Started' }).locator('td').nth(1).textContent()).toBe('2024-03-01 10:00:00 UTC');
    expect(await page.locator('table.metadata tr', { hasText: 'Elapsed' }).locator('td').nth(1).textContent()).toBe('2m5s');
    await page.click('text=Job history');
    expect(await page.locator('table.history tbody td').nth(2).textContent()).toBe('2024-03-01 10:00:00 UTC');
  });

  it('renders the podinfo, links, html and coverage lenses, the announcement and the branding', async () => {
    await page.goto(`${d.url}/view/${d.viewPathOf(echo)}`);
    expect(await page.textContent('.announcement')).toBe(`Logs of ${d.viewPathOf(echo).replace(/^file\//, '')}/ are kept for 90 days`);
    const pod = page.locator('.lens-podinfo');
    expect(await pod.textContent()).toContain('node-7');
    expect(await pod.textContent()).toContain('terminated, Error, exit code 2');
    expect(await pod.textContent()).toContain('Back-off pulling image');
    expect(await page.getAttribute('.lens-links a', 'href')).toBe('https://example.com/dashboards/42');
    expect(await page.textContent('.lens-links a')).toBe('dashboard');
    expect(await page.textContent('.lens-html summary')).toBe('E2E report');
    const frame = page.frameLocator('iframe.html-lens');
    expect(await frame.locator('#r').textContent()).toBe('Report');
    expect(await page.evaluate('window.__framed')).toBeUndefined();
    expect(await page.textContent('.lens-coverage .coverage-total')).toBe('Total: 37.5% of 8 statements');
    expect(await page.locator('.lens-coverage tbody tr').first().textContent()).toContain('75.0%');
    const header = await page.evaluate('getComputedStyle(document.querySelector("header")).backgroundColor');
    expect(header).toBe('rgb(170, 0, 0)');
    expect(await page.getAttribute('header img.logo', 'src')).toBe('/favicon.svg');
    await page.screenshot({ path: screenshotPath('deck-lenses.png'), fullPage: true });
  });

  it('lists commands from the plugins\' command tables, filtered by repository', async () => {
    await page.goto(`${d.url}/command-help`);
    const usages = await page.locator('table.commands tr.command td:first-child').allTextContents();
    expect(usages.some((u) => u.startsWith('/test'))).toBe(true);
    expect(usages.some((u) => u.startsWith('/ok-to-test'))).toBe(true);
    expect(await page.locator('table.commands tr.command td:last-child').first().textContent()).toBe('acme');
    await page.selectOption('select[name="repo"]', 'acme');
    await page.click('form.inline button');
    expect(page.url()).toContain('repo=acme');
    expect(await page.locator('table.commands tr.command').count()).toBe(usages.length);
  });

  it('answers an unknown path with a 404 page that has the navigation', async () => {
    const res = await page.goto(`${d.url}/no-such-page`);
    expect(res?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('Page not found');
    expect(await page.locator('header nav a').allTextContents()).toEqual(expect.arrayContaining(['Prow Status', 'Command Help', 'Plugins']));
    await page.click('main a:has-text("the job list")');
    await page.waitForSelector('body[data-loaded="true"]');
  });

  it('asks for nothing that is not there (favicon included)', async () => {
    notFound.length = 0;
    for (const p of ['/', `/view/${d.viewPathOf(echo)}`, '/command-help', '/plugins', '/github-app']) {
      await page.goto(`${d.url}${p}`);
      await page.waitForLoadState('load');
    }
    const icon = await fetch(`${d.url}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toContain('image/svg+xml');
    expect(notFound).toEqual([]);
  });

  it('fits every page into 360 px with the job name visible and not clipped', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await loadList();
      for (const name of ['echo-test', 'pull-app-unit']) {
        const facts = (await page.evaluate(`(() => {
          const a = [...document.querySelectorAll('td.job a')].find((x) => x.textContent === ${JSON.stringify(name)});
          const cell = a.closest('td');
          const r = a.getBoundingClientRect();
          return { width: r.width, left: r.left, right: r.right, cellRight: cell.getBoundingClientRect().right, clipped: cell.scrollWidth > cell.clientWidth, visible: a.checkVisibility() };
        })()`)) as { width: number; left: number; right: number; cellRight: number; clipped: boolean; visible: boolean };
        expect(facts).toMatchObject({ clipped: false, visible: true });
        expect(facts.width).toBeGreaterThan(40);
        expect(facts.left).toBeGreaterThanOrEqual(0);
        expect(facts.right).toBeLessThanOrEqual(facts.cellRight);
        expect(facts.right).toBeLessThanOrEqual(360);
      }
      await page.screenshot({ path: screenshotPath('deck-list-360.png') });
      for (const p of ['/', `/view/${d.viewPathOf(echo)}`, '/command-help', '/plugins', '/github-app', '/no-such-page', `/job-history/${d.viewPathOf(echo).replace(/\/700$/, '')}`]) {
        await page.goto(`${d.url}${p}`);
        const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect({ page: p, overflow }).toEqual({ page: p, overflow: 0 });
      }
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  it('is usable by keyboard: skip link first, then to a job and into it', async () => {
    await loadList();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate('document.activeElement.textContent')) === 'echo-test';
    }
    expect(reached).toBe(true);
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).toBe('solid');
    // A refresh of the list in place keeps the focus where it was.
    await d.store.create(makeJob({ job: 'arrived-later', state: 'triggered', start: '2024-03-01T12:00:00Z' }));
    await page.locator('#job-count', { hasText: '4 of 4 jobs' }).waitFor();
    expect(await page.evaluate('document.activeElement.textContent')).toBe('echo-test');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.job-header h1');
    expect(page.url()).toContain('/view/');
  });

  it('creates a GitHub App from the manifest and stores its ID, key and webhook secret under the data dir', async () => {
    await page.goto(`${d.url}/github-app`);
    expect(await page.textContent('#github-status')).toContain('not configured');
    await page.fill('input[name="name"]', 'prow-test-app');
    await page.fill('input[name="org"]', 'acme');
    await page.fill('input[name="webhook_url"]', 'https://prow.example.com/hook');
    await page.click('form.stacked button[type="submit"]');
    expect(await page.textContent('#manifest-webhook')).toBe('https://prow.example.com/hook');
    await page.click('#create-app');
    await page.waitForSelector('#app-created');
    await page.screenshot({ path: screenshotPath('deck-github-app.png'), fullPage: true });
    const created = gh.manifests.apps[0]!;
    expect(created.owner).toBe('acme');
    expect(created.manifest).toMatchObject({
      name: 'prow-test-app',
      hook_attributes: { url: 'https://prow.example.com/hook', active: true },
      redirect_url: `${d.url}/github-app/redirect`,
      default_permissions: { issues: 'write', pull_requests: 'write', statuses: 'write', contents: 'read', members: 'read', metadata: 'read', organization_projects: 'write' },
    });
    expect(created.manifest.default_events).toEqual(expect.arrayContaining(['issue_comment', 'pull_request', 'push', 'status']));
    expect(await page.textContent('#app-id')).toBe(String(created.id));
    const dir = path.join(d.dir, 'github-app');
    expect(readFileSync(path.join(dir, 'app-id'), 'utf8').trim()).toBe(String(created.id));
    expect(readFileSync(path.join(dir, 'webhook-secret'), 'utf8').trim()).toBe(created.webhookSecret);
    const key = createPrivateKey(readFileSync(path.join(dir, 'private-key.pem'), 'utf8'));
    expect(createPublicKey(key).export({ type: 'spki', format: 'pem' })).toBe(created.publicKeyPem);
    expect(statSync(path.join(dir, 'private-key.pem')).mode & 0o077).toBe(0);
    const restart = await page.textContent('#restart-command');
    expect(restart).toBe(`npm start -- --github-app-id ${created.id} --github-app-private-key-path ${path.join(dir, 'private-key.pem')} --hmac-secret-file ${path.join(dir, 'webhook-secret')}`);
    expect(await page.content()).not.toContain(created.webhookSecret);
    // The code is single-use, and a redirect this Deck did not start is refused.
    const replay = await page.goto(`${d.url}/github-app/redirect?code=abc&state=forged`);
    expect(replay?.status()).toBe(400);
  });

  it('offers the App setup only to a browser on this machine', async () => {
    const res = await fetch(`${d.url}/github-app`, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('only in a browser on that machine');
  });

  it('explains an empty /plugins and /command-help instead of a blank page', async () => {
    const empty = await startTestDeck({ settings: { staticDir: path.resolve('dist/roles/deck/web'), pluginHelp: { get: () => buildHelp(PLUGINS, { plugins: {} }, createRootLogger({ level: 'error' })) } } });
    try {
      for (const p of ['/plugins', '/command-help']) {
        await page.goto(`${empty.url}${p}`);
        expect(await page.textContent('p.empty')).toContain('No plugin is enabled');
      }
    } finally {
      await empty.stop();
    }
  });
});
