// The project and project-manager plugins without GitHub: parsing /project's arguments as upstream, resolving
// project_config for a repo (repo entries override the org's), and checkconfig on both sections (upstream's
// validateProjectManager errors, the classic column id warning, misspelt options under --strict).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { parseConfigYaml, toYaml } from '../../../src/config/yaml.js';
import { runCheckconfig } from '../../../src/cli/checkconfig.js';
import { parseProjectCommand } from '../../../plugins/project/command.js';
import { projectSettingsFor } from '../../../plugins/project/config.js';
import { project } from '../../../plugins/project/index.js';
import { REFERENCE_DIR, TempDir } from '../config/temp.js';

describe('/project arguments', () => {
  it.each([
    ['0.5.0', { project: '0.5.0', column: '', clear: false }],
    ['0.5.0 To do', { project: '0.5.0', column: 'To do', clear: false }],
    ['  0.5.0   To do  ', { project: '0.5.0', column: 'To do', clear: false }],
    ["'My Board' 'In Progress'", { project: 'My Board', column: 'In Progress', clear: false }],
    ['"My Board" "In Progress"', { project: 'My Board', column: 'In Progress', clear: false }],
    ["'My Board' Todo", { project: 'My Board', column: 'Todo', clear: false }],
    ["'My Board'", { project: 'My Board', column: '', clear: false }],
    ['clear 0.4.0', { project: '0.4.0', column: '', clear: true }],
    ["clear 'My Board'", { project: 'My Board', column: '', clear: true }],
    ['clearance Todo', { project: 'clearance', column: 'Todo', clear: false }],
  ])('%j', (args, want) => {
    expect(parseProjectCommand(args)).toEqual(want);
  });

  it.each([[''], ['   '], ['clear'], ["'a' 'b' 'c'"], ["''"]])('%j is not one or two names', (args) => {
    expect(parseProjectCommand(args)).toBeUndefined();
  });

  it('the command needs an argument after a space, on a line of its own', () => {
    const re = new RegExp(project.commands[0]!.regex.source, 'm');
    expect(re.exec('/project Roadmap Todo')?.[1]).toBe('Roadmap Todo');
    expect(re.exec('/project')).toBeNull();
    expect(re.exec('/projects Roadmap')).toBeNull();
    expect(re.exec('see /project Roadmap')).toBeNull();
  });
});

describe('project_config for a repo', () => {
  const pc = {
    project_config: {
      project_org_configs: {
        org: {
          org_maintainers_team_id: 1,
          org_default_column_map: { Roadmap: 'Todo', Bugs: 'Triage' },
          project_repo_configs: { special: { repo_maintainers_team_id: 2, repo_default_column_map: { Roadmap: 'Done' } }, teamless: {} },
        },
        bare: {},
      },
    },
  };

  it.each([
    ['org', 'repo', { teamId: 1, columnMap: { Roadmap: 'Todo', Bugs: 'Triage' }, orgColumnMap: { Roadmap: 'Todo', Bugs: 'Triage' } }],
    ['org', 'special', { teamId: 2, columnMap: { Roadmap: 'Done' }, orgColumnMap: { Roadmap: 'Todo', Bugs: 'Triage' } }],
    // A configured repo replaces the org's entry, team included (upstream's GetMaintainerTeam).
    ['org', 'teamless', { teamId: undefined, columnMap: {}, orgColumnMap: { Roadmap: 'Todo', Bugs: 'Triage' } }],
    ['bare', 'repo', { teamId: undefined, columnMap: {}, orgColumnMap: {} }],
    ['unknown', 'repo', { teamId: undefined, columnMap: {}, orgColumnMap: {} }],
  ])('%s/%s', (org, repo, want) => {
    expect(projectSettingsFor(pc, org, repo)).toEqual(want);
  });

  it('help says what is configured, as upstream', () => {
    const help = project.help(pc, ['org/repo', 'org/teamless', 'unknown/repo']);
    expect(help.Config).toEqual({
      'org/repo': 'An issue/PR with unspecified column will be added to one of the following columns: map[Bugs:Triage Roadmap:Todo].',
      'org/teamless': 'There are no maintainer team specified for this repo or its org.',
      'unknown/repo': 'There are no maintainer team specified for this repo or its org.',
    });
  });
});

