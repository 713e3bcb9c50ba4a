// cherry-pick-approved on the plugin test kit: only an approving review by a configured approver, on a release
// branch PR that is otherwise ready (lgtm, approved, no failing status, no blocking label), approves the cherry-pick.
import { expect } from '@jest/globals';
import { cherryPickApproved } from '../../../plugins/cherry-pick-approved/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases, type PluginTester } from '../../support/plugin-tester.js';

const APPROVED = 'cherry-pick-approved';
const UNAPPROVED = 'do-not-merge/cherry-pick-not-approved';
const labels = (t: PluginTester, n: number): string[] => t.gh.issue('org', 'repo', n).labels;
const review = (n: number, who: string, state: 'APPROVED' | 'COMMENTED' = 'APPROVED') => (gh: FakeGitHub) => gh.review('org', 'repo', n, who, state, 'ok');

/** PRs: 1 ready on release-1.0; 2 ready on main; 3 release without approved; 4 release on hold; 5 release with a failing status. */
async function seed(gh: FakeGitHub): Promise<void> {
  gh.addOrg('org', { members: ['alice', 'rm', 'bob'] });
  await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
  await gh.pushCommit('org', 'repo', 'release-1.0', { 'NOTES.md': '1.0\n' });
  const ready = ['lgtm', 'approved'];
  await gh.openPullRequest('org', 'repo', { author: 'alice', base: 'release-1.0', labels: [...ready, UNAPPROVED], files: { 'a.txt': 'a\n' } });
  await gh.openPullRequest('org', 'repo', { author: 'alice', base: 'main', labels: ready, files: { 'b.txt': 'b\n' } });
  await gh.openPullRequest('org', 'repo', { author: 'alice', base: 'release-1.0', labels: ['lgtm'], files: { 'c.txt': 'c\n' } });
  await gh.openPullRequest('org', 'repo', { author: 'alice', base: 'release-1.0', labels: [...ready, 'do-not-merge/hold'], files: { 'd.txt': 'd\n' } });
  const pr5 = await gh.openPullRequest('org', 'repo', { author: 'alice', base: 'release-1.0', labels: ready, files: { 'e.txt': 'e\n' } });
  await gh.setStatus('org', 'repo', pr5.pull!.headSha, { state: 'failure', context: 'unit' });
}

const CONFIG = 'plugins:\n  org/repo: [cherry-pick-approved]\ncherry_pick_approved:\n- org: org\n  repo: repo\n  approvers: [rm]\n';

pluginCases('cherry-pick-approved', { plugin: cherryPickApproved, config: '{}', plugins: CONFIG, inRepoConfig: false, seed }, [
  { name: 'an approving review by someone not in approvers does nothing', act: review(1, 'bob'), noWrites: true },
  { name: 'a comment review by an approver does nothing', act: review(1, 'rm', 'COMMENTED'), noWrites: true },
  { name: 'a PR against a branch that is not a release branch is ignored', act: review(2, 'rm'), noWrites: true },
  { name: 'a PR without approved is not cherry-pick approved', act: review(3, 'rm'), noWrites: true },
  { name: 'a PR on hold is not cherry-pick approved', act: review(4, 'rm'), noWrites: true },
  { name: 'a PR with a failing status is not cherry-pick approved', act: review(5, 'rm'), noWrites: true },
  {
    name: 'an approver\'s approving review of a ready release PR approves it and removes the not-approved label',
    act: review(1, 'rm'), labelsAdded: [APPROVED], tookAction: true,
    check: (_o, t) => {
      expect(labels(t, 1)).toContain(APPROVED);
      expect(labels(t, 1)).not.toContain(UNAPPROVED);
    },
  },
  { name: 'a second approval writes nothing', act: review(1, 'rm'), noWrites: true },
]);

pluginCases('cherry-pick-approved with allow_missing_approved_label', {
  plugin: cherryPickApproved, config: '{}', inRepoConfig: false, seed,
  plugins: `${CONFIG}  branchregexp: ^release-\\d+\\.\\d+$\n  allow_missing_approved_label: true\n`,
}, [
  { name: 'a PR with lgtm but without approved is approved', act: review(3, 'rm'), labelsAdded: [APPROVED] },
]);

pluginCases('cherry-pick-approved for another repo', {
  plugin: cherryPickApproved, config: '{}', inRepoConfig: false, seed,
  plugins: 'plugins:\n  org/repo: [cherry-pick-approved]\ncherry_pick_approved:\n- org: org\n  repo: other\n  approvers: [rm]\n',
}, [
  { name: 'a repo without an entry is ignored', act: review(1, 'rm'), noWrites: true },
]);
