import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { ProwJob, ProwJobState, ProwJobType } from '../../../src/api/prowjob.js';
import { ManualClock } from '../../../src/clock.js';
import type { Config } from '../../../src/config/types.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { createMetricsRegistry } from '../../../src/runtime/metrics.js';
import { FileProwJobStore } from '../../../src/store/index.js';
import { LocalWorkloads } from '../../../roles/sinker/local-workloads.js';
import { localWorkspacePaths } from '../../../src/executor/local-workspace.js';
import { sinkerMetrics } from '../../../roles/sinker/metrics.js';
import { Sinker } from '../../../roles/sinker/sinker.js';

const DAY = 86_400_000;
// Ahead of the wall clock, so files made by the test are as old as the sinker's clock says.
const NOW = new Date(Date.now() + 10 * DAY);
const ago = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();

function job(name: string, type: ProwJobType, state: ProwJobState, startedAgo: number, jobName = name): ProwJob {
  return { apiVersion: 'prow.k8s.io/v1', kind: 'ProwJob', metadata: { name }, spec: { type, job: jobName }, status: { state, startTime: ago(startedAgo) } };
}

describe('sinker', () => {
  let dir: string;
  let store: FileProwJobStore;
  let logText = '';
  const children: number[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sinker-'));
    store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
    logText = '';
  });
  afterEach(async () => {
    for (const pid of children.splice(0)) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function make(cfg: Config, dryRun = false): { sinker: Sinker; registry: ReturnType<typeof createMetricsRegistry> } {
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => { logText += c.toString(); });
    const registry = createMetricsRegistry();
    const sinker = new Sinker({
      store,
      config: () => cfg,
      clock: new ManualClock(NOW),
      logger: createRootLogger({ stream }),
      metrics: sinkerMetrics(registry),
      dryRun,
      workloads: new LocalWorkloads(dir),
    });
    return { sinker, registry };
  }

  function workspace(name: string, run?: { pid: number; started: string }, done = false): string {
    const ws = localWorkspacePaths(dir, name);
    mkdirSync(ws.dir, { recursive: true });
    if (run) writeFileSync(ws.runFile, JSON.stringify(run));
    if (done) writeFileSync(ws.doneFile, JSON.stringify({ state: 'success', description: 'Job succeeded.' }));
    return ws.dir;
  }

  it('deletes old finished ProwJobs, keeps running ones and the newest run of each periodic', async () => {
    await store.create(job('old', 'presubmit', 'success', 8 * DAY));
    await store.create(job('running', 'presubmit', 'pending', 30 * DAY));
    await store.create(job('fresh', 'postsubmit', 'failure', DAY));
    await store.create(job('nightly-1', 'periodic', 'success', 10 * DAY, 'nightly'));
    await store.create(job('nightly-2', 'periodic', 'success', 9 * DAY, 'nightly'));
    const { sinker, registry } = make({ periodics: [{ name: 'nightly', interval: '24h' }] });
    const r = await sinker.clean();
    expect(r.prowJobsDeleted.sort()).toEqual(['nightly-1', 'old']);
    expect((await store.list()).map((j) => j.metadata.name).sort()).toEqual(['fresh', 'nightly-2', 'running']);
    const text = await registry.metrics();
    expect(text).toContain('sinker_prow_jobs_existing 5');
    expect(text).toContain('sinker_prow_jobs_cleaned{reason="aged"} 1');
    expect(text).toContain('sinker_prow_jobs_cleaned{reason="aged-periodic"} 1');
  });

  it('honours max_prowjob_age and dry-run', async () => {
    await store.create(job('two-days', 'presubmit', 'success', 2 * DAY));
    const { sinker } = make({ sinker: { max_prowjob_age: '24h' } }, true);
    expect((await sinker.clean()).prowJobsDeleted).toEqual([]);
    expect(await store.list()).toHaveLength(1);
    expect(logText).toContain('dry run: would delete prowjob');
    const { sinker: real } = make({ sinker: { max_prowjob_age: '24h' } });
    expect((await real.clean()).prowJobsDeleted).toEqual(['two-days']);
  });

  it("removes finished jobs' old workspaces and orphans (stopping their process), never a running job's", async () => {
    await store.create(job('done-job', 'presubmit', 'success', 3 * DAY));
    await store.create(job('busy-job', 'presubmit', 'pending', 3 * DAY));
    const doneWs = workspace('done-job', { pid: 999_999, started: ago(2 * DAY) }, true);
    const busyWs = workspace('busy-job', { pid: 999_998, started: ago(2 * DAY) });
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    children.push(child.pid!);
    const exited = new Promise((r) => child.once('exit', r));
    const orphanWs = workspace('deleted-job', { pid: child.pid!, started: ago(DAY) });

    const { sinker, registry } = make({ sinker: { max_pod_age: '24h' } });
    const r = await sinker.clean();
    expect(r.workloadsRemoved.sort()).toEqual(['deleted-job', 'done-job']);
    expect(existsSync(doneWs)).toBe(false);
    expect(existsSync(orphanWs)).toBe(false);
    expect(existsSync(busyWs)).toBe(true);
    await exited;
    const text = await registry.metrics();
    expect(text).toContain('sinker_pods_existing 3');
    expect(text).toContain('sinker_pods_removed{reason="orphaned"} 1');
    // Its process ended (done.json) long ago by the sinker's clock: terminated_pod_ttl wins over max_pod_age, as upstream.
    expect(text).toContain('sinker_pods_removed{reason="ttled"} 1');
  });
});
