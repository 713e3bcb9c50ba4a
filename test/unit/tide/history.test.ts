// Tide's history: newest first, 1,000 records per pool at most, upstream's JSON fields, kept in a file.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { History, historyFile } from '../../../roles/tide/history.js';

describe('History', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tide-history-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the newest records first, at most the limit per pool, and reloads them from its file', async () => {
    const file = path.join(dir, 'sub', 'history.json');
    const h = new History(file, 3);
    for (let i = 0; i < 5; i++) h.record('o/r:main', i % 2 ? 'MERGE' : 'TRIGGER', `sha${i}`, i === 4 ? 'boom' : '', [{ number: i, author: 'a', sha: `h${i}` }], new Date(Date.UTC(2026, 0, 1, 0, i)));
    h.record('o/r:rel', 'MERGE_BATCH', 'x', '', []);
    const all = h.all();
    expect(all['o/r:main']!.map((r) => r.baseSHA)).toEqual(['sha4', 'sha3', 'sha2']);
    expect(all['o/r:main']![0]).toEqual({ time: '2026-01-01T00:04:00.000Z', action: 'TRIGGER', baseSHA: 'sha4', target: [{ number: 4, author: 'a', sha: 'h4' }], err: 'boom', tenantids: [''] });
    expect(all['o/r:rel']![0]).not.toHaveProperty('target');
    await h.flush();
    const again = new History(file, 3);
    await again.load();
    expect(again.all()).toEqual(all);
  });

  it('starts empty without a file and refuses a file that is not JSON', async () => {
    const empty = new History(path.join(dir, 'none.json'));
    await empty.load();
    expect(empty.all()).toEqual({});
    writeFileSync(path.join(dir, 'bad.json'), '{nope');
    await expect(new History(path.join(dir, 'bad.json')).load()).rejects.toThrow(SyntaxError);
  });

  it.each<[string | undefined, string | undefined]>([[undefined, undefined], ['/var/lib/tide/h.json', '/var/lib/tide/h.json'], ['file:///tmp/h.json', '/tmp/h.json']])('--history-uri %s → %s', (uri, want) => {
    expect(historyFile(uri)).toBe(want);
  });

  it('names the schemes it does not support', () => {
    expect(() => historyFile('gs://bucket/history.json')).toThrow('--history-uri: only a file path or file:// URL is supported, not gs://bucket/history.json');
  });
});
