// watchWithRecovery against the real file store reopened on the same directory: the resourceVersion read from
// the first store is too old for the second (GoneError), and the watch recovers by listing and watching afresh.
import { afterEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { FileProwJobStore } from '../../../src/store/file.js';
import { watchWithRecovery } from '../../../src/store/recovering-watch.js';
import { GoneError, type Watch, type WatchEvent } from '../../../src/store/types.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { sampleJob, until } from './contract.js';

const lines: string[] = [];
const logger = createRootLogger({ level: 'info', stream: new Writable({ write: (c: Buffer, _e, cb) => (lines.push(c.toString()), cb()) }) });
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  lines.length = 0;
});

async function open(dir: string): Promise<FileProwJobStore> {
  const store = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 0 });
  cleanups.push(() => store.close());
  return store;
}

describe('watchWithRecovery', () => {
  it('recovers from a resourceVersion the reopened store cannot resume from', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recovering-watch-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const first = await open(dir);
    await first.create(sampleJob('kept'));
    await first.create(sampleJob('removed'));
    const listed = await first.list();
    // The older of the two: the reopened store's history starts at the newer, so this one cannot resume.
    const rv = String(Math.min(...listed.map((j) => Number(j.metadata.resourceVersion))));
    await first.close();

    const second = await open(dir);
    await second.delete('removed');
    // The plain watch cannot resume: that is what the helper recovers from.
    const gone = await new Promise<Error>((resolve) => {
      const w = second.watch({ resourceVersion: rv }, () => {}, (e) => (w.stop(), resolve(e)));
    });
    expect(gone).toBeInstanceOf(GoneError);

    const events: WatchEvent[] = [];
    const watch: Watch = watchWithRecovery(second, { resourceVersion: rv, listed, logger }, (ev) => events.push(ev));
    cleanups.push(() => watch.stop());
    await until(() => events.length >= 2, 'the recovery events');
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['DELETED removed', 'ADDED kept']);

    await second.create(sampleJob('new'));
    await until(() => events.some((e) => e.object.metadata.name === 'new'), 'the job created after the recovery');
    expect(events.at(-1)).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'new' } } });
    expect(lines.join('')).toContain('prowjob watch cannot resume; listing again');
  });

  it('resumes from the newest resourceVersion on disk after a reopen, without a relist', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recovering-watch-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const first = await open(dir);
    await first.create(sampleJob('one'));
    const last = await first.create(sampleJob('two'));
    await first.close();

    const second = await open(dir);
    const events: WatchEvent[] = [];
    const watch = watchWithRecovery(second, { resourceVersion: last.metadata.resourceVersion, listed: await second.list(), logger }, (ev) => events.push(ev));
    cleanups.push(() => watch.stop());
    await second.create(sampleJob('three'));
    await until(() => events.length >= 1, 'the job created after the reopen');
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED three']);
    expect(lines.join('')).not.toContain('listing again');
  });

  it('resumes without a relist when the resourceVersion is still in the history', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recovering-watch-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const store = await open(dir);
    const a = await store.create(sampleJob('a'));
    await store.create(sampleJob('b'));
    const events: WatchEvent[] = [];
    const watch = watchWithRecovery(store, { resourceVersion: a.metadata.resourceVersion, listed: [a], logger }, (ev) => events.push(ev));
    cleanups.push(() => watch.stop());
    await until(() => events.length >= 1, 'the change after the resourceVersion');
    await store.delete('a');
    await until(() => events.length >= 2, 'the delete');
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED b', 'DELETED a']);
    expect(lines.join('')).not.toContain('listing again');
  });

  it('stops: no events after stop, even from a recovery in progress', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recovering-watch-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const first = await open(dir);
    await first.create(sampleJob('x'));
    await first.close();
    const second = await open(dir);
    const events: WatchEvent[] = [];
    const watch = watchWithRecovery(second, { resourceVersion: '1', logger }, (ev) => events.push(ev));
    watch.stop();
    await second.create(sampleJob('y'));
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual([]);
  });
});
