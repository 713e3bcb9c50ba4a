// lgtm on the plugin test kit: who may add and remove the label, the author's own PR, assignment of the reviewer,
// removal on push (kept when store_tree_hash shows the same tree, or for the sticky-lgtm team), reviews acting as
// lgtm, and owners.skip_collaborators (OWNERS reviewers and approvers only).
import { expect } from '@jest/globals';
import { lgtm } from '../../../plugins/lgtm/index.js';
import { CANNOT_LGTM_OWN_PR, LGTM_REMOVED_ON_PUSH, RESTRICTED_TO_COLLABORATORS, RESTRICTED_TO_OWNERS, treeHashNotice } from '../../../plugins/lgtm/messages.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases, type Outcome, type PluginTester } from '../../support/plugin-tester.js';

const comment = (number: number, who: string, body: string) => async (gh: FakeGitHub) => gh.comment('org', 'repo', number, who, body);
const labels = (t: PluginTester, n: number): string[] => t.gh.issue('org', 'repo', n).labels;
/** The bot's notices (not its replies to someone). */
const botComments = (t: PluginTester, n: number): string[] => t.gh.comments('org', 'repo', n).filter((c) => c.user === 'k8s-ci-robot' && !c.body.startsWith('@')).map((c) => c.body);
const writes = (o: Outcome): string[] => o.writes.map((w) => `${w.method} ${decodeURIComponent(w.path)}`);
const treeOf = async (gh: FakeGitHub, n: number): Promise<string> => (await gh.state.repo('org', 'repo').git.run(['rev-parse', `${gh.issue('org', 'repo', n).pull!.headSha}^{tree}`])).stdout.trim();

/** upstream's plugins.AboutThisBotWithoutCommands, the footer of every reply. */
const UPSTREAM_FOOTER = 'Instructions for interacting with me using PR comments are available [here](https://git.k8s.io/community/contributors/guide/pull-requests.md).  If you have questions or suggestions related to my behavior, please file an issue against the [kubernetes-sigs/prow](https://github.com/kubernetes-sigs/prow/issues/new?title=Prow%20issue:) repository.';

/** Members alice (the author) and dave; collaborators bob and carol; mallory is nobody. */
async function seedPeople(gh: FakeGitHub): Promise<void> {
  gh.addOrg('org', { members: ['alice', 'bob', 'dave'] });
  gh.addUser('carol');
  gh.addUser('mallory');
  await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n', OWNERS: 'reviewers:\n- frank\napprovers:\n- grace\n' }, defaultBranch: 'main' });
  for (const c of ['alice', 'bob', 'carol']) gh.addCollaborator('org', 'repo', c, 'write');
  gh.addUser('frank');
  gh.addUser('grace');
  await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.txt': 'a\n' } });
}

