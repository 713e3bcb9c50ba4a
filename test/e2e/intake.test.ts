// No event lost, through the built binary and the fake GitHub: webhooks GitHub could not deliver while prow was
// stopped are redelivered by catch-up at the next start (once each), a change seen by both a webhook and the poller
// is handled once, and poll mode alone (no webhook at all) runs `/test all` and reports statuses.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeGitHub } from '../fakes/github/index.js';
import { done, Prow, prowJobsIn as jobsIn, seen, waitFor, waitForStatus } from './harness.js';

jest.setTimeout(150_000);

/** The value of a Prometheus sample on prow's /metrics (0 when absent). */
async function metric(prow: Prow, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(prow.url('metrics-port', '/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `) || (labels === '' && l.startsWith(`${name} `)));
  return line ? Number(line.split(' ').pop()) : 0;
}

const never = { containers: [{ image: 'alpine', command: ['true'] }] };
const JOBS = {
  'jobs.yaml': {
    presubmits: {
      'acme/widgets': ['unit', 'lint', 'e2e'].map((name) => ({ name, always_run: false, spec: never })),
    },
  },
};
const PLUGINS = { plugins: { 'acme/widgets': { plugins: ['trigger'] } } };

/** A fake GitHub with acme/widgets, a temp dir, and the prow a test started (stopped after each test). */
function fixture(): { gh: FakeGitHub; tmp: string; prow: Prow | undefined } {
  const f = {} as { gh: FakeGitHub; tmp: string; prow: Prow | undefined };
  beforeAll(async () => {
    f.tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-intake-'));
    f.gh = await FakeGitHub.start();
    f.gh.addOrg('acme', { members: ['alice'] });
    await f.gh.createRepo('acme', 'widgets', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
  });
  afterEach(async () => {
    await f.prow?.stop();
    f.prow = undefined;
  });
  afterAll(async () => {
    await f.gh.stop();
    rmSync(f.tmp, { recursive: true, force: true, maxRetries: 5 });
  });
  return f;
}

describe('catch-up after downtime', () => {
  const f = fixture();

  const start = (): Promise<Prow> => Prow.start({ github: f.gh, roles: ['hook'], jobs: JOBS, plugins: PLUGINS, flags: { 'data-dir': path.join(f.tmp, 'data') } });

  it('redelivers the three comments made while prow was stopped, and each job is created once', async () => {
    f.prow = await start();
    const pr = await f.gh.openPullRequest('acme', 'widgets', { author: 'alice', files: { 'a.txt': 'a\n' } });
    expect(f.gh.deliveries.at(-1)?.status).toBe(200);
    // The repository's web hook pointing at prow, as its admin set it up (catch-up finds it by its /hook path).
    const created = await fetch(`${f.gh.url}/repos/acme/widgets/hooks`, {
      method: 'POST', headers: { authorization: 'token e2e-token', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'web', events: ['*'], config: { url: f.gh.deliveries.at(-1)!.url, content_type: 'json' } }),
    });
    expect(created.status).toBe(201);
    await f.prow.stop();
    f.prow = undefined;

    for (const job of ['unit', 'lint', 'e2e']) await f.gh.comment('acme', 'widgets', pr.number, 'alice', `/test ${job}`);
    const missed = f.gh.deliveries.filter((d) => d.event === 'issue_comment');
    expect(missed).toHaveLength(3);
    expect(missed.every((d) => d.status === undefined && d.error !== undefined)).toBe(true);

    f.prow = await start();
    const p = f.prow;
    const jobs = await waitFor('one ProwJob per missed /test comment', async () => {
      const all = await jobsIn(path.join(f.tmp, 'data'));
      return all.length >= 3 ? done(all) : seen(all.map((j) => j.spec.job));
    }, { context: () => p.logTail() });
    expect(jobs.map((j) => j.spec.job).sort()).toEqual(['e2e', 'lint', 'unit']);
    expect(f.gh.requestsTo('POST', /\/hooks\/\d+\/deliveries\/\d+\/attempts$/)).toHaveLength(3);
    await waitFor('the three redeliveries to be counted as recovered', async () => {
      const n = await metric(p, 'prow_hook_catchup_recovered_total');
      return n === 3 ? done(n) : seen(n);
    });
    expect(await metric(p, 'prow_hook_catchup_oldest_gap_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('does not redeliver again after another restart, and a redelivery of a handled delivery is dropped', async () => {
    f.prow = await start();
    const p = f.prow;
    await waitFor('a catch-up scan at start', async () => {
      const n = await metric(p, 'prow_hook_catchup_scans_total', '{result="ok"}');
      return n >= 1 ? done(n) : seen(n);
    }, { context: () => p.logTail() });
    expect(f.gh.requestsTo('POST', /\/deliveries\/\d+\/attempts$/)).toHaveLength(3);

    // GitHub sending one of the accepted deliveries again (same X-GitHub-Delivery) changes nothing.
    const accepted = f.gh.deliveries.find((d) => d.event === 'issue_comment' && d.status === 200)!;
    const res = await fetch(`${f.gh.url}/repos/acme/widgets/hooks/1/deliveries/${accepted.id}/attempts`, { method: 'POST', headers: { authorization: 'token e2e-token' } });
    expect(res.status).toBe(202);
    await f.gh.flush();
    expect(f.gh.deliveries.at(-1)?.status).toBe(200);
    await waitFor('the redelivery to be dropped as a duplicate', async () => {
      const n = await metric(p, 'prow_hook_duplicate_deliveries_total', '{reason="delivery"}');
      return n === 1 ? done(n) : seen(n);
    });
    expect((await jobsIn(path.join(f.tmp, 'data'))).map((j) => j.spec.job).sort()).toEqual(['e2e', 'lint', 'unit']);
  });
});

describe('poll mode', () => {
  const f = fixture();

  const cycles = (p: Prow): Promise<number> => metric(p, 'prow_poll_cycles_total');
  const afterCycle = async (p: Prow, n: number): Promise<void> => {
    await waitFor(`poll cycle ${n}`, async () => {
      const c = await cycles(p);
      return c >= n ? done(c) : seen(c);
    }, { context: () => p.logTail() });
  };

  it('with webhooks too, a comment both saw is handled once', async () => {
    const dataDir = path.join(f.tmp, 'both');
    f.prow = await Prow.start({ github: f.gh, roles: ['hook'], jobs: JOBS, plugins: PLUGINS, flags: { 'data-dir': dataDir, 'github-poll-interval': '500ms' } });
    const p = f.prow;
    const pr = await f.gh.openPullRequest('acme', 'widgets', { author: 'alice', files: { 'b.txt': 'b\n' } });
    await afterCycle(p, 1);
    await f.gh.comment('acme', 'widgets', pr.number, 'alice', '/test unit');
    expect(f.gh.deliveries.at(-1)?.status).toBe(200);
    // The poller lists the comment after the webhook brought it and drops it as the same change.
    await waitFor('the poller to see the comment the webhook brought', async () => {
      const n = await metric(p, 'prow_hook_duplicate_deliveries_total', '{reason="content"}');
      return n >= 1 ? done(n) : seen(n);
    }, { context: () => p.logTail() });
    const c = await cycles(p);
    await afterCycle(p, c + 2);
    const jobs = (await jobsIn(dataDir)).filter((j) => j.spec.refs?.pulls?.[0]?.number === pr.number);
    expect(jobs.map((j) => j.spec.job)).toEqual(['unit']);
  });

  it('with no webhook at all, /test all runs the jobs and reports statuses', async () => {
    const dataDir = path.join(f.tmp, 'poll-only');
    const pollJobs = {
      'jobs.yaml': {
        presubmits: {
          'acme/widgets': [
            { name: 'unit', always_run: true, spec: never },
            { name: 'lint', always_run: true, spec: never },
          ],
        },
      },
    };
    // An existing PR (opened while no prow ran): the first poll records it and replays nothing.
    const pr = await f.gh.openPullRequest('acme', 'widgets', { author: 'alice', files: { 'c.txt': 'c\n' } });
    f.prow = await Prow.start({
      github: f.gh, jobs: pollJobs, plugins: PLUGINS,
      config: { prowjob_namespace: 'default', github_reporter: { job_types_to_report: ['presubmit'] } },
      flags: { 'data-dir': dataDir, 'github-poll-interval': '1s', 'github-workers': 1, 'catch-up-interval': '0' },
    });
    f.gh.setHook(undefined);
    const p = f.prow;
    await afterCycle(p, 2);
    expect(await jobsIn(dataDir)).toHaveLength(0);

    const atComment = await cycles(p);
    await f.gh.comment('acme', 'widgets', pr.number, 'alice', '/test all');
    const jobs = await waitFor('ProwJobs for /test all', async () => {
      const all = await jobsIn(dataDir);
      return all.length >= 2 ? done(all) : seen(all.map((j) => j.spec.job));
    }, { context: () => p.logTail() });
    expect(jobs.map((j) => j.spec.job).sort()).toEqual(['lint', 'unit']);
    // Handed on by the poll running when the comment was made or the next one: within two intervals.
    const handed = `${p.stdout}\n${p.stderr}`.split('\n').filter((l) => l.includes('polled change handed to the plugins') && l.includes('"issue_comment"'))
      .map((l) => (JSON.parse(l) as { poll: number }).poll);
    expect(handed).toHaveLength(1);
    expect(handed[0]).toBeLessThanOrEqual(atComment + 2);
    const sha = f.gh.issue('acme', 'widgets', pr.number).pull!.headSha;
    await waitForStatus(f.gh, 'acme', 'widgets', sha, 'unit', 'success', { prow: p, timeoutMs: 60_000 });
    await waitForStatus(f.gh, 'acme', 'widgets', sha, 'lint', 'success', { prow: p, timeoutMs: 60_000 });
    const sent = f.gh.deliveries.filter((d) => d.event === 'issue_comment' && (d.payload.issue as { number: number }).number === pr.number && d.url !== undefined);
    expect(sent).toHaveLength(0);
    expect(await metric(p, 'prow_poll_requests_total', '{result="not_modified"}')).toBeGreaterThan(0);
  });
});

describe('ghproxy between the hook and GitHub', () => {
  const f = fixture();
  let proxy: Prow | undefined;

  afterAll(async () => {
    await proxy?.stop();
  });

  it('serves the hook\'s GitHub reads, revalidating repeats for free', async () => {
    proxy = await Prow.start({ roles: ['ghproxy'], flags: { upstream: f.gh.url, 'cache-dir': path.join(f.tmp, 'cache'), 'cache-sizeGB': 1, 'legacy-disable-disk-cache-partitions-by-auth-header': 'false' } });
    const endpoint = proxy.url('ghproxy-port', '');
    const dataDir = path.join(f.tmp, 'data');
    f.prow = await Prow.start({ github: f.gh, roles: ['hook'], jobs: JOBS, plugins: PLUGINS, flags: { 'data-dir': dataDir, 'github-endpoint': endpoint } });
    const pr = await f.gh.openPullRequest('acme', 'widgets', { author: 'alice', files: { 'd.txt': 'd\n' } });
    for (const job of ['unit', 'lint']) await f.gh.comment('acme', 'widgets', pr.number, 'alice', `/test ${job}`);
    const p = f.prow;
    await waitFor('a ProwJob per /test through ghproxy', async () => {
      const jobs = await jobsIn(dataDir);
      return jobs.length >= 2 ? done(jobs) : seen(jobs.map((j) => j.spec.job));
    }, { context: () => `${p.logTail()}\n${proxy!.logTail()}` });
    const px = proxy;
    const revalidated = await waitFor('revalidated reads on ghproxy', async () => {
      const text = await (await fetch(px.url('metrics-port', '/metrics'))).text();
      const free = text.split('\n').filter((l) => l.startsWith('ghcache_responses{mode="REVALIDATED"')).reduce((s, l) => s + Number(l.split(' ').pop()), 0);
      return free > 0 ? done(free) : seen(text.split('\n').filter((l) => l.startsWith('ghcache_responses')));
    });
    expect(revalidated).toBeGreaterThan(0);
    expect(f.gh.requests.some((r) => r.status === 304)).toBe(true);
  });
});
