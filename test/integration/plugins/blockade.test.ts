// blockade on the plugin test kit: blocked paths, exceptions, branch regexps, and unblocking.
import { expect } from '@jest/globals';
import { blockade } from '../../../plugins/blockade/index.js';
import { labelNames } from '../../support/labels.js';
import { forcePushPull } from '../../support/pr-commits.js';
import { pluginCases } from '../../support/plugin-tester.js';

const LABEL = 'do-not-merge/blocked-paths';
const PLUGINS = `plugins:
  org: [blockade]
blockades:
- repos: [org/repo]
  blockregexps: ['^docs/']
  exceptionregexps: ['^docs/allowed/']
  explanation: Docs moved to the website
- repos: [org]
  branchregexp: '^release-'
  blockregexps: ['\\.go$']
`;

pluginCases('blockade', {
  plugin: blockade, plugins: PLUGINS,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    const main = await gh.branchSha('org', 'repo', 'main');
    await gh.state.repo('org', 'repo').git.updateRef('refs/heads/release-1.0', main!);
  },
}, [
  {
    name: 'a PR touching a blocked path gets the label and the reasons with the files',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'docs/a.md': 'a\n', 'src/x.go': 'package x\n' } }),
    labelsAdded: [LABEL],
    comments: [/^@alice: Adding label: `do-not-merge\/blocked-paths` because PR changes a protected file\.\n/, '#### Reasons for blocking this PR:\n[Docs moved to the website]\n- [docs/a.md](http'],
  },
  {
    name: 'only exceptions touched: nothing',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'docs/allowed/b.md': 'b\n' } }),
    noWrites: true,
  },
  {
    name: 'a blockade with a branch regexp applies on matching branches only (default reason)',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', base: 'release-1.0', files: { 'y.go': 'package y\n' } }),
    labelsAdded: [LABEL],
    comments: ['[Files are protected]\n- [y.go]'],
  },
  {
    name: 'the same file on another branch is not blocked',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'z.go': 'package z\n' } }),
    noWrites: true,
  },
  {
    name: 'dropping the blocked file removes the label and deletes the comment',
    act: (gh) => forcePushPull(gh, 'org', 'repo', 1, 'alice', { files: { 'src/x.go': 'package x\n' } }),
    check: (_o, t) => {
      expect(labelNames(t.gh, 'org', 'repo', 1)).toEqual([]);
      expect(t.gh.comments('org', 'repo', 1)).toEqual([]);
    },
  },
]);