pluginCases('lgtm commands', { plugin: lgtm, config: '{}', plugins: 'plugins:\n  org: [lgtm]\n', inRepoConfig: false, seed: seedPeople }, [
  {
    name: 'the author cannot /lgtm their own PR (upstream\'s reply, whole)',
    act: comment(1, 'alice', '/lgtm'),
    comments: [new RegExp(`^@alice: ${CANNOT_LGTM_OWN_PR}\n\n<details>\n\nIn response to \\[this\\]\\(http://[^)]+/org/repo/pull/1#issuecomment-\\d+\\):\n\n>/lgtm\n\n\n${
      UPSTREAM_FOOTER.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n</details>$`)],
    check: (_o, t) => expect(labels(t, 1)).not.toContain('lgtm'),
  },
  {
    name: 'someone who is not a collaborator is told so',
    act: comment(1, 'mallory', '/lgtm'), comments: [`@mallory: ${RESTRICTED_TO_COLLABORATORS}`, '>/lgtm'],
    check: (o, t) => {
      expect(labels(t, 1)).not.toContain('lgtm');
      expect(writes(o)).toEqual(['POST /repos/org/repo/issues/1/comments']);
    },
  },
  { name: 'an org member who is not a collaborator is refused too', act: comment(1, 'dave', '/lgtm'), comments: [`@dave: ${RESTRICTED_TO_COLLABORATORS}`] },
  {
    name: '/lgtm from a collaborator adds the label and assigns them',
    act: comment(1, 'bob', '/lgtm'), labelsAdded: ['lgtm'], tookAction: true,
    check: (_o, t) => {
      expect(labels(t, 1)).toContain('lgtm');
      expect(t.gh.issue('org', 'repo', 1).assignees).toEqual(['bob']);
      expect(botComments(t, 1)).toEqual([]);
    },
  },
  {
    name: 'a second /lgtm (any case) only assigns its author',
    act: comment(1, 'carol', '/LGTM'),
    check: (o, t) => {
      expect(writes(o)).toEqual(['POST /repos/org/repo/issues/1/assignees']);
      expect(t.gh.issue('org', 'repo', 1).assignees).toEqual(['bob', 'carol']);
    },
  },
  { name: 'a stranger cannot /lgtm cancel', act: comment(1, 'mallory', '/lgtm cancel'), comments: [`@mallory: ${RESTRICTED_TO_COLLABORATORS}`], check: (_o, t) => expect(labels(t, 1)).toContain('lgtm') },
  { name: 'a quoted /lgtm cancel is not a command', act: comment(1, 'bob', '> /lgtm cancel\nno'), noWrites: true },
  {
    name: 'the author may /lgtm cancel',
    act: comment(1, 'alice', '/lgtm cancel'),
    check: (o, t) => {
      expect(writes(o)).toEqual(['DELETE /repos/org/repo/issues/1/labels/lgtm']);
      expect(labels(t, 1)).not.toContain('lgtm');
    },
  },
  {
    name: 'a push takes lgtm off with upstream\'s notice',
    act: async (gh) => {
      await gh.comment('org', 'repo', 1, 'bob', '/lgtm');
      await gh.pushToPullRequest('org', 'repo', 1, { files: { 'a.txt': 'changed\n' } });
    },
    check: (_o, t) => {
      expect(labels(t, 1)).not.toContain('lgtm');
      expect(botComments(t, 1)).toEqual([LGTM_REMOVED_ON_PUSH]);
    },
  },
  {
    name: 'a new /lgtm deletes the "removed" notice',
    act: comment(1, 'carol', '/lgtm'), labelsAdded: ['lgtm'],
    check: (_o, t) => expect(botComments(t, 1)).toEqual([]),
  },
  { name: '/remove-lgtm from a collaborator removes it', act: comment(1, 'carol', '/remove-lgtm'), check: (_o, t) => expect(labels(t, 1)).not.toContain('lgtm') },
  { name: 'a push without lgtm leaves the PR alone', act: (gh) => gh.pushToPullRequest('org', 'repo', 1, { files: { 'b.txt': 'b\n' } }), noWrites: true },
  {
    name: 'a comment with a thousand /lgtm lines adds the label once',
    act: comment(1, 'carol', '/lgtm\n'.repeat(1000)),
    check: (o, t) => {
      expect(writes(o)).toEqual(['POST /repos/org/repo/issues/1/labels']);
      expect(labels(t, 1)).toContain('lgtm');
    },
  },
  { name: 'an approving review does nothing without review_acts_as_lgtm', act: (gh) => gh.review('org', 'repo', 1, 'bob', 'APPROVED'), noWrites: true },
  {
    name: '/lgtm on a closed PR does nothing',
    act: async (gh) => {
      await gh.setIssueState('org', 'repo', 1, 'closed');
      await gh.comment('org', 'repo', 1, 'bob', '/lgtm');
    },
    noWrites: true,
  },
]);

