// hold on the plugin test kit: anyone adds or removes do-not-merge/hold on a PR; issues and other text are ignored.
import { expect } from '@jest/globals';
import { hold } from '../../../plugins/hold/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases, type PluginTester } from '../../support/plugin-tester.js';

const HOLD = 'do-not-merge/hold';
const comment = (number: number, who: string, body: string) => async (gh: FakeGitHub) => gh.comment('org', 'repo', number, who, body);
const labelsOf = (t: PluginTester, n: number): string[] => t.gh.issue('org', 'repo', n).labels;

pluginCases('hold', {
  plugin: hold, config: '{}', plugins: 'plugins:\n  org: [hold]\n', inRepoConfig: false,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    gh.addUser('stranger');
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.txt': 'a\n' } });
    await gh.createIssue('org', 'repo', 'alice', { title: 'an issue' });
  },
}, [
  { name: 'an ordinary comment does nothing', act: comment(1, 'alice', 'please hold the door'), noWrites: true },
  { name: 'a quoted /hold is not a command', act: comment(1, 'alice', '> /hold\nno'), noWrites: true },
  {
    name: '/hold from anyone, even a stranger, adds the label',
    act: comment(1, 'stranger', '/hold'), labelsAdded: [HOLD], tookAction: true,
    check: (_o, t) => expect(labelsOf(t, 1)).toContain(HOLD),
  },
  { name: '/hold with a reason when already held writes nothing', act: comment(1, 'alice', '/hold until v2 ships'), noWrites: true, tookAction: false },
  {
    name: '/hold cancel removes it',
    act: comment(1, 'alice', '/hold cancel'),
    check: (o, t) => {
      expect(o.writes.map((w) => `${w.method} ${decodeURIComponent(w.path)}`)).toEqual([`DELETE /repos/org/repo/issues/1/labels/${HOLD}`]);
      expect(labelsOf(t, 1)).not.toContain(HOLD);
    },
  },
  { name: '/unhold when not held writes nothing', act: comment(1, 'alice', '/unhold'), noWrites: true },
  { name: 'a cancel wins over a hold in the same comment', act: comment(1, 'alice', '/hold\n/remove-hold'), noWrites: true },
  {
    name: '/HOLD in capitals holds, /remove-hold releases',
    act: async (gh) => {
      await gh.comment('org', 'repo', 1, 'alice', '/HOLD');
      await gh.comment('org', 'repo', 1, 'alice', '/remove-hold');
    },
    check: (o, t) => {
      expect(o.writes.map((w) => w.method)).toEqual(['POST', 'DELETE']);
      expect(labelsOf(t, 1)).not.toContain(HOLD);
    },
  },
  { name: '/hold on an issue is ignored', act: comment(2, 'alice', '/hold'), noWrites: true },
  { name: '/holdup is not /hold', act: comment(1, 'alice', '/holdup'), noWrites: true },
]);
