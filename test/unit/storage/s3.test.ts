// The S3 backend through the real AWS SDK against a small S3-compatible server: upstream's s3-credentials file
// (custom endpoint, insecure, path-style), writes, uploads, ranged reads, stat, listing.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readS3Credentials, s3ClientConfig } from '../../../src/storage/s3.js';
import { StorageClients } from '../../../src/storage/open.js';
import { ObjectNotFoundError } from '../../../src/storage/types.js';
import { redact } from '../../../src/runtime/logger.js';
import { startFakeS3, type FakeS3 } from './fake-s3.js';

let s3: FakeS3;
let dir: string;
let credsFile: string;

beforeAll(async () => {
  s3 = await startFakeS3('prow-logs');
  dir = await mkdtemp(path.join(os.tmpdir(), 's3-'));
  credsFile = path.join(dir, 'service-account.json');
  await writeFile(credsFile, JSON.stringify({ region: 'minio', access_key: 'AKIAMINIOEXAMPLE', secret_key: 'minio-secret-value-123', endpoint: s3.endpoint, insecure: true, s3_force_path_style: true }));
});
afterAll(async () => {
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

describe('S3Storage', () => {
  it('reads upstream\'s credentials file and registers the secret', () => {
    const creds = readS3Credentials(credsFile);
    const cfg = s3ClientConfig(creds);
    expect(cfg).toMatchObject({ region: 'minio', endpoint: `http://${s3.endpoint}`, forcePathStyle: true });
    expect(redact('key minio-secret-value-123')).toBe('key [REDACTED]');
  });

  it('writes, uploads, reads ranges, stats, streams and lists through a custom endpoint', async () => {
    const storage = new StorageClients(dir, { s3CredentialsFile: credsFile }).open('s3://prow-logs');
    expect(storage.provider).toBe('s3'); // the SDK loads on first use, behind a LazyBlobStorage
    expect(storage.url).toBe('s3://prow-logs');
    await storage.write('logs/job/1/build-log.txt', 'hello world', { contentType: 'text/plain' });
    const local = path.join(dir, 'artifact.txt');
    await writeFile(local, 'artifact body');
    await storage.upload('logs/job/1/artifacts/a.txt', local);
    await storage.write('logs/job/2/started.json', '{}');
    expect(s3.objects.get('logs/job/1/artifacts/a.txt')?.toString()).toBe('artifact body');
    // Path-style requests: /<bucket>/<key> on the endpoint.
    expect(s3.requests.some((r) => r.method === 'PUT' && r.url.startsWith('/prow-logs/logs/job/1/build-log.txt'))).toBe(true);
    expect((await storage.read('logs/job/1/build-log.txt')).toString()).toBe('hello world');
    expect((await storage.read('logs/job/1/build-log.txt', { offset: 6 })).toString()).toBe('world');
    expect((await storage.read('logs/job/1/build-log.txt', { offset: 0, length: 5 })).toString()).toBe('hello');
    expect((await storage.read('logs/job/1/build-log.txt', { offset: 100 })).length).toBe(0);
    expect((await storage.stat('logs/job/1/build-log.txt'))?.size).toBe(11);
    expect(await storage.stat('logs/job/1/nope')).toBeUndefined();
    await expect(storage.read('logs/job/1/nope')).rejects.toBeInstanceOf(ObjectNotFoundError);
    const chunks: Buffer[] = [];
    for await (const c of await storage.stream('logs/job/1/artifacts/a.txt', { offset: 9 })) chunks.push(Buffer.from(c as Uint8Array));
    expect(Buffer.concat(chunks).toString()).toBe('body');
    expect((await storage.list('logs/job/', { delimiter: '/' })).map((e) => e.key)).toEqual(['logs/job/1/', 'logs/job/2/']);
    expect((await storage.list('logs/job/1/')).map((e) => [e.key, e.size])).toEqual([
      ['logs/job/1/artifacts/a.txt', 13],
      ['logs/job/1/build-log.txt', 11],
    ]);
  });
});
