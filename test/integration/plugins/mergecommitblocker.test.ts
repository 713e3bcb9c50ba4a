// mergecommitblocker on the plugin test kit: the label and notice come with a merge commit and go with a rebase.
import { expect } from '@jest/globals';
import { mergecommitblocker } from '../../../plugins/mergecommitblocker/index.js';
import { labelNames } from '../../support/labels.js';
import { forcePushPull, mergeBaseIntoPull } from '../../support/pr-commits.js';
import { pluginCases } from '../../support/plugin-tester.js';

const LABEL = 'do-not-merge/contains-merge-commits';

pluginCases('mergecommitblocker', {
  plugin: mergecommitblocker, plugins: 'plugins:\n  org: [mergecommitblocker]\n',
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
  },
}, [
  {
    name: 'a PR with linear history is left alone',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.txt': 'a\n' } }),
    noWrites: true,
  },
  {
    name: 'merging the base branch in adds the label and upstream\'s notice',
    act: (gh) => mergeBaseIntoPull(gh, 'org', 'repo', 1, 'alice'),
    labelsAdded: [LABEL],
    comments: [/^Adding label `do-not-merge\/contains-merge-commits` because PR contains merge commits, which are not allowed in this repository\.\nUse `git rebase`/],
    check: (_o, t) => expect(labelNames(t.gh, 'org', 'repo', 1)).toEqual([LABEL]),
  },
  {
    name: 'another push while merge commits remain changes nothing',
    act: (gh) => gh.pushToPullRequest('org', 'repo', 1, { files: { 'b.txt': 'b\n' } }, 'alice'),
    noWrites: true,
  },
  {
    name: 'a rebase (force-push of linear history) removes the label and deletes the notice',
    act: (gh) => forcePushPull(gh, 'org', 'repo', 1, 'alice'),
    check: (_o, t) => {
      expect(labelNames(t.gh, 'org', 'repo', 1)).toEqual([]);
      expect(t.gh.comments('org', 'repo', 1)).toEqual([]);
    },
  },
  {
    name: 'a PR opened with a merge commit already in it is labelled at once',
    act: async (gh) => {
      const repo = gh.state.repo('org', 'repo');
      const main = await gh.branchSha('org', 'repo', 'main');
      const side = await repo.git.commit({ parent: main!, files: { 's.txt': 's\n' }, message: 'side' });
      const other = await repo.git.commit({ parent: main!, files: { 'o.txt': 'o\n' }, message: 'other' });
      const merge = await repo.git.commit({ parent: side, extraParents: [other], files: { 'o.txt': 'o\n' }, message: 'Merge other' });
      return gh.openPullRequest('org', 'repo', { author: 'alice', headSha: merge, head: 'merged' });
    },
    labelsAdded: [LABEL],
  },
]);
