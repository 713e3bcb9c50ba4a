// Blunderbuss on the plugin test kit: reviewers requested from real OWNERS trees when PRs open, on /auto-cc, and
// the options that change who is asked.
import { expect } from '@jest/globals';
import { blunderbuss } from '../../../plugins/blunderbuss/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases } from '../../support/plugin-tester.js';

// a/ has three reviewers; b/ one, and a required security reviewer; c/ names only an approver; z/ names a user
// GitHub does not know (a stale OWNERS entry).
const TREE = {
  OWNERS: 'approvers:\n- root\nreviewers:\n- rootrev\n',
  'a/OWNERS': 'approvers:\n- alice\nreviewers:\n- ann\n- amy\n- al\n',
  'b/OWNERS': 'reviewers:\n- ben\nrequired_reviewers:\n- sec\n',
  'c/OWNERS': 'options:\n  no_parent_owners: true\napprovers:\n- carl\n',
  'z/OWNERS': 'reviewers:\n- ghost\n',
  'README.md': 'hi\n',
};
const MEMBERS = ['author', 'robot', 'root', 'rootrev', 'alice', 'ann', 'amy', 'al', 'ben', 'sec', 'carl', 'dora'];
const lines = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i}`).join('\n');
const requested = (gh: FakeGitHub, repo: string, n: number): string[] => [...gh.issue('org', repo, n).pull!.requestedReviewers].sort();
const seedRepo = async (gh: FakeGitHub): Promise<void> => {
  gh.addOrg('org', { members: MEMBERS });
  await gh.createRepo('org', 'repo', { files: TREE, defaultBranch: 'main' });
};
const open = (files: Record<string, string>, opts: { author?: string; body?: string; draft?: boolean } = {}) => async (gh: FakeGitHub) =>
  gh.openPullRequest('org', 'repo', { author: opts.author ?? 'author', files, ...(opts.body !== undefined ? { body: opts.body } : {}), ...(opts.draft ? { draft: true } : {}) });

pluginCases('blunderbuss with the default settings (request_count 2)', {
  plugin: blunderbuss, config: '{}', plugins: 'plugins:\n  org: [blunderbuss]\n', inRepoConfig: false, seed: seedRepo,
}, [
  {
    name: 'a PR touching a/ and b/ gets one leaf reviewer of each and b/\'s required reviewer',
    act: open({ 'a/x.go': lines(100), 'b/y.go': 'y\n' }),
    check: (out, t) => {
      expect(out.writes.map((w) => `${w.method} ${w.path}`)).toEqual(['POST /repos/org/repo/pulls/1/requested_reviewers']);
      const got = requested(t.gh, 'repo', 1);
      expect(got.filter((r) => ['ann', 'amy', 'al'].includes(r))).toHaveLength(1);
      expect(got).toEqual(expect.arrayContaining(['ben', 'sec']));
      expect(got).toHaveLength(3);
    },
  },
  {
    name: 'too few reviewers: approvers fill in (c/ has no reviewers and stops the climb, so its approver carl is asked)',
    act: open({ 'c/x.go': 'x\n' }),
    check: (_o, t) => expect(requested(t.gh, 'repo', 2)).toEqual(['carl']),
  },
  {
    name: 'a PR whose body asks for reviewers with /cc gets none from blunderbuss',
    act: open({ 'a/x.go': 'x\n' }, { body: 'please\n/cc @dora\n' }),
    noWrites: true,
  },
  {
    name: '/auto-cc asks again on demand',
    act: async (gh) => gh.comment('org', 'repo', 3, 'dora', '/auto-cc'),
    check: (_o, t) => expect(requested(t.gh, 'repo', 3).filter((r) => ['ann', 'amy', 'al'].includes(r)).length).toBeGreaterThanOrEqual(1),
  },
  {
    name: 'an OWNERS entry GitHub refuses (not a collaborator) does not cost the PR its other reviewers',
    act: open({ 'z/x.go': 'x\n', 'b/y.go': 'y\n' }),
    check: (out, t) => {
      expect(out.errors).toEqual([]);
      expect(requested(t.gh, 'repo', 4)).toEqual(['ben', 'sec']);
    },
  },
  {
    name: 'the same PR, seeded alike, gets the same reviewers (deterministic)',
    act: async (gh) => gh.comment('org', 'repo', 1, 'dora', '/auto-cc'),
    check: (out) => {
      const bodies = out.writes.map((w) => (w.body as { reviewers: string[] }).reviewers);
      expect(bodies).toHaveLength(1);
      expect(bodies[0]).toHaveLength(3);
    },
  },
]);

pluginCases('blunderbuss with every option set', {
  plugin: blunderbuss, config: '{}', inRepoConfig: false,
  plugins: `plugins:
  org: [blunderbuss]
blunderbuss:
  request_count: 1
  max_request_count: 1
  exclude_approvers: true
  use_status_availability: true
  ignore_drafts: true
  ignore_authors: [robot]
