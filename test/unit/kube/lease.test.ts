import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { FakeKubeApiServer, LEASES } from '../../fakes/kube/server.js';
import { LeaseLeaderElector, leaseName } from '../../../src/kube/lease.js';
import { until } from '../store/contract.js';

// Short, but with room for a busy CI machine: a replica that renews every 150ms keeps a 3s lease.
const FAST = { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 150 };

describe('Lease leader election', () => {
  let fake: FakeKubeApiServer;
  const electors: LeaseLeaderElector[] = [];
  const elector = (identity: string): LeaseLeaderElector => {
    const e = new LeaseLeaderElector({ kubeConfig: fake.kubeConfig(), namespace: 'prow', identity, ...FAST });
    electors.push(e);
    return e;
  };
  beforeEach(async () => {
    fake = await FakeKubeApiServer.start();
  });
  afterEach(async () => {
    await Promise.all(electors.splice(0).map((e) => e.release()));
    await fake.close();
  });

  it('one replica leads; the other takes over when it releases', async () => {
    const a = elector('a');
    const b = elector('b');
    await a.acquire('tide', () => {});
    expect(fake.stored(LEASES, 'prow', leaseName('tide'))?.spec).toMatchObject({ holderIdentity: 'a', leaseTransitions: 0 });
    let bLeads = false;
    const bAcquired = b.acquire('tide', () => {}).then(() => (bLeads = true));
    // b keeps trying while a renews.
    await until(() => fake.requests.filter((r) => r.startsWith('GET') && r.includes('/leases/')).length >= 6, 'several rounds');
    expect(bLeads).toBe(false);
    await a.release();
    await bAcquired;
    expect(fake.stored(LEASES, 'prow', leaseName('tide'))?.spec).toMatchObject({ holderIdentity: 'b' });
  });

  it('takes over a lease whose holder stopped renewing, once it has expired', async () => {
    fake.put(LEASES, 'prow', {
      metadata: { name: leaseName('sinker') },
      spec: { holderIdentity: 'ghost', leaseDurationSeconds: 3, renewTime: '2020-01-01T00:00:00.000000Z', leaseTransitions: 3 },
    });
    await elector('c').acquire('sinker', () => {});
    // Not at first sight (the holder's clock is not trusted): only after seeing the record stand still for a lease
    // duration, over several rounds.
    expect(fake.requests.filter((r) => r.startsWith('GET') && r.includes('/leases/')).length).toBeGreaterThanOrEqual(5);
    expect(fake.stored(LEASES, 'prow', leaseName('sinker'))?.spec).toMatchObject({ holderIdentity: 'c', leaseTransitions: 4 });
  });

  it('reports loss when the lease cannot be renewed within the deadline', async () => {
    const d = elector('d');
    let lost = false;
    await d.acquire('crier', () => (lost = true));
    fake.failNext('PUT', '/apis/coordination.k8s.io/v1/namespaces/prow/leases', 500, 1000);
    await until(() => lost, 'onLost');
  });

  it('reports loss when another replica took the lease', async () => {
    const e = elector('e');
    let lost = false;
    await e.acquire('horologium', () => (lost = true));
    const current = fake.stored(LEASES, 'prow', leaseName('horologium'))!;
    fake.put(LEASES, 'prow', { ...current, spec: { ...(current.spec as object), holderIdentity: 'usurper', renewTime: new Date().toISOString() } });
    await until(() => lost, 'onLost');
  });

  it('only one of several racing replicas leads', async () => {
    const racers = ['r1', 'r2', 'r3'].map(elector);
    const leaders: string[] = [];
    for (const r of racers) void r.acquire('controller-manager', () => {}).then(() => leaders.push(r.identity), () => {});
    await until(() => leaders.length === 1, 'a leader');
    await until(() => fake.requests.length > 30, 'more rounds');
    expect(leaders).toHaveLength(1);
    expect((fake.stored(LEASES, 'prow', leaseName('controller-manager'))?.spec as { holderIdentity: string }).holderIdentity).toBe(leaders[0]);
  });
});
