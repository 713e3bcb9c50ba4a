// slackevents: merge warnings for pushes by people not exempted, and SIG mentions reiterated in the SIG's channel,
// posted through the real Slack client to the fake Slack API.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { slackevents } from '../../../plugins/slackevents/index.js';
import { SlackClient } from '../../../src/report/slack.js';
import { FakeSlack } from '../../fakes/slack/index.js';
import { PluginTester } from '../../support/plugin-tester.js';

const PLUGINS = `
plugins:
  org: [slackevents]
slack:
  mentionchannels: [sig-testing]
  mergewarnings:
  - repos: [org/repo]
    channels: [prow-alerts, kubernetes-dev]
    exempt_users: [k8s-merge-robot]
    exempt_branches:
      dev: [alice]
`;

describe('slackevents', () => {
  let slack: FakeSlack;
  let t: PluginTester;
  let noSlack: PluginTester;
  beforeAll(async () => {
    slack = await FakeSlack.start({ token: 'xoxb-test' });
    const client = new SlackClient(() => 'xoxb-test', `${slack.url}/api`);
    const seed = async (gh: Parameters<NonNullable<Parameters<typeof PluginTester.start>[0]['seed']>>[0]): Promise<void> => {
      gh.addOrg('org', { members: ['alice', 'bob', 'k8s-merge-robot'] });
      await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
      await gh.createRepo('org', 'quiet', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
      await gh.pushCommit('org', 'repo', 'dev', { 'dev.txt': 'dev\n' }, { actor: 'k8s-merge-robot' });
    };
    t = await PluginTester.start({ plugin: slackevents, plugins: PLUGINS, inRepoConfig: false, seed, services: { slack: { writeMessage: (text, channel) => client.writeMessage(text, channel) } } });
    noSlack = await PluginTester.start({ plugin: slackevents, plugins: PLUGINS, inRepoConfig: false, seed });
  });
  afterAll(async () => {
    await t.stop();
    await noSlack.stop();
    await slack.stop();
  });

  it('a push to a watched repo by someone not exempted warns every configured channel', async () => {
    const before = slack.messages.length;
    const out = await t.act((gh) => gh.pushCommit('org', 'repo', 'main', { 'a.txt': 'a\n' }, { actor: 'bob' }));
    expect(out.errors).toEqual([]);
    const posted = slack.messages.slice(before);
    expect(posted.map((m) => m.channel)).toEqual(['prow-alerts', 'kubernetes-dev']);
    expect(posted[0]!.text).toMatch(/^\*Warning:\* bob \(<@bob>\) manually merged 1 commit\(s\) into main: /);
  });

  it('exempt users, users exempt on that branch, and unwatched repos post nothing', async () => {
    const before = slack.messages.length;
    await t.act((gh) => gh.pushCommit('org', 'repo', 'main', { 'b.txt': 'b\n' }, { actor: 'k8s-merge-robot' }));
    await t.act((gh) => gh.pushCommit('org', 'repo', 'dev', { 'c.txt': 'c\n' }, { actor: 'alice' }));
    await t.act((gh) => gh.pushCommit('org', 'quiet', 'main', { 'd.txt': 'd\n' }, { actor: 'bob' }));
    expect(slack.messages.slice(before)).toEqual([]);
  });

  it('alice is exempt on dev only: her push to main warns', async () => {
    const before = slack.messages.length;
    await t.act((gh) => gh.pushCommit('org', 'repo', 'main', { 'e.txt': 'e\n' }, { actor: 'alice' }));
    expect(slack.messages.slice(before).map((m) => m.channel)).toEqual(['prow-alerts', 'kubernetes-dev']);
  });

  it('a SIG mention is reiterated once in its channel, escaped; other SIGs are not', async () => {
    await t.act((gh) => gh.openPullRequest('org', 'repo', { author: 'bob', files: { 'f.txt': 'f\n' } }));
    const before = slack.messages.length;
    const out = await t.act((gh) => gh.comment('org', 'repo', 1, 'bob', '@kubernetes/sig-testing-bugs <script> & @kubernetes/sig-testing-misc @kubernetes/sig-node-bugs'));
    expect(out.errors).toEqual([]);
    const posted = slack.messages.slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.channel).toBe('sig-testing');
    expect(posted[0]!.text).toMatch(/^sig-testing was mentioned by bob \(<@bob>\) on GitHub\. \(http.*\)\n>>>@kubernetes\/sig-testing-bugs &lt;script&gt; &amp; /);
  });

  it('without a Slack client the handler neither fails nor writes to GitHub (it logs the missing client)', async () => {
    const out = await noSlack.act((gh) => gh.pushCommit('org', 'repo', 'main', { 'g.txt': 'g\n' }, { actor: 'bob' }));
    expect(out.errors).toEqual([]);
    expect(out.writes).toEqual([]);
  });
});
