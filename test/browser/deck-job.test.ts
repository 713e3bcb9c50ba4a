// A job page, live log, and rerun/abort in a real browser: highlighted failures and JUnit failures, line links and
// shift-click ranges, a log that grows while the job runs, actions refused without sign-in or CSRF token and
// allowed after GitHub sign-in (against a small stand-in for GitHub's OAuth endpoints), XSS attempts shown as text.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import express from 'express';
import type { Page } from 'playwright-core';
import { makeJob, startTestDeck, waitFor, type TestDeck } from '../unit/deck/harness.js';
import { buildWeb, launch, screenshotPath, type Browser } from './browser.js';

const XSS_LOG = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';

/** GitHub's OAuth web flow and GET /user, just enough for Deck's sign-in. */
async function startOAuthGitHub(): Promise<{ url: string; users: { next: string }; close(): Promise<void> }> {
  const users = { next: 'alice' };
  const app = express();
  app.use(express.json());
  app.get('/login/oauth/authorize', (req, res) => {
    const u = new URL(String(req.query.redirect_uri));
    u.searchParams.set('code', `code-${users.next}`);
    u.searchParams.set('state', String(req.query.state));
    res.redirect(302, u.toString());
  });
  app.post('/login/oauth/access_token', (req, res) => {
    const code = String((req.body as { code?: string }).code ?? '');
    if (!code.startsWith('code-') || (req.body as { client_secret?: string }).client_secret !== 'oauth-client-secret') {
      res.json({ error: 'bad_verification_code' });
      return;
    }
    res.json({ access_token: `tok-${code.slice(5)}`, token_type: 'bearer' });
  });
  app.get('/user', (req, res) => {
    const m = /^token tok-(.+)$/.exec(req.headers.authorization ?? '');
    if (!m) {
      res.status(401).json({ message: 'Bad credentials' });
      return;
    }
    res.json({ login: m[1] });
  });
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    users,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

describe('deck job page, live log, rerun and abort (browser)', () => {
  let gh: Awaited<ReturnType<typeof startOAuthGitHub>>;
  let d: TestDeck;
  let b: Browser;
  let page: Page;
  const failing = makeJob({ job: 'pull-app-unit', org: 'acme', repo: 'app', pr: 12, state: 'failure', buildId: '500' });
  const running = makeJob({ job: 'ci-running', state: 'pending', buildId: '600' });
  const notices: string[] = [];

  beforeAll(async () => {
    const staticDir = buildWeb();
    gh = await startOAuthGitHub();
    d = await startTestDeck({
      jobs: [failing, running],
      config: { deck: { rerun_auth_configs: { '*': { github_users: ['alice'] } } } },
      settings: (url, dir) => {
        const secret = path.join(dir, 'cookie');
        const oauth = path.join(dir, 'oauth.yaml');
        writeFileSync(secret, randomBytes(32).toString('base64'));
        writeFileSync(oauth, `client_id: deck\nclient_secret: oauth-client-secret\nredirect_url: ${url}/github-login/redirect\nfinal_redirect_url: ${url}/\n`);
        return { staticDir, cookieSecretFile: secret, oauthConfigFile: oauth, rerunCreatesJob: true, githubApiBase: gh.url };
      },
    });
    const log = [
      ...Array.from({ length: 40 }, (_, i) => `\u001b[32mstep ${i}\u001b[0m ok`),
      '--- FAIL: TestWidget (0.10s)',
      `    widget_test.go:12: ${XSS_LOG}`,
      ...Array.from({ length: 40 }, (_, i) => `cleanup ${i}`),
      'ERROR: exit status 1',
    ].join('\n');
    await d.writeArtifact(failing, 'started.json', JSON.stringify({ timestamp: 1700000000 }));
    await d.writeArtifact(failing, 'finished.json', JSON.stringify({ timestamp: 1700000125, passed: false, result: 'FAILURE' }));
    await d.writeArtifact(failing, 'prowjob.json', JSON.stringify(failing));
    await d.writeArtifact(failing, 'build-log.txt', log);
    await d.writeArtifact(failing, 'artifacts/junit_unit.xml', `<testsuites><testsuite name="unit">
<testcase name="TestWidget" time="0.1"><failure message="widget broke">widget_test.go:12: ${XSS_LOG.replace(/</g, '&lt;')}</failure></testcase>
<testcase name="TestGadget" time="0.2"/><testcase name="TestGizmo" time="0.3"/></testsuite></testsuites>`);
    await d.writeArtifact(running, 'started.json', JSON.stringify({ timestamp: 1700000000 }));
    b = await launch();
    page = await b.context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
  });
  afterAll(async () => {
    await b?.close();
    await d?.stop();
    await gh?.close();
  });

  const notice = async (): Promise<string> => {
    const el = page.locator('#notice');
    await el.waitFor();
    const text = (await el.textContent()) ?? '';
    notices.push(text);
    await page.evaluate(`document.getElementById('notice').remove()`);
    return text;
  };

  it('shows highlighted failures, JUnit failures first, and log text as text', async () => {
    await page.goto(`${d.url}/view/${d.viewPathOf(failing)}`);
    expect(await page.locator('.lens-buildlog .line.highlighted').count()).toBe(2);
    expect(await page.locator('.lens-buildlog .line.highlighted').first().textContent()).toContain('--- FAIL: TestWidget');
    expect(await page.locator('.lens-buildlog .fold-lines[hidden]').count()).toBeGreaterThan(0);
    expect(await page.locator('.lens-junit .junit-failed summary').first().textContent()).toBe('1 failed');
    expect(await page.locator('.lens-junit .test.failed').textContent()).toContain('widget broke');
    expect(await page.locator('.lens-metadata').textContent()).toContain('FAILURE');
    expect(await page.locator('.lens-buildlog').textContent()).toContain(XSS_LOG);
    expect(await page.locator('.lens-junit').textContent()).toContain(XSS_LOG);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('deck-job.png'), fullPage: true });
  });

  it('links lines and pins a shift-click range in the URL', async () => {
    await page.locator('.line[data-line="41"] a.num').click();
    expect(new URL(page.url()).hash).toBe('#build-log.txt:41');
    await page.locator('.show-fold').first().click();
    await page.locator('.line[data-line="45"] a.num').click({ modifiers: ['Shift'] });
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#build-log.txt:41-45');
    expect(await page.locator('.line.pinned').count()).toBe(5);
    // A shared link opens the folds it points into.
    await page.goto(`${d.url}/view/${d.viewPathOf(failing)}#build-log.txt:3-4`);
    await page.waitForSelector('.line.pinned');
    expect(await page.locator('.line.pinned').count()).toBe(2);
    expect(await page.locator('.line[data-line="3"]').isVisible()).toBe(true);
  });

  it('streams a running job\'s log as it grows', async () => {
    const file = path.join(d.storage.open().bucket, 'logs', 'ci-running', '600', 'build-log.txt');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, 'booting\n');
    await page.goto(`${d.url}/view/${d.viewPathOf(running)}`);
    await page.locator('a', { hasText: 'Live log' }).click();
    await page.locator('#log', { hasText: 'booting' }).waitFor();
    await appendFile(file, `running tests\n${XSS_LOG}\n`);
    await page.locator('#log', { hasText: 'running tests' }).waitFor();
    expect(await page.locator('#log').textContent()).toContain(XSS_LOG);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    await page.screenshot({ path: screenshotPath('deck-live-log.png') });
  });

  it('refuses rerun and abort without sign-in or without a CSRF token', async () => {
    await page.goto(`${d.url}/view/${d.viewPathOf(failing)}`);
    await page.locator('button[data-mode="original"]').click();
    expect(await notice()).toContain('sign in');
    const noToken = await page.evaluate(`fetch('/rerun?prowjob=${failing.metadata.name}&mode=original', { method: 'POST' }).then((r) => r.status)`);
    expect(noToken).toBe(403);
    const abortNoToken = await page.evaluate(`fetch('/abort?prowjob=${running.metadata.name}', { method: 'POST' }).then((r) => r.status)`);
    expect(abortNoToken).toBe(403);
    expect((await d.store.list()).length).toBe(2);
  });

  it('lets an allowed user sign in with GitHub, rerun and abort; refuses another user', async () => {
    gh.users.next = 'alice';
    const dest = `/view/${d.viewPathOf(failing)}`;
    await page.goto(`${d.url}/github-login?dest=${encodeURIComponent(dest)}`);
    expect(new URL(page.url()).pathname).toBe(dest);
    expect(await page.locator('header .user').textContent()).toBe('Signed in as alice');
    // Without the CSRF token a signed-in user is still refused.
    expect(await page.evaluate(`fetch('/rerun?prowjob=${failing.metadata.name}&mode=original', { method: 'POST' }).then((r) => r.status)`)).toBe(403);
    await page.locator('button[data-mode="original"]').click();
    expect(await notice()).toContain('Job successfully triggered');
    const rerun = await waitFor(async () => (await d.store.list()).find((j) => j.spec.job === 'pull-app-unit' && j.metadata.name !== failing.metadata.name));
    expect(rerun.status.state).toBe('triggered');
    expect(rerun.spec.refs?.pulls?.[0]?.number).toBe(12);

    await page.goto(`${d.url}/view/${d.viewPathOf(running)}`);
    await page.locator('button[data-abort]').click();
    expect(await notice()).toContain('aborted');
    expect((await d.store.get(running.metadata.name)).status.state).toBe('aborted');
    await page.screenshot({ path: screenshotPath('deck-job-signed-in.png') });

    gh.users.next = 'mallory';
    await page.goto(`${d.url}/github-login?dest=${encodeURIComponent(dest)}`);
    expect(await page.locator('header .user').textContent()).toBe('Signed in as mallory');
    await page.locator('button[data-mode="original"]').click();
    expect(await notice()).toContain('mallory is not authorized');
  });
});
