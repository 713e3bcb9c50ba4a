// Which plugins plugins.yaml enables for a repository, as upstream resolves it: the repo's own list, plus the
// org's list unless the repo is in the org's excluded_repos.
import type { ExternalPlugin, PluginsConfig } from './types.js';
import { ownValue } from '../own-key.js';

export function pluginsFor(pc: PluginsConfig, org: string, repo: string | undefined): string[] {
  const out: string[] = [];
  if (repo) out.push(...(ownValue(pc.plugins, `${org}/${repo}`)?.plugins ?? []));
  const orgEntry = ownValue(pc.plugins, org);
  if (orgEntry && !(repo && orgEntry.excluded_repos?.includes(repo))) out.push(...(orgEntry.plugins ?? []));
  return [...new Set(out)];
}

/** External plugins for the repo that want `eventType` (an empty events list means every event). */
export function externalPluginsFor(pc: PluginsConfig, org: string, repo: string | undefined, eventType: string): ExternalPlugin[] {
  const all = [...(ownValue(pc.external_plugins, org) ?? []), ...(repo ? ownValue(pc.external_plugins, `${org}/${repo}`) ?? [] : [])];
  return all.filter((p) => !p.events || p.events.length === 0 || p.events.includes(eventType));
}

export function externalEndpoint(p: ExternalPlugin): string {
  return p.endpoint && p.endpoint !== '' ? p.endpoint : `http://${p.name}`;
}

/**
 * The orgs and `org/repo`s whose external_plugins name `name` (upstream's EnabledReposForExternalPlugin): what an
 * external plugin's periodic work (needs-rebase's sweep) covers.
 */
export function enabledReposForExternalPlugin(pc: PluginsConfig, name: string): { orgs: string[]; repos: string[] } {
  const orgs: string[] = [];
  const repos: string[] = [];
  for (const [key, list] of Object.entries(pc.external_plugins ?? {})) {
    if (!list.some((p) => p.name === name)) continue;
    (key.includes('/') ? repos : orgs).push(key);
  }
  return { orgs, repos };
}
