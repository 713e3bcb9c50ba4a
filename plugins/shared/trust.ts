// Who the trigger settings (`triggers` in plugins.yaml) trust, for plugins other than trigger that ask the same
// question (welcome greets only those who are not trusted): the bot, org members, collaborators unless
// only_org_members, trusted_apps, members of trusted_org. Cheapest lookups first, as upstream's TrustedUser.
import type { PluginsConfig } from '../../src/config/types.js';
import type { OrgsAPI } from '../../src/github/orgs.js';
import type { ReposAPI } from '../../src/github/repos.js';
import { entryForRepo } from './resolve.js';

interface TrustSettings {
  repos?: string[];
  only_org_members?: boolean;
  trusted_apps?: string[];
  trusted_org?: string;
}

/** The `triggers` entry for org/repo (most specific wins), or the defaults. */
export function trustSettingsFor(pc: PluginsConfig, org: string, repo: string): TrustSettings {
  return entryForRepo(pc.triggers as TrustSettings[] | undefined, org, repo) ?? {};
}

export async function isTrustedUser(gh: ReposAPI & OrgsAPI, t: TrustSettings, user: string, org: string, repo: string, botLogin: string): Promise<boolean> {
  if (user === botLogin) return true;
  if (await gh.isMember(org, user)) return true;
  if (!t.only_org_members && (await gh.isCollaborator(org, repo, user))) return true;
  const appName = user.endsWith('[bot]') ? user.slice(0, -'[bot]'.length) : user;
  if ((t.trusted_apps ?? []).includes(appName)) return true;
  if (!t.trusted_org || t.trusted_org === org) return false;
  return gh.isMember(t.trusted_org, user);
}
