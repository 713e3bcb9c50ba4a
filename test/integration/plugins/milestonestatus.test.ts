// The milestonestatus plugin as a table: only the milestone maintainers team adds status/* labels.
import { expect } from '@jest/globals';
import { milestonestatus } from '../../../plugins/milestonestatus/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases } from '../../support/plugin-tester.js';

const comment = (who: string, body: string) => async (gh: FakeGitHub) => gh.comment('org', 'repo', 1, who, body);

pluginCases('milestonestatus', {
  plugin: milestonestatus, config: '{}', inRepoConfig: false,
  plugins: 'plugins:\n  org: [milestonestatus]\nrepo_milestone:\n  org/repo:\n    maintainers_team: release-team\n    maintainers_friendly_name: release managers\n',
  seed: async (gh) => {
    gh.addOrg('org', { members: ['rel', 'alice'] });
    gh.addTeam('org', 'release-team', { members: ['rel'] });
    await gh.createRepo('org', 'repo', { defaultBranch: 'main' });
    await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.txt': 'a\n' } });
  },
}, [
  {
    name: 'someone outside the team gets upstream\'s bare reply',
    act: comment('alice', '/status in-review'),
    comments: [/^You must be a member of the \[org\/release-team\]\(https:\/\/github\.com\/orgs\/org\/teams\/release-team\/members\) GitHub team to add status labels\. If you believe you should be able to issue the \/status command, please contact your release managers and have them propose you as an additional delegate for this responsibility\.$/],
    check: (out) => expect(out.writes.filter((w) => w.path.endsWith('/labels'))).toEqual([]),
  },
  { name: 'a team member adds status labels, one per line', act: comment('rel', '/status approved-for-milestone\n/status in-progress'), labelsAdded: ['status/approved-for-milestone', 'status/in-progress'] },
  { name: 'an unknown status adds nothing', act: comment('rel', '/status done'), noWrites: true },
]);
