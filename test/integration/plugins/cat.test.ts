// cat: /meow and /meowvie through the configured endpoint, with category and the key from key_path.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cat } from '../../../plugins/cat/index.js';
import { replyText, say, startFun, type FunSetup } from '../../support/fun-plugin.js';

describe('cat', () => {
  let s: FunSetup;
  beforeAll(async () => {
    const keyPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'cat-key-')), 'key');
    writeFileSync(keyPath, 'sekrit\n');
    s = await startFun(cat, (base) => `cat:\n  endpoint: ${base}/cat?format=json\n  key_path: ${keyPath}\n`);
  });
  afterAll(() => s.stop());

  it('/meowvie caturday asks for a GIF of the category with the key and posts it', async () => {
    const { out, posted } = await say(s.ok, '/meowvie caturday');
    expect(out.errors).toEqual([]);
    expect(posted.map(replyText)).toEqual([`@alice: ![cat image](${s.apis.url}/img/cat.gif)`]);
    expect(s.apis.requests).toContain('GET /cat?format=json&category=caturday&api_key=sekrit&mime_types=gif');
  });

  it('a category with no cats gets upstream\'s bad-category reply', async () => {
    const { posted } = await say(s.ok, '/meow bad');
    expect(posted.map(replyText)).toEqual(['@alice: Bad category. Please see https://api.thecatapi.com/api/categories/list']);
  });

  it('an API answering junk, or not at all, gets one clear reply', async () => {
    s.apis.mode = 'junk';
    try {
      expect((await say(s.ok, '/meow')).posted.map(replyText)).toEqual([`@alice: ${s.apis.url} appears to be down`]);
    } finally {
      s.apis.mode = 'ok';
    }
    expect((await say(s.down, '/meow')).posted.map(replyText)).toEqual([`@alice: ${s.apis.downUrl} appears to be down`]);
  });
});
