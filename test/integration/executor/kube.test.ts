// The Kubernetes executor and plank against the fake Kubernetes API: Pods are created in the job's build
// cluster, their phases become job states, aborted jobs lose their Pods.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { Registry } from 'prom-client';
import { FakeKubeApiServer } from '../../fakes/kube/server.js';
import { PODS, setPodStatus } from '../../fakes/kube/pods.js';
import { KubeExecutor } from '../../../src/executor/kube.js';
import { JobStartError } from '../../../src/executor/types.js';
import { PlankController } from '../../../roles/controller-manager/plank.js';
import { PlankMetrics } from '../../../roles/controller-manager/metrics.js';
import { FileProwJobStore } from '../../../src/store/file.js';
import { prowJob, quiet, tempDir, waitFor, waitForState } from './harness.js';
import path from 'node:path';

let fake: FakeKubeApiServer;
beforeAll(async () => {
  fake = await FakeKubeApiServer.start();
  fake.register(PODS);
});
afterAll(async () => {
  await fake.close();
});

function executor(): KubeExecutor {
  return new KubeExecutor({ clusters: new Map([['default', fake.kubeConfig()], ['build-a', fake.kubeConfig()]]), podNamespace: () => 'test-pods', logger: quiet });
}

const podSpec = { containers: [{ name: 'test', image: 'alpine', command: ['true'] }] };

describe('KubeExecutor', () => {
  it('creates the Pod in the job namespace and maps its phases', async () => {
    const ex = executor();
    const pj = prowJob({ job: 'kube-job', cluster: 'build-a', namespace: '', pod_spec: podSpec });
    pj.status.build_id = '1';
    expect(await ex.start(pj)).toEqual({ podName: pj.metadata.name });
    expect(await ex.start(pj)).toEqual({ podName: pj.metadata.name }); // already exists: fine
    const pod = fake.stored(PODS, 'test-pods', pj.metadata.name);
    expect(pod?.metadata.labels?.['prow.k8s.io/id']).toBe(pj.metadata.name);
    expect(await ex.observe(pj)).toMatchObject({ phase: 'pending', unscheduled: false });
    setPodStatus(fake, 'test-pods', pj.metadata.name, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] });
    expect(await ex.observe(pj)).toMatchObject({ phase: 'pending', unscheduled: true });
    setPodStatus(fake, 'test-pods', pj.metadata.name, { phase: 'Pending', containerStatuses: [{ name: 'test', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'no such image' } } }] });
    expect(await ex.observe(pj)).toEqual({ phase: 'done', state: 'error', description: 'Pod cannot start: ImagePullBackOff: no such image' });
    setPodStatus(fake, 'test-pods', pj.metadata.name, { phase: 'Running', startTime: new Date() });
    expect(await ex.observe(pj)).toMatchObject({ phase: 'running' });
    setPodStatus(fake, 'test-pods', pj.metadata.name, { phase: 'Failed' });
    expect(await ex.observe(pj)).toEqual({ phase: 'done', state: 'failure', description: 'Job failed.' });
    setPodStatus(fake, 'test-pods', pj.metadata.name, { phase: 'Succeeded' });
    expect(await ex.observe(pj)).toEqual({ phase: 'done', state: 'success', description: 'Job succeeded.' });
    await ex.abort(pj);
    expect(fake.stored(PODS, 'test-pods', pj.metadata.name)).toBeUndefined();
    expect(await ex.observe(pj)).toMatchObject({ phase: 'missing' });
    await ex.abort(pj); // already gone: fine
  });

  it('replaces evicted Pods unless error_on_eviction', async () => {
    const ex = executor();
    const pj = prowJob({ job: 'evict', namespace: 'ns', pod_spec: podSpec });
    await ex.start(pj);
    setPodStatus(fake, 'ns', pj.metadata.name, { phase: 'Failed', reason: 'Evicted' });
    expect(await ex.observe(pj)).toMatchObject({ phase: 'missing' });
    expect(fake.stored(PODS, 'ns', pj.metadata.name)).toBeUndefined();
    const strict = prowJob({ job: 'evict', namespace: 'ns', error_on_eviction: true, pod_spec: podSpec });
    await ex.start(strict);
    setPodStatus(fake, 'ns', strict.metadata.name, { phase: 'Failed', reason: 'Evicted' });
    expect(await ex.observe(strict)).toEqual({ phase: 'done', state: 'error', description: 'Job pod was evicted by the cluster.' });
  });

  it('rejects unknown build clusters and jobs without a pod spec', async () => {
    const ex = executor();
    await expect(ex.start(prowJob({ job: 'x', cluster: 'nowhere', pod_spec: podSpec }))).rejects.toThrow(JobStartError);
    await expect(ex.start(prowJob({ job: 'x', pod_spec: undefined }))).rejects.toThrow(/lacks a pod spec/);
  });
});

describe('plank with the Kubernetes executor', () => {
  it('moves a job through pending to success, and deletes the Pod of an aborted job', async () => {
    const t = await tempDir('plank-kube-');
    const store = await FileProwJobStore.open({ dir: path.join(t.dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
    const ex = executor();
    // A long resync: Pod changes reach plank through the executor's Pod watch.
    const plank = new PlankController({ store, executor: ex, plank: () => ({}), logger: quiet, metrics: new PlankMetrics(new Registry()), defaultBucket: 'gs://b', resyncMs: 600_000 });
    try {
      await plank.start();
      const ok = prowJob({ job: 'kube-ok', namespace: '', pod_spec: podSpec });
      await store.create(ok);
      const pending = await waitForState(store, ok.metadata.name, ['pending']);
      expect(pending.status.pod_name).toBe(ok.metadata.name);
      setPodStatus(fake, 'test-pods', ok.metadata.name, { phase: 'Succeeded' });
      expect((await waitForState(store, ok.metadata.name, ['success'])).status.description).toBe('Job succeeded.');

      const bad = prowJob({ job: 'kube-bad', cluster: 'nowhere', pod_spec: podSpec });
      await store.create(bad);
      expect((await waitForState(store, bad.metadata.name, ['error'])).status.description).toMatch(/unknown build cluster "nowhere"/);

      const ab = prowJob({ job: 'kube-abort', namespace: '', pod_spec: podSpec });
      await store.create(ab);
      const cur = await waitForState(store, ab.metadata.name, ['pending']);
      cur.status.state = 'aborted';
      await store.update(cur);
      await waitFor('the Pod to be deleted', async () => fake.stored(PODS, 'test-pods', ab.metadata.name) === undefined);
    } finally {
      await plank.stop();
      await ex.close();
      await store.close();
      await t.cleanup();
    }
  });
});
