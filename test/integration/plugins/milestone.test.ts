// The milestone plugin as a table: only the maintainers team (by slug, or by the deprecated numeric ID) sets or
// clears the milestone; an unknown milestone gets upstream's reply listing the repo's milestones.
import { expect } from '@jest/globals';
import { milestone } from '../../../plugins/milestone/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases } from '../../support/plugin-tester.js';

const comment = (repo: string, who: string, body: string) => async (gh: FakeGitHub) => gh.comment('org', repo, 1, who, body);
const milestoneOf = (gh: FakeGitHub, repo: string): number | null => gh.issue('org', repo, 1).milestone;

pluginCases('milestone', {
  plugin: milestone, config: '{}', inRepoConfig: false,
  // No org/repo entry: the '' entry applies.
  plugins: `plugins:
  org: [milestone]
repo_milestone:
  '':
    maintainers_team: release-team
    maintainers_friendly_name: release managers
`,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['rel', 'alice'] });
    gh.addTeam('org', 'release-team', { members: ['rel'] });
    await gh.createRepo('org', 'repo', { defaultBranch: 'main' });
    gh.createMilestone('org', 'repo', 'v1.10');
    gh.createMilestone('org', 'repo', 'v1.9');
    await gh.createIssue('org', 'repo', 'alice', { title: 'an issue' });
  },
}, [
  {
    name: 'someone outside the team gets upstream\'s reply',
    act: comment('repo', 'alice', '/milestone v1.10'),
    comments: ['@alice: You must be a member of the [org/release-team](https://github.com/orgs/org/teams/release-team/members) GitHub team to set the milestone. If you believe you should be able to issue the /milestone command, please contact your release managers and have them propose you as an additional delegate for this responsibility.'],
    check: (_o, t) => expect(milestoneOf(t.gh, 'repo')).toBeNull(),
  },
  { name: 'a team member sets it', act: comment('repo', 'rel', '/milestone v1.10'), check: (_o, t) => expect(milestoneOf(t.gh, 'repo')).toBe(1) },
  {
    name: 'a milestone the repo lacks is refused with the list',
    act: comment('repo', 'rel', '/milestone v2.0'),
    comments: ['@rel: The provided milestone is not valid for this repository. Milestones in this repository: [`v1.10`, `v1.9`]\n\nUse `/milestone clear` to clear the milestone.'],
    check: (_o, t) => expect(milestoneOf(t.gh, 'repo')).toBe(1),
  },
  { name: '/milestone clear clears it', act: comment('repo', 'rel', '/milestone clear'), check: (_o, t) => expect(milestoneOf(t.gh, 'repo')).toBeNull() },
  { name: 'without an argument it is not a command', act: comment('repo', 'rel', '/milestone'), noWrites: true },
]);

pluginCases('milestone by maintainers_id', {
  plugin: milestone, config: '{}', inRepoConfig: false,
  plugins: 'plugins:\n  org: [milestone]\nrepo_milestone:\n  org/repo:\n    maintainers_id: 1\n',
  seed: async (gh) => {
    gh.addOrg('org', { members: ['rel', 'alice'] });
    await gh.createRepo('org', 'repo', { defaultBranch: 'main' });
    gh.createMilestone('org', 'repo', 'v1.0');
    await gh.createIssue('org', 'repo', 'alice', { title: 'an issue' });
    // The fake numbers every object from one counter; the team gets the ID the config names.
    (gh.addTeam('org', 'release-team', { members: ['rel'] }) as { id: number }).id = 1;
  },
}, [
  { name: 'a member of the team with that ID sets it', act: comment('repo', 'rel', '/milestone v1.0'), check: (_o, t) => expect(milestoneOf(t.gh, 'repo')).toBe(1) },
  { name: 'someone else cannot', act: comment('repo', 'alice', '/milestone clear'), comments: ['GitHub team to set the milestone.'], check: (_o, t) => expect(milestoneOf(t.gh, 'repo')).toBe(1) },
]);