`,
  seed: async (gh) => {
    await seedRepo(gh);
    gh.setUserStatus('ann', { limitedAvailability: true });
    gh.setUserStatus('amy', { limitedAvailability: true });
    gh.setUserStatus('al', { limitedAvailability: false });
  },
}, [
  { name: 'ignore_drafts: a draft PR gets no reviewers', act: open({ 'a/x.go': 'x\n' }, { draft: true }), noWrites: true },
  { name: 'ignore_authors: a PR by an ignored author gets no reviewers', act: open({ 'a/x.go': 'x\n' }, { author: 'robot' }), noWrites: true },
  {
    name: 'use_status_availability: busy ann and amy are passed over for al',
    act: open({ 'a/x.go': 'x\n' }),
    check: (_o, t) => expect(requested(t.gh, 'repo', 3)).toEqual(['al']),
  },
  {
    name: 'exclude_approvers: c/ names no reviewers and its approver is not asked',
    act: open({ 'c/x.go': 'x\n' }),
    noWrites: true,
  },
  {
    name: 'max_request_count 1: one reviewer although a/ and b/ each give one, plus the required reviewer',
    act: open({ 'a/x.go': 'x\n', 'b/y.go': 'y\n' }),
    check: (_o, t) => {
      const got = requested(t.gh, 'repo', 5);
      expect(got).toContain('sec');
      expect(got).toHaveLength(2);
    },
  },
]);

const head = (gh: FakeGitHub, n: number): string => gh.issue('org', 'repo', n).pull!.headSha;
const tide = (n: number, state: 'pending' | 'success', description: string) => async (gh: FakeGitHub) =>
  gh.setStatus('org', 'repo', head(gh, n), { state, context: 'tide', description });
const ONLY_REVIEWS_MISSING = 'Not mergeable. Needs approved, lgtm labels.';

pluginCases('blunderbuss with wait_for_status (upstream\'s defaults: Tide pending, only reviews missing)', {
  plugin: blunderbuss, config: '{}', inRepoConfig: false,
  plugins: 'plugins:\n  org: [blunderbuss]\nblunderbuss:\n  request_count: 1\n  ignore_authors: [robot]\n  wait_for_status: {}\n',
  seed: seedRepo,
}, [
  { name: 'a PR that opens gets no reviewers yet', act: open({ 'a/x.go': 'x\n' }), noWrites: true },
  { name: 'a Tide status saying other things are missing requests none', act: tide(1, 'pending', 'Not mergeable. Retesting: pull-unit'), noWrites: true },
  { name: 'another context in the awaited state requests none', act: async (gh) => gh.setStatus('org', 'repo', head(gh, 1), { state: 'pending', context: 'ci', description: ONLY_REVIEWS_MISSING }), noWrites: true },
  { name: 'Tide in another state requests none', act: tide(1, 'success', ONLY_REVIEWS_MISSING), noWrites: true },
  {
    name: 'Tide pending because only reviews are missing: the PR gets its reviewers',
    act: tide(1, 'pending', ONLY_REVIEWS_MISSING),
    check: (out, t) => {
      expect(out.writes.map((w) => `${w.method} ${w.path}`)).toEqual(['POST /repos/org/repo/pulls/1/requested_reviewers']);
      expect(requested(t.gh, 'repo', 1).filter((r) => ['ann', 'amy', 'al'].includes(r))).toHaveLength(1);
    },
  },
  { name: 'the same status again: the PR already has requested reviewers, none more', act: tide(1, 'pending', 'Not mergeable. PullRequest is missing sufficient approving GitHub review(s)'), noWrites: true },
  {
    name: 'a status on a commit that is no longer the PR\'s head requests none',
    act: async (gh) => {
      await gh.openPullRequest('org', 'repo', { author: 'author', files: { 'b/y.go': 'y\n' } });
      const old = head(gh, 2);
      await gh.pushToPullRequest('org', 'repo', 2, { files: { 'b/z.go': 'z\n' } });
      await gh.setStatus('org', 'repo', old, { state: 'pending', context: 'tide', description: ONLY_REVIEWS_MISSING });
    },
    noWrites: true,
  },
  {
    name: '...and on its head it does',
    act: tide(2, 'pending', ONLY_REVIEWS_MISSING),
    check: (_o, t) => expect(requested(t.gh, 'repo', 2)).toEqual(['ben', 'sec']),
  },
  {
    name: 'ignore_authors still applies',
    act: async (gh) => {
      await gh.openPullRequest('org', 'repo', { author: 'robot', files: { 'a/r.go': 'r\n' } });
      await gh.setStatus('org', 'repo', head(gh, 3), { state: 'pending', context: 'tide', description: ONLY_REVIEWS_MISSING });
    },
    noWrites: true,
  },
]);

pluginCases('blunderbuss with wait_for_status set to a context, state and description of its own', {
  plugin: blunderbuss, config: '{}', inRepoConfig: false,
  plugins: 'plugins:\n  org: [blunderbuss]\nblunderbuss:\n  request_count: 1\n  wait_for_status:\n    context: ci/gate\n    state: success\n    description: "^ready( for review)?$"\n',
  seed: async (gh) => {
    await seedRepo(gh);
    await gh.openPullRequest('org', 'repo', { author: 'author', files: { 'b/y.go': 'y\n' } });
  },
}, [
  { name: 'the default Tide status does nothing here', act: tide(1, 'pending', ONLY_REVIEWS_MISSING), noWrites: true },
  { name: 'the context in its state with a description the regexp does not match does nothing', act: async (gh) => gh.setStatus('org', 'repo', head(gh, 1), { state: 'success', context: 'ci/gate', description: 'not ready' }), noWrites: true },
  {
    name: 'the context in its state with a matching description requests the reviewers',
    act: async (gh) => gh.setStatus('org', 'repo', head(gh, 1), { state: 'success', context: 'ci/gate', description: 'ready for review' }),
    check: (_o, t) => expect(requested(t.gh, 'repo', 1)).toEqual(['ben', 'sec']),
  },
]);
