// trusted_team_for_sticky_lgtm: pushes by members of that team (looked up by the team's name, as upstream) keep
// the lgtm label.
import type { GitHubClient } from '../../src/github/client.js';
import type { Logger } from '../../src/runtime/logger.js';
import type { LgtmSettings } from './config.js';

export async function isStickyLgtmAuthor(gh: GitHubClient, settings: LgtmSettings, org: string, author: string, logger: Logger): Promise<boolean> {
  const teamName = settings.trusted_team_for_sticky_lgtm;
  if (!teamName) return false;
  try {
    const team = (await gh.listTeams(org)).find((t) => t.name === teamName);
    if (!team) {
      logger.error(`The configured trusted_team_for_sticky_lgtm (${JSON.stringify(teamName)}) was not found in the org ${JSON.stringify(org)}.`);
      return false;
    }
    const members = await gh.listTeamMembersBySlug(org, team.slug);
    return members.some((m) => m.login.toLowerCase() === author.toLowerCase());
  } catch (e) {
    // As upstream: a team that cannot be read means no sticky lgtm, never a failed event.
    logger.error('cannot read the trusted_team_for_sticky_lgtm team', { team: teamName, error: e });
    return false;
  }
}
