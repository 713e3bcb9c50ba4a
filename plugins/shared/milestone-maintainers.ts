// The milestone maintainers team that the milestone and milestonestatus plugins both answer to: plugins.yaml's
// `repo_milestone` (keyed by org/repo, '' for every other repo), with the section and the membership check.
import type { PluginsConfig } from '../../src/config/types.js';
import type { OrgsAPI } from '../../src/github/orgs.js';
import { defineSection, type OwnedSection } from '../types.js';

export interface RepoMilestone {
  /** Deprecated upstream in favour of maintainers_team. */
  maintainers_id?: number;
  maintainers_team?: string;
  maintainers_friendly_name?: string;
}

/** The `repo_milestone` section; owned by the milestone plugin (milestonestatus reads it too, as upstream). */
export const REPO_MILESTONE_SECTION: OwnedSection = defineSection<Record<string, RepoMilestone>>({
  key: 'repo_milestone',
  schema: {
    type: 'object',
    additionalProperties: {
      type: 'object',
      additionalProperties: false,
      properties: { maintainers_id: { type: 'integer' }, maintainers_team: { type: 'string' }, maintainers_friendly_name: { type: 'string' } },
    },
  },
  // maintainers_id is deprecated upstream (a log line there) but works; --strict does not fail on it here either.
});

/** Upstream: the org/repo entry, else the '' entry (orgs are not keys). */
export function repoMilestoneFor(pc: PluginsConfig, org: string, repo: string): RepoMilestone {
  const all = (pc.repo_milestone ?? {}) as Record<string, RepoMilestone>;
  return all[`${org}/${repo}`] ?? all[''] ?? {};
}

/** Whether `user` is in the maintainers team (by slug, else by the deprecated numeric ID). */
export async function isMilestoneMaintainer(gh: OrgsAPI, org: string, m: RepoMilestone, user: string): Promise<boolean> {
  let members;
  if (m.maintainers_team) members = await gh.listTeamMembersBySlug(org, m.maintainers_team);
  else if (m.maintainers_id) members = await gh.listTeamMembersById(m.maintainers_id);
  else return false;
  return members.some((p) => p.login.toLowerCase() === user.toLowerCase());
}

/** Upstream's reply to someone outside the team (`what`: "set the milestone", "add status labels"). */
export function notMaintainerMessage(org: string, m: RepoMilestone, what: string, command: string): string {
  const team = m.maintainers_team ?? '';
  return `You must be a member of the [${org}/${team}](https://github.com/orgs/${org}/teams/${team}/members) GitHub team to ${what}. If you believe you should be able to issue the ${command} command, please contact your ${m.maintainers_friendly_name ?? ''} and have them propose you as an additional delegate for this responsibility.`;
}
