// Which plugins plugins.yaml enables for a repository, as upstream resolves it: the repo's own list, plus the
// org's list unless the repo is in the org's excluded_repos.
import type { ExternalPlugin, PluginsConfig } from './types.js';
import { ownValue } from '../own-key.js';

/**
 * The answers for one loaded plugins.yaml, by org/repo (and event type): the hook asks on every delivery, and a
 * reload brings a new PluginsConfig object (so a new memo).
 */
const memos = new WeakMap<PluginsConfig, Map<string, readonly unknown[]>>();

/** Past this many org/repo answers for one plugins.yaml (an org with thousands of repos), the memo starts over. */
const MAX_MEMO_ENTRIES = 10_000;

function memoized<T>(pc: PluginsConfig, key: string, compute: () => readonly T[]): readonly T[] {
  let memo = memos.get(pc);
  if (!memo) memos.set(pc, (memo = new Map()));
  else if (memo.size >= MAX_MEMO_ENTRIES && !memo.has(key)) memo.clear();
  let v = memo.get(key) as readonly T[] | undefined;
  if (v === undefined) memo.set(key, (v = Object.freeze(compute())));
  return v;
}

export function pluginsFor(pc: PluginsConfig, org: string, repo: string | undefined): readonly string[] {
  // An empty repo reads as none, here as below: one key serves both.
  return memoized(pc, `p\0${org}\0${repo ?? ''}`, () => {
    const out: string[] = [];
    if (repo) out.push(...(ownValue(pc.plugins, `${org}/${repo}`)?.plugins ?? []));
    const orgEntry = ownValue(pc.plugins, org);
    if (orgEntry && !(repo && orgEntry.excluded_repos?.includes(repo))) out.push(...(orgEntry.plugins ?? []));
    return [...new Set(out)];
  });
}

/** External plugins for the repo that want `eventType` (an empty events list means every event). */
export function externalPluginsFor(pc: PluginsConfig, org: string, repo: string | undefined, eventType: string): readonly ExternalPlugin[] {
  return memoized(pc, `e\0${org}\0${repo ?? ''}\0${eventType}`, () => {
    const all = [...(ownValue(pc.external_plugins, org) ?? []), ...(repo ? ownValue(pc.external_plugins, `${org}/${repo}`) ?? [] : [])];
    return all.filter((p) => !p.events || p.events.length === 0 || p.events.includes(eventType));
  });
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
