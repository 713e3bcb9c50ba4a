// The project-manager plugin: when an issue or PR is opened, reopened, labeled or unlabeled, each configured
// project whose column matches it (the event's org, state, and every label of the column) gets it as an item in
// that column (the project's "Status" option of that name), unless the issue or PR is in the project already. Like
// upstream, it never removes an item (an unlabel only re-evaluates) and takes the first matching column of a project.
import type { Label } from '../../src/github/types.js';
import type { LabelsAPI } from '../../src/github/labels.js';
import { findOpenProjectV2, type ProjectsAPI } from '../../src/github/projects-v2.js';
import type { Logger } from '../../src/runtime/logger.js';
import { definePlugin, type HandlerContext } from '../types.js';
import { PROJECT_MANAGER_SECTION, type ManagedColumn, type ProjectManagerConfig } from './config.js';

const ACTIONS = new Set(['opened', 'reopened', 'labeled', 'unlabeled']);

export interface ManagedItem {
  org: string;
  repo: string;
  number: number;
  /** 'open' | 'closed'. */
  state: string;
  /** The labels the event carried ([] makes them be read from GitHub). */
  labels: string[];
}

/** The GitHub calls project-manager makes. */
export type ProjectManagerClient = ProjectsAPI & Pick<LabelsAPI, 'getIssueLabels'>;

function columnMatches(c: ManagedColumn, item: ManagedItem, labels: string[]): boolean {
  if (!c.org || c.org !== item.org) return false;
  if (c.state && c.state !== 'all' && c.state !== item.state) return false;
  const have = new Set(labels.map((l) => l.toLowerCase()));
  // A column without labels is a config error (checkconfig); it matches nothing rather than everything.
  return (c.labels ?? []).length > 0 && (c.labels ?? []).every((l) => have.has(l.toLowerCase()));
}

/** Puts `item` in the column of each project it matches; returns the projects it was added to. */
export async function manageItem(gh: ProjectManagerClient, config: ProjectManagerConfig, item: ManagedItem, log: Logger): Promise<string[]> {
  let labels = item.labels;
  if (labels.length === 0) {
    try {
      labels = (await gh.getIssueLabels(item.org, item.repo, item.number)).map((l) => l.name);
    } catch (e) {
      log.info('cannot get the labels of the issue/PR', { error: e });
    }
  }
  let items: Awaited<ReturnType<ProjectsAPI['projectItemsOf']>> | undefined;
  const added: string[] = [];
  for (const [orgRepo, managed] of Object.entries(config.orgsRepos ?? {})) {
    const owner = orgRepo.split('/')[0]!;
    for (const [title, project] of Object.entries(managed.projects ?? {})) {
      const column = (project.columns ?? []).find((c) => columnMatches(c, item, labels));
      if (!column) continue;
      const fields = { orgRepo, project: title, column: column.name ?? column.id };
      if (!column.name) {
        log.warn('cannot add the issue/PR: the column has only a classic project column id; give its name (a "Status" option)', fields);
        continue;
      }
      let found;
      try {
        found = (await findOpenProjectV2(gh, owner, title)).project;
      } catch (e) {
        // As upstream, a project that cannot be looked up is skipped; the others are still managed.
        log.warn(`cannot look up project ${title} of ${owner}`, { ...fields, error: e });
        continue;
      }
      const target = found?.status?.columns.find((c) => c.name === column.name);
      if (!found || !target) {
        log.info(found ? `could not find column ${column.name} in project ${title}` : `could not find project ${title} in org/repo ${orgRepo}`, fields);
        continue;
      }
      items ??= await gh.projectItemsOf(item.org, item.repo, item.number);
      if (items.items.some((i) => i.projectId === found.id)) {
        log.info(`The issue/PR ${item.org}/${item.repo}#${item.number} already assigned to the project ${title}`, fields);
        continue;
      }
      const itemId = await gh.addProjectV2Item(found.id, items.contentId);
      // No item comes back in dry-run mode (nothing was added), so there is nothing to set.
      if (itemId !== undefined) {
        await gh.setProjectV2ItemColumn(found.id, itemId, found.status!.fieldId, target.id);
        items.items.push({ id: itemId, projectId: found.id, column: target });
      }
      added.push(title);
    }
  }
  return added;
}

const names = (labels: Label[] | undefined): string[] => (labels ?? []).map((l) => l.name);

async function handle(ctx: HandlerContext<unknown, ProjectManagerConfig>, item: ManagedItem): Promise<void> {
  if (!ACTIONS.has(ctx.action)) return;
  await manageItem(ctx.github, ctx.settings, item, ctx.logger);
}

export const projectManager = definePlugin<ProjectManagerConfig>({
  name: 'project-manager',
  description: 'The project-manager plugin automatically adds Pull Requests to specified GitHub Project Columns, if the label on the PR matches with configured project and the column.',
  config: {
    sections: [PROJECT_MANAGER_SECTION],
    resolve: (pc) => (pc.project_manager ?? {}) as ProjectManagerConfig,
    describe: (s) => Object.values(s.orgsRepos ?? {}).flatMap((m) => Object.entries(m.projects ?? {}).flatMap(([title, p]) => (p.columns ?? []).map((c) =>
      `Issue/PRs org: ${c.org ?? ''}, with matching labels: [${(c.labels ?? []).join(' ')}] and state: ${c.state ?? ''} will be added to the project: ${title}`))).join('\n'),
  },
  handlers: {
    issue: (ctx) => handle(ctx, { org: ctx.org, repo: ctx.repo, number: ctx.event.issue.number, state: ctx.event.issue.state ?? 'open', labels: names(ctx.event.issue.labels as Label[] | undefined) }),
    pullRequest: (ctx) => handle(ctx, { org: ctx.org, repo: ctx.repo, number: ctx.event.number, state: ctx.event.pull_request.state, labels: names(ctx.event.pull_request.labels as Label[] | undefined) }),
  },
});
