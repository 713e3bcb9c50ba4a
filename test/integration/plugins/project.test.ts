// The project plugin as a table against the fake GitHub's Projects (v2): who may use /project (the maintainers
// team of project_config, by ID) and who may not, adding an issue or PR to a board's column (a Status option),
// the configured default column, moving, clearing, and upstream's replies for what cannot be done.
import { expect } from '@jest/globals';
import { project } from '../../../plugins/project/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases, type Outcome, type PluginCase } from '../../support/plugin-tester.js';

const TEAM_ID = 4242;
const comment = (who: string, body: string, number = 1, repo = 'repo') => async (gh: FakeGitHub) => gh.comment('org', repo, number, who, body);
const boards = (t: { gh: FakeGitHub }, number = 1, repo = 'repo'): Record<string, string | null> => t.gh.projectsOf('org', repo, number);

const seed = async (gh: FakeGitHub): Promise<void> => {
  gh.addOrg('org', { members: ['pm', 'lead', 'alice'] });
  (gh.addTeam('org', 'project-maintainers', { members: ['pm'], maintainers: ['lead'] }) as { id: number }).id = TEAM_ID;
  await gh.createRepo('org', 'repo', { defaultBranch: 'main' });
  await gh.createRepo('org', 'other', { defaultBranch: 'main' });
  await gh.createRepo('org', 'unteamed', { defaultBranch: 'main' });
  gh.createProjectV2('org', 'Roadmap', ['Todo', 'In Progress', 'Done']);
  gh.createProjectV2('org', 'Board With Spaces', ['Backlog', 'Doing']);
  gh.createProjectV2('org', 'Old', ['Todo'], { closed: true });
  gh.createProjectV2('org', 'Fieldless', null);
  gh.createProjectV2('someone-else', 'Elsewhere', ['Todo']);
  await gh.createIssue('org', 'repo', 'alice', { title: 'an issue' });
  await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.txt': 'a\n' } });
  await gh.createIssue('org', 'other', 'alice', { title: 'another issue' });
  await gh.createIssue('org', 'unteamed', 'alice', { title: 'an issue without a team' });
  await gh.createRepo('org', 'badteam', { defaultBranch: 'main' });
  await gh.createIssue('org', 'badteam', 'alice', { title: 'an issue whose team does not exist' });
};

const plugins = `plugins:
  org: [project]
project_config:
  project_org_configs:
    org:
      org_maintainers_team_id: ${TEAM_ID}
      org_default_column_map:
        Board With Spaces: Backlog
        Roadmap: Todo
      project_repo_configs:
        other:
          repo_maintainers_team_id: ${TEAM_ID}
          repo_default_column_map:
            Roadmap: Done
        unteamed:
          repo_default_column_map: {}
        badteam:
          repo_maintainers_team_id: 999999
`;

/** What the plugin changed: REST writes and GraphQL mutations (its GraphQL reads are POSTs too). */
const changes = (o: Outcome): string[] => o.writes
  .filter((w) => w.path !== '/graphql' || /^\s*mutation/.test(String((w.body as { query?: string }).query)))
  .map((w) => `${w.method} ${w.path}`);

const NOT_MEMBER = 'You must be a member of the [org/project-maintainers](https://github.com/orgs/org/teams/project-maintainers/members) github team to set the project and column.';

// Who may: one row per person, each trying the same command on a fresh issue state.
const who: PluginCase[] = [
  { name: 'an org member outside the team is refused', act: comment('alice', '/project Roadmap Todo'), comments: [`@alice: ${NOT_MEMBER}`], check: (_o, t) => expect(boards(t)).toEqual({}) },
  { name: 'someone outside the org is refused', act: comment('eve', '/project Roadmap Todo'), comments: [`@eve: ${NOT_MEMBER}`], check: (_o, t) => expect(boards(t)).toEqual({}) },
  { name: 'the issue\'s author is refused too', act: comment('alice', '/project clear Roadmap'), comments: [NOT_MEMBER], check: (_o, t) => expect(boards(t)).toEqual({}) },
  {
    name: 'a maintainer of the team may',
    act: comment('lead', '/project Roadmap Todo'),
    comments: ['@lead: You have successfully created a project card for this issue.'],
    check: (_o, t) => expect(boards(t)).toEqual({ Roadmap: 'Todo' }),
  },
  {
    name: 'a team ID GitHub does not know is a clear error, and nothing changes',
    act: comment('pm', '/project Roadmap Todo', 1, 'badteam'),
    errors: ['project_config names maintainers team 999999 for org/badteam, and GitHub has no team with that ID'],
    noWrites: true,
  },
  { name: 'the bot\'s own comment is ignored', act: comment('k8s-ci-robot', '/project Roadmap Todo'), noWrites: true },
  { name: 'in a repo whose config names no team, nobody may', act: comment('pm', '/project Roadmap Todo', 1, 'unteamed'), comments: ['@pm: There is no maintainer team for this repo or org.'], check: (_o, t) => expect(boards(t, 1, 'unteamed')).toEqual({}) },
];

