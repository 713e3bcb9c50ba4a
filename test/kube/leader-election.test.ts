// Leader election on a real API server: two `prow --role=horologium` processes share one coordination.k8s.io
// Lease; only the holder creates periodics; after the holder is killed (no release) the other takes the Lease
// once it expires and carries on, and no periodic is created twice.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CoordinationV1Api } from '@kubernetes/client-node';
import { KubernetesProwJobStore } from '../../src/store/kubernetes.js';
import { Prow, waitFor, done, seen } from '../e2e/harness.js';
import { createNamespace, deleteNamespace, describeKube, kubeConfigFor, kubeconfigYaml, uniqueName } from './cluster.js';

describeKube('leader election between two horologium processes', () => {
  let ns: string;
  let dir: string;
  let kubeconfig: string;
  const procs: Prow[] = [];
  beforeAll(async () => {
    ns = uniqueName('leader');
    await createNamespace(ns);
    dir = await mkdtemp(path.join(os.tmpdir(), 'prow-kube-leader-'));
    kubeconfig = path.join(dir, 'kubeconfig');
    await writeFile(kubeconfig, kubeconfigYaml({ contexts: { prow: ns } }));
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await rm(dir, { recursive: true, force: true });
    await deleteNamespace(ns);
  });

  const start = (waitForReady: boolean): Promise<Prow> =>
    Prow.start({
      roles: ['horologium'],
      config: { prowjob_namespace: ns, pod_namespace: ns, horologium: { tick_interval: '1s' } },
      jobs: { 'periodic.yaml': { periodics: [{ name: 'hourly', interval: '1h', spec: { containers: [{ image: 'alpine', command: ['true'] }] } }] } },
      flags: { 'prowjob-store': 'kubernetes', kubeconfig, 'log-level': 'debug' },
      waitForReady,
      readyTimeoutMs: 120_000,
    }).then((p) => {
      procs.push(p);
      return p;
    });

  const ready = async (p: Prow): Promise<boolean> => {
    try {
      return (await fetch(p.url('health-port', '/healthz/ready'))).status === 200;
    } catch {
      return false;
    }
  };

  it('one leader creates the periodic; after it is killed the other takes over and creates nothing twice', async () => {
    const store = new KubernetesProwJobStore({ kubeConfig: kubeConfigFor({ contexts: { prow: ns } }), namespace: ns });
    const leases = kubeConfigFor({ contexts: { prow: ns } }).makeApiClient(CoordinationV1Api);
    try {
      const a = await start(true);
      const b = await start(false);
      const jobs = await waitFor('the periodic to be created', async () => {
        const list = await store.list({ labelSelector: 'prow.k8s.io/job=hourly' });
        return list.length > 0 ? done(list) : seen('no job yet');
      }, { timeoutMs: 60_000 });
      expect(jobs).toHaveLength(1);
      const lease = await leases.readNamespacedLease({ name: 'prow-horologium-leader-lock', namespace: ns });
      const holder = lease.spec!.holderIdentity!;
      expect(holder).toBeTruthy();
      // The standby waits for the Lease: not ready, and it has triggered nothing.
      expect(await ready(a)).toBe(true);
      expect(await ready(b)).toBe(false);
      expect(`${b.stdout}${b.stderr}`).not.toContain('Triggering new run of periodic');

      // A crash: nothing is released, so B must wait for the Lease to expire.
      const killedAt = Date.now();
      await a.kill();
      await waitFor('the standby to take the Lease and become ready', async () => ((await ready(b)) ? done(true) : seen('standby not ready')), { timeoutMs: 90_000 });
      const takeoverMs = Date.now() - killedAt;
      const after = await leases.readNamespacedLease({ name: 'prow-horologium-leader-lock', namespace: ns });
      expect(after.spec!.holderIdentity).not.toBe(holder);
      expect(after.spec!.leaseTransitions).toBeGreaterThanOrEqual(1);
      const acquiredMs = new Date(after.spec!.acquireTime as unknown as string).getTime() - killedAt;
      console.log(`horologium leader takeover after SIGKILL: Lease acquired after ${acquiredMs} ms, standby ready after ${takeoverMs} ms (lease duration ${after.spec!.leaseDurationSeconds}s, retry 2s)`);

      // The new leader syncs (tick 1s) and sees the existing run: still exactly one ProwJob.
      const synced = `${b.stdout}${b.stderr}`.split('sync done').length;
      await waitFor('two syncs by the new leader', async () => (`${b.stdout}${b.stderr}`.split('sync done').length >= synced + 2 ? done(true) : seen('waiting for syncs')), { timeoutMs: 60_000 });
      expect(await store.list({ labelSelector: 'prow.k8s.io/job=hourly' })).toHaveLength(1);
      expect(`${b.stdout}${b.stderr}`).not.toContain('Triggering new run of periodic');
    } finally {
      await store.close();
    }
  }, 240_000);
});
