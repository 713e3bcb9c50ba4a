// require-matching-label on the plugin test kit: rules by kind, branch and regexp, the comment, and
// /check-required-labels.
import { expect } from '@jest/globals';
import { requireMatchingLabel } from '../../../plugins/require-matching-label/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { labelNames } from '../../support/labels.js';
import { pluginCases } from '../../support/plugin-tester.js';

const PLUGINS = `plugins:
  org: [require-matching-label]
require_matching_label:
- org: org
  repo: repo
  issues: true
  prs: true
  regexp: ^kind/
  missing_label: needs-kind
  missing_comment: Please add a kind label.
  grace_period: 0s
- org: org
  prs: true
  branch: release
  regexp: ^cherry-pick-approved$
  missing_label: needs-cherry-pick-approval
  grace_period: 1ms
`;

const labels = (gh: FakeGitHub, n: number): string[] => labelNames(gh, 'org', 'repo', n);

pluginCases('require-matching-label', {
  plugin: requireMatchingLabel, plugins: PLUGINS,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    const main = await gh.branchSha('org', 'repo', 'main');
    await gh.state.repo('org', 'repo').git.updateRef('refs/heads/release', main!);
  },
}, [
  {
    name: 'a new issue without a kind label gets needs-kind and the comment',
    act: (gh) => gh.createIssue('org', 'repo', 'alice', { title: 'bug' }),
    labelsAdded: ['needs-kind'],
    comments: [/^Please add a kind label\.\n\n<details>/],
    check: (_o, t) => expect(labels(t.gh, 1)).toEqual(['needs-kind']),
  },
  {
    name: 'adding a matching label removes needs-kind and deletes the comment',
    act: (gh) => gh.addLabels('org', 'repo', 1, ['kind/bug'], 'alice'),
    check: (_o, t) => {
      expect(labels(t.gh, 1)).toEqual(['kind/bug']);
      expect(t.gh.comments('org', 'repo', 1)).toEqual([]);
    },
  },
  {
    name: 'removing the only matching label brings needs-kind back',
    act: (gh) => gh.removeLabel('org', 'repo', 1, 'kind/bug', 'alice'),
    labelsAdded: ['needs-kind'],
  },
  {
    name: 'a label change that no rule\'s regexp matches is ignored',
    act: (gh) => gh.removeLabel('org', 'repo', 1, 'needs-kind', 'alice'),
    noWrites: true,
  },
  {
    name: '/check-required-labels applies the rules again',
    act: (gh) => gh.comment('org', 'repo', 1, 'alice', '/check-required-labels'),
    labelsAdded: ['needs-kind'],
  },
  {
    name: 'a PR to main gets needs-kind but not the release branch rule\'s label',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.txt': 'a\n' } }),
    check: (_o, t) => expect(labels(t.gh, 2)).toEqual(['needs-kind']),
  },
  {
    name: 'a PR to the release branch gets both rules\' labels (after the longest grace period)',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', base: 'release', files: { 'b.txt': 'b\n' } }),
    check: (_o, t) => expect(labels(t.gh, 3)).toEqual(['needs-cherry-pick-approval', 'needs-kind']),
  },
  {
    name: 'a PR opened with a matching label gets nothing',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', labels: ['kind/feature'], files: { 'c.txt': 'c\n' } }),
    check: (out, t) => {
      expect(labels(t.gh, 4)).toEqual(['kind/feature']);
      expect(out.writes.filter((w) => w.path.includes('/issues/4/'))).toEqual([]);
    },
  },
]);
