// Running jobs, all-in-one, through the built binary: the fake GitHub triggers presubmits on PRs in real git
// repositories, the controller-manager runs them as local processes through the pod utilities, and the results
// land under <data-dir>/storage. Success, failure, timeout, abort, a restart mid-run (and a job created after it)
// and max_concurrency: 1.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ProwJob } from '../../src/api/prowjob.js';
import { FileProwJobStore, prowJobDir } from '../../src/store/index.js';
import { FakeGitHub } from '../fakes/github/index.js';
import { done, Prow, seen, waitFor } from './harness.js';
import { alive } from '../integration/executor/harness.js';

jest.setTimeout(240_000);

async function jobsIn(dataDir: string): Promise<ProwJob[]> {
  const dir = prowJobDir(dataDir);
  const jobs: ProwJob[] = [];
  for (const n of (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json'))) {
    try {
      jobs.push(JSON.parse(await readFile(path.join(dir, n), 'utf8')) as ProwJob);
    } catch {
      // being replaced right now
    }
  }
  return jobs;
}


describe('all-in-one job execution', () => {
  let gh: FakeGitHub;
  let prow: Prow | undefined;
  let tmp: string;
  let dataDir: string;
  let counter: string;
  let pidFile: string;

  const finished = (job: string, pr: number) => async () => {
    const j = (await jobsIn(dataDir)).find((x) => x.spec.job === job && x.spec.refs?.pulls?.[0]?.number === pr);
    return j && ['success', 'failure', 'error', 'aborted'].includes(j.status.state ?? '') ? done(j) : seen(j?.status ?? 'no job yet');
  };
  const storage = (...parts: string[]) => path.join(dataDir, 'storage', ...parts);

  const start = (): Promise<Prow> => {
    const cloneUri = gh.cloneUrl('acme', 'widgets');
    const serialUri = gh.cloneUrl('acme', 'serial');
    const sh = (script: string) => ({ containers: [{ image: 'alpine', command: ['sh', '-c', script] }] });
    return Prow.start({
      github: gh,
      config: { prowjob_namespace: 'default', pod_namespace: 'test-pods' },
      jobs: {
        'jobs.yaml': {
          presubmits: {
            'acme/widgets': [
              {
                name: 'merged',
                always_run: true,
                decorate: true,
                clone_uri: cloneUri,
                spec: sh('git log --format=%s > "$ARTIFACTS/git-log.txt" && test -f feature.txt && test -f README.md && echo "checked PR $PULL_NUMBER"'),
              },
              { name: 'fails', always_run: true, decorate: true, clone_uri: cloneUri, spec: sh('echo about to fail; exit 1') },
              {
                name: 'slow',
                always_run: true,
                decorate: true,
                clone_uri: cloneUri,
                decoration_config: { timeout: '2s', grace_period: '5s' },
                spec: sh("trap 'echo got SIGTERM; exit 1' TERM; sleep 60 & wait"),
              },
              { name: 'abortme', always_run: false, decorate: true, clone_uri: cloneUri, spec: sh(`sleep 60 & echo $! > ${pidFile}; wait`) },
              { name: 'survivor', always_run: false, decorate: true, clone_uri: cloneUri, spec: sh(`echo run >> ${counter}; sleep 3; echo finished`) },
            ],
            'acme/serial': [{ name: 'serial', always_run: true, decorate: true, clone_uri: serialUri, max_concurrency: 1, spec: sh('sleep 0.3') }],
          },
        },
      },
      plugins: { plugins: { 'acme/widgets': { plugins: ['trigger'] }, 'acme/serial': { plugins: ['trigger'] } } },
      flags: { 'data-dir': dataDir, 'blob-storage-workers': 1, 'resync-period': '1s' },
    });
  };

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-execution-'));
    dataDir = path.join(tmp, 'data');
    counter = path.join(tmp, 'survivor-runs');
    pidFile = path.join(tmp, 'abortme.pid');
    gh = await FakeGitHub.start();
    gh.addOrg('acme', { members: ['alice'] });
    await gh.createRepo('acme', 'widgets', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    await gh.createRepo('acme', 'serial', { files: { 'README.md': 'serial\n' }, defaultBranch: 'main' });
    prow = await start();
  });

  afterAll(async () => {
    await prow?.stop();
    await gh.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('runs a presubmit on the PR merged onto its base: success with every file in place; exit 1 is failure; a timeout is failure after SIGTERM', async () => {
    await gh.pushCommit('acme', 'widgets', 'main', { 'base.txt': 'moved on\n' });
    const pr = await gh.openPullRequest('acme', 'widgets', { author: 'alice', title: 'Add feature', files: { 'feature.txt': 'feature\n' } });
    const ok = await waitFor('the merged job to finish', finished('merged', pr.number), { context: () => prow!.logTail() });
    expect(ok.status.state).toBe('success');
    const dir = storage('pr-logs', 'pull', 'acme_widgets', String(pr.number), 'merged', ok.status.build_id!);
    const gitLog = (await readFile(path.join(dir, 'artifacts', 'git-log.txt'), 'utf8')).trim().split('\n');
    expect(gitLog[0]).toMatch(/^Merge commit '[0-9a-f]{40}'/);
    expect(gitLog.length).toBeGreaterThanOrEqual(3);
    expect(await readFile(path.join(dir, 'build-log.txt'), 'utf8')).toContain(`checked PR ${pr.number}`);
    expect(JSON.parse(await readFile(path.join(dir, 'finished.json'), 'utf8'))).toMatchObject({ passed: true, result: 'SUCCESS' });
    expect(JSON.parse(await readFile(path.join(dir, 'started.json'), 'utf8'))).toMatchObject({ pull: String(pr.number) });
    for (const f of ['clone-log.txt', 'clone-records.json']) expect(existsSync(path.join(dir, f))).toBe(true);
    await waitFor('prowjob.json from crier', () => (existsSync(path.join(dir, 'prowjob.json')) ? done(true) : seen('absent')));
    expect(await readFile(storage('pr-logs', 'directory', 'merged', `${ok.status.build_id}.txt`), 'utf8')).toBe(`file://${storage()}/pr-logs/pull/acme_widgets/${pr.number}/merged/${ok.status.build_id}`);

    const bad = await waitFor('the failing job', finished('fails', pr.number));
    expect(bad.status.state).toBe('failure');
    const badDir = storage('pr-logs', 'pull', 'acme_widgets', String(pr.number), 'fails', bad.status.build_id!);
    expect(JSON.parse(await readFile(path.join(badDir, 'finished.json'), 'utf8'))).toMatchObject({ passed: false, result: 'FAILURE' });

    const slow = await waitFor('the slow job', finished('slow', pr.number), { timeoutMs: 60_000 });
    expect(slow.status.state).toBe('failure');
    const slowLog = await readFile(storage('pr-logs', 'pull', 'acme_widgets', String(pr.number), 'slow', slow.status.build_id!, 'build-log.txt'), 'utf8');
    expect(slowLog).toContain('Process did not finish before 2s timeout');
    expect(slowLog).toContain('got SIGTERM');
  });

  it('aborting a running job stops its process', async () => {
    const pr = await gh.openPullRequest('acme', 'widgets', { author: 'alice', files: { 'feature.txt': 'x\n' } });
    await gh.comment('acme', 'widgets', pr.number, 'alice', '/test abortme');
    const pid = await waitFor('the abortme process', async () => {
      const n = Number(await readFile(pidFile, 'utf8').catch(() => ''));
      return n ? done(n) : seen('no pid yet');
    }, { context: () => prow!.logTail() });
    expect(alive(pid)).toBe(true);
    const store = await FileProwJobStore.open({ dir: prowJobDir(dataDir), namespace: 'default', pollIntervalMs: 0 });
    try {
      const job = (await store.list()).find((j) => j.spec.job === 'abortme')!;
      expect(job.status.state).toBe('pending');
      job.status.state = 'aborted';
      job.status.completionTime = new Date().toISOString();
      await store.update(job);
    } finally {
      await store.close();
    }
    await waitFor('the process to be gone', () => (alive(pid) ? seen('alive') : done(true)), { context: () => prow!.logTail() });
    expect((await waitFor('abortme final', finished('abortme', pr.number))).status.state).toBe('aborted');
  });

  it('max_concurrency: 1 holds under 10 triggers', async () => {
    for (let i = 0; i < 10; i++) await gh.openPullRequest('acme', 'serial', { author: 'alice', files: { [`f${i}.txt`]: `${i}\n` } });
    await waitFor('ten serial runs to succeed', async () => {
      const runs = (await jobsIn(dataDir)).filter((j) => j.spec.job === 'serial');
      return runs.length === 10 && runs.every((j) => j.status.state === 'success') ? done(runs) : seen(runs.map((j) => j.status.state));
    }, { timeoutMs: 120_000, context: () => prow!.logTail() });
    // No two runs overlapped: each started after the one before it finished, by the controller's own timestamps.
    // (Counting pending files while polling cannot tell this: reading ten files is not one snapshot, so a run that
    // finished after its file was read and the next one that started before its file was read both look pending.)
    const runs = (await jobsIn(dataDir)).filter((j) => j.spec.job === 'serial').sort((a, b) => Date.parse(a.status.pendingTime!) - Date.parse(b.status.pendingTime!));
    for (let i = 1; i < runs.length; i++) expect(Date.parse(runs[i].status.pendingTime!)).toBeGreaterThanOrEqual(Date.parse(runs[i - 1].status.completionTime!));
  });

  it('a restart mid-run: the job still ends right, and runs once', async () => {
    const pr = await gh.openPullRequest('acme', 'widgets', { author: 'alice', files: { 'feature.txt': 'y\n' } });
    await gh.comment('acme', 'widgets', pr.number, 'alice', '/test survivor');
    await waitFor('the survivor to run', async () => ((await readFile(counter, 'utf8').catch(() => '')) ? done(true) : seen('not yet')), { context: () => prow!.logTail() });
    expect((await prow!.stop()).code).toBe(0);
    prow = await start();
    const job = await waitFor('the survivor to finish', finished('survivor', pr.number), { timeoutMs: 60_000, context: () => prow!.logTail() });
    expect(job.status.state).toBe('success');
    expect(await readFile(counter, 'utf8')).toBe('run\n');
    const log = await readFile(storage('pr-logs', 'pull', 'acme_widgets', String(pr.number), 'survivor', job.status.build_id!, 'build-log.txt'), 'utf8');
    expect(log).toContain('finished');
  });

  it('after a restart on the same data dir, a job created later runs (the watch recovers from the stale resourceVersion)', async () => {
    const pr = await gh.openPullRequest('acme', 'serial', { author: 'alice', files: { 'after-restart.txt': 'z\n' } });
    const job = await waitFor('the job created after the restart to finish', finished('serial', pr.number), { timeoutMs: 60_000, context: () => prow!.logTail() });
    expect(job.status.state).toBe('success');
  });
});
