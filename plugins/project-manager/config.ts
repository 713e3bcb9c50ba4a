// plugins.yaml's `project_manager.orgsRepos`: where a project lives ('org' or 'org/repo'; Projects v2 belong to
// the org) → project title → columns, each the labels (all of them) and state an issue or PR of `org` must have to
// be put in the column `name`. Checked as upstream's validateProjectManager, plus a warning for classic column IDs.
import type { SectionReport } from '../../src/config/plugin-sections.js';
import type { ProjectColumn } from '../../src/config/types.js';
import { defineSection, type OwnedSection } from '../types.js';

export type ManagedColumn = ProjectColumn;

export interface ProjectManagerConfig {
  orgsRepos?: Record<string, { projects?: Record<string, { columns?: ManagedColumn[] }> }>;
}

const COLUMN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    state: { type: 'string' },
    org: { type: 'string' },
    labels: { type: 'array', items: { type: 'string' } },
  },
};

/** Go's %v of a column, as upstream's messages print it. */
const describeColumn = (c: ManagedColumn): string => `{${c.id ?? '<nil>'} ${c.name ?? ''} ${c.state ?? ''} ${c.org ?? ''} [${(c.labels ?? []).join(' ')}]}`;

function check(value: ProjectManagerConfig, report: SectionReport): void {
  for (const [orgRepo, managed] of Object.entries(value.orgsRepos ?? {})) {
    const projects = Object.entries(managed.projects ?? {});
    if (projects.length === 0) report.error(['orgsRepos', orgRepo], `Org/repo: ${orgRepo}, has no projects configured`);
    for (const [name, project] of projects) {
      const at = ['orgsRepos', orgRepo, 'projects', name];
      const columns = project.columns ?? [];
      if (columns.length === 0) report.error(at, `Org/repo: ${orgRepo}, project ${name}, has no columns configured`);
      const seen: string[] = [];
      columns.forEach((c, i) => {
        const cat = [...at, 'columns', i];
        if (c.id === undefined && !c.name) report.error(cat, `Org/repo: ${orgRepo}, project ${name}, column ${describeColumn(c)}, has no name/id configured`);
        if (!c.labels?.length) report.error(cat, `Org/repo: ${orgRepo}, project ${name}, column ${c.name ?? ''}, has no labels configured`);
        if (!c.org) report.error(cat, `Org/repo: ${orgRepo}, project ${name}, column ${c.name ?? ''}, has no org configured`);
        if (c.state && !['open', 'closed', 'all'].includes(c.state)) report.warning([...cat, 'state'], `state must be open, closed or all; "${c.state}" matches no issue or PR`);
        const key = [...new Set(c.labels ?? [])].sort().join('\n');
        if (seen.includes(key)) report.error(cat, `Org/repo: ${orgRepo}, project ${name}, column ${c.name ?? ''} has same labels configured as another column`);
        seen.push(key);
        if (c.id !== undefined && !c.name) {
          report.warning([...cat, 'id'], `column IDs belong to GitHub's classic Projects, which GitHub has retired; set name to the project's "Status" option (the column in Projects v2) instead`);
        }
      });
    }
  }
}

export const PROJECT_MANAGER_SECTION: OwnedSection = defineSection<ProjectManagerConfig>({
  key: 'project_manager',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      orgsRepos: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          properties: {
            projects: {
              type: 'object',
              additionalProperties: { type: 'object', additionalProperties: false, properties: { columns: { type: 'array', items: COLUMN_SCHEMA } } },
            },
          },
        },
      },
    },
  },
  check,
});
