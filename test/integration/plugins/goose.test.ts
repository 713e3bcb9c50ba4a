// goose: /honk through the configured endpoint; upstream's reply when no goose can be found.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { goose } from '../../../plugins/goose/index.js';
import { replyText, say, startFun, type FunSetup } from '../../support/fun-plugin.js';

describe('goose', () => {
  let s: FunSetup;
  beforeAll(async () => {
    s = await startFun(goose, (base) => `goose:\n  endpoint: ${base}/goose?query=goose\n`);
  });
  afterAll(() => s.stop());

  it('/honk posts a goose', async () => {
    const { out, posted } = await say(s.ok, '/honk');
    expect(out.errors).toEqual([]);
    expect(posted.map(replyText)).toEqual([`@alice: \n![goose image](${s.apis.url}/img/goose.jpg)`]);
  });

  it('junk from the API, or no API, gets upstream\'s reply once', async () => {
    s.apis.mode = 'junk';
    try {
      expect((await say(s.ok, '/honk')).posted.map(replyText)).toEqual(['@alice: Unable to find goose. Have you checked the garden?']);
    } finally {
      s.apis.mode = 'ok';
    }
    expect((await say(s.down, '/honk')).posted.map(replyText)).toEqual(['@alice: Unable to find goose. Have you checked the garden?']);
  });
});