pluginCases('lgtm with store_tree_hash and review_acts_as_lgtm', {
  plugin: lgtm, config: '{}', inRepoConfig: false, seed: seedPeople,
  plugins: 'plugins:\n  org: [lgtm]\nlgtm:\n- repos: [org/repo]\n  store_tree_hash: true\n  review_acts_as_lgtm: true\n',
}, [
  {
    name: 'an approving review adds lgtm and records the tree hash in upstream\'s comment',
    act: (gh) => gh.review('org', 'repo', 1, 'bob', 'APPROVED'), labelsAdded: ['lgtm'],
    check: async (_o, t) => expect(botComments(t, 1)).toEqual([treeHashNotice(await treeOf(t.gh, 1))]),
  },
  { name: 'a push with the same tree (a squash) keeps lgtm', act: (gh) => gh.pushToPullRequest('org', 'repo', 1, { files: {}, message: 'squashed' }), noWrites: true },
  {
    name: 'a push that changes the tree removes it, re-requests review from the assignees and says why',
    act: (gh) => gh.pushToPullRequest('org', 'repo', 1, { files: { 'a.txt': 'new\n' } }),
    check: (o, t) => {
      expect(writes(o)).toEqual([
        'DELETE /repos/org/repo/issues/1/labels/lgtm',
        'POST /repos/org/repo/pulls/1/requested_reviewers',
        'POST /repos/org/repo/issues/1/comments',
      ]);
      expect(t.gh.issue('org', 'repo', 1).pull!.requestedReviewers).toEqual(['bob']);
      expect(botComments(t, 1).at(-1)).toBe(LGTM_REMOVED_ON_PUSH);
    },
  },
  {
    name: 'a review whose body is /lgtm counts once, as a command',
    act: (gh) => gh.review('org', 'repo', 1, 'carol', 'COMMENTED', '/lgtm'), labelsAdded: ['lgtm'],
    check: async (o, t) => {
      expect(o.writes.filter((w) => w.method === 'POST' && w.path.endsWith('/labels'))).toHaveLength(1);
      // The new tree's notice is there; the "removed" notice is gone.
      expect(botComments(t, 1).at(-1)).toBe(treeHashNotice(await treeOf(t.gh, 1)));
      expect(botComments(t, 1)).not.toContain(LGTM_REMOVED_ON_PUSH);
    },
  },
  {
    name: 'a review requesting changes removes lgtm and the tree-hash notices',
    act: (gh) => gh.review('org', 'repo', 1, 'bob', 'CHANGES_REQUESTED', 'needs work'),
    check: (_o, t) => {
      expect(labels(t, 1)).not.toContain('lgtm');
      expect(botComments(t, 1).filter((b) => b.startsWith('LGTM label has been added.'))).toEqual([]);
    },
  },
  { name: 'a review by a stranger gets the collaborators reply', act: (gh) => gh.review('org', 'repo', 1, 'mallory', 'APPROVED'), comments: [`@mallory: ${RESTRICTED_TO_COLLABORATORS}`] },
  { name: 'a commented review does nothing', act: (gh) => gh.review('org', 'repo', 1, 'bob', 'COMMENTED', 'hmm'), noWrites: true },
]);

pluginCases('lgtm with trusted_team_for_sticky_lgtm', {
  plugin: lgtm, config: '{}', inRepoConfig: false,
  plugins: 'plugins:\n  org: [lgtm]\nlgtm:\n- repos: [org]\n  store_tree_hash: true\n  trusted_team_for_sticky_lgtm: Sticky Team\n',
  seed: async (gh) => {
    await seedPeople(gh);
    gh.addTeam('org', 'Sticky Team', { members: ['alice'] });
    await gh.openPullRequest('org', 'repo', { author: 'carol', files: { 'c.txt': 'c\n' } });
  },
}, [
  {
    name: 'lgtm on a trusted author\'s PR records no tree hash',
    act: comment(1, 'bob', '/lgtm'), labelsAdded: ['lgtm'], check: (_o, t) => expect(botComments(t, 1)).toEqual([]),
  },
  { name: 'a push by the trusted author keeps lgtm', act: (gh) => gh.pushToPullRequest('org', 'repo', 1, { files: { 'a.txt': 'x\n' } }), noWrites: true, check: (_o, t) => expect(labels(t, 1)).toContain('lgtm') },
  {
    name: 'lgtm on another author\'s PR records the tree hash',
    act: comment(2, 'bob', '/lgtm'), check: async (_o, t) => expect(botComments(t, 2)).toEqual([treeHashNotice(await treeOf(t.gh, 2))]),
  },
  {
    name: 'a push to that PR removes it',
    act: (gh) => gh.pushToPullRequest('org', 'repo', 2, { files: { 'c.txt': 'x\n' } }),
    check: (_o, t) => {
      expect(labels(t, 2)).not.toContain('lgtm');
      expect(botComments(t, 2).at(-1)).toBe(LGTM_REMOVED_ON_PUSH);
    },
  },
]);

pluginCases('lgtm with owners.skip_collaborators', {
  plugin: lgtm, config: '{}', inRepoConfig: false, seed: seedPeople,
  plugins: 'plugins:\n  org: [lgtm]\nowners:\n  skip_collaborators: [org/repo]\n',
}, [
  { name: 'a collaborator who is not in OWNERS is refused', act: comment(1, 'bob', '/lgtm'), comments: [`@bob: ${RESTRICTED_TO_OWNERS}`], check: (_o, t) => expect(labels(t, 1)).not.toContain('lgtm') },
  {
    name: 'an OWNERS reviewer who is not a collaborator may /lgtm, and is not assigned',
    act: comment(1, 'frank', '/lgtm'), labelsAdded: ['lgtm'],
    check: (o) => expect(writes(o)).toEqual(['POST /repos/org/repo/issues/1/labels']),
  },
  { name: 'an OWNERS approver may /lgtm cancel', act: comment(1, 'grace', '/lgtm cancel'), check: (_o, t) => expect(labels(t, 1)).not.toContain('lgtm') },
]);
