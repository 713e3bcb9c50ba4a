// assign on the plugin test kit: /assign, /unassign, /cc and /uncc from anyone, and upstream's replies when GitHub
// will not assign someone (it drops them silently) or refuses a review request (a 422 for the whole request).
import { expect } from '@jest/globals';
import { assign, assignFailure, reviewFailure } from '../../../plugins/assign/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases, type Outcome, type PluginTester } from '../../support/plugin-tester.js';

const comment = (number: number, who: string, body: string) => async (gh: FakeGitHub) => gh.comment('org', 'repo', number, who, body);
const assignees = (t: PluginTester, n: number): string[] => [...t.gh.issue('org', 'repo', n).assignees].sort();
const requested = (t: PluginTester, n: number): string[] => [...(t.gh.issue('org', 'repo', n).pull?.requestedReviewers ?? [])].sort();
const replies = (o: Outcome): string[] => o.writes.filter((w) => w.method === 'POST' && w.path.endsWith('/comments')).map((w) => String((w.body as { body: string }).body));
const MANY = Array.from({ length: 11 }, (_, i) => `member${i + 1}`);

pluginCases('assign', {
  plugin: assign, config: '{}', plugins: 'plugins:\n  org: [assign]\n', inRepoConfig: false,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice', 'bob', 'dave', 'erin', ...MANY] });
    gh.addUser('carol');
    gh.addUser('mallory');
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    gh.addCollaborator('org', 'repo', 'carol', 'write');
    gh.addTeam('org', 'Reviewers', { slug: 'reviewers', members: ['dave', 'erin'], repos: { 'org/repo': 'write' } });
    await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.txt': 'a\n' } });
    await gh.createIssue('org', 'repo', 'alice', { title: 'an issue' });
    await gh.createIssue('org', 'repo', 'alice', { title: 'a crowded issue' });
  },
}, [
  { name: 'text that is not a command does nothing', act: comment(1, 'bob', 'I will /assign myself later'), noWrites: true },
  { name: '/assign with no one assigns the commenter', act: comment(1, 'bob', '/assign'), tookAction: true, check: (_o, t) => expect(assignees(t, 1)).toEqual(['bob']) },
  { name: '/assign @login login assigns both (the @ is optional)', act: comment(1, 'bob', '/assign @carol dave'), check: (_o, t) => expect(assignees(t, 1)).toEqual(['bob', 'carol', 'dave']) },
  { name: '/unassign @login removes that assignee', act: comment(1, 'bob', '/unassign @dave'), check: (_o, t) => expect(assignees(t, 1)).toEqual(['bob', 'carol']) },
  { name: '/unassign with no one removes the commenter', act: comment(1, 'bob', '/unassign'), check: (_o, t) => expect(assignees(t, 1)).toEqual(['carol']) },
  {
    name: 'anyone may use it: a stranger assigns a member',
    act: comment(1, 'mallory', '/assign @erin'), check: (o, t) => {
      expect(assignees(t, 1)).toEqual(['carol', 'erin']);
      expect(replies(o)).toEqual([]);
    },
  },
  {
    name: 'a user GitHub will not assign gets upstream\'s reply naming only that user',
    act: comment(1, 'bob', '/assign @dave @mallory'),
    check: (o, t) => {
      expect(assignees(t, 1)).toEqual(['carol', 'dave', 'erin']);
      expect(replies(o)).toHaveLength(1);
      expect(replies(o)[0]).toContain(`@bob: ${assignFailure('org', ['mallory'])}`);
      expect(replies(o)[0]).toContain('>/assign @dave @mallory');
    },
  },
  {
    name: 'a stranger assigning themselves is refused with the reply',
    act: comment(1, 'mallory', '/assign'), comments: ["@mallory: GitHub didn't allow me to assign the following users: mallory."],
  },
  {
    name: 'GitHub keeps 10 assignees at most: the eleventh is named in the reply',
    act: comment(3, 'bob', `/assign ${MANY.map((m) => `@${m}`).join(' ')}`),
    check: (o, t) => {
      expect(assignees(t, 3)).toHaveLength(10);
      expect(replies(o)).toEqual([expect.stringContaining("following users: member11.")]);
    },
  },
  { name: '/cc with no one requests a review from the commenter', act: comment(1, 'bob', '/cc'), check: (_o, t) => expect(requested(t, 1)).toEqual(['bob']) },
  { name: '/cc @org/team requests reviews from its members', act: comment(1, 'bob', '/cc @org/reviewers'), check: (_o, t) => expect(requested(t, 1)).toEqual(['bob', 'dave', 'erin']) },
  { name: '/uncc @login withdraws that request', act: comment(1, 'bob', '/uncc @dave'), check: (_o, t) => expect(requested(t, 1)).toEqual(['bob', 'erin']) },
  {
    name: 'a review request GitHub refuses (not a collaborator) is retried one by one and named in the reply',
    act: comment(1, 'bob', '/cc @carol @mallory'),
    check: (o, t) => {
      expect(requested(t, 1)).toEqual(['bob', 'carol', 'erin']);
      expect(replies(o)).toEqual([expect.stringContaining(`@bob: ${reviewFailure('org', ['mallory'])}`)]);
    },
  },
  {
    name: 'the author cannot be asked to review their own PR',
    act: comment(1, 'alice', '/cc'), comments: ["@alice: GitHub didn't allow me to request PR reviews from the following users: alice."],
  },
  {
    name: 'a team that does not exist is named in the reply',
    act: comment(1, 'bob', '/cc @org/nobody'), comments: ["following users: org/nobody."],
  },
  {
    name: '/assign and /cc in one comment both act',
    act: comment(1, 'bob', '/assign @bob\n/uncc @erin'),
    check: (_o, t) => {
      expect(assignees(t, 1)).toContain('bob');
      expect(requested(t, 1)).toEqual(['bob', 'carol']);
    },
  },
  { name: '/assign works on issues', act: comment(2, 'bob', '/assign'), check: (_o, t) => expect(assignees(t, 2)).toEqual(['bob']) },
  { name: '/cc on an issue is ignored', act: comment(2, 'bob', '/cc @carol'), noWrites: true },
  {
    name: 'commands in a new PR\'s description count, from its author',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'bob', body: 'Fixes things.\n/assign\n/cc @carol', files: { 'z.txt': 'z\n' } }),
    check: (_o, t) => {
      expect(assignees(t, 4)).toEqual(['bob']);
      expect(requested(t, 4)).toEqual(['carol']);
    },
  },
  { name: 'a command in a code block is ignored', act: comment(2, 'bob', '```\n/unassign\n```'), noWrites: true },
]);
