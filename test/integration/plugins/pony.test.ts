// pony: /pony [name] through the configured endpoint; image URLs made safe for Markdown; clear replies on failure.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pony } from '../../../plugins/pony/index.js';
import { replyText, say, startFun, type FunSetup } from '../../support/fun-plugin.js';

describe('pony', () => {
  let s: FunSetup;
  beforeAll(async () => {
    s = await startFun(pony, (base) => `pony:\n  endpoint: ${base}/pony\n`);
  });
  afterAll(() => s.stop());

  it('/pony Twilight Sparkle asks for that pony and links the image, escaped', async () => {
    const { out, posted } = await say(s.ok, '/pony Twilight Sparkle');
    expect(out.errors).toEqual([]);
    expect(posted.map(replyText)).toEqual([`@alice: [![pony image](${s.apis.url}/img/pony-small.png)](${s.apis.url}/img/pony%20%28full%29.png)`]);
    expect(s.apis.requests).toContain('GET /pony?q=Twilight%20Sparkle');
  });

  it('a pony that is not found gets upstream\'s reply', async () => {
    const { posted } = await say(s.ok, '/pony nobody');
    expect(posted.map(replyText)).toEqual(["@alice: Couldn't find a pony matching given tag(s)."]);
  });

  it('an unreachable API gets one clear reply', async () => {
    const { out, posted } = await say(s.down, '/pony');
    expect(out.errors).toEqual([]);
    expect(posted.map(replyText)).toEqual([`@alice: ${s.apis.downUrl} appears to be down`]);
  });
});
