// The lifecycle plugin as a table: who may /close and /reopen issues and PRs, /close not-planned, and the
// lifecycle/* labels, with upstream's replies.
import { expect } from '@jest/globals';
import { lifecycle } from '../../../plugins/lifecycle/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases } from '../../support/plugin-tester.js';

const comment = (number: number, who: string, body: string) => async (gh: FakeGitHub) => gh.comment('org', 'repo', number, who, body);
const issue = (gh: FakeGitHub, n: number) => gh.issue('org', 'repo', n);

// #1 issue by carol, #2 PR by carol, #3 issue by carol (stale), #4 PR by carol (merged later), #5 issue by carol.
pluginCases('lifecycle', {
  plugin: lifecycle, config: '{}', plugins: 'plugins:\n  org: [lifecycle]\n', inRepoConfig: false,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    gh.addUser('carol');
    gh.addUser('mallory');
    await gh.createRepo('org', 'repo', { defaultBranch: 'main' });
    gh.addCollaborator('org', 'repo', 'cody', 'write');
    await gh.createIssue('org', 'repo', 'carol', { title: 'one' });
    await gh.openPullRequest('org', 'repo', { author: 'carol', files: { 'a.txt': 'a\n' } });
    await gh.createIssue('org', 'repo', 'carol', { title: 'three', labels: ['lifecycle/stale'] });
    await gh.openPullRequest('org', 'repo', { author: 'carol', files: { 'b.txt': 'b\n' } });
    await gh.createIssue('org', 'repo', 'carol', { title: 'five' });
  },
}, [
  {
    name: 'a stranger cannot close an active issue',
    act: comment(1, 'mallory', '/close'),
    comments: [/^@mallory: You can't close an active issue\/PR unless you authored it or you are a collaborator\.\n/],
    check: (_o, t) => expect(issue(t.gh, 1).state).toBe('open'),
  },
  {
    name: 'a stranger may close a stale issue',
    act: comment(3, 'mallory', '/close'),
    comments: ['@mallory: Closing this issue.'],
    check: (_o, t) => expect([issue(t.gh, 3).state, issue(t.gh, 3).stateReason]).toEqual(['closed', 'completed']),
  },
  {
    name: 'a stranger cannot reopen',
    act: comment(3, 'mallory', '/reopen'),
    comments: ['@mallory: You can\'t reopen an issue/PR unless you authored it or you are a collaborator.'],
    check: (_o, t) => expect(issue(t.gh, 3).state).toBe('closed'),
  },
  {
    name: 'a collaborator reopens an issue',
    act: comment(3, 'cody', '/reopen'),
    comments: ['@cody: Reopened this issue.'],
    check: (_o, t) => expect(issue(t.gh, 3).state).toBe('open'),
  },
  {
    name: 'the author closes an issue as not planned',
    act: comment(1, 'carol', '/close not-planned'),
    comments: ['@carol: Closing this issue, marking it as "Not Planned".'],
    check: (_o, t) => expect([issue(t.gh, 1).state, issue(t.gh, 1).stateReason]).toEqual(['closed', 'not_planned']),
  },
  { name: '/close on a closed issue does nothing', act: comment(1, 'carol', '/close'), noWrites: true },
  {
    name: 'the author reopens their issue',
    act: comment(1, 'carol', '/reopen'),
    comments: ['@carol: Reopened this issue.'],
  },
  {
    name: 'a PR cannot be closed as not planned',
    act: comment(2, 'cody', '/close not-planned'),
    comments: ['@cody: PRs cannot be closed as Not Planned.'],
    check: (_o, t) => expect(issue(t.gh, 2).state).toBe('open'),
  },
  {
    name: 'a collaborator closes a PR',
    act: comment(2, 'cody', '/close'),
    comments: ['@cody: Closed this PR.'],
    check: (_o, t) => expect(issue(t.gh, 2).state).toBe('closed'),
  },
  { name: 'and reopens it', act: comment(2, 'cody', '/reopen'), comments: ['@cody: Reopened this PR.'] },
  {
    name: 'a merged PR cannot be reopened: GitHub\'s reason is in the reply',
    act: async (gh) => {
      await gh.merge('org', 'repo', 4);
      return gh.comment('org', 'repo', 4, 'carol', '/reopen');
    },
    comments: ['@carol: Failed to re-open PR: state cannot be changed. The pull request cannot be reopened.'],
  },
  {
    name: 'anyone sets a lifecycle label, which replaces the other lifecycle labels',
    act: comment(3, 'mallory', '/lifecycle rotten'),
    labelsAdded: ['lifecycle/rotten'],
    check: (_o, t) => expect(issue(t.gh, 3).labels).toEqual(['lifecycle/rotten']),
  },
  { name: 'a lifecycle label already there is left alone', act: comment(3, 'mallory', '/lifecycle rotten'), noWrites: true },
  {
    name: '/remove-lifecycle removes it',
    act: comment(3, 'mallory', '/remove-lifecycle rotten'),
    check: (_o, t) => expect(issue(t.gh, 3).labels).toEqual([]),
  },
  { name: '/remove-lifecycle of a label not there does nothing', act: comment(3, 'mallory', '/remove-lifecycle stale'), noWrites: true },
  { name: 'frozen on an issue', act: comment(5, 'mallory', '/lifecycle frozen'), labelsAdded: ['lifecycle/frozen'] },
  {
    name: 'frozen cannot be applied to a PR',
    act: comment(2, 'cody', '/lifecycle frozen'),
    comments: ['@cody: The `lifecycle/frozen` label cannot be applied to Pull Requests.'],
    check: (_o, t) => expect(issue(t.gh, 2).labels).toEqual([]),
  },
  { name: 'an unknown lifecycle is not a command', act: comment(5, 'mallory', '/lifecycle molten'), noWrites: true },
]);
