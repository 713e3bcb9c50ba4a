// The job list in a real browser: jobs from the store with their states, filters kept in the URL, refresh in
// place, and an XSS attempt in a PR title shown as text.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { makeJob, startTestDeck, type TestDeck } from '../unit/deck/harness.js';
import { buildWeb, launch, screenshotPath, type Browser } from './browser.js';

const XSS_TITLE = '<img src=x onerror="window.__xss=1">pwned';

describe('deck job list (browser)', () => {
  let d: TestDeck;
  let b: Browser;
  let page: Page;

  beforeAll(async () => {
    const staticDir = buildWeb();
    const jobs = [
      makeJob({ job: 'pull-app-unit', org: 'acme', repo: 'app', pr: 12, author: 'mallory', state: 'failure', title: XSS_TITLE }),
      makeJob({ job: 'pull-app-lint', org: 'acme', repo: 'app', pr: 12, author: 'mallory', state: 'success' }),
      makeJob({ job: 'post-lib-build', org: 'acme', repo: 'lib', type: 'postsubmit', state: 'pending' }),
      makeJob({ job: 'ci-nightly', state: 'error' }),
      makeJob({ job: 'ci-hourly', state: 'aborted' }),
    ];
    for (let i = 0; i < 300; i++) jobs.push(makeJob({ job: `bulk-${i % 7}`, org: 'acme', repo: 'bulk', state: i % 3 === 0 ? 'failure' : 'success', start: new Date(Date.UTC(2023, 5, 1) - i * 60_000).toISOString() }));
    d = await startTestDeck({ jobs, settings: { staticDir, listRefreshMs: 300 } });
    b = await launch();
    page = await b.context.newPage();
  });
  afterAll(async () => {
    await b?.close();
    await d?.stop();
  });

  it('shows jobs with state icons, links and escaped PR titles', async () => {
    await page.goto(`${d.url}/`);
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await page.textContent('#job-count')).toBe('305 of 305 jobs');
    const row = page.locator('tr', { has: page.locator('td.job', { hasText: 'pull-app-unit' }) });
    expect(await row.locator('td.state').getAttribute('data-state')).toBe('failure');
    expect(await row.locator('td.pr a').getAttribute('href')).toBe('https://github.com/acme/app/pull/12');
    expect(await row.locator('td.pr a').getAttribute('title')).toBe(XSS_TITLE);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    // Virtualized: far fewer rows in the DOM than jobs.
    expect(await page.locator('#jobs tbody tr:not(.spacer)').count()).toBeLessThan(150);
    await page.screenshot({ path: screenshotPath('deck-list.png') });
  });

  it('filters by state, type and job name, and keeps filters in the URL', async () => {
    await page.selectOption('select[name="state"]', 'pending');
    expect(page.url()).toContain('state=pending');
    expect(await page.textContent('#job-count')).toBe('1 of 305 jobs');
    expect(await page.textContent('#jobs tbody td.job')).toBe('post-lib-build');
    await page.goto(`${d.url}/?type=presubmit&job=pull-*`);
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await page.textContent('#job-count')).toBe('2 of 305 jobs');
    expect(await page.inputValue('input[name="job"]')).toBe('pull-*');
    await page.fill('input[name="author"]', 'nobody');
    expect(await page.textContent('#job-count')).toBe('0 of 305 jobs');
    expect(page.url()).toContain('author=nobody');
    await page.screenshot({ path: screenshotPath('deck-list-filtered.png') });
  });

  it('refreshes without a reload when jobs change', async () => {
    await page.goto(`${d.url}/?job=fresh-job`);
    await page.waitForSelector('body[data-loaded="true"]');
    await page.evaluate('window.__marker = 1');
    expect(await page.textContent('#job-count')).toBe('0 of 305 jobs');
    await d.store.create(makeJob({ job: 'fresh-job', state: 'triggered' }));
    await page.locator('#job-count', { hasText: '1 of 306 jobs' }).waitFor();
    expect(await page.evaluate('window.__marker')).toBe(1);
    expect(await page.locator('#jobs tbody td.state').getAttribute('data-state')).toBe('triggered');
  });
});