describe('checkconfig on project_config and project_manager', () => {
  let tmp: TempDir | undefined;
  afterEach(() => tmp?.cleanup());

  async function check(doc: Record<string, unknown>, strict = true): Promise<{ errors: string[]; warnings: string[] }> {
    tmp = new TempDir();
    const file = tmp.write('plugins.yaml', toYaml({ plugins: { org: ['project', 'project-manager'] }, ...doc }));
    const r = await runCheckconfig({ pluginConfig: file, strict });
    const fmt = (p: { path?: string; message: string }): string => `${p.path}: ${p.message}`;
    return { errors: r.problems.filter((p) => p.severity === 'error').map(fmt), warnings: r.problems.filter((p) => p.severity === 'warning').map(fmt) };
  }

  const column = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name: 'Todo', org: 'org', labels: ['kind/bug'], ...extra });
  const manager = (columns: unknown[]): Record<string, unknown> => ({ project_manager: { orgsRepos: { 'org/repo': { projects: { Roadmap: { columns } } } } } });

  it('accepts the documented options and the maintainers team IDs', async () => {
    const documented = parseConfigYaml(readFileSync(path.join(REFERENCE_DIR, 'plugin-config-documented.yaml'), 'utf8')) as Record<string, unknown>;
    const pc = documented.project_config as { project_org_configs: Record<string, Record<string, unknown> & { project_repo_configs: Record<string, Record<string, unknown>> }> };
    pc.project_org_configs['']!.org_maintainers_team_id = 12;
    pc.project_org_configs['']!.project_repo_configs['']!.repo_maintainers_team_id = 13;
    const r = await check({ project_config: pc, ...manager([column({ state: 'open' }), column({ name: 'Doing', labels: ['kind/feature'], state: 'all' })]) });
    expect(r).toEqual({ errors: [], warnings: [] });
  });

  it.each([
    [{ project_config: { project_org_configs: { org: { org_maintainer_team_id: 1 } } } }, 'project_config.project_org_configs.org.org_maintainer_team_id: unknown field "org_maintainer_team_id"'],
    [{ project_config: { project_org_configs: { org: { project_repo_configs: { r: { repo_default_columns: {} } } } } } }, 'project_config.project_org_configs.org.project_repo_configs.r.repo_default_columns: unknown field "repo_default_columns"'],
    [manager([column({ lables: ['x'] })]), 'project_manager.orgsRepos["org/repo"].projects.Roadmap.columns[0].lables: unknown field "lables"'],
  ])('rejects a misspelt option under --strict: %j', async (doc, want) => {
    expect((await check(doc)).errors).toContain(want);
  });

  it.each([
    [{ project_manager: { orgsRepos: { org: {} } } }, 'project_manager.orgsRepos.org: Org/repo: org, has no projects configured'],
    [manager([]), 'project_manager.orgsRepos["org/repo"].projects.Roadmap: Org/repo: org/repo, project Roadmap, has no columns configured'],
    [manager([{ org: 'org', labels: ['x'] }]), 'project_manager.orgsRepos["org/repo"].projects.Roadmap.columns[0]: Org/repo: org/repo, project Roadmap, column {<nil>   org [x]}, has no name/id configured'],
    [manager([column({ labels: [] })]), 'project_manager.orgsRepos["org/repo"].projects.Roadmap.columns[0]: Org/repo: org/repo, project Roadmap, column Todo, has no labels configured'],
    [manager([column({ org: undefined })]), 'project_manager.orgsRepos["org/repo"].projects.Roadmap.columns[0]: Org/repo: org/repo, project Roadmap, column Todo, has no org configured'],
    [manager([column(), column({ name: 'Done', labels: ['kind/bug', 'kind/bug'] })]), 'project_manager.orgsRepos["org/repo"].projects.Roadmap.columns[1]: Org/repo: org/repo, project Roadmap, column Done has same labels configured as another column'],
  ])('reports upstream\'s validation errors: %j', async (doc, want) => {
    const r = await check(doc);
    expect(r.errors).toEqual([want]);
  });

  // --strict makes warnings errors, as upstream's checkconfig.
  it('warns about a classic column id and says what to use instead', async () => {
    const r = await check(manager([{ id: 1234, org: 'org', labels: ['kind/bug'] }, column({ id: 5, name: 'Done', labels: ['x'] })]), false);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([
      'project_manager.orgsRepos["org/repo"].projects.Roadmap.columns[0].id: column IDs belong to GitHub\'s classic Projects, which GitHub has retired; set name to the project\'s "Status" option (the column in Projects v2) instead',
    ]);
  });

  it('warns about a state that matches nothing', async () => {
    expect((await check(manager([column({ state: 'OPEN' })]), false)).warnings).toEqual([
      'project_manager.orgsRepos["org/repo"].projects.Roadmap.columns[0].state: state must be open, closed or all; "OPEN" matches no issue or PR',
    ]);
  });
});
