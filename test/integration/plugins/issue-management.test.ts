// issue-management on the plugin test kit: /link-issue and /unlink-issue edit the PR body's Fixes line (org
// members only, with upstream's error list for bad references), /pin-issue and /unpin-issue pin through GraphQL
// (top-level OWNERS approvers only), and /transfer-issue moves an issue through GraphQL (org members only).
import { expect } from '@jest/globals';
import { issueManagement } from '../../../plugins/issue-management/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases, type PluginTester } from '../../support/plugin-tester.js';

const say = (n: number, who: string, body: string) => (gh: FakeGitHub) => gh.comment('org', 'repo', n, who, body);
const bodyOf = (t: PluginTester): string | null => t.gh.issue('org', 'repo', 2).body;
const pinned = (t: PluginTester, n: number): boolean => Boolean(t.gh.issue('org', 'repo', n).pinned);

async function seed(gh: FakeGitHub): Promise<void> {
  gh.addOrg('org', { members: ['alice'] });
  for (const u of ['mallory', 'olive']) gh.addUser(u);
  await gh.createRepo('org', 'repo', { files: { OWNERS: 'approvers:\n- olive\n' }, defaultBranch: 'main' });
  await gh.createRepo('org', 'other', { defaultBranch: 'main' });
  await gh.createIssue('org', 'repo', 'mallory', { title: 'a bug' }); // #1
  await gh.openPullRequest('org', 'repo', { author: 'alice', body: 'Some text', files: { 'a.txt': 'a\n' } }); // #2
  await gh.createIssue('org', 'repo', 'mallory', { title: 'belongs elsewhere' }); // #3
  for (const title of ['pinned 1', 'pinned 2', 'pinned 3']) await gh.createIssue('org', 'repo', 'mallory', { title }); // #4-#6
  await gh.createIssue('org', 'other', 'mallory', { title: 'over there' }); // org/other#1
}

const ERRORS = 'There are one or more errors with issue references provided, please cross check and retry.\n';

pluginCases('issue-management', { plugin: issueManagement, plugins: 'plugins:\n  org: [issue-management]\n', inRepoConfig: false, seed }, [
  {
    name: '/link-issue by someone outside the org is refused',
    act: say(2, 'mallory', '/link-issue 1'),
    comments: ['@mallory: You must be an org member to use this command.'],
    check: (_o, t) => expect(bodyOf(t)).toBe('Some text'),
  },
  {
    name: 'an org member links two issues: a Fixes line after a blank line, no reply',
    act: say(2, 'alice', '/link-issue 3 1'),
    check: (o, t) => {
      expect(bodyOf(t)).toBe('Some text\n\nFixes #1 #3');
      expect(o.writes.filter((w) => w.path.endsWith('/comments'))).toEqual([]);
    },
  },
  {
    name: 'good and bad references: the good one is linked, the bad ones listed',
    act: say(2, 'alice', '/link-issue org/other#1 abc 99 2'),
    comments: [
      '@alice: Updated the `Fixes` line in the pull request body.\nHowever, ' + ERRORS
      + '* Invalid format for issue **abc**. Supported formats are **issue-number** and **organization/repository#issue-number**\n'
      + '* Failed to get issue **#99** from **org/repo**\n'
      + '* Skipping #2 of **org/repo** as it is a ***pull request***.\n',
    ],
    check: (_o, t) => expect(bodyOf(t)).toBe('Some text\n\nFixes #1 #3 org/other#1'),
  },
  {
    name: 'a reference to a repository that does not exist changes nothing',
    act: say(2, 'alice', '/link-issue nope/missing#4'),
    comments: [`@alice: ${ERRORS}* Failed to get repository details with name **missing**\n`],
    check: (_o, t) => expect(bodyOf(t)).toBe('Some text\n\nFixes #1 #3 org/other#1'),
  },
  {
    name: '/unlink-issue of some keeps the rest',
    act: say(2, 'alice', '/unlink-issue 3'),
    check: (_o, t) => expect(bodyOf(t)).toBe('Some text\n\nFixes #1 org/other#1'),
  },
  {
    name: 'link and unlink in one comment; unlinking the last issue removes the line',
    act: say(2, 'alice', '/unlink-issue 1 org/other#1\n/link-issue 1'),
    check: (_o, t) => expect(bodyOf(t)).toBe('Some text\n\nFixes #1'),
  },
  { name: 'unlinking every issue removes the Fixes line', act: say(2, 'alice', '/unlink-issue 1'), check: (_o, t) => expect(bodyOf(t)).toBe('Some text\n') },
  { name: '/link-issue on an issue', act: say(1, 'alice', '/link-issue 3'), comments: ['@alice: This command can only be used on pull requests.'] },
  { name: '/link-issue without an issue is no command', act: say(2, 'alice', '/link-issue'), noWrites: true },
  {
    name: 'an org member who is not a top-level approver may not pin',
    act: say(1, 'alice', '/pin-issue'),
    comments: ['@alice: You are not authorized to pin or unpin issues on this repository. Only approvers from the top-level OWNERS file can use this command.'],
    check: (_o, t) => expect(pinned(t, 1)).toBe(false),
  },
  {
    name: 'a top-level approver pins an issue',
    act: say(1, 'olive', '/pin-issue'),
    comments: ['@olive: Issue #1 has been pinned to the repository.'],
    check: (_o, t) => expect(pinned(t, 1)).toBe(true),
  },
  {
    name: 'a top-level approver unpins it (any case)',
    act: say(1, 'olive', '/UNPIN-ISSUE'),
    comments: ['@olive: Issue #1 has been unpinned from the repository.'],
    check: (_o, t) => expect(pinned(t, 1)).toBe(false),
  },
  { name: '/pin-issue on a PR', act: say(2, 'olive', '/pin-issue'), comments: ['@olive: `/pin-issue` and `/unpin-issue` can only be triggered on GitHub issues.'] },
  {
    name: 'GitHub refusing the pin (three pinned already) gets upstream\'s reply',
    act: async (gh) => {
      for (const n of [4, 5, 6]) gh.state.setPinned(gh.state.repo('org', 'repo'), n, true, 'olive');
      await gh.comment('org', 'repo', 1, 'olive', '/pin-issue');
    },
    comments: ['@olive: Unable to pin issue #1. Please try again later.'],
    check: (_o, t) => expect(pinned(t, 1)).toBe(false),
  },
  {
    name: '/transfer-issue by someone outside the org is refused',
    act: say(3, 'mallory', '/transfer-issue other'),
    comments: ['@mallory: You must be an org member to transfer this issue.'],
    check: (_o, t) => expect(t.gh.issue('org', 'repo', 3).title).toBe('belongs elsewhere'),
  },
  { name: '/transfer-issue to a repository that does not exist', act: say(3, 'alice', '/transfer-issue missing'), comments: ['@alice: Something went wrong or the destination repo org/missing does not exist.'] },
  { name: '/transfer without a repository', act: say(3, 'alice', '/transfer'), comments: ['@alice: /transfer-issue must only be used once and with a single destination repo.'] },
  {
    name: 'an org member transfers an issue (GraphQL transferIssue); no reply',
    act: say(3, 'alice', 'This belongs elsewhere\n/transfer-issue other\nThanks!'),
    check: (o, t) => {
      expect(() => t.gh.issue('org', 'repo', 3)).toThrow();
      expect(t.gh.issue('org', 'other', 2).title).toBe('belongs elsewhere');
      expect(o.writes.filter((w) => w.path.endsWith('/comments'))).toEqual([]);
    },
  },
]);
