import { afterEach, describe, expect, it, jest } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileProwJobStore, QUARANTINE_DIR } from '../../../src/store/file.js';
import type { WatchEvent } from '../../../src/store/types.js';
import { runStoreContract, sampleJob, until } from './contract.js';
import { prepareChild, runChild } from './child-store.js';

const temps: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'prow-filestore-'));
  temps.push(d);
  return d;
}
afterEach(() => {
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

runStoreContract('file', async () => {
  const dir = tempDir();
  return { store: await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 0 }), cleanup: async () => {} };
});

describe('file store on disk', () => {
  it('keeps one JSON file per job and reloads them; resourceVersions keep growing across restarts', async () => {
    const dir = tempDir();
    const s1 = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 0 });
    const a = await s1.create(sampleJob('persist'));
    await s1.create(sampleJob('gone'));
    await s1.delete('gone');
    await s1.close();
    expect(fs.readdirSync(dir).filter((f) => !f.startsWith('.'))).toEqual(['persist.json']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'persist.json'), 'utf8'))).toEqual(a);

    const s2 = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 0 });
    try {
      expect(await s2.get('persist')).toEqual(a);
      expect((await s2.list({ labelSelector: 'prow.k8s.io/job=unit' })).map((j) => j.metadata.name)).toEqual(['persist']);
      const b = await s2.create(sampleJob('later'));
      expect(BigInt(b.metadata.resourceVersion!)).toBeGreaterThan(BigInt(a.metadata.resourceVersion!));
      expect(s2.quarantined).toEqual([]);
    } finally {
      await s2.close();
    }
  });

  it('quarantines broken files at open and keeps going', async () => {
    const dir = tempDir();
    const s1 = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 0 });
    await s1.create(sampleJob('good'));
    await s1.close();
    fs.writeFileSync(path.join(dir, 'torn.json'), '{"apiVersion":"prow.k8s.io/v1","kind":"Pro');
    fs.writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'other' } }));
    fs.writeFileSync(path.join(dir, 'renamed.json'), JSON.stringify({ ...sampleJob('not-renamed'), metadata: { name: 'not-renamed', resourceVersion: '5' } }));
    fs.writeFileSync(path.join(dir, '.tmp', 'good-1-abcd'), 'partial');
    const old = new Date(Date.now() - 3600_000);
    fs.utimesSync(path.join(dir, '.tmp', 'good-1-abcd'), old, old);

    const s2 = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 0 });
    try {
      expect((await s2.list()).map((j) => j.metadata.name)).toEqual(['good']);
      expect(s2.quarantined.map((q) => q.file).sort()).toEqual(['other.json', 'renamed.json', 'torn.json']);
      expect(s2.quarantined.find((q) => q.file === 'torn.json')!.reason).toMatch(/not JSON/);
      const moved = fs.readdirSync(path.join(dir, QUARANTINE_DIR));
      expect(moved).toHaveLength(3);
      expect(fs.readFileSync(path.join(dir, QUARANTINE_DIR, moved.find((m) => m.startsWith('torn.json'))!), 'utf8')).toContain('"Pro');
      expect(fs.existsSync(path.join(dir, '.tmp', 'good-1-abcd'))).toBe(false);
    } finally {
      await s2.close();
    }
  });

  it('resumes watches only as far back as its history reaches', async () => {
    const store = await FileProwJobStore.open({ dir: tempDir(), namespace: 'default', pollIntervalMs: 0, historySize: 5 });
    try {
      const first = await store.create(sampleJob('h0'));
      for (let i = 1; i < 20; i++) await store.create(sampleJob(`h${i}`));
      const errors: Error[] = [];
      const old = store.watch({ resourceVersion: first.metadata.resourceVersion }, () => {}, (e) => errors.push(e));
      await until(() => errors.length === 1, 'GoneError');
      old.stop();
      expect(errors[0]!.name).toBe('GoneError');
      const recent = (await store.get('h17')).metadata.resourceVersion;
      const events: string[] = [];
      const w = store.watch({ resourceVersion: recent }, (ev) => events.push(ev.object.metadata.name));
      await until(() => events.length === 2, 'the two newer jobs');
      w.stop();
      expect(events).toEqual(['h18', 'h19']);
    } finally {
      await store.close();
    }
  });

  it('refuses names that are not Kubernetes object names', async () => {
    const store = await FileProwJobStore.open({ dir: tempDir(), namespace: 'default', pollIntervalMs: 0 });
    try {
      await expect(store.create(sampleJob('../escape'))).rejects.toThrow(/invalid prowjob name/);
      await expect(store.create(sampleJob('Upper'))).rejects.toThrow(/invalid prowjob name/);
    } finally {
      await store.close();
    }
  });

  it('knows which jobs are finished from the files it reads: at open and after another writer\'s change', async () => {
    const dir = tempDir();
    const writer = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 0, notify: false });
    const open = await writer.create(sampleJob('open'));
    const done = sampleJob('done');
    done.status = { state: 'failure', startTime: '2026-01-01T00:00:00Z', completionTime: '2026-01-01T00:01:00Z' };
    await writer.create(done);
    const reader = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 50 });
    const events: WatchEvent[] = [];
    const w = reader.watch({ resourceVersion: reader.resourceVersion }, (ev) => events.push(ev));
    try {
      expect((await reader.list({ unfinished: true })).map((j) => j.metadata.name)).toEqual(['open']);
      open.status.state = 'aborted';
      await writer.update(open);
      await until(() => events.some((e) => e.object.status.state === 'aborted'), 'the reader to see the update');
      expect(await reader.list({ unfinished: true })).toEqual([]);
      expect((await reader.list()).map((j) => j.metadata.name).sort()).toEqual(['done', 'open']);
    } finally {
      w.stop();
      await reader.close();
      await writer.close();
    }
  });

  it('sees jobs created, changed and deleted by another process', async () => {
    const dir = tempDir();
    const store = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 200 });
    const events: WatchEvent[] = [];
    const w = store.watch({}, (ev) => events.push(ev));
    const child = prepareChild(`
      import { FileProwJobStore } from './src/store/file.js';
      const [dir, job] = process.argv.slice(2);
      const s = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 0 });
      const created = await s.create(JSON.parse(job));
      created.status.state = 'pending';
      await s.update(created);
      await s.create({ ...JSON.parse(job), metadata: { name: 'from-child-2' } });
      await s.delete('from-child-2');
      await s.close();
    `);
    temps.push(child.dir);
    try {
      const proc = runChild(child.entry, [dir, JSON.stringify(sampleJob('from-child'))]);
      let stderr = '';
      proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((r) => proc.on('exit', r));
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      await until(() => events.some((e) => e.object.metadata.name === 'from-child' && e.object.status.state === 'pending'), 'the child job as pending');
      // from-child-2 lived briefly: a watcher sees it come and go, or (notified late) never sees it; never a leftover.
      await until(() => {
        const seen = events.filter((e) => e.object.metadata.name === 'from-child-2');
        return seen.length === 0 || seen[seen.length - 1]!.type === 'DELETED';
      }, 'from-child-2 settled');
      expect((await store.get('from-child')).status.state).toBe('pending');
      await expect(store.get('from-child-2')).rejects.toThrow(/not found/);
      expect((await store.list({ labelSelector: 'prow.k8s.io/job=unit' })).map((j) => j.metadata.name)).toEqual(['from-child']);
      // The store takes over the job: its own update goes on from the child's resourceVersion.
      const j = await store.get('from-child');
      j.status.state = 'success';
      const updated = await store.update(j);
      expect(BigInt(updated.metadata.resourceVersion!)).toBeGreaterThan(BigInt(j.metadata.resourceVersion!));
    } finally {
      w.stop();
      await store.close();
    }
  });

  it('finds other writers\' changes by scanning when there is no change notification', async () => {
    const dir = tempDir();
    const store = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 50, notify: false });
    const other = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 0, notify: false });
    const events: WatchEvent[] = [];
    const w = store.watch({}, (ev) => events.push(ev));
    try {
      const made = await other.create(sampleJob('scanned'));
      await until(() => events.some((e) => e.type === 'ADDED' && e.object.metadata.name === 'scanned'), 'ADDED by scan');
      made.status.state = 'pending';
      await other.update(made);
      await until(() => events.some((e) => e.type === 'MODIFIED' && e.object.status.state === 'pending'), 'MODIFIED by scan');
      await other.delete('scanned');
      await until(() => events.some((e) => e.type === 'DELETED'), 'DELETED by scan');
    } finally {
      w.stop();
      await other.close();
      await store.close();
    }
  });

  it('stats every job only on every twelfth scan while fs.watch works, and still finds files removed unnotified', async () => {
    const dir = tempDir();
    const seed = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 0, notify: false });
    for (const n of ['a', 'b', 'c']) await seed.create(sampleJob(n));
    await seed.close();
    const stats = jest.spyOn(fs, 'statSync');
    const readdirs = jest.spyOn(fs, 'readdirSync');
    const store = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 5 });
    const events: WatchEvent[] = [];
    const w = store.watch({}, (ev) => events.push(ev));
    try {
      readdirs.mockClear();
      stats.mockClear();
      const scansOf = () => readdirs.mock.calls.filter(([d]) => d === dir).length;
      await until(() => scansOf() >= 24, '24 scans');
      const scans = scansOf();
      const jobStats = stats.mock.calls.filter(([f]) => String(f).startsWith(dir + path.sep)).length;
      // The scans after the first full one compare names; stat rounds are 1 + floor((scans - 1) / 12) at most.
      expect(jobStats).toBeGreaterThan(0);
      expect(jobStats).toBeLessThanOrEqual(3 * (1 + Math.floor(scans / 12)));
      // A removal fs.watch does not report (the watcher is closed here) is still found by the name comparison.
      (store as unknown as { fsWatcher: fs.FSWatcher }).fsWatcher.close();
      fs.unlinkSync(path.join(dir, 'b.json'));
      await until(() => events.some((e) => e.type === 'DELETED' && e.object.metadata.name === 'b'), 'DELETED by scan');
    } finally {
      stats.mockRestore();
      readdirs.mockRestore();
      w.stop();
      await store.close();
    }
  });

  it('leaves the old or the new object when a writer is killed mid-writes', async () => {
    const dir = tempDir();
    const seed = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 0 });
    for (let i = 0; i < 20; i++) await seed.create(sampleJob(`crash-${i}`));
    await seed.close();
    const child = prepareChild(`
      import { FileProwJobStore } from './src/store/file.js';
      const s = await FileProwJobStore.open({ dir: process.argv[2], namespace: 'default', pollIntervalMs: 0 });
      let n = 0;
      const loop = async (i) => {
        for (;;) {
          const j = await s.get('crash-' + i);
          j.metadata.labels.n = String(++n);
          j.spec.rerun_command = 'x'.repeat(1000 + (n % 5000));
          await s.update(j);
          if (n === 200) process.stdout.write('busy\\n');
        }
      };
      for (let i = 0; i < 20; i++) loop(i);
    `);
    temps.push(child.dir);
    const proc = runChild(child.entry, [dir]);
    await new Promise<void>((resolve, reject) => {
      proc.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('busy')) resolve();
      });
      proc.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    proc.kill('SIGKILL');
    await new Promise((r) => proc.on('exit', r));

    const after = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 0 });
    try {
      expect(after.quarantined).toEqual([]);
      const jobs = await after.list();
      expect(jobs).toHaveLength(20);
      expect(jobs.some((j) => j.metadata.labels!.n !== undefined)).toBe(true);
      for (const j of jobs) expect(j.spec.job).toBe('unit');
    } finally {
      await after.close();
    }
  });

  it('keeps the last update when many updaters race on one job', async () => {
    const store = await FileProwJobStore.open({ dir: tempDir(), namespace: 'default', pollIntervalMs: 0 });
    try {
      const created = await store.create(sampleJob('race'));
      const attempts = Array.from({ length: 10 }, (_, i) => {
        const j = structuredClone(created);
        j.status.description = `writer ${i}`;
        return store.update(j).then(
          () => 'ok',
          (e: Error) => e.name,
        );
      });
      const results = await Promise.all(attempts);
      expect(results.filter((r) => r === 'ok')).toHaveLength(1);
      expect(results.filter((r) => r === 'ConflictError')).toHaveLength(9);
      const winner = results.indexOf('ok');
      expect((await store.get('race')).status.description).toBe(`writer ${winner}`);
      const onDisk = JSON.parse(fs.readFileSync(path.join(store.dir, 'race.json'), 'utf8'));
      expect(onDisk.status.description).toBe(`writer ${winner}`);
    } finally {
      await store.close();
    }
  });
});
