// status-reconciler through the built binary against the fake GitHub: "a new required job is added while 3 PRs are
// open" triggers it on each trusted PR (not on an untrusted one, not an optional job), a removed job's context is
// retired, a renamed context is migrated; across a restart nothing is repeated and a change made while it was down
// is still reconciled.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeGitHub } from '../fakes/github/index.js';
import { done, Prow, prowJobsIn as jobsIn, seen, waitFor, waitForStatus } from './harness.js';

jest.setTimeout(150_000);

const job = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name, always_run: true, spec: { containers: [{ image: 'alpine', command: ['true'] }] }, ...extra,
});

describe('status-reconciler', () => {
  let gh: FakeGitHub;
  let tmp: string;
  let dataDir: string;
  let prow: Prow | undefined;
  const trustedHeads: string[] = [];
  let untrustedHead = '';

  const before = { presubmits: { 'acme/widgets': [job('unit'), job('lint'), job('e2e', { context: 'ci/e2e-old' })] } };
  const after = {
    presubmits: {
      'acme/widgets': [
        job('unit'),
        job('integration'),                    // new, required, always_run: triggered
        job('docs', { optional: true }),       // new but optional: not triggered
        job('manual', { always_run: false }),  // new but only runs on /test: not triggered
        job('e2e', { context: 'ci/e2e' }),     // context renamed: migrated
        // lint removed: its context is retired
      ],
    },
  };

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-status-reconciler-'));
    dataDir = path.join(tmp, 'data');
    gh = await FakeGitHub.start();
    gh.addOrg('acme', { members: ['alice', 'bob'] });
    gh.addUser('mallory');
    await gh.createRepo('acme', 'widgets', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    for (const [i, author] of ['alice', 'bob', 'alice'].entries()) {
      const pr = await gh.openPullRequest('acme', 'widgets', { author, title: `change ${i}`, files: { [`f${i}.txt`]: `${i}\n` } });
      const sha = pr.pull!.headSha;
      trustedHeads.push(sha);
      await gh.setStatus('acme', 'widgets', sha, { state: 'failure', context: 'lint', description: 'lint failed' });
      await gh.setStatus('acme', 'widgets', sha, { state: 'pending', context: 'ci/e2e-old', description: 'Job triggered.', target_url: 'https://prow.example/e2e' });
    }
    const untrusted = await gh.openPullRequest('acme', 'widgets', { author: 'mallory', title: 'drive-by', files: { 'm.txt': 'm\n' } });
    untrustedHead = untrusted.pull!.headSha;
  });

  afterAll(async () => {
    await prow?.stop();
    await gh.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('reconciles a job config change on every open trusted PR', async () => {
    prow = await Prow.start({ github: gh, roles: ['status-reconciler'], jobs: { 'jobs.yaml': before }, flags: { 'data-dir': dataDir } });
    const statePath = path.join(dataDir, 'status-reconciler', 'status.json');
    await waitFor('the saved state', async () => (existsSync(statePath) ? done(true) : seen('no state file yet')));
    expect(await jobsIn(dataDir)).toEqual([]);

    await prow.writeJobConfig('jobs.yaml', after);
    await waitFor('integration triggered on the 3 trusted PRs', async () => {
      const jobs = (await jobsIn(dataDir)).filter((j) => j.spec.job === 'integration');
      return jobs.length >= 3 ? done(jobs) : seen(`${jobs.length} integration jobs`);
    }, { context: () => prow!.logTail() });

    for (const sha of trustedHeads) {
      const retired = await waitForStatus(gh, 'acme', 'widgets', sha, 'lint', 'success', { prow });
      expect(retired.description).toBe('Context retired without replacement.');
      const old = await waitForStatus(gh, 'acme', 'widgets', sha, 'ci/e2e-old', 'success', { prow });
      expect(old.description).toBe('Context retired. Status moved to "ci/e2e".');
      const moved = await waitForStatus(gh, 'acme', 'widgets', sha, 'ci/e2e', 'pending', { prow });
      expect(moved).toMatchObject({ description: 'Job triggered.', targetUrl: 'https://prow.example/e2e' });
    }
    const jobs = await jobsIn(dataDir);
    const integration = jobs.filter((j) => j.spec.job === 'integration');
    expect(integration.map((j) => j.spec.refs?.pulls?.[0]?.sha).sort()).toEqual([...trustedHeads].sort());
    expect(integration.every((j) => j.spec.type === 'presubmit' && j.status.state === 'triggered')).toBe(true);
    expect(jobs.filter((j) => j.spec.job !== 'integration')).toEqual([]);
    expect(gh.statuses('acme', 'widgets', untrustedHead)).toEqual([]);
  });

  it('after a restart neither repeats a change nor misses one made while it was down', async () => {
    await prow!.stop();
    const later = { presubmits: { 'acme/widgets': [...after.presubmits['acme/widgets'], job('fuzz')] } };
    prow = await Prow.start({ github: gh, roles: ['status-reconciler'], jobs: { 'jobs.yaml': later }, flags: { 'data-dir': dataDir } });
    await waitFor('fuzz triggered on the 3 trusted PRs', async () => {
      const fuzz = (await jobsIn(dataDir)).filter((j) => j.spec.job === 'fuzz');
      return fuzz.length >= 3 ? done(fuzz) : seen(`${fuzz.length} fuzz jobs`);
    }, { context: () => prow!.logTail() });
    const jobs = await jobsIn(dataDir);
    expect(jobs.filter((j) => j.spec.job === 'fuzz')).toHaveLength(3);
    expect(jobs.filter((j) => j.spec.job === 'integration')).toHaveLength(3);
  });

  it('leaves repos in --denylist alone', async () => {
    await prow!.stop();
    const denied = { presubmits: { 'acme/widgets': [job('unit'), job('never')] } };
    prow = await Prow.start({ github: gh, roles: ['status-reconciler'], jobs: { 'jobs.yaml': denied }, flags: { 'data-dir': dataDir, denylist: ['acme'] } });
    await waitFor('the denylist logged', async () => (prow!.logTail(200).includes('denylist') ? done(true) : seen(prow!.logTail(5))));
    expect((await jobsIn(dataDir)).filter((j) => j.spec.job === 'never')).toEqual([]);
    const heads = gh.statuses('acme', 'widgets', trustedHeads[0]).filter((s) => s.context === 'ci/e2e' && s.state === 'success');
    expect(heads).toEqual([]);
  });
});
