// The ProwJob store contract, and what only a real API server shows: conflicts between two clients, bookmarks,
// 410 Gone after etcd compaction answered by a relist, and a watch that lives through an API server restart.
import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import { CoreV1Api, Watch as KubeWatch } from '@kubernetes/client-node';
import { KubernetesProwJobStore } from '../../src/store/kubernetes.js';
import { ConflictError, type WatchEvent } from '../../src/store/types.js';
import { runStoreContract, sampleJob, until } from '../unit/store/contract.js';
import { clusterSh, createNamespace, deleteNamespace, describeKube, kubeConfigFor, uniqueName, unavailable } from './cluster.js';
import { etcdCompact, etcdDelete } from './etcd.js';

const namespaces: string[] = [];
afterAll(async () => {
  await Promise.all(namespaces.map(deleteNamespace));
});

async function storeIn(ns: string, server?: string): Promise<KubernetesProwJobStore> {
  return new KubernetesProwJobStore({ kubeConfig: kubeConfigFor({ contexts: { prow: ns }, server }), namespace: ns, retryDelayMs: 100 });
}

if (!unavailable) {
  runStoreContract('kubernetes (real kube-apiserver)', async () => {
    const ns = uniqueName('store');
    namespaces.push(ns);
    await createNamespace(ns);
    return { store: await storeIn(ns), cleanup: async () => {} };
  });
}

describeKube('kubernetes store on a real API server', () => {
  let ns: string;
  const stores: KubernetesProwJobStore[] = [];
  const open = async (server?: string): Promise<KubernetesProwJobStore> => {
    const s = await storeIn(ns, server);
    stores.push(s);
    return s;
  };
  beforeAll(async () => {
    ns = uniqueName('store-x');
    namespaces.push(ns);
    await createNamespace(ns);
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it('gives the second of two writers of one version a ConflictError', async () => {
    const a = await open();
    const b = await open();
    const created = await a.create(sampleJob(uniqueName('conflict')));
    const fromA = structuredClone(created);
    const fromB = structuredClone(created);
    fromA.status.state = 'pending';
    await a.update(fromA);
    fromB.status.state = 'aborted';
    await expect(b.update(fromB)).rejects.toBeInstanceOf(ConflictError);
    expect((await b.get(created.metadata.name)).status.state).toBe('pending');
  });

  it('gets bookmarks from the server and resumes from them without repeating events', async () => {
    const store = await open();
    const name = uniqueName('bm');
    await store.create(sampleJob(name));
    const { resourceVersion } = await store.listWithVersion();
    // The server sends a BOOKMARK shortly before a watch's timeout: ask for a short one.
    const kc = kubeConfigFor({ contexts: { prow: ns } });
    const bookmarks: string[] = [];
    const watched = new Promise<void>((resolve, reject) => {
      void new KubeWatch(kc)
        .watch(`/apis/prow.k8s.io/v1/namespaces/${ns}/prowjobs`, { allowWatchBookmarks: true, timeoutSeconds: 6, resourceVersion },
          (type, obj: { metadata?: { resourceVersion?: string } }) => {
            if (type === 'BOOKMARK') bookmarks.push(obj.metadata!.resourceVersion!);
          },
          (err) => (err ? reject(err as Error) : resolve()))
        .catch(reject);
    });
    // Writes elsewhere move the resourceVersion on, so the bookmark has something to say.
    const core = kc.makeApiClient(CoreV1Api);
    for (let i = 0; i < 4; i++) {
      await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: uniqueName('tick') } } });
      await new Promise((r) => setTimeout(r, 1_000));
    }
    await watched;
    expect(bookmarks.length).toBeGreaterThan(0);

    // The informer's watches end every few seconds; each reconnect resumes where it was: no event twice.
    const short = new KubernetesProwJobStore({ kubeConfig: kc, namespace: ns, watchTimeoutSeconds: 2, retryDelayMs: 100 });
    stores.push(short);
    const events: WatchEvent[] = [];
    const errors: Error[] = [];
    const w = short.watch({ labelSelector: `prow.k8s.io/job=unit` }, (ev) => events.push(ev), (e) => errors.push(e));
    try {
      await until(() => events.some((e) => e.object.metadata.name === name), 'ADDED for the existing job');
      await new Promise((r) => setTimeout(r, 5_000)); // two server-side timeouts
      const later = await store.create(sampleJob(uniqueName('bm-later')));
      await until(() => events.some((e) => e.object.metadata.name === later.metadata.name), 'ADDED after reconnects');
      const byName = new Map<string, number>();
      for (const e of events) byName.set(e.object.metadata.name, (byName.get(e.object.metadata.name) ?? 0) + 1);
      expect([...byName.values()].every((n) => n === 1)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      w.stop();
    }
  });

  it('keeps watching across an API server restart, relisting after 410 Gone and reporting what changed meanwhile', async () => {
    // An API server of its own on the shared etcd, so restarting it disturbs no other suite.
    const apiName = uniqueName('restart');
    const kubeconfigPath = await clusterSh(['apiserver', 'start', apiName]);
    const port = /127\.0\.0\.1:(\d+)/.exec((await import('node:fs')).readFileSync(kubeconfigPath, 'utf8'))![1]!;
    const server = `https://127.0.0.1:${port}`;
    try {
      const store = await open(server);
      const keep = await store.create(sampleJob(uniqueName('keep')));
      const gone = await store.create(sampleJob(uniqueName('gone')));
      const mine = new Set([keep.metadata.name, gone.metadata.name]);
      const events: WatchEvent[] = [];
      const w = store.watch({}, (ev) => {
        if (mine.has(ev.object.metadata.name)) events.push(ev);
      }, () => {});
      try {
        await until(() => events.length === 2, 'ADDED for both jobs');

        await clusterSh(['apiserver', 'stop', apiName]);
        // While the API server is down, another writer deletes a job and etcd's history is compacted: the
        // informer's resourceVersion can no longer be resumed from.
        await etcdDelete(`/registry/prow.k8s.io/prowjobs/${ns}/${gone.metadata.name}`);
        await etcdCompact();
        await clusterSh(['apiserver', 'start', apiName, port]);

        const afterName = uniqueName('after');
        mine.add(afterName);
        const after = await store.create(sampleJob(afterName));
        await until(() => events.some((e) => e.type === 'DELETED' && e.object.metadata.name === gone.metadata.name), 'DELETED for the job removed while down', 60_000);
        await until(() => events.some((e) => e.type === 'ADDED' && e.object.metadata.name === after.metadata.name), 'ADDED after the restart', 60_000);
        // The job that stayed is not reported as new again.
        expect(events.filter((e) => e.object.metadata.name === keep.metadata.name).map((e) => e.type)).toEqual(['ADDED']);
      } finally {
        w.stop();
      }
    } finally {
      await clusterSh(['apiserver', 'stop', apiName]);
    }
  }, 180_000);
});
