// dog: /woof, /bark and the this-is-fine family, through configurable endpoints; clear replies on failure.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dog } from '../../../plugins/dog/index.js';
import { replyText, say, startFun, type FunSetup } from '../../support/fun-plugin.js';

describe('dog', () => {
  let s: FunSetup;
  beforeAll(async () => {
    s = await startFun(dog, (base) => `dog:\n  endpoint: ${base}/dog\n  fine_images_root: ${base}/img/\n`);
  });
  afterAll(() => s.stop());

  it('/woof posts the API\'s dog once', async () => {
    const { out, posted } = await say(s.ok, '/woof');
    expect(out.errors).toEqual([]);
    expect(posted.map(replyText)).toEqual([`@alice: [![dog image](${s.apis.url}/img/dog.jpg)](${s.apis.url}/img/dog.jpg)`]);
  });

  it('/this-is-fine posts the fine image from fine_images_root', async () => {
    const { posted } = await say(s.ok, '/this-is-fine');
    expect(posted.map(replyText)).toEqual([`@alice: [![dog image](${s.apis.url}/img/this_is_fine.png)](${s.apis.url}/img/this_is_fine.png)`]);
  });

  it('an API with no dog, or none at all, gets one clear reply', async () => {
    s.apis.mode = 'empty';
    try {
      expect((await say(s.ok, '/bark')).posted.map(replyText)).toEqual([`@alice: Could not find a valid dog image: ${s.apis.url} appears to be down.`]);
    } finally {
      s.apis.mode = 'ok';
    }
    const { out, posted } = await say(s.down, '/woof');
    expect(out.errors).toEqual([]);
    expect(posted.map(replyText)).toEqual([`@alice: Could not find a valid dog image: ${s.apis.downUrl} appears to be down.`]);
  });
});
