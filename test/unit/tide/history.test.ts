// Tide's history: newest first, 1,000 records per pool at most, upstream's JSON fields, kept in a file, gs:// or s3://.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { History } from '../../../roles/tide/history.js';
import { GCSStorage } from '../../../src/storage/gcs.js';
import { openStoredObject } from '../../../src/storage/object-uri.js';
import { StorageClients } from '../../../src/storage/open.js';
import { startFakeGCS, type FakeGCS } from '../storage/fake-gcs.js';
import { startFakeS3, type FakeS3 } from '../storage/fake-s3.js';

describe('History', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tide-history-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const at = (file: string): ReturnType<typeof openStoredObject> => openStoredObject(file, new StorageClients(dir), '--history-uri');

  it('keeps the newest records first, at most the limit per pool, and reloads them from its file', async () => {
    const file = path.join(dir, 'sub', 'history.json');
    const h = new History(at(file), 3);
    for (let i = 0; i < 5; i++) h.record('o/r:main', i % 2 ? 'MERGE' : 'TRIGGER', `sha${i}`, i === 4 ? 'boom' : '', [{ number: i, author: 'a', sha: `h${i}` }], new Date(Date.UTC(2026, 0, 1, 0, i)));
    h.record('o/r:rel', 'MERGE_BATCH', 'x', '', []);
    const all = h.all();
    expect(all['o/r:main']!.map((r) => r.baseSHA)).toEqual(['sha4', 'sha3', 'sha2']);
    expect(all['o/r:main']![0]).toEqual({ time: '2026-01-01T00:04:00.000Z', action: 'TRIGGER', baseSHA: 'sha4', target: [{ number: 4, author: 'a', sha: 'h4' }], err: 'boom', tenantids: [''] });
    expect(all['o/r:rel']![0]).not.toHaveProperty('target');
    await h.flush();
    const again = new History(at(file), 3);
    await again.load();
    expect(again.all()).toEqual(all);
  });

  it('starts empty without a file and refuses a file that is not JSON', async () => {
    const empty = new History(at(path.join(dir, 'none.json')));
    await empty.load();
    expect(empty.all()).toEqual({});
    writeFileSync(path.join(dir, 'bad.json'), '{nope');
    await expect(new History(at(path.join(dir, 'bad.json'))).load()).rejects.toThrow(SyntaxError);
  });

  it('refuses a URI scheme it cannot store in, naming the flag', () => {
    expect(() => openStoredObject('ftp://host/history.json', { open: () => { throw new Error('not opened'); } }, '--history-uri'))
      .toThrow('--history-uri ftp://host/history.json: only a local path, file://, gs://bucket/key or s3://bucket/key is supported');
  });

  it('keeps the history in a file:// URL', async () => {
    const url = `file://${path.join(dir, 'url', 'h.json')}`;
    const h = new History(openStoredObject(url, new StorageClients(dir), '--history-uri'));
    h.record('o/r:main', 'MERGE', 'sha', '', []);
    await h.flush();
    const again = new History(openStoredObject(url, new StorageClients(dir), '--history-uri'));
    await again.load();
    expect(again.all()['o/r:main']![0]!.action).toBe('MERGE');
  });
});

describe('History in object storage', () => {
  let gcs: FakeGCS;
  let s3: FakeS3;
  let dir: string;
  let clients: StorageClients;
  beforeAll(async () => {
    gcs = await startFakeGCS('tide');
    s3 = await startFakeS3('tide');
    dir = mkdtempSync(path.join(os.tmpdir(), 'tide-history-os-'));
    const creds = path.join(dir, 's3.json');
    writeFileSync(creds, JSON.stringify({ region: 'minio', access_key: 'AKIAEXAMPLE', secret_key: 'tide-secret-123', endpoint: s3.endpoint, insecure: true, s3_force_path_style: true }));
    clients = new StorageClients(dir, { s3CredentialsFile: creds });
  });
  afterAll(async () => {
    await gcs.close();
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['gs', 's3'])('%s://bucket/key: starts empty, writes after a record, and a restart reads it back', async (scheme) => {
    // gs:// goes through the official client against the fake's endpoint; s3:// through the credentials file.
    const storage = { open: (spec?: string) => (spec === 'gs://tide' ? new GCSStorage('tide', { apiEndpoint: gcs.endpoint }) : clients.open(spec)) };
    const uri = `${scheme}://tide/tide-history.json`;
    const h = new History(openStoredObject(uri, storage, '--history-uri'));
    await h.load();
    expect(h.all()).toEqual({});
    h.record('o/r:main', 'TRIGGER_BATCH', 'base1', '', [{ number: 1, author: 'a', sha: 'h1' }]);
    await h.flush();
    const stored = scheme === 'gs' ? gcs.objects.get('tide-history.json')?.data : s3.objects.get('tide-history.json');
    expect(JSON.parse(stored!.toString())).toEqual(h.all());
    const again = new History(openStoredObject(uri, storage, '--history-uri'));
    await again.load();
    expect(again.all()).toEqual(h.all());
  });
});
