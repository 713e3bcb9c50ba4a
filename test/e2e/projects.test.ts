// The project and project-manager plugins through the built binary and the fake GitHub's Projects (v2): a labeled
// issue lands on a board by itself, a maintainer moves it and puts it on another board with /project, someone
// outside the team is refused, and /project clear takes it off; the board state on GitHub is checked after each event.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { FakeGitHub } from '../fakes/github/index.js';
import { done, Prow, seen, waitFor, waitForComment } from './harness.js';

jest.setTimeout(150_000);

const TEAM_ID = 777;

const PLUGINS = {
  plugins: { acme: { plugins: ['project', 'project-manager'] } },
  project_config: { project_org_configs: { acme: { org_maintainers_team_id: TEAM_ID, org_default_column_map: { Releases: 'Planned' } } } },
  project_manager: { orgsRepos: { acme: { projects: { Triage: { columns: [{ name: 'Needs Triage', org: 'acme', state: 'open', labels: ['kind/bug'] }] } } } } },
};

describe('Projects (v2) plugins in the hook', () => {
  let gh: FakeGitHub;
  let prow: Prow;
  beforeAll(async () => {
    gh = await FakeGitHub.start();
    gh.addOrg('acme', { members: ['alice', 'pm'] });
    (gh.addTeam('acme', 'project-maintainers', { members: ['pm'] }) as { id: number }).id = TEAM_ID;
    await gh.createRepo('acme', 'widgets', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    gh.createLabel('acme', 'widgets', 'kind/bug');
    gh.createProjectV2('acme', 'Triage', ['Needs Triage', 'Accepted', 'Rejected']);
    gh.createProjectV2('acme', 'Releases', ['Planned', 'Shipped']);
    prow = await Prow.start({ github: gh, roles: ['hook'], plugins: PLUGINS });
  });
  afterAll(async () => {
    await prow?.stop();
    await gh?.stop();
  });

  const boards = (): Record<string, string | null> => gh.projectsOf('acme', 'widgets', 1);
  const waitForBoards = (want: Record<string, string | null>): Promise<void> => waitFor(`boards ${JSON.stringify(want)}`, () => {
    const now = boards();
    return JSON.stringify(now) === JSON.stringify(want) ? done(undefined) : seen(now);
  }, { context: () => prow.logTail() });
  const opts = (): { prow: Prow } => ({ prow });

  it('puts an issue on boards as labels and commands arrive', async () => {
    await gh.createIssue('acme', 'widgets', 'alice', { title: 'it broke', labels: ['kind/bug'] });
    await waitForBoards({ Triage: 'Needs Triage' });

    await gh.comment('acme', 'widgets', 1, 'alice', '/project Triage Accepted');
    await waitForComment(gh, 'acme', 'widgets', 1, (c) => c.body.startsWith('@alice: You must be a member of the [acme/project-maintainers]'), opts());
    expect(boards()).toEqual({ Triage: 'Needs Triage' });

    await gh.comment('acme', 'widgets', 1, 'pm', '/project Triage Accepted');
    await waitForComment(gh, 'acme', 'widgets', 1, (c) => c.body.startsWith('@pm: You have successfully moved the project card for this issue to column Accepted'), opts());
    expect(boards()).toEqual({ Triage: 'Accepted' });

    await gh.comment('acme', 'widgets', 1, 'pm', '/project Releases');
    await waitForComment(gh, 'acme', 'widgets', 1, (c) => c.body.startsWith("@pm: You have successfully created a project card for this issue. It's been added to project Releases column Planned"), opts());
    expect(boards()).toEqual({ Triage: 'Accepted', Releases: 'Planned' });

    await gh.comment('acme', 'widgets', 1, 'pm', '/project Roadmap');
    await waitForComment(gh, 'acme', 'widgets', 1, (c) => c.body.startsWith('@pm: The provided project is not valid for this organization. Projects in Kubernetes orgs and repositories: [`Releases`, `Triage`].'), opts());

    await gh.comment('acme', 'widgets', 1, 'pm', '/project clear Triage');
    await waitForComment(gh, 'acme', 'widgets', 1, (c) => c.body.startsWith('@pm: You have successfully removed this issue/PR from project Triage.'), opts());
    expect(boards()).toEqual({ Releases: 'Planned' });
  });
});
