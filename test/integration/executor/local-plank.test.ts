// The controller-manager core against real parts: a file ProwJob store, the local executor running the built
// entrypoint as detached processes, git repos made with the git CLI, and file:// storage.
import { describe, it, expect, afterEach } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ARTIFACTS_SUBDIR } from '../../../src/executor/decoration.js';
import { localWorkspacePaths } from '../../../src/executor/local-workspace.js';
import { makeOrigin } from '../../unit/executor/git-fixture.js';
import { alive, prowJob, startController, tempDir, waitFor, waitForState, type Running } from './harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function controller(plank = {}, opts = {}): Promise<{ c: Running; dataDir: string }> {
  const t = await tempDir('plank-');
  const c = await startController(t.dir, plank, opts);
  cleanups.push(t.cleanup, () => c.stop());
  return { c, dataDir: t.dir };
}

const sh = (script: string) => ({ containers: [{ name: 'test', image: 'alpine', command: ['sh', '-c', script] }] });

describe('plank with the local executor', () => {
  it('runs a decorated presubmit on the PR merged onto its base and uploads everything', async () => {
    const origin = await makeOrigin({ 1: 'feature.txt' });
    cleanups.push(origin.cleanup);
    const { c } = await controller({ job_url_prefix_config: { '*': 'http://deck.example/view/' } });
    const pj = prowJob({
      type: 'presubmit',
      job: 'pull-test',
      refs: { org: 'o', repo: 'r', base_ref: 'main', base_sha: origin.baseSha, clone_uri: origin.bare, pulls: [{ number: 1, author: 'a', sha: origin.pulls[1], title: 'Add feature' }] },
      decoration_config: { timeout: '1m', grace_period: '1s' },
      pod_spec: sh('git log --format=%s > "$ARTIFACTS/git-log.txt"; echo "PR $PULL_NUMBER $PULL_TITLE on $PULL_BASE_REF"; cat feature.txt base.txt'),
    });
    await c.store.create(pj);
    const done = await waitForState(c.store, pj.metadata.name, ['success', 'failure', 'error']);
    expect(done.status.state).toBe('success');
    expect(done.status.description).toBe('Job succeeded.');
    expect(done.status.pendingTime).toBeDefined();
    expect(done.status.completionTime).toBeDefined();
    expect(done.status.pod_name).toBe(pj.metadata.name);
    const build = done.status.build_id!;
    expect(build).toMatch(/^\d+$/);
    const dir = `pr-logs/pull/o_r/1/pull-test/${build}`;
    const storage = c.storage.open();
    expect(done.status.url).toBe(`http://deck.example/view/file${storage.bucket}/${dir}`);
    const gitLog = (await storage.read(`${dir}/artifacts/git-log.txt`)).toString();
    const subjects = gitLog.trim().split('\n');
    expect(subjects[0]).toMatch(new RegExp(`^Merge commit '${origin.pulls[1]}'`));
    expect(subjects.slice(1).sort()).toEqual(['initial', 'pull 1', 'second on main']);
    const log = (await storage.read(`${dir}/build-log.txt`)).toString();
    expect(log).toContain('PR 1 Add feature on main');
    expect(log).toContain('pull 1\nbase\n');
    expect(JSON.parse((await storage.read(`${dir}/finished.json`)).toString())).toMatchObject({ passed: true, result: 'SUCCESS', revision: origin.pulls[1] });
    expect(JSON.parse((await storage.read(`${dir}/started.json`)).toString())).toMatchObject({ pull: '1' });
    expect((await storage.read(`${dir}/clone-log.txt`)).toString()).toContain('# Cloning o/r at main');
    expect(JSON.parse((await storage.read(`${dir}/clone-records.json`)).toString())[0].failed).toBe(false);
    expect((await storage.read(`pr-logs/directory/pull-test/${build}.txt`)).toString()).toBe(`${storage.url}/${dir}`);
    // The workspace is gone once the job is final.
    await waitFor('workspace removed', async () => !(await c.executor.observe(done).then((o) => o.phase === 'done')));
  });

  it('exit 1 is a failure', async () => {
    const { c } = await controller();
    const fail = prowJob({ job: 'fails', decoration_config: {}, pod_spec: sh('echo nope; exit 1') });
    await c.store.create(fail);
    const done = await waitForState(c.store, fail.metadata.name, ['success', 'failure', 'error']);
    expect(done.status.state).toBe('failure');
    expect(done.status.description).toBe('Job failed.');
    const storage = c.storage.open();
    expect(JSON.parse((await storage.read(`logs/fails/${done.status.build_id}/finished.json`)).toString())).toMatchObject({ passed: false, result: 'FAILURE' });
  });

  it('a job that cannot start becomes error with a reason', async () => {
    const { c } = await controller();
    const bad = prowJob({ job: 'no-containers', pod_spec: { containers: [] } });
    await c.store.create(bad);
    const done = await waitForState(c.store, bad.metadata.name, ['error']);
    expect(done.status.description).toMatch(/no pod_spec containers/);
  });

  it('a timeout ends as failure after SIGTERM', async () => {
    const { c } = await controller();
    const pj = prowJob({ job: 'slow', decoration_config: { timeout: '1s', grace_period: '2s' }, pod_spec: sh("trap 'echo got SIGTERM; exit 143' TERM; while true; do sleep 0.1; done") });
    await c.store.create(pj);
    const done = await waitForState(c.store, pj.metadata.name, ['success', 'failure', 'error', 'aborted']);
    expect(done.status.state).toBe('failure');
    const log = (await c.storage.open().read(`logs/slow/${done.status.build_id}/build-log.txt`)).toString();
    expect(log).toContain('Process did not finish before 1s timeout');
    expect(log).toContain('got SIGTERM');
  });

  it('aborting a running job stops its process', async () => {
    const { c, dataDir } = await controller();
    const pj = prowJob({ job: 'abort-me', decoration_config: {}, pod_spec: sh('sleep 60 & echo $! > "$ARTIFACTS/pid"; wait') });
    await c.store.create(pj);
    const pidFile = path.join(localWorkspacePaths(dataDir, pj.metadata.name).logsDir, ARTIFACTS_SUBDIR, 'pid');
    const pid = await waitFor('the test process', async () => Number(await readFile(pidFile, 'utf8').catch(() => '')) || undefined);
    expect(alive(pid)).toBe(true);
    const cur = await c.store.get(pj.metadata.name);
    expect(cur.status.state).toBe('pending');
    cur.status.state = 'aborted';
    cur.status.completionTime = new Date().toISOString();
    await c.store.update(cur);
    await waitFor('the process to be gone', async () => !alive(pid));
    const storage = c.storage.open();
    const finished = await waitFor('finished.json', async () => storage.read(`logs/abort-me/${cur.status.build_id}/finished.json`).catch(() => undefined));
    expect(JSON.parse(finished.toString())).toMatchObject({ passed: false, result: 'ABORTED' });
    expect((await c.store.get(pj.metadata.name)).status.state).toBe('aborted');
  });

  it('max_concurrency: 1 holds under 10 triggers, in creation order', async () => {
    const { c } = await controller();
    const names: string[] = [];
    for (let i = 0; i < 10; i++) {
      const pj = prowJob({ job: 'serial', max_concurrency: 1, pod_spec: sh('sleep 0.1') }, `serial-${String(i).padStart(2, '0')}`);
      names.push(pj.metadata.name);
      await c.store.create(pj);
    }
    let maxPending = 0;
    const order: string[] = [];
    await waitFor('all ten done', async () => {
      const jobs = await c.store.list();
      const pending = jobs.filter((j) => j.status.state === 'pending');
      maxPending = Math.max(maxPending, pending.length);
      for (const p of pending) if (!order.includes(p.metadata.name)) order.push(p.metadata.name);
      return jobs.every((j) => j.status.state === 'success') || undefined;
    }, 60_000);
    expect(maxPending).toBe(1);
    const jobs = await c.store.list();
    const byStart = [...jobs].sort((a, b) => Date.parse(a.status.pendingTime!) - Date.parse(b.status.pendingTime!) || a.status.pendingTime!.localeCompare(b.status.pendingTime!));
    // No two runs overlapped: each started after the previous one completed.
    const sorted = [...jobs].sort((a, b) => a.status.build_id!.localeCompare(b.status.build_id!, 'en', { numeric: true }));
    for (let i = 1; i < sorted.length; i++) expect(Date.parse(sorted[i].status.pendingTime!)).toBeGreaterThanOrEqual(Date.parse(sorted[i - 1].status.completionTime!));
    expect(sorted.map((j) => j.metadata.name)).toEqual(names);
    expect(byStart).toHaveLength(10);
  });

  it('a restarted controller re-adopts a running job: it ends right and runs once', async () => {
    const t = await tempDir('restart-');
    cleanups.push(t.cleanup);
    const counter = path.join(t.dir, 'runs.txt');
    const first = await startController(t.dir);
    const pj = prowJob({ job: 'survivor', decoration_config: {}, pod_spec: sh(`echo run >> ${counter}; sleep 1; echo finished`) });
    await first.store.create(pj);
    await waitFor('the job to run', async () => (await readFile(counter, 'utf8').catch(() => '')) !== '' || undefined);
    await first.stop();
    const second = await startController(t.dir);
    cleanups.push(() => second.stop());
    const done = await waitForState(second.store, pj.metadata.name, ['success', 'failure', 'error']);
    expect(done.status.state).toBe('success');
    expect(await readFile(counter, 'utf8')).toBe('run\n');
    expect((await second.storage.open().read(`logs/survivor/${done.status.build_id}/build-log.txt`)).toString()).toContain('finished');
  });
});
