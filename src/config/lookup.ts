// Per-repo lookups in the core config, keyed the upstream way ('org/repo', then 'org', then '*').
import type { Config, DefaultRerunAuthConfigEntry, RerunAuthConfig } from './types.js';
import { entryMatches } from './entries.js';
import { ownValue } from '../own-key.js';

function keysFor(org: string, repo: string): string[] {
  return [`${org}/${repo}`, org, '*'];
}

/** Whether inrepoconfig is on for the repo: the narrowest of 'org/repo', 'org', '*' that is set decides. */
export function inRepoConfigEnabled(c: Config, org: string, repo: string): boolean {
  for (const k of keysFor(org, repo)) {
    const v = ownValue(c.in_repo_config?.enabled, k);
    if (v !== undefined) return v;
  }
  return false;
}

/** Clusters jobs from the repo's inrepoconfig may use: the union over 'org/repo', 'org' and '*'. */
export function inRepoAllowedClusters(c: Config, org: string, repo: string): string[] {
  return [...new Set(keysFor(org, repo).flatMap((k) => ownValue(c.in_repo_config?.allowed_clusters, k) ?? []))];
}

/** deck.rerun_auth_configs (older map form) as entries: '' and '*' first, then orgs, then repos. */
function rerunAuthEntries(c: Config): DefaultRerunAuthConfigEntry[] {
  if (c.deck?.default_rerun_auth_configs?.length) return c.deck.default_rerun_auth_configs;
  const m = c.deck?.rerun_auth_configs ?? {};
  const keys = Object.keys(m);
  const rank = (k: string): number => (k === '' || k === '*' ? 0 : k.includes('/') ? 2 : 1);
  keys.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return keys.map((k) => ({ repo: k, cluster: '', rerun_auth_configs: m[k] }));
}

/**
 * Who may rerun a job from Deck: the job's own rerun_auth_config, else the last matching default entry
 * (`orgRepo` is the job's refs, or extra_refs[0] for a periodic; '' when it has none).
 */
export function rerunAuthConfigFor(c: Config, orgRepo: string, cluster: string, own?: RerunAuthConfig): RerunAuthConfig | undefined {
  if (own) return own;
  let found: RerunAuthConfig | undefined;
  for (const e of rerunAuthEntries(c)) if (entryMatches(e, orgRepo, cluster)) found = e.rerun_auth_configs;
  return found;
}
