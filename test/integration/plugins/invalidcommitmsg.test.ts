// invalidcommitmsg on the plugin test kit: closing keywords and @mentions in commits and titles.
import { expect } from '@jest/globals';
import { invalidcommitmsg } from '../../../plugins/invalidcommitmsg/index.js';
import { labelNames } from '../../support/labels.js';
import { forcePushPull } from '../../support/pr-commits.js';
import { pluginCases } from '../../support/plugin-tester.js';

const LABEL = 'do-not-merge/invalid-commit-message';
const PLUGINS = `plugins:
  org: [invalidcommitmsg]
invalid_commit_msg:
- repos: [org/quiet]
  checks:
  - name: issueClosingKeywords
    disabled: true
`;

pluginCases('invalidcommitmsg', {
  plugin: invalidcommitmsg, plugins: PLUGINS,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    await gh.createRepo('org', 'quiet', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
  },
}, [
  {
    name: 'clean commits and title: nothing',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', title: 'Add a', message: 'Add a', files: { 'a.txt': 'a\n' } }),
    noWrites: true,
  },
  {
    name: 'a commit that "Fixes #12" gets the label and the list of offending commits',
    act: (gh) => gh.pushToPullRequest('org', 'repo', 1, { files: { 'b.txt': 'b\n' }, message: 'Fixes #12 by adding b' }, 'alice'),
    labelsAdded: [LABEL],
    comments: [
      /^\[Keywords\]\(https:\/\/help\.github\.com\/articles\/closing-issues-using-keywords\) which can automatically close issues and at\(@\) or hashtag\(#\) mentions are not allowed in commit messages\./,
      /\*\*The list of commits with invalid commit messages\*\*:\n\n- \[[0-9a-f]{7}\]\(https:\/\/github\.com\/org\/repo\/commits\/[0-9a-f]{40}\) Fixes #12 by adding b\n/,
    ],
  },
  {
    name: 'an @mention in the title adds the title notice too',
    act: (gh) => gh.editIssue('org', 'repo', 1, { title: 'Add a, thanks @bob' }, 'alice'),
    comments: ['You can edit the title by writing **/retitle <new-title>** in a comment.'],
    check: (out) => expect(out.writes.filter((w) => w.method === 'POST' && w.path.endsWith('/labels'))).toEqual([]),
  },
  {
    name: 'fixing commits and title removes the label and deletes both notices',
    act: async (gh) => {
      await gh.editIssue('org', 'repo', 1, { title: 'Add a' }, 'alice');
      return forcePushPull(gh, 'org', 'repo', 1, 'alice', { message: 'Add a and b' });
    },
    check: (_o, t) => {
      expect(labelNames(t.gh, 'org', 'repo', 1)).toEqual([]);
      expect(t.gh.comments('org', 'repo', 1)).toEqual([]);
    },
  },
  {
    name: 'a closing keyword naming another repo ("closes kubernetes/kubernetes#3") counts',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', title: 'ok', message: 'closes kubernetes/kubernetes#3', files: { 'c.txt': 'c\n' } }),
    labelsAdded: [LABEL],
  },
  {
    name: 'an e-mail address is not an @mention',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', title: 'Mail alice@example.com', message: 'Mail alice@example.com', files: { 'd.txt': 'd\n' } }),
    noWrites: true,
  },
  {
    name: 'with issueClosingKeywords disabled for the repo, nothing is checked',
    act: (gh) => gh.openPullRequest('org', 'quiet', { author: 'alice', title: 'Fixes #1', message: 'Fixes #1', files: { 'a.txt': 'a\n' } }),
    noWrites: true,
  },
]);
