// The project plugin: `/project <board> [column]` adds the issue or PR to one of the org's Projects (v2) in that
// column (or moves it there), `/project clear <board>` removes it; only members of the maintainers team that
// `project_config` names may. A board is a project's title and a column an option of its "Status" field, which is
// what classic Projects' columns became.
import { isNotFound } from '../../src/github/rest.js';
import type { OrgsAPI } from '../../src/github/orgs.js';
import { findOpenProjectV2, type ProjectsAPI, type ProjectV2, type ProjectV2Column } from '../../src/github/projects-v2.js';
import { definePlugin, type CommandSpec } from '../types.js';
import { INVALID_NUM_ARGS, parseProjectCommand, type ProjectCommand } from './command.js';
import { PROJECT_CONFIG_SECTION, projectSettingsFor, type ProjectSettings } from './config.js';

const PROJECT: CommandSpec = {
  regex: /^\/project\s(.*?)$/m,
  usage: '/project <board>, /project <board> <column>, or /project clear <board>',
  description: 'Add an issue or PR to a project board and column',
  examples: ['/project 0.5.0', '/project 0.5.0 To do', '/project clear 0.4.0'],
  whoCanUse: 'Members of the project maintainer GitHub team can use the \'/project\' command.',
};

const NO_TEAM = 'There is no maintainer team for this repo or org.';

/** Go's %v of a []string: `[a b c]`. */
const goList = (xs: string[]): string => `[${xs.join(' ')}]`;

/** The GitHub calls /project makes. */
export type ProjectClient = ProjectsAPI & Pick<OrgsAPI, 'listTeamMembersById' | 'listTeams'>;

/** What one /project command does; each outcome but "already there" is a reply. */
export async function runProjectCommand(gh: ProjectClient, where: { org: string; repo: string; number: number }, user: string, cmd: ProjectCommand, settings: ProjectSettings): Promise<string | undefined> {
  const { org, repo, number } = where;
  if (settings.teamId === undefined) return NO_TEAM;
  const members = await gh.listTeamMembersById(settings.teamId).catch((e: unknown) => {
    throw isNotFound(e) ? new Error(`project_config names maintainers team ${settings.teamId} for ${org}/${repo}, and GitHub has no team with that ID`) : e;
  });
  if (!members.some((m) => m.login.toLowerCase() === user.toLowerCase())) {
    // Upstream links to a team named after the repo; the team's real slug is what the reader needs.
    const slug = (await gh.listTeams(org)).find((t) => t.id === settings.teamId)?.slug ?? repo;
    return `You must be a member of the [${org}/${slug}](https://github.com/orgs/${org}/teams/${slug}/members) github team to set the project and column.`;
  }
  const { project: board, all } = await findOpenProjectV2(gh, org, cmd.project);
  if (!board) {
    const titles = [...new Set((all ?? []).filter((p) => !p.closed).map((p) => `\`${p.title}\``))].sort();
    return `The provided project is not valid for this organization. Projects in Kubernetes orgs and repositories: [${titles.join(', ')}].`;
  }
  const columns = board.status?.columns ?? [];
  const column = columnFor(cmd, board, columns, settings);
  if (!column && !cmd.clear) {
    return `A column is not provided or it's not valid for the project ${cmd.project}. Please provide one of the following columns in the command:\n${goList(columns.map((c) => c.name))}`;
  }
  const { contentId, items } = await gh.projectItemsOf(org, repo, number);
  const existing = items.find((i) => i.projectId === board.id);
  if (cmd.clear) {
    if (!existing) return `The project ${JSON.stringify(cmd.project)} is not valid for the issue/PR ${number}. Please provide a valid project to which this issue belongs.`;
    await gh.deleteProjectV2Item(board.id, existing.id);
    return `You have successfully removed this issue/PR from project ${cmd.project}.`;
  }
  const target = column!;
  if (existing?.column?.id === target.id) return undefined;
  const fieldId = board.status!.fieldId;
  if (existing) {
    await gh.setProjectV2ItemColumn(board.id, existing.id, fieldId, target.id);
    return `You have successfully moved the project card for this issue to column ${target.name} (ID ${target.id}).`;
  }
  const itemId = await gh.addProjectV2Item(board.id, contentId);
  // No item comes back in dry-run mode (nothing was added), so there is nothing to set.
  if (itemId !== undefined) await gh.setProjectV2ItemColumn(board.id, itemId, fieldId, target.id);
  return `You have successfully created a project card for this issue. It's been added to project ${cmd.project} column ${target.name} (ID ${target.id}).`;
}

/** The column named in the command, else (when none is named) the project's configured default column. */
function columnFor(cmd: ProjectCommand, board: ProjectV2, columns: ProjectV2Column[], settings: ProjectSettings): ProjectV2Column | undefined {
  const named = columns.find((c) => c.name === cmd.column);
  if (named || cmd.clear || cmd.column !== '') return named;
  const fallback = settings.columnMap[board.title] ?? settings.orgColumnMap[board.title];
  return fallback === undefined ? undefined : columns.find((c) => c.name === fallback);
}

export const project = definePlugin<ProjectSettings>({
  name: 'project',
  description: 'The project plugin allows members of a GitHub team to set the project and column on an issue or pull request.',
  config: {
    sections: [PROJECT_CONFIG_SECTION],
    resolve: (pc, { org, repo }) => projectSettingsFor(pc, org, repo),
    describe: (s) => {
      if (Object.keys(s.columnMap).length > 0) {
        return `An issue/PR with unspecified column will be added to one of the following columns: map[${Object.entries(s.columnMap).sort().map(([k, v]) => `${k}:${v}`).join(' ')}].`;
      }
      return s.teamId === undefined ? 'There are no maintainer team specified for this repo or its org.' : `The project maintainers team is the github team with ID: ${s.teamId}.`;
    },
  },
  commands: [PROJECT],
  handlers: {
    genericComment: async (ctx) => {
      if (ctx.event.action !== 'created' || ctx.isBot) return;
      const m = ctx.matches(PROJECT)[0];
      if (!m) return;
      const cmd = parseProjectCommand(m[1]!);
      const reply = cmd
        ? await runProjectCommand(ctx.github, { org: ctx.org, repo: ctx.repo, number: ctx.event.number }, ctx.event.user.login, cmd, ctx.settings)
        : INVALID_NUM_ARGS;
      if (reply !== undefined) await ctx.respond(reply);
    },
  },
});
