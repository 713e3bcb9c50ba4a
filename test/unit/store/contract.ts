// The ProwJob store contract: every backend runs this suite (file.test.ts, kubernetes.test.ts).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { ProwJob } from '../../../src/api/prowjob.js';
import { updateWithRetry } from '../../../src/store/retry.js';
import {
  AlreadyExistsError,
  ConflictError,
  GoneError,
  NotFoundError,
  type ProwJobStore,
  type WatchEvent,
} from '../../../src/store/types.js';

export interface StoreHarness {
  store: ProwJobStore;
  /** Releases whatever the backend needs besides the store (temp dirs, servers). */
  cleanup(): Promise<void>;
}

export function sampleJob(name: string, labels: Record<string, string> = {}): ProwJob {
  return {
    apiVersion: 'prow.k8s.io/v1',
    kind: 'ProwJob',
    metadata: { name, labels: { 'created-by-prow': 'true', 'prow.k8s.io/job': 'unit', ...labels }, annotations: { 'prow.k8s.io/job': 'unit' } },
    spec: { type: 'periodic', agent: 'kubernetes', job: 'unit', report: true },
    status: { state: 'triggered', startTime: '2026-01-01T00:00:00Z' },
  };
}

/** Polls until `cond` holds (no fixed sleeps), failing after a generous bound. */
export async function until(cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function runStoreContract(backend: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`ProwJob store contract: ${backend}`, () => {
    let h: StoreHarness;
    let store: ProwJobStore;
    beforeEach(async () => {
      h = await makeHarness();
      store = h.store;
    });
    afterEach(async () => {
      await store.close();
      await h.cleanup();
    });

    it('creates and gets a job, setting the server fields', async () => {
      const created = await store.create(sampleJob('a1'));
      expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
      expect(created.metadata.uid).toBeTruthy();
      expect(created.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(created.metadata.namespace).toBe(store.namespace);
      const got = await store.get('a1');
      expect(got).toEqual(created);
      expect(got.spec.job).toBe('unit');
      expect(got.status.state).toBe('triggered');
    });

    it('refuses to create a job twice', async () => {
      await store.create(sampleJob('dup'));
      await expect(store.create(sampleJob('dup'))).rejects.toBeInstanceOf(AlreadyExistsError);
    });

    it('reports missing jobs as NotFoundError', async () => {
      await expect(store.get('nope')).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.delete('nope')).rejects.toBeInstanceOf(NotFoundError);
      const j = sampleJob('nope');
      j.metadata.resourceVersion = '1';
      await expect(store.update(j)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('updates with the current resourceVersion and refuses a stale one', async () => {
      const v1 = await store.create(sampleJob('u1'));
      const edit = structuredClone(v1);
      edit.status.state = 'pending';
      const v2 = await store.update(edit);
      expect(BigInt(v2.metadata.resourceVersion!)).toBeGreaterThan(BigInt(v1.metadata.resourceVersion!));
      expect(v2.metadata.uid).toBe(v1.metadata.uid);
      expect(v2.metadata.creationTimestamp).toBe(v1.metadata.creationTimestamp);
      expect(v2.metadata.generation).toBe((v1.metadata.generation ?? 0) + 1);
      expect((await store.get('u1')).status.state).toBe('pending');

      const stale = structuredClone(v1);
      stale.status.state = 'failure';
      await expect(store.update(stale)).rejects.toBeInstanceOf(ConflictError);
      expect((await store.get('u1')).status.state).toBe('pending');
    });

    it('returns copies: mutating a result does not change the store', async () => {
      const created = await store.create(sampleJob('copy'));
      created.status.state = 'error';
      const listed = await store.list();
      listed[0]!.status.state = 'error';
      expect((await store.get('copy')).status.state).toBe('triggered');
    });

    it('lists with label selectors', async () => {
      await store.create(sampleJob('l1', { 'prow.k8s.io/type': 'presubmit', 'prow.k8s.io/refs.pull': '1' }));
      await store.create(sampleJob('l2', { 'prow.k8s.io/type': 'presubmit', 'prow.k8s.io/refs.pull': '2' }));
      await store.create(sampleJob('l3', { 'prow.k8s.io/type': 'periodic' }));
      const names = async (sel?: string): Promise<string[]> =>
        (await store.list(sel === undefined ? {} : { labelSelector: sel })).map((j) => j.metadata.name).sort();
      expect(await names()).toEqual(['l1', 'l2', 'l3']);
      expect(await names('prow.k8s.io/type=presubmit')).toEqual(['l1', 'l2']);
      expect(await names('prow.k8s.io/type!=presubmit')).toEqual(['l3']);
      expect(await names('prow.k8s.io/refs.pull in (2,3)')).toEqual(['l2']);
      expect(await names('prow.k8s.io/refs.pull notin (2)')).toEqual(['l1', 'l3']);
      expect(await names('prow.k8s.io/refs.pull')).toEqual(['l1', 'l2']);
      expect(await names('!prow.k8s.io/refs.pull')).toEqual(['l3']);
      expect(await names('prow.k8s.io/type=presubmit,prow.k8s.io/refs.pull=1')).toEqual(['l1']);
      expect(await names('created-by-prow=false')).toEqual([]);
    });

    it('lists only unfinished jobs when asked, following state changes', async () => {
      const pull = { 'prow.k8s.io/refs.pull': '7' };
      await store.create(sampleJob('f1', pull));
      const done = sampleJob('f2', pull);
      done.status = { state: 'success', startTime: '2026-01-01T00:00:00Z', completionTime: '2026-01-01T00:01:00Z' };
      await store.create(done);
      const running = await store.create(sampleJob('f3', pull));
      const names = async (opts: { labelSelector?: string; unfinished?: boolean }): Promise<string[]> =>
        (await store.list(opts)).map((j) => j.metadata.name).sort();
      expect(await names({ unfinished: true })).toEqual(['f1', 'f3']);
      expect(await names({ labelSelector: 'prow.k8s.io/refs.pull=7', unfinished: true })).toEqual(['f1', 'f3']);
      expect(await names({ labelSelector: 'prow.k8s.io/refs.pull=7' })).toEqual(['f1', 'f2', 'f3']);
      running.status.state = 'aborted';
      await store.update(running);
      expect(await names({ unfinished: true })).toEqual(['f1']);
      expect(await names({})).toEqual(['f1', 'f2', 'f3']);
    });

    it('lists by label after labels change and after deletes (a job is found by its current labels only)', async () => {
      await store.create(sampleJob('m1', { 'prow.k8s.io/refs.pull': '1' }));
      await store.create(sampleJob('m2', { 'prow.k8s.io/refs.pull': '1' }));
      const names = async (sel: string): Promise<string[]> => (await store.list({ labelSelector: sel })).map((j) => j.metadata.name).sort();
      const moved = await store.get('m1');
      moved.metadata.labels!['prow.k8s.io/refs.pull'] = '2';
      moved.metadata.labels!.extra = 'x';
      await store.update(moved);
      expect(await names('prow.k8s.io/refs.pull=1')).toEqual(['m2']);
      expect(await names('prow.k8s.io/refs.pull=2')).toEqual(['m1']);
      expect(await names('prow.k8s.io/refs.pull=2,extra=x')).toEqual(['m1']);
      expect(await names('prow.k8s.io/refs.pull=1,extra=x')).toEqual([]);
      const back = await store.get('m1');
      delete back.metadata.labels!.extra;
      await store.update(back);
      expect(await names('extra=x')).toEqual([]);
      await store.delete('m2');
      expect(await names('prow.k8s.io/refs.pull=1')).toEqual([]);
      await store.create(sampleJob('m2', { 'prow.k8s.io/refs.pull': '3' }));
      expect(await names('prow.k8s.io/refs.pull=3')).toEqual(['m2']);
      expect(await names('prow.k8s.io/job=unit')).toEqual(['m1', 'm2']);
    });

    it('deletes', async () => {
      await store.create(sampleJob('d1'));
      await store.delete('d1');
      await expect(store.get('d1')).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.list()).toEqual([]);
      await store.create(sampleJob('d1'));
      expect((await store.get('d1')).metadata.name).toBe('d1');
    });

    it('watches: ADDED for existing jobs, then ADDED, MODIFIED and DELETED in order', async () => {
      await store.create(sampleJob('w0'));
      const events: WatchEvent[] = [];
      const w = store.watch({}, (ev) => events.push(ev));
      try {
        await until(() => events.length === 1, 'initial ADDED');
        expect(events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'w0' } } });
        const created = await store.create(sampleJob('w1'));
        const edit = structuredClone(created);
        edit.status.state = 'pending';
        await store.update(edit);
        await store.delete('w1');
        await until(() => events.length === 4, 'three more events');
        expect(events.slice(1).map((e) => [e.type, e.object.metadata.name])).toEqual([
          ['ADDED', 'w1'],
          ['MODIFIED', 'w1'],
          ['DELETED', 'w1'],
        ]);
        expect(events[2]!.object.status.state).toBe('pending');
        const rvs = events.slice(1).map((e) => BigInt(e.object.metadata.resourceVersion!));
        expect(rvs[1]! > rvs[0]! && rvs[2]! > rvs[1]!).toBe(true);
      } finally {
        w.stop();
      }
    });

    it('watches with a label selector, including jobs moving in and out of it', async () => {
      const events: WatchEvent[] = [];
      const w = store.watch({ labelSelector: 'team=a' }, (ev) => events.push(ev));
      try {
        await store.create(sampleJob('s1', { team: 'b' }));
        const s2 = await store.create(sampleJob('s2', { team: 'a' }));
        const moved = structuredClone(s2);
        moved.metadata.labels!.team = 'b';
        await store.update(moved);
        await until(() => events.length === 2, 'ADDED then DELETED for s2');
        expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
          ['ADDED', 's2'],
          ['DELETED', 's2'],
        ]);
      } finally {
        w.stop();
      }
    });

    it('resumes a watch from a resourceVersion', async () => {
      const a = await store.create(sampleJob('r1'));
      const edit = structuredClone(a);
      edit.status.state = 'pending';
      await store.update(edit);
      await store.create(sampleJob('r2'));
      const events: WatchEvent[] = [];
      const w = store.watch({ resourceVersion: a.metadata.resourceVersion }, (ev) => events.push(ev));
      try {
        await until(() => events.length === 2, 'the two changes after r1 was created');
        expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
          ['MODIFIED', 'r1'],
          ['ADDED', 'r2'],
        ]);
      } finally {
        w.stop();
      }
    });

    it('reports a resourceVersion too old to resume from as GoneError', async () => {
      const errors: Error[] = [];
      const w = store.watch({ resourceVersion: '1' }, () => {}, (e) => errors.push(e));
      try {
        await until(() => errors.length > 0, 'GoneError');
        expect(errors[0]).toBeInstanceOf(GoneError);
      } finally {
        w.stop();
      }
    });

    it('resyncs: re-delivers every matching job as MODIFIED with its resourceVersion unchanged', async () => {
      const created = await store.create(sampleJob('rs1', { team: 'a' }));
      await store.create(sampleJob('rs2', { team: 'b' }));
      const events: WatchEvent[] = [];
      const w = store.watch({ labelSelector: 'team=a', resyncMs: 50 }, (ev) => events.push(ev));
      try {
        await until(() => events.filter((e) => e.type === 'MODIFIED').length >= 2, 'two resyncs');
        expect(events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'rs1' } } });
        for (const e of events) {
          expect(e.object.metadata.name).toBe('rs1');
          expect(e.object.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
        }
      } finally {
        w.stop();
      }
    });

    it('stops delivering after stop()', async () => {
      const events: WatchEvent[] = [];
      const w = store.watch({}, (ev) => events.push(ev));
      await store.create(sampleJob('st1'));
      await until(() => events.length === 1, 'ADDED');
      w.stop();
      await store.create(sampleJob('st2'));
      // A second watch sees st2, so the first had the chance to see it as well.
      const seen: WatchEvent[] = [];
      const w2 = store.watch({}, (ev) => seen.push(ev));
      await until(() => seen.length === 2, 'second watch');
      w2.stop();
      expect(events).toHaveLength(1);
    });

    it('updateWithRetry reapplies a change after conflicts from concurrent updaters', async () => {
      await store.create(sampleJob('cnt', { count: '0' }));
      const bump = (): Promise<ProwJob> =>
        updateWithRetry(store, 'cnt', (j) => {
          j.metadata.labels!.count = String(Number(j.metadata.labels!.count) + 1);
        }, { attempts: 100, backoffMs: 1 });
      await Promise.all(Array.from({ length: 20 }, bump));
      expect((await store.get('cnt')).metadata.labels!.count).toBe('20');
    });

    it('updateWithRetry starts from the copy it is given, and from the stored job once that copy is stale', async () => {
      const v1 = await store.create(sampleJob('given', { count: '0' }));
      const bump = (j: ProwJob): void => {
        j.metadata.labels!.count = String(Number(j.metadata.labels!.count) + 1);
      };
      const seen: string[] = [];
      const v2 = await updateWithRetry(store, 'given', (j) => {
        seen.push(j.metadata.resourceVersion!);
        bump(j);
      }, { current: structuredClone(v1) });
      expect(seen).toEqual([v1.metadata.resourceVersion]);
      seen.length = 0;
      await updateWithRetry(store, 'given', (j) => {
        seen.push(j.metadata.resourceVersion!);
        bump(j);
      }, { current: structuredClone(v1), backoffMs: 1 });
      expect(seen).toEqual([v1.metadata.resourceVersion, v2.metadata.resourceVersion]);
      expect((await store.get('given')).metadata.labels!.count).toBe('2');
    });

    it('updateWithRetry skips the update when mutate returns false', async () => {
      const created = await store.create(sampleJob('skip'));
      const out = await updateWithRetry(store, 'skip', () => false);
      expect(out.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    });

    it('rejects an invalid label selector', async () => {
      await expect(store.list({ labelSelector: 'a in (b' })).rejects.toThrow(/selector/);
    });
  });
}
