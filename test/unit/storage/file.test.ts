import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FileStorage } from '../../../src/storage/file.js';
import { ObjectNotFoundError } from '../../../src/storage/types.js';
import { StorageClients, parseBucket } from '../../../src/storage/open.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'storage-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileStorage', () => {
  it('writes, reads ranges, stats and streams objects', async () => {
    const s = new FileStorage(dir);
    await s.write('logs/job/1/build-log.txt', 'hello world');
    expect((await s.read('logs/job/1/build-log.txt')).toString()).toBe('hello world');
    expect((await s.read('logs/job/1/build-log.txt', { offset: 6 })).toString()).toBe('world');
    expect((await s.read('logs/job/1/build-log.txt', { offset: 0, length: 5 })).toString()).toBe('hello');
    expect((await s.read('logs/job/1/build-log.txt', { offset: 50 })).length).toBe(0);
    expect((await s.stat('logs/job/1/build-log.txt'))?.size).toBe(11);
    expect(await s.stat('logs/job/1/missing')).toBeUndefined();
    const chunks: Buffer[] = [];
    for await (const c of await s.stream('logs/job/1/build-log.txt', { offset: 2, length: 3 })) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('llo');
  });

  it('reports missing objects with ObjectNotFoundError', async () => {
    const s = new FileStorage(dir);
    await expect(s.read('nope.txt')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(s.stream('nope.txt')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('lists one level with a delimiter and everything without', async () => {
    const s = new FileStorage(dir);
    await s.write('logs/a/1/started.json', '{}');
    await s.write('logs/a/2/started.json', '{}');
    await s.write('logs/a/latest-build.txt', '2');
    await s.write('logs/b/1/started.json', '{}');
    expect((await s.list('logs/a/', { delimiter: '/' })).map((e) => e.key)).toEqual(['logs/a/1/', 'logs/a/2/', 'logs/a/latest-build.txt']);
    expect((await s.list('logs/')).map((e) => e.key)).toEqual([
      'logs/a/1/started.json',
      'logs/a/2/started.json',
      'logs/a/latest-build.txt',
      'logs/b/1/started.json',
    ]);
    expect((await s.list('logs/a/la', { delimiter: '/' })).map((e) => e.key)).toEqual(['logs/a/latest-build.txt']);
    expect(await s.list('nothing/here/')).toEqual([]);
  });

  it('uploads local files and refuses keys leaving the root', async () => {
    const s = new FileStorage(dir);
    const src = path.join(dir, 'src.txt');
    await writeFile(src, 'artifact');
    await s.upload('x/artifacts/a.txt', src);
    expect((await s.read('x/artifacts/a.txt')).toString()).toBe('artifact');
    await expect(s.write('../escape.txt', 'x')).rejects.toThrow(/invalid object key/);
  });
});

describe('bucket names', () => {
  it('parses providers as upstream spells them', () => {
    expect(parseBucket('kubernetes-jenkins')).toEqual({ provider: 'gs', bucket: 'kubernetes-jenkins' });
    expect(parseBucket('gs://b')).toEqual({ provider: 'gs', bucket: 'b' });
    expect(parseBucket('s3://prow-logs/')).toEqual({ provider: 's3', bucket: 'prow-logs' });
    expect(parseBucket('file:///tmp/x')).toEqual({ provider: 'file', bucket: '/tmp/x' });
    expect(() => parseBucket('ftp://x')).toThrow(/unsupported storage provider/);
    expect(() => parseBucket('file://relative')).toThrow(/absolute/);
  });

  it('defaults to the data-dir bucket and caches clients', () => {
    const c = new StorageClients(dir);
    expect(c.defaultBucket).toBe(`file://${path.join(dir, 'storage')}`);
    expect(c.open()).toBe(c.open(c.defaultBucket));
    expect(c.open().provider).toBe('file');
  });
});
