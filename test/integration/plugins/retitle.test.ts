// The retitle plugin as a table: who may retitle, titles that are refused, and closed issues with and without
// allow_closed_issues.
import { expect } from '@jest/globals';
import { retitle } from '../../../plugins/retitle/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases } from '../../support/plugin-tester.js';

const comment = (number: number, who: string, body: string) => async (gh: FakeGitHub) => gh.comment('org', 'repo', number, who, body);
const titleOf = (gh: FakeGitHub, n: number): string => gh.issue('org', 'repo', n).title;

const seed = async (gh: FakeGitHub): Promise<void> => {
  gh.addOrg('org', { members: ['alice'] });
  gh.addOrg('friends', { members: ['fred'] });
  gh.addUser('mallory');
  await gh.createRepo('org', 'repo', { defaultBranch: 'main' });
  gh.addCollaborator('org', 'repo', 'cody', 'write');
  await gh.createIssue('org', 'repo', 'mallory', { title: 'old title' }); // #1
  await gh.openPullRequest('org', 'repo', { author: 'mallory', title: 'old PR title', files: { 'a.txt': 'a\n' } }); // #2
  await gh.createIssue('org', 'repo', 'mallory', { title: 'closed one' }); // #3
  await gh.setIssueState('org', 'repo', 3, 'closed', 'alice');
};

pluginCases('retitle', {
  plugin: retitle, config: '{}', inRepoConfig: false, seed,
  plugins: 'plugins:\n  org: [retitle]\ntriggers:\n- repos: [org]\n  trusted_org: friends\n',
}, [
  {
    name: 'someone untrusted is refused, even the author',
    act: comment(1, 'mallory', '/retitle My title'),
    comments: [/^@mallory: Re-titling can only be requested by trusted users, like repository collaborators\.\n/],
    check: (_o, t) => expect(titleOf(t.gh, 1)).toBe('old title'),
  },
  { name: 'an org member retitles an issue', act: comment(1, 'alice', '/retitle  A better title  '), check: (_o, t) => expect(titleOf(t.gh, 1)).toBe('A better title') },
  { name: 'a collaborator retitles a PR', act: comment(2, 'cody', '/retitle fix: the thing'), check: (_o, t) => expect(titleOf(t.gh, 2)).toBe('fix: the thing') },
  { name: 'a member of the trusted_org retitles', act: comment(1, 'fred', '/retitle From a friend'), check: (_o, t) => expect(titleOf(t.gh, 1)).toBe('From a friend') },
  { name: 'an empty title is refused', act: comment(1, 'alice', '/retitle   '), comments: ['@alice: Titles may not be empty.'] },
  {
    name: 'a title that would close an issue is refused',
    act: comment(1, 'alice', '/retitle Fixes #12'),
    comments: ['@alice: Titles may not contain [keywords](https://help.github.com/articles/closing-issues-using-keywords) which can automatically close issues and at(@) mentions.'],
    check: (_o, t) => expect(titleOf(t.gh, 1)).toBe('From a friend'),
  },
  { name: 'a title with an @mention is refused', act: comment(1, 'alice', '/retitle ping @bob'), comments: ['Titles may not contain [keywords]'] },
  { name: 'an e-mail address is not a mention', act: comment(1, 'alice', '/retitle mail a@b.org'), check: (_o, t) => expect(titleOf(t.gh, 1)).toBe('mail a@b.org') },
  { name: 'a closed issue is not retitled by default', act: comment(3, 'alice', '/retitle New'), noWrites: true },
]);

pluginCases('retitle with allow_closed_issues', {
  plugin: retitle, config: '{}', inRepoConfig: false, seed,
  plugins: 'plugins:\n  org: [retitle]\nretitle:\n  allow_closed_issues: true\n',
}, [
  { name: 'a closed issue is retitled', act: comment(3, 'alice', '/retitle Reopened thinking'), check: (_o, t) => expect(titleOf(t.gh, 3)).toBe('Reopened thinking') },
]);
