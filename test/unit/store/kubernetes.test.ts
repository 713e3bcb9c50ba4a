import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { FakeKubeApiServer, PROWJOBS } from '../../fakes/kube/server.js';
import { KubernetesProwJobStore } from '../../../src/store/kubernetes.js';
import { ConflictError, type WatchEvent } from '../../../src/store/types.js';
import { runStoreContract, sampleJob, until } from './contract.js';

runStoreContract('kubernetes (fake API server)', async () => {
  const fake = await FakeKubeApiServer.start({ token: 'test-token-123' });
  const store = new KubernetesProwJobStore({ kubeConfig: fake.kubeConfig(), namespace: 'prow', retryDelayMs: 20 });
  return { store, cleanup: () => fake.close() };
});

describe('kubernetes store informer', () => {
  let fake: FakeKubeApiServer;
  let store: KubernetesProwJobStore;
  beforeEach(async () => {
    fake = await FakeKubeApiServer.start({ bookmarkIntervalMs: 50 });
    store = new KubernetesProwJobStore({ kubeConfig: fake.kubeConfig(), namespace: 'prow', retryDelayMs: 20 });
  });
  afterEach(async () => {
    await store.close();
    await fake.close();
  });

  it('talks to the CustomObjects API paths in prowjob_namespace', async () => {
    await store.create(sampleJob('paths'));
    await store.list({ labelSelector: 'prow.k8s.io/job=unit' });
    expect(fake.requests).toContain('POST /apis/prow.k8s.io/v1/namespaces/prow/prowjobs');
    expect(fake.requests).toContainEqual(expect.stringMatching(/^GET \/apis\/prow.k8s.io\/v1\/namespaces\/prow\/prowjobs\?.*labelSelector=prow.k8s.io%2Fjob%3Dunit/));
    expect(fake.stored(PROWJOBS, 'prow', 'paths')?.spec).toMatchObject({ job: 'unit' });
  });

  it('lists in pages', async () => {
    for (let i = 0; i < 1100; i++) fake.put(PROWJOBS, 'prow', sampleJob(`page-${i}`) as never);
    const all = await store.list();
    expect(new Set(all.map((j) => j.metadata.name)).size).toBe(1100);
    expect(fake.requests.filter((r) => r.startsWith('GET') && r.includes('limit=500'))).toHaveLength(3);
  });

  it('maps a 409 on update to ConflictError when another client changed the job', async () => {
    const mine = await store.create(sampleJob('c1'));
    fake.put(PROWJOBS, 'prow', { ...mine, status: { state: 'pending' } } as never);
    mine.status.state = 'aborted';
    await expect(store.update(mine)).rejects.toBeInstanceOf(ConflictError);
  });

  it('resumes after the server drops the watch, and relists after 410 Gone without losing changes', async () => {
    const events: WatchEvent[] = [];
    const errors: Error[] = [];
    const w = store.watch({}, (ev) => events.push(ev), (e) => errors.push(e));
    try {
      await store.create(sampleJob('i1'));
      await until(() => events.length === 1, 'ADDED i1');
      // The connection ends: the informer reconnects from its last resourceVersion.
      fake.dropWatches();
      await store.create(sampleJob('i2'));
      await until(() => events.some((e) => e.object.metadata.name === 'i2'), 'ADDED i2 after reconnect');

      // History is compacted while disconnected, and things change meanwhile: the informer gets 410 on
      // reconnect, relists, and reports the difference.
      const before = fake.requests.filter((r) => r.startsWith('GET') && !r.includes('watch=true')).length;
      fake.dropWatches();
      fake.compact();
      const i1 = await store.get('i1');
      i1.status.state = 'pending';
      await store.update(i1);
      await store.delete('i2');
      await store.create(sampleJob('i3'));
      await until(() => events.some((e) => e.object.metadata.name === 'i3'), 'ADDED i3');
      await until(() => events.some((e) => e.type === 'DELETED' && e.object.metadata.name === 'i2'), 'DELETED i2');
      await until(() => events.some((e) => e.type === 'MODIFIED' && e.object.status.state === 'pending'), 'MODIFIED i1');
      expect(errors).toEqual([]);
      // No duplicates: each change once; and the 410 made the informer list again.
      expect(events.filter((e) => e.object.metadata.name === 'i3')).toHaveLength(1);
      const after = fake.requests.filter((r) => r.startsWith('GET') && !r.includes('watch=true')).length;
      expect(after).toBeGreaterThan(before);
    } finally {
      w.stop();
    }
  });

  it('asks for bookmarks and keeps its place with them', async () => {
    const events: WatchEvent[] = [];
    const w = store.watch({}, (ev) => events.push(ev));
    try {
      await until(() => fake.requests.some((r) => r.includes('watch=true') && r.includes('allowWatchBookmarks=true')), 'a watch with bookmarks');
      // Other namespaces' objects move the resourceVersion on; bookmarks carry it to the informer.
      for (let i = 0; i < 3; i++) fake.put(PROWJOBS, 'elsewhere', { metadata: { name: `x${i}` } });
      const sent = fake.bookmarksSent;
      await until(() => fake.bookmarksSent >= sent + 2, 'bookmarks after the changes');
      fake.dropWatches();
      await until(() => fake.requests.filter((r) => r.includes('watch=true')).length >= 2, 'reconnect');
      const last = fake.requests.filter((r) => r.includes('watch=true')).pop()!;
      expect(Number(new URL(`http://x${last.slice(4)}`).searchParams.get('resourceVersion'))).toBeGreaterThan(1000);
      expect(events).toEqual([]);
    } finally {
      w.stop();
    }
  });

  it('retries when the API server fails, reporting the error', async () => {
    fake.failNext('GET', '/apis/prow.k8s.io/v1/namespaces/prow/prowjobs', 500, 2);
    fake.put(PROWJOBS, 'prow', sampleJob('r1') as never);
    const events: WatchEvent[] = [];
    const errors: Error[] = [];
    const w = store.watch({}, (ev) => events.push(ev), (e) => errors.push(e));
    try {
      await until(() => events.length === 1, 'ADDED after retries');
      expect(errors.length).toBeGreaterThanOrEqual(1);
      expect(errors[0]!.message).toMatch(/injected failure 500.*retrying/);
    } finally {
      w.stop();
    }
  });
});
