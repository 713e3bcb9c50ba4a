// merge-method-comment on the plugin test kit: the explanation on multi-commit PRs, per repo merge method, once.
import { expect } from '@jest/globals';
import { mergeMethodCommentPlugin } from '../../../plugins/merge-method-comment/index.js';
import { pluginCases } from '../../support/plugin-tester.js';

const CONFIG = `tide:
  merge_method:
    org/squashed: squash
  squash_label: tide/merge-method-squash
  merge_label: tide/merge-method-merge
`;

pluginCases('merge-method-comment', {
  plugin: mergeMethodCommentPlugin, config: CONFIG, plugins: 'plugins:\n  org: [merge-method-comment]\n',
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    await gh.createRepo('org', 'squashed', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
  },
}, [
  { name: 'a one-commit PR gets no comment', act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.txt': 'a\n' } }), noWrites: true },
  {
    name: 'a second commit brings the explanation for a merge repo, naming the squash label',
    act: (gh) => gh.pushToPullRequest('org', 'repo', 1, { files: { 'b.txt': 'b\n' } }, 'alice'),
    comments: [/^This PR has multiple commits, and the default merge method is: merge\.\nYou can request commits to be squashed using the label: tide\/merge-method-squash\n\n<details>/],
  },
  {
    name: 'a third commit does not repeat it',
    act: (gh) => gh.pushToPullRequest('org', 'repo', 1, { files: { 'c.txt': 'c\n' } }, 'alice'),
    noWrites: true,
    check: (_o, t) => expect(t.gh.comments('org', 'repo', 1)).toHaveLength(1),
  },
  {
    name: 'a squash repo names the merge label',
    act: async (gh) => {
      await gh.openPullRequest('org', 'squashed', { author: 'alice', files: { 'a.txt': 'a\n' } });
      return gh.pushToPullRequest('org', 'squashed', 1, { files: { 'b.txt': 'b\n' } }, 'alice');
    },
    comments: ['This PR has multiple commits, and the default merge method is: squash.\nYou can request commits to be merged using the label: tide/merge-method-merge'],
  },
]);