const what: PluginCase[] = [
  {
    name: 'a team member adds the issue to a board in a column',
    act: comment('pm', '/project Roadmap In Progress'),
    comments: [/^@pm: You have successfully created a project card for this issue\. It's been added to project Roadmap column In Progress \(ID [0-9a-f]{8}\)\./],
    check: (o, t) => {
      expect(boards(t)).toEqual({ Roadmap: 'In Progress' });
      // Add the item and set its Status: two mutations, then the reply.
      expect(changes(o)).toEqual(['POST /graphql', 'POST /graphql', 'POST /repos/org/repo/issues/1/comments']);
    },
  },
  { name: 'the same column again does nothing', act: comment('pm', '/project Roadmap In Progress'), tookAction: false, check: (o) => expect(changes(o)).toEqual([]) },
  {
    name: 'another column moves it',
    act: comment('pm', '/project "Roadmap" "Done"'),
    comments: [/You have successfully moved the project card for this issue to column Done \(ID [0-9a-f]{8}\)\./],
    check: (_o, t) => expect(boards(t)).toEqual({ Roadmap: 'Done' }),
  },
  {
    name: 'a quoted board with spaces and no column goes to the org\'s default column',
    act: comment('pm', "/project 'Board With Spaces'"),
    comments: ['added to project Board With Spaces column Backlog'],
    check: (_o, t) => expect(boards(t)).toEqual({ Roadmap: 'Done', 'Board With Spaces': 'Backlog' }),
  },
  {
    name: 'an unknown board lists the open boards of the org',
    act: comment('pm', '/project Nope'),
    comments: ['@pm: The provided project is not valid for this organization. Projects in Kubernetes orgs and repositories: [`Board With Spaces`, `Fieldless`, `Roadmap`].'],
  },
  { name: 'a closed board is not valid', act: comment('pm', '/project Old Todo'), comments: ['The provided project is not valid for this organization.'] },
  {
    name: 'an unknown column lists the board\'s columns',
    act: comment('pm', '/project Roadmap Blocked'),
    comments: ["@pm: A column is not provided or it's not valid for the project Roadmap. Please provide one of the following columns in the command:\n[Todo In Progress Done]"],
    check: (_o, t) => expect(boards(t)).toEqual({ Roadmap: 'Done', 'Board With Spaces': 'Backlog' }),
  },
  { name: 'a board without a Status field has no columns', act: comment('pm', '/project Fieldless Todo'), comments: ['columns in the command:\n[]'] },
  {
    name: '/project clear removes it from the board',
    act: comment('pm', '/project clear Roadmap'),
    comments: ['@pm: You have successfully removed this issue/PR from project Roadmap.'],
    check: (_o, t) => expect(boards(t)).toEqual({ 'Board With Spaces': 'Backlog' }),
  },
  { name: 'clearing a board it is not on says so', act: comment('pm', '/project clear Roadmap'), comments: ['@pm: The project "Roadmap" is not valid for the issue/PR 1. Please provide a valid project to which this issue belongs.'] },
  { name: 'three names are too many', act: comment('pm', "/project 'a' 'b' 'c'"), comments: ['@pm: Please provide 1 or more arguments. Example usage: /project 0.5.0, /project 0.5.0 To do, /project clear 0.4.0'] },
  { name: '/project alone is not the command', act: comment('pm', '/project'), noWrites: true },
  { name: 'a quoted /project is not a command', act: comment('pm', '> /project Roadmap Todo'), noWrites: true },
  {
    name: 'a PR goes on a board the same way',
    act: comment('pm', '/project Roadmap Todo', 2),
    comments: ['added to project Roadmap column Todo'],
    check: (_o, t) => expect(boards(t, 2)).toEqual({ Roadmap: 'Todo' }),
  },
  {
    name: 'a repo\'s default column map overrides the org\'s',
    act: comment('pm', '/project Roadmap', 1, 'other'),
    comments: ['added to project Roadmap column Done'],
    check: (_o, t) => expect(boards(t, 1, 'other')).toEqual({ Roadmap: 'Done' }),
  },
  {
    name: 'the reply quotes the command it answers',
    act: comment('pm', '/project clear Roadmap', 1, 'other'),
    check: (o) => expect(String((o.writes.find((w) => w.method === 'POST' && /\/comments$/.test(w.path))?.body as { body?: string }).body)).toContain('>/project clear Roadmap'),
  },
];

pluginCases('project: who may use /project', { plugin: project, config: '{}', inRepoConfig: false, plugins, seed }, who);
pluginCases('project: boards and columns', { plugin: project, config: '{}', inRepoConfig: false, plugins, seed }, what);
