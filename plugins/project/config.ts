// plugins.yaml's `project_config`: per org (and per repo inside it) the maintainers team allowed to use /project and
// each project's default column, resolved for one repo as upstream's GetMaintainerTeam / GetColumnMap do.
import type { PluginsConfig } from '../../src/config/types.js';
import { defineSection, type OwnedSection } from '../types.js';

interface ProjectRepoConfig {
  repo_maintainers_team_id?: number;
  repo_default_column_map?: Record<string, string>;
}
interface ProjectOrgConfig {
  org_maintainers_team_id?: number;
  org_default_column_map?: Record<string, string>;
  project_repo_configs?: Record<string, ProjectRepoConfig>;
}
export interface ProjectConfig {
  project_org_configs?: Record<string, ProjectOrgConfig>;
}

/** What /project needs for one repo. */
export interface ProjectSettings {
  /** The maintainers team's ID; undefined when the org is not configured or names no team. */
  teamId: number | undefined;
  /** Project title → default column: the repo's map when the repo is configured, else the org's. */
  columnMap: Record<string, string>;
  /** The org's map, consulted when `columnMap` has no entry for the project. */
  orgColumnMap: Record<string, string>;
}

const columnMap = { type: 'object', additionalProperties: { type: 'string' } };

export const PROJECT_CONFIG_SECTION: OwnedSection = defineSection<ProjectConfig>({
  key: 'project_config',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      project_org_configs: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          properties: {
            org_maintainers_team_id: { type: 'integer' },
            org_default_column_map: columnMap,
            project_repo_configs: {
              type: 'object',
              additionalProperties: {
                type: 'object', additionalProperties: false,
                properties: { repo_maintainers_team_id: { type: 'integer' }, repo_default_column_map: columnMap },
              },
            },
          },
        },
      },
    },
  },
});

export function projectSettingsFor(pc: PluginsConfig, org: string, repo: string): ProjectSettings {
  const orgConfig = (pc.project_config as ProjectConfig | undefined)?.project_org_configs?.[org];
  if (!orgConfig) return { teamId: undefined, columnMap: {}, orgColumnMap: {} };
  const repoConfig = orgConfig.project_repo_configs?.[repo];
  const orgColumnMap = orgConfig.org_default_column_map ?? {};
  // A configured repo overrides the org entirely, as upstream (its team ID too, even when it leaves it out).
  const teamId = repoConfig ? repoConfig.repo_maintainers_team_id : orgConfig.org_maintainers_team_id;
  return { teamId: teamId || undefined, columnMap: repoConfig ? repoConfig.repo_default_column_map ?? {} : orgColumnMap, orgColumnMap };
}
