// transfer-issue (upstream's older in-tree plugin) on the plugin test kit: who may transfer, the replies for a
// missing or repeated destination, and the move itself through GraphQL transferIssue.
import { expect } from '@jest/globals';
import { transferIssuePlugin } from '../../../plugins/transfer-issue/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases } from '../../support/plugin-tester.js';

const say = (n: number, who: string, body: string) => (gh: FakeGitHub) => gh.comment('org', 'repo', n, who, body);

async function seed(gh: FakeGitHub): Promise<void> {
  gh.addOrg('org', { members: ['alice'] });
  gh.addUser('mallory');
  await gh.createRepo('org', 'repo', { defaultBranch: 'main' });
  await gh.createRepo('org', 'kubectl', { defaultBranch: 'main' });
  gh.createLabel('org', 'kubectl', 'kind/bug');
  await gh.createIssue('org', 'repo', 'mallory', { title: 'move me', labels: ['kind/bug', 'only-here'] }); // #1
  await gh.comment('org', 'repo', 1, 'mallory', 'more detail');
  await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.txt': 'a\n' } }); // #2
}

pluginCases('transfer-issue', { plugin: transferIssuePlugin, plugins: 'plugins:\n  org: [transfer-issue]\n', inRepoConfig: false, seed }, [
  { name: 'someone outside the org is refused', act: say(1, 'mallory', '/transfer-issue kubectl'), comments: ['@mallory: You must be an org member to transfer this issue.'] },
  { name: 'two destinations in one comment', act: say(1, 'alice', '/transfer kubectl\n/transfer-issue other'), comments: ['@alice: /transfer-issue must only be used once and with a single destination repo.'] },
  { name: 'a destination that does not exist', act: say(1, 'alice', '/transfer nope'), comments: ['@alice: Something went wrong or the destination repo org/nope does not exist.'] },
  { name: 'on a PR the command does nothing', act: say(2, 'alice', '/transfer-issue kubectl'), noWrites: true },
  { name: 'a quoted command is no command', act: say(1, 'alice', '> /transfer-issue kubectl'), noWrites: true },
  {
    name: 'an org member transfers the issue with its comments and the labels the destination has',
    act: say(1, 'alice', '/transfer kubectl'),
    check: (_o, t) => {
      expect(() => t.gh.issue('org', 'repo', 1)).toThrow();
      const moved = t.gh.issue('org', 'kubectl', 1);
      expect(moved.title).toBe('move me');
      expect(moved.labels).toEqual(['kind/bug']);
      expect(t.gh.comments('org', 'kubectl', 1).map((c) => c.body)).toEqual(expect.arrayContaining(['more detail', '/transfer kubectl']));
    },
  },
]);
