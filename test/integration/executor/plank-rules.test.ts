// Plank's scheduling and timeout rules over a real file store, with a scripted executor standing in for the
// process or Pod (its observations are set by the test), and the job URL rules.
import { systemClock, type Clock } from '../../../src/clock.js';
import { describe, it, expect, afterEach } from '@jest/globals';
import path from 'node:path';
import { Registry } from 'prom-client';
import type { ProwJob } from '../../../src/api/prowjob.js';
import type { Plank } from '../../../src/config/types.js';
import { JobStartError, type JobExecutor, type Observation, type StartResult } from '../../../src/executor/types.js';
import { FileProwJobStore } from '../../../src/store/file.js';
import { PlankController } from '../../../roles/controller-manager/plank.js';
import { PlankMetrics } from '../../../roles/controller-manager/metrics.js';
import { jobURL } from '../../../roles/controller-manager/joburl.js';
import { prowJob, quiet, tempDir, waitFor, waitForState } from './harness.js';

class ScriptedExecutor implements JobExecutor {
  readonly name = 'scripted';
  readonly started: string[] = [];
  readonly aborted: string[] = [];
  readonly obs = new Map<string, Observation>();
  private listener: (name: string) => void = () => undefined;
  async start(pj: ProwJob): Promise<StartResult> {
    if (pj.spec.job === 'cannot-start') throw new JobStartError('bad spec: nothing to run');
    if (!this.started.includes(pj.metadata.name)) this.started.push(pj.metadata.name);
    if (!this.obs.has(pj.metadata.name)) this.obs.set(pj.metadata.name, { phase: 'running' });
    return { podName: pj.metadata.name };
  }
  async observe(pj: ProwJob): Promise<Observation> {
    return this.obs.get(pj.metadata.name) ?? { phase: 'missing', description: 'gone' };
  }
  async abort(pj: ProwJob): Promise<void> {
    this.aborted.push(pj.metadata.name);
  }
  async cleanup(): Promise<boolean> {
    return true;
  }
  onChange(l: (name: string) => void): void {
    this.listener = l;
  }
  set(name: string, o: Observation): void {
    this.obs.set(name, o);
    this.listener(name);
  }
  async close(): Promise<void> {}
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** The wall clock's timers with a test's own notion of now. */
function shifted(now: () => Date): Clock {
  return { now, setTimeout: (fn, ms) => systemClock.setTimeout(fn, ms), sleep: (ms, signal) => systemClock.sleep(ms, signal) };
}

async function setup(plank: Plank, now?: () => Date): Promise<{ store: FileProwJobStore; ex: ScriptedExecutor; registry: Registry }> {
  const t = await tempDir('plank-rules-');
  const store = await FileProwJobStore.open({ dir: path.join(t.dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
  const ex = new ScriptedExecutor();
  const registry = new Registry();
  const c = new PlankController({ store, executor: ex, plank: () => plank, logger: quiet, metrics: new PlankMetrics(registry), defaultBucket: 'gs://default-bucket', resyncMs: 50, ...(now ? { clock: shifted(now) } : {}) });
  await c.start();
  cleanups.push(t.cleanup, () => store.close(), () => c.stop());
  return { store, ex, registry };
}

const pod = { containers: [{ name: 'test', image: 'x', command: ['true'] }] };

describe('plank rules', () => {
  it('job_queue_capacities bounds a queue; jobs over the limit stay triggered until room frees', async () => {
    const { store, ex } = await setup({ job_queue_capacities: { small: 2, blocked: 0, open: -1 } });
    for (let i = 0; i < 4; i++) await store.create(prowJob({ job: `q${i}`, job_queue_name: 'small', pod_spec: pod }, `small-${i}`));
    await store.create(prowJob({ job: 'never', job_queue_name: 'blocked', pod_spec: pod }, 'blocked-0'));
    for (let i = 0; i < 3; i++) await store.create(prowJob({ job: `o${i}`, job_queue_name: 'open', pod_spec: pod }, `open-${i}`));
    await waitFor('two small and all open started', async () => ex.started.filter((n) => n.startsWith('small')).length === 2 && ex.started.filter((n) => n.startsWith('open')).length === 3);
    expect(ex.started.filter((n) => n.startsWith('small'))).toEqual(['small-0', 'small-1']);
    expect((await store.get('small-2')).status.state).toBe('triggered');
    ex.set('small-0', { phase: 'done', state: 'success', description: 'Job succeeded.' });
    await waitForState(store, 'small-2', ['pending']);
    expect((await store.get('small-3')).status.state).toBe('triggered');
    expect((await store.get('blocked-0')).status.state).toBe('triggered');
    expect(ex.started).not.toContain('blocked-0');
  });

  it('a job that cannot start is error with the reason; final states carry completionTime and description', async () => {
    const { store, ex, registry } = await setup({});
    await store.create(prowJob({ job: 'cannot-start', pod_spec: pod }, 'bad'));
    const bad = await waitForState(store, 'bad', ['error']);
    expect(bad.status).toMatchObject({ description: 'bad spec: nothing to run' });
    expect(bad.status.completionTime).toBeDefined();
    await store.create(prowJob({ job: 'fine', pod_spec: pod }, 'fine'));
    await waitForState(store, 'fine', ['pending']);
    ex.set('fine', { phase: 'done', state: 'failure', description: 'Job failed.' });
    const fine = await waitForState(store, 'fine', ['failure']);
    expect(fine.status.description).toBe('Job failed.');
    const text = await registry.metrics();
    const transitions = text.split('\n').filter((l) => l.startsWith('prowjob_state_transitions{') && l.includes('job_name="fine"'));
    expect(transitions).toHaveLength(2);
    for (const label of ['job_namespace="default"', 'type="periodic"', 'org=""', 'repo=""', 'base_ref=""', 'retest=""']) expect(transitions[0]).toContain(label);
    expect(transitions.some((l) => l.includes('last_state="triggered"') && l.includes('state="pending"') && l.endsWith(' 1'))).toBe(true);
    expect(transitions.some((l) => l.includes('last_state="pending"') && l.includes('state="failure"') && l.endsWith(' 1'))).toBe(true);
    await waitFor('the prowjobs gauge', async () => (await registry.metrics()).split('\n').some((l) => l.startsWith('prowjobs{') && l.includes('job_name="fine"') && l.includes('state="failure"') && l.includes('cluster="default"')));
  });

  it('pod timeouts: pending → error, unscheduled → error, running → aborted with the process stopped', async () => {
    let clock = Date.now();
    const { store, ex } = await setup({ pod_pending_timeout: '1m', pod_unscheduled_timeout: '30s', pod_running_timeout: '2h' }, () => new Date(clock));
    for (const n of ['pend', 'unsched', 'run']) await store.create(prowJob({ job: n, pod_spec: pod }, n));
    await waitFor('all pending', async () => (await store.list()).every((j) => j.status.state === 'pending'));
    ex.set('pend', { phase: 'pending' });
    ex.set('unsched', { phase: 'pending', unscheduled: true });
    clock += 31_000;
    const u = await waitForState(store, 'unsched', ['error']);
    expect(u.status.description).toBe('Pod scheduling timeout.');
    expect((await store.get('pend')).status.state).toBe('pending');
    clock += 30_000;
    expect((await waitForState(store, 'pend', ['error'])).status.description).toBe('Pod pending timeout.');
    expect((await store.get('run')).status.state).toBe('pending');
    clock += 2 * 3_600_000;
    expect((await waitForState(store, 'run', ['aborted'])).status.description).toBe('Pod running timeout.');
    expect(ex.aborted).toEqual(expect.arrayContaining(['unsched', 'pend', 'run']));
  });

  it('a pending job whose process is missing is started again (re-adopted), not failed', async () => {
    const { store, ex } = await setup({});
    await store.create(prowJob({ job: 'lost', pod_spec: pod }, 'lost'));
    await waitForState(store, 'lost', ['pending']);
    ex.obs.delete('lost');
    ex.started.length = 0;
    ex.set('other', { phase: 'running' });
    await waitFor('started again', async () => ex.started.includes('lost'));
    expect((await store.get('lost')).status.state).toBe('pending');
  });
});

describe('job URLs', () => {
  const base = prowJob({ type: 'presubmit', job: 'pull-x', refs: { org: 'o', repo: 'r', base_ref: 'main', pulls: [{ number: 5, author: 'a', sha: 's' }] }, pod_spec: pod }, 'id');
  base.status.build_id = '99';

  it('decorated: prefix by org/repo, org or *, plus provider, bucket and build dir', () => {
    const pj = structuredClone(base);
    pj.spec.decoration_config = { gcs_configuration: { bucket: 's3://logs', path_strategy: 'explicit' } };
    const plank: Plank = { job_url_prefix_config: { '*': 'https://prow.example/view/', o: 'https://o.example/view/' } };
    expect(jobURL(plank, pj, 'gs://default')).toBe('https://o.example/view/s3/logs/pr-logs/pull/o_r/5/pull-x/99');
    pj.spec.decoration_config.gcs_configuration!.job_url_prefix = 'https://own.example/view/';
    expect(jobURL(plank, pj, 'gs://default')).toBe('https://own.example/view/s3/logs/pr-logs/pull/o_r/5/pull-x/99');
    expect(jobURL({ ...plank, jobURLPrefixDisableAppendStorageProvider: true }, { ...pj, spec: { ...pj.spec, decoration_config: { gcs_configuration: { bucket: 'b' } } } }, 'gs://x')).toBe('https://o.example/view/b/pr-logs/pull/o_r/5/pull-x/99');
  });

  it('otherwise job_url_template, rendered with the job', () => {
    const plank: Plank = { job_url_template: 'https://ci.example/{{.Spec.Job}}/{{.Status.BuildID}}{{if .Spec.Refs}}?pr={{with index .Spec.Refs.Pulls 0}}{{.Number}}{{end}}{{end}}' };
    expect(jobURL(plank, base, 'gs://x')).toBe('https://ci.example/pull-x/99?pr=5');
    expect(jobURL({}, base, 'gs://x')).toBe('');
  });
});
