import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { ProwJob, ProwJobState } from '../../../src/api/prowjob.js';
import { SystemClock } from '../../../src/clock.js';
import { PermanentReportError, type Reporter } from '../../../src/report/reporter.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { createMetricsRegistry } from '../../../src/runtime/metrics.js';
import { FileProwJobStore, updateWithRetry } from '../../../src/store/index.js';
import { ReporterController } from '../../../roles/crier/controller.js';
import { crierMetrics } from '../../../roles/crier/metrics.js';

function newJob(name: string, state: ProwJobState = 'triggered'): ProwJob {
  return {
    apiVersion: 'prow.k8s.io/v1',
    kind: 'ProwJob',
    metadata: { name },
    spec: { type: 'presubmit', job: 'unit', report: true },
    status: { state, startTime: new Date().toISOString() },
  };
}

async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

class RecordingReporter implements Reporter {
  readonly name = 'test-reporter';
  readonly reports: [string, ProwJobState][] = [];
  attempts = 0;
  readonly attemptsFor = new Map<string, number>();
  failures = 0;
  permanent = false;
  shouldReport(pj: ProwJob): boolean {
    return pj.spec.report === true;
  }
  async report(pj: ProwJob): Promise<void> {
    this.attempts++;
    this.attemptsFor.set(pj.metadata.name, (this.attemptsFor.get(pj.metadata.name) ?? 0) + 1);
    if (this.permanent) throw new PermanentReportError('422 never');
    if (this.failures > 0) {
      this.failures--;
      throw new Error('GitHub said 502');
    }
    this.reports.push([pj.metadata.name, pj.status.state!]);
  }
}

describe('crier reporter controller', () => {
  let dir: string;
  let store: FileProwJobStore;
  let logText: string;
  const controllers: ReporterController[] = [];
  const registry = createMetricsRegistry();
  const metrics = crierMetrics(registry);

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'crier-'));
    store = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 0 });
    logText = '';
  });

  afterEach(async () => {
    await Promise.all(controllers.splice(0).map((c) => c.stop()));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function start(reporter: Reporter, extra: { dryRun?: boolean } = {}): ReporterController {
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => { logText += c.toString(); });
    const c = new ReporterController({
      store,
      reporter,
      workers: 2,
      logger: createRootLogger({ stream, level: 'debug' }),
      metrics,
      clock: new SystemClock(),
      dryRun: extra.dryRun ?? false,
      backoffMs: 5,
    });
    c.start();
    controllers.push(c);
    return c;
  }

  const prev = async (name: string): Promise<string | undefined> => (await store.get(name)).status.prev_report_states?.['test-reporter'];

  it('reports each state once and records it in prev_report_states', async () => {
    const r = new RecordingReporter();
    start(r);
    await store.create(newJob('a'));
    await until(async () => (await prev('a')) === 'triggered', 'triggered recorded');
    await updateWithRetry(store, 'a', (pj) => { pj.status.state = 'pending'; });
    await until(async () => (await prev('a')) === 'pending', 'pending recorded');
    await updateWithRetry(store, 'a', (pj) => { pj.status.state = 'success'; pj.status.completionTime = new Date().toISOString(); });
    await until(async () => (await prev('a')) === 'success', 'success recorded');
    expect(r.reports).toEqual([['a', 'triggered'], ['a', 'pending'], ['a', 'success']]);
  });

  it('does not report again after a restart', async () => {
    const r1 = new RecordingReporter();
    const c1 = start(r1);
    await store.create(newJob('done', 'success'));
    await until(async () => (await prev('done')) === 'success', 'first report');
    await c1.stop();

    const r2 = new RecordingReporter();
    start(r2);
    // A job created after the restart is reported; by then the old one's ADDED event has been handled.
    await store.create(newJob('later'));
    await until(() => r2.reports.length > 0, 'report of the new job');
    await until(async () => (await prev('later')) === 'triggered', 'new job recorded');
    expect(r2.reports).toEqual([['later', 'triggered']]);
  });

  it('skips jobs the reporter does not want', async () => {
    const r = new RecordingReporter();
    start(r);
    await store.create({ ...newJob('quiet'), spec: { type: 'presubmit', job: 'q', report: false } });
    await store.create(newJob('loud'));
    await until(async () => (await prev('loud')) === 'triggered', 'loud job reported');
    expect(r.reports).toEqual([['loud', 'triggered']]);
    expect(await prev('quiet')).toBeUndefined();
  });

  it('retries failed reports with backoff and gives up after 5 retries', async () => {
    const r = new RecordingReporter();
    r.failures = 2;
    start(r);
    await store.create(newJob('flaky'));
    await until(async () => (await prev('flaky')) === 'triggered', 'report after retries');
    expect(r.attempts).toBe(3);

    const broken = new RecordingReporter();
    broken.failures = 1000;
    Object.defineProperty(broken, 'name', { value: 'broken-reporter' });
    start(broken);
    await store.create(newJob('doomed'));
    const gaveUp = (): boolean => logText.split('\n').some((l) => l.includes('giving up after retries') && l.includes('"prowjob":"doomed"'));
    await until(gaveUp, 'giving up');
    expect(broken.attemptsFor.get('doomed')).toBe(1 + 5);
    expect((await store.get('doomed')).status.prev_report_states?.['broken-reporter']).toBeUndefined();
    const results = await registry.getSingleMetricAsString('crier_reporting_results');
    expect(results).toContain('crier_reporting_results{reporter="broken-reporter",result="error"}');
  });

  it('records permanent errors without retrying', async () => {
    const r = new RecordingReporter();
    r.permanent = true;
    start(r);
    await store.create(newJob('unfixable', 'failure'));
    await until(async () => (await prev('unfixable')) === 'failure', 'recorded despite the permanent error');
    expect(r.attempts).toBe(1);
  });

  it('writes nothing in dry-run mode', async () => {
    const r = new RecordingReporter();
    start(r, { dryRun: true });
    await store.create(newJob('dry'));
    await until(() => logText.includes('dry run: would report'), 'dry-run log line');
    expect(r.attempts).toBe(0);
    expect(await prev('dry')).toBeUndefined();
  });
});
