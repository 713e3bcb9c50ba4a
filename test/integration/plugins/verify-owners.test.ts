// verify-owners on the plugin test kit: PRs that change OWNERS and OWNERS_ALIASES files in real repositories, the
// label, the review naming each broken file and upstream's comment listing untrusted users.
import { expect } from '@jest/globals';
import { verifyOwners } from '../../../plugins/verify-owners/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases, type Outcome } from '../../support/plugin-tester.js';

const LABEL = 'do-not-merge/invalid-owners-file';
const labelsOf = (gh: FakeGitHub, n: number): string[] => gh.issue('org', 'repo', n).labels.map((l) => (typeof l === 'string' ? l : (l as { name: string }).name));
const open = (files: Record<string, string>) => async (gh: FakeGitHub) => gh.openPullRequest('org', 'repo', { author: 'alice', files });
const reviewOf = (out: Outcome) => out.writes.find((w) => w.method === 'POST' && /\/reviews$/.test(w.path))?.body as
  { event: string; body: string; comments: { path: string; body: string; position: number }[] } | undefined;
const HEADER = 'The following users are mentioned in OWNERS file(s) but are untrusted for the following reasons. One way to make the user trusted is to add them as [members](https://github.com/orgs/org/people) of the org org. You can then trigger verification by writing `/verify-owners` in a comment.';

pluginCases('verify-owners', {
  plugin: verifyOwners, config: '{}', inRepoConfig: false,
  plugins: 'plugins:\n  org: [verify-owners]\nowners:\n  labels_denylist: [approved]\n',
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice', 'bob'] });
    gh.addUser('eve');
    await gh.createRepo('org', 'repo', {
      defaultBranch: 'main',
      files: { OWNERS: 'approvers:\n- alice\n', OWNERS_ALIASES: 'aliases:\n  team:\n  - alice\n  - bob\n', 'README.md': 'hi\n' },
    });
  },
}, [
  { name: 'a PR that changes no OWNERS file is left alone', act: open({ 'x.go': 'x\n' }), noWrites: true },
  { name: 'a valid new OWNERS file naming members and an alias passes quietly', act: open({ 'a/OWNERS': 'approvers:\n- bob\nreviewers:\n- team\n' }), noWrites: true },
  {
    name: 'a broken OWNERS file: the label and a review naming the file at the broken line',
    act: open({ 'b/OWNERS': 'approvers:\n- bob\nreviewers: a: b\n' }),
    labelsAdded: [LABEL],
    check: (out) => {
      const review = reviewOf(out)!;
      expect(review.event).toBe('COMMENT');
      expect(review.body).toMatch(/^@alice: 1 invalid OWNERS file\n/);
      expect(review.comments).toHaveLength(1);
      expect(review.comments[0]!.path).toBe('b/OWNERS');
      expect(review.comments[0]!.body).toMatch(/^Cannot parse file: b\/OWNERS: line 3: invalid YAML/);
      // The new file's third line is the patch's third line after the hunk header.
      expect(review.comments[0]!.position).toBe(3);
    },
  },
  {
    name: 'fixing the file in a push removes the label',
    act: async (gh) => gh.pushToPullRequest('org', 'repo', 3, { files: { 'b/OWNERS': 'approvers:\n- bob\n' } }),
    check: (out, t) => {
      expect(labelsOf(t.gh, 3)).not.toContain(LABEL);
      expect(out.writes.map((w) => w.method)).toEqual(['DELETE']);
    },
  },
  {
    name: 'an unknown field, a denylisted label and a root OWNERS without approvers are each reported',
    act: open({ 'c/OWNERS': 'approvers:\n- bob\nreviwers:\n- alice\n', 'd/OWNERS': 'approvers:\n- bob\nlabels:\n- approved\n', OWNERS: 'reviewers:\n- alice\n' }),
    labelsAdded: [LABEL],
    check: (out) => {
      const review = reviewOf(out)!;
      expect(review.body).toMatch(/^@alice: 3 invalid OWNERS files\n/);
      expect(Object.fromEntries(review.comments.map((c) => [c.path, c.body]))).toEqual({
        'c/OWNERS': 'Unknown field: reviwers.',
        'd/OWNERS': 'File contains banned labels: [approved].',
        OWNERS: 'No approvers defined in this root directory OWNERS file.',
      });
    },
  },
  {
    name: 'an untrusted user and an unknown name (a misspelt alias) are listed in upstream\'s comment',
    act: open({ 'e/OWNERS': 'approvers:\n- eve\nreviewers:\n- teem\n- team\n' }),
    labelsAdded: [LABEL],
    comments: [`${HEADER}
- eve
  - User is not a member of the org. User is not a collaborator. Satisfy at least one of these conditions to make the user trusted.
  - e/OWNERS
- teem
  - User is not a member of the org. User is not a collaborator. Satisfy at least one of these conditions to make the user trusted.
  - e/OWNERS`],
  },
  {
    name: '/verify-owners after eve joins the org: the comment is pruned and the label removed',
    act: async (gh) => {
      await gh.pushToPullRequest('org', 'repo', 5, { files: { 'e/OWNERS': 'approvers:\n- eve\nreviewers:\n- team\n' } });
      gh.addOrgMember('org', 'eve');
      await gh.comment('org', 'repo', 5, 'bob', '/verify-owners');
    },
    check: (out, t) => {
      expect(labelsOf(t.gh, 5)).not.toContain(LABEL);
      expect(t.gh.comments('org', 'repo', 5).filter((c) => c.body.includes(HEADER))).toEqual([]);
      expect(out.errors).toEqual([]);
    },
  },
  {
    name: 'an OWNERS_ALIASES change adding a non-member is checked too',
    act: open({ OWNERS_ALIASES: 'aliases:\n  team:\n  - alice\n  - bob\n  - mallory\n' }),
    labelsAdded: [LABEL],
    comments: ['- mallory\n  - User is not a member of the org. User is not a collaborator. Satisfy at least one of these conditions to make the user trusted.\n  - OWNERS_ALIASES'],
  },
]);
