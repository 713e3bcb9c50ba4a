// yuks: /joke through the configured endpoint; the joke is escaped; a down or junk API gets one clear reply.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { yuks } from '../../../plugins/yuks/index.js';
import { replyText, say, startFun, type FunSetup } from '../../support/fun-plugin.js';

describe('yuks', () => {
  let s: FunSetup;
  beforeAll(async () => {
    s = await startFun(yuks, (base) => `yuks:\n  endpoint: ${base}/joke\n`);
  });
  afterAll(() => s.stop());

  it('/joke replies once with the joke, Markdown and HTML escaped', async () => {
    const { out, posted } = await say(s.ok, '/joke');
    expect(out.errors).toEqual([]);
    expect(posted).toHaveLength(1);
    expect(replyText(posted[0]!)).toBe('@alice: Why did the &#60;b&#62;robot&#60;&#47;b&#62; cross &#91;the&#93;&#40;road&#41;? &#42;Because&#42;');
    expect(s.apis.requests.filter((r) => r.startsWith('GET /joke'))).toHaveLength(1);
  });

  it('two /joke lines in one comment still post one joke', async () => {
    const { posted } = await say(s.ok, '/joke\n/joke');
    expect(posted).toHaveLength(1);
  });

  it('an API answering junk gets one clear reply after the retries', async () => {
    s.apis.mode = 'junk';
    try {
      const { out, posted } = await say(s.ok, '/joke');
      expect(out.errors).toEqual([]);
      expect(posted.map(replyText)).toEqual([`@alice: ${s.apis.url} appears to be down: no joke this time.`]);
    } finally {
      s.apis.mode = 'ok';
    }
  });

  it('an unreachable API (offline) gets one clear reply', async () => {
    const { out, posted } = await say(s.down, '/joke');
    expect(out.errors).toEqual([]);
    expect(posted.map(replyText)).toEqual([`@alice: ${s.apis.downUrl} appears to be down: no joke this time.`]);
  });

  it('other comments are ignored', async () => {
    const { out } = await say(s.ok, 'tell me a /joke');
    expect(out.writes).toEqual([]);
  });
});
