// Sinker against Pods on the fake Kubernetes API: the production client lists created-by-prow Pods in
// pod_namespace of every build cluster and deletes those of old finished jobs and orphans.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { ProwJob, ProwJobState } from '../../../src/api/prowjob.js';
import { ManualClock } from '../../../src/clock.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { createMetricsRegistry } from '../../../src/runtime/metrics.js';
import { FileProwJobStore } from '../../../src/store/index.js';
import { KubePods } from '../../../roles/sinker/kube-pods.js';
import { sinkerMetrics } from '../../../roles/sinker/metrics.js';
import { Sinker } from '../../../roles/sinker/sinker.js';
import { FakeKubeApiServer } from '../../fakes/kube/server.js';
import { PODS } from '../../fakes/kube/pods.js';

const DAY = 86_400_000;

describe('sinker with Kubernetes Pods', () => {
  let kube: FakeKubeApiServer;
  let dir: string;
  let store: FileProwJobStore;
  const now = new Date(Date.now() + 3 * DAY);
  const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

  beforeAll(async () => {
    kube = await FakeKubeApiServer.start();
    kube.register(PODS);
    dir = mkdtempSync(path.join(os.tmpdir(), 'sinker-kube-'));
    store = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 0 });
  });
  afterAll(async () => {
    await store.close();
    await kube.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function pod(name: string, jobName: string | undefined, phase: string, startedDaysAgo: number, finishedDaysAgo?: number, labels: Record<string, string> = { 'created-by-prow': 'true' }): void {
    kube.put(PODS, 'test-pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'test-pods', labels: { ...labels, ...(jobName ? { 'prow.k8s.io/id': jobName } : {}) } },
      spec: { containers: [{ name: 'test', image: 'alpine' }] },
      status: {
        phase,
        startTime: iso(new Date(now.getTime() - startedDaysAgo * DAY)),
        ...(finishedDaysAgo !== undefined
          ? { containerStatuses: [{ name: 'test', ready: false, restartCount: 0, image: 'alpine', imageID: '', state: { terminated: { exitCode: 0, finishedAt: iso(new Date(now.getTime() - finishedDaysAgo * DAY)) } } }] }
          : {}),
      },
    });
  }

  const job = (name: string, state: ProwJobState): ProwJob => ({
    apiVersion: 'prow.k8s.io/v1', kind: 'ProwJob', metadata: { name }, spec: { type: 'presubmit', job: name }, status: { state, startTime: new Date().toISOString() },
  });

  it('deletes Pods of finished jobs past the TTL and orphans, and leaves running jobs and foreign Pods alone', async () => {
    await store.create(job('done', 'success'));
    await store.create(job('fresh', 'failure'));
    await store.create(job('busy', 'pending'));
    pod('done-pod', 'done', 'Succeeded', 2, 1.5);
    pod('fresh-pod', 'fresh', 'Failed', 0.1, 0.05);
    pod('busy-pod', 'busy', 'Running', 5);
    pod('orphan-pod', 'gone', 'Succeeded', 1, 1);
    pod('not-ours', undefined, 'Succeeded', 9, 9, { app: 'other' });

    const registry = createMetricsRegistry();
    const sinker = new Sinker({
      store,
      config: () => ({ pod_namespace: 'test-pods', sinker: { max_pod_age: '24h', terminated_pod_ttl: '6h' } }),
      clock: new ManualClock(now),
      logger: createRootLogger({ stream: new PassThrough() }),
      metrics: sinkerMetrics(registry),
      dryRun: false,
      workloads: new KubePods(new Map([['default', kube.kubeConfig()]]), () => 'test-pods'),
    });
    const r = await sinker.clean();
    expect(r.workloadsRemoved.sort()).toEqual(['done-pod', 'orphan-pod']);
    expect(kube.stored(PODS, 'test-pods', 'done-pod')).toBeUndefined();
    expect(kube.stored(PODS, 'test-pods', 'orphan-pod')).toBeUndefined();
    for (const kept of ['fresh-pod', 'busy-pod', 'not-ours']) expect(kube.stored(PODS, 'test-pods', kept)).toBeDefined();
    const text = await registry.metrics();
    expect(text).toContain('sinker_pods_existing 4');
    expect(text).toContain('sinker_pods_removed{reason="ttled"} 1');
    expect(text).toContain('sinker_pods_removed{reason="orphaned"} 1');
  });
});
