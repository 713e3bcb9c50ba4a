// trick-or-treat: a candy image from the configured list, checked with HEAD; too big or unreachable → clear reply.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { trickOrTreat } from '../../../plugins/trick-or-treat/index.js';
import { PluginTester } from '../../support/plugin-tester.js';
import { replyText, say, startFun, type FunSetup } from '../../support/fun-plugin.js';

describe('trick-or-treat', () => {
  let s: FunSetup;
  let huge: PluginTester;
  beforeAll(async () => {
    s = await startFun(trickOrTreat, (base) => `trick_or_treat:\n  images: ["${base}/img/candy.jpg"]\n`);
    huge = await PluginTester.start({
      plugin: trickOrTreat, inRepoConfig: false,
      plugins: `plugins:\n  org: [trick-or-treat]\ntrick_or_treat:\n  images: ["${s.apis.url}/img/huge-candy.jpg"]\n`,
      seed: async (gh) => {
        gh.addOrg('org', { members: ['alice'] });
        await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
        await gh.createIssue('org', 'repo', 'alice', { title: 'fun' });
      },
    });
  });
  afterAll(async () => {
    await huge.stop();
    await s.stop();
  });

  it('/trickortreat posts a candy', async () => {
    const { out, posted } = await say(s.ok, '/trickortreat');
    expect(out.errors).toEqual([]);
    expect(posted.map(replyText)).toEqual([`@alice: ![candy image](${s.apis.url}/img/candy.jpg)`]);
  });

  it('images that are too big, or hosts that are down, get one clear reply', async () => {
    const reply = '@alice: Could not find a valid candy image: the image hosts appear to be down.';
    expect((await say(huge, '/trick-or-treat')).posted.map(replyText)).toEqual([reply]);
    const { out, posted } = await say(s.down, '/trick-or-treat');
    expect(out.errors).toEqual([]);
    expect(posted.map(replyText)).toEqual([reply]);
  });
});
