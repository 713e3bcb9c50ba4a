// The GCS backend through the official client against a small GCS JSON API server (its apiEndpoint option).
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GCSStorage } from '../../../src/storage/gcs.js';
import { ObjectNotFoundError } from '../../../src/storage/types.js';
import { startFakeGCS, type FakeGCS } from './fake-gcs.js';

let gcs: FakeGCS;
let dir: string;
beforeAll(async () => {
  gcs = await startFakeGCS('kubernetes-jenkins');
  dir = await mkdtemp(path.join(os.tmpdir(), 'gcs-'));
});
afterAll(async () => {
  await gcs.close();
  await rm(dir, { recursive: true, force: true });
});

describe('GCSStorage', () => {
  it('writes, uploads, reads ranges, stats, streams and lists', async () => {
    const storage = new GCSStorage('kubernetes-jenkins', { apiEndpoint: gcs.endpoint });
    expect(storage.url).toBe('gs://kubernetes-jenkins');
    await storage.write('pr-logs/pull/o_r/1/job/7/finished.json', '{"passed":true}', { contentType: 'application/json' });
    const local = path.join(dir, 'junit.xml');
    await writeFile(local, '<testsuite/>');
    await storage.upload('pr-logs/pull/o_r/1/job/7/artifacts/junit.xml', local);
    expect(gcs.objects.get('pr-logs/pull/o_r/1/job/7/finished.json')?.contentType).toBe('application/json');
    expect((await storage.read('pr-logs/pull/o_r/1/job/7/finished.json')).toString()).toBe('{"passed":true}');
    expect((await storage.read('pr-logs/pull/o_r/1/job/7/finished.json', { offset: 1, length: 8 })).toString()).toBe('"passed"');
    expect((await storage.stat('pr-logs/pull/o_r/1/job/7/artifacts/junit.xml'))?.size).toBe(12);
    expect(await storage.stat('nope')).toBeUndefined();
    await expect(storage.read('nope')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(storage.stream('nope')).rejects.toBeInstanceOf(ObjectNotFoundError);
    const chunks: Buffer[] = [];
    for await (const c of await storage.stream('pr-logs/pull/o_r/1/job/7/artifacts/junit.xml')) chunks.push(Buffer.from(c as Uint8Array));
    expect(Buffer.concat(chunks).toString()).toBe('<testsuite/>');
    expect((await storage.list('pr-logs/pull/o_r/1/job/7/', { delimiter: '/' })).map((e) => e.key)).toEqual([
      'pr-logs/pull/o_r/1/job/7/artifacts/',
      'pr-logs/pull/o_r/1/job/7/finished.json',
    ]);
    expect((await storage.list('pr-logs/')).map((e) => e.key)).toHaveLength(2);
  });
});
