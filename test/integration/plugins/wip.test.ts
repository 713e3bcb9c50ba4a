// wip on the plugin test kit: the label follows the title's WIP prefix and the draft state.
import { describe, expect, it } from '@jest/globals';
import { needsWipLabel, wip } from '../../../plugins/wip/index.js';
import { pluginCases, type PluginTester } from '../../support/plugin-tester.js';

const WIP = 'do-not-merge/work-in-progress';
const labelsOf = (t: PluginTester, n: number): string[] => t.gh.issue('org', 'repo', n).labels;

describe('the WIP title test', () => {
  it.each([
    ['WIP: add x', true], ['[WIP] add x', true], ['wip add x', true], ['(Wip) x', true], ['WIP', false], ['WIPE the disk', false], ['Add WIP support', false], ['add x', false],
  ])('%s → %s', (title, want) => expect(needsWipLabel(title, false)).toBe(want));
  it('a draft needs it whatever the title', () => expect(needsWipLabel('add x', true)).toBe(true));
});

pluginCases('wip', {
  plugin: wip, config: '{}', plugins: 'plugins:\n  org: [wip]\n', inRepoConfig: false,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
  },
}, [
  { name: 'a PR with an ordinary title gets nothing', act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', title: 'Add x', files: { 'a.txt': 'a\n' } }), noWrites: true },
  {
    name: 'a PR titled [WIP] gets the label',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', title: '[WIP] Add y', files: { 'b.txt': 'b\n' } }),
    labelsAdded: [WIP], check: (_o, t) => expect(labelsOf(t, 2)).toContain(WIP),
  },
  { name: 'editing the body of a WIP PR writes nothing more', act: (gh) => gh.editIssue('org', 'repo', 2, { body: 'still going' }, 'alice'), noWrites: true },
  {
    name: 'dropping the prefix removes it',
    act: (gh) => gh.editIssue('org', 'repo', 2, { title: 'Add y' }, 'alice'),
    check: (o, t) => {
      expect(o.writes.map((w) => `${w.method} ${decodeURIComponent(w.path)}`)).toEqual([`DELETE /repos/org/repo/issues/2/labels/${WIP}`]);
      expect(labelsOf(t, 2)).not.toContain(WIP);
    },
  },
  {
    name: 'a draft PR gets it, and loses it when marked ready for review',
    act: async (gh) => {
      await gh.openPullRequest('org', 'repo', { author: 'alice', title: 'Add z', draft: true, files: { 'c.txt': 'c\n' } });
      await gh.setDraft('org', 'repo', 3, false);
    },
    check: (o, t) => {
      expect(o.writes.map((w) => w.method)).toEqual(['POST', 'DELETE']);
      expect(labelsOf(t, 3)).not.toContain(WIP);
    },
  },
  { name: 'converted back to a draft, it gets it again', act: (gh) => gh.setDraft('org', 'repo', 3, true), labelsAdded: [WIP] },
  { name: 'a push to the PR is not looked at', act: (gh) => gh.pushToPullRequest('org', 'repo', 2, { files: { 'b.txt': 'bb\n' } }), noWrites: true, tookAction: false },
]);
