// A set of repositories written as upstream's checkconfig writes it: whole orgs, each minus some repos, plus single
// repos. Tide queries and plugin enablement both read this way, so comparing them is set algebra on this form.
import type { PluginsConfig, TideQuery } from '../config/types.js';

const orgOf = (repo: string): string | undefined => (repo.includes('/') ? repo.slice(0, repo.indexOf('/')) : undefined);
const minus = (a: Set<string>, b: Set<string>): Set<string> => new Set([...a].filter((x) => !b.has(x)));

export class OrgRepoSet {
  constructor(
    /** org → repos (org/repo) of that org left out. */
    readonly orgExceptions: Map<string, Set<string>>,
    /** Single repos (org/repo). */
    readonly repos: Set<string>,
  ) {}

  /** Upstream's listing: `org: o` (with `without repo(s) …`), then `repo: o/r`, sorted as upstream sorts. */
  items(): string[] {
    const out: string[] = [];
    for (const [org, excepts] of [...this.orgExceptions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      let item = `org: ${org}`;
      if (excepts.size > 0) {
        const list = [...excepts].sort();
        item = `${item} without repo(s) ${list.join(', ')}`;
        for (const r of list) item = `${item} '${r}'`;
      }
      out.push(item);
    }
    for (const r of [...this.repos].sort()) out.push(`repo: ${r}`);
    return out;
  }

  difference(other: OrgRepoSet): OrgRepoSet {
    const orgs = new Map<string, Set<string>>();
    const repos = new Set(this.repos);
    for (const [org, ex1] of this.orgExceptions) {
      const ex2 = other.orgExceptions.get(org);
      if (ex2) {
        for (const r of minus(ex2, ex1)) repos.add(r);
      } else {
        const ex = new Set(ex1);
        for (const r of other.repos) if (orgOf(r) === org) ex.add(r);
        orgs.set(org, ex);
      }
    }
    for (const r of other.repos) repos.delete(r);
    for (const r of [...repos]) {
      const org = orgOf(r);
      const ex2 = org === undefined ? undefined : other.orgExceptions.get(org);
      if (ex2 && !ex2.has(r)) repos.delete(r);
    }
    return new OrgRepoSet(orgs, repos);
  }

  intersection(other: OrgRepoSet): OrgRepoSet {
    const orgs = new Map<string, Set<string>>();
    const repos = new Set<string>();
    for (const [org, ex1] of this.orgExceptions) {
      const ex2 = other.orgExceptions.get(org);
      if (ex2) orgs.set(org, new Set([...ex1, ...ex2]));
      else for (const r of other.repos) if (orgOf(r) === org && !ex1.has(r)) repos.add(r);
    }
    for (const r of this.repos) {
      if (other.repos.has(r)) {
        repos.add(r);
        continue;
      }
      const org = orgOf(r);
      const ex2 = org === undefined ? undefined : other.orgExceptions.get(org);
      if (ex2 && !ex2.has(r)) repos.add(r);
    }
    return new OrgRepoSet(orgs, repos);
  }

  union(other: OrgRepoSet): OrgRepoSet {
    const orgs = new Map<string, Set<string>>();
    for (const [org, ex1] of this.orgExceptions) {
      const pruned = minus(ex1, other.repos);
      const ex2 = other.orgExceptions.get(org);
      orgs.set(org, ex2 ? new Set([...pruned].filter((r) => minus(ex2, this.repos).has(r))) : pruned);
    }
    for (const [org, ex2] of other.orgExceptions) if (!orgs.has(org)) orgs.set(org, minus(ex2, this.repos));
    const repos = new Set<string>();
    for (const r of new Set([...this.repos, ...other.repos])) {
      const org = orgOf(r);
      if (org !== undefined && !orgs.has(org)) repos.add(r);
    }
    return new OrgRepoSet(orgs, repos);
  }
}

/** The repos Tide queries cover (upstream's TideQueries.OrgExceptionsAndRepos). */
export function tideOrgRepoSet(queries: readonly TideQuery[]): OrgRepoSet {
  const orgs = new Map<string, Set<string>>();
  for (const q of queries) {
    for (const org of q.orgs ?? []) {
      const applicable = new Set((q.excludedRepos ?? []).filter((r) => orgOf(r) === org));
      const prior = orgs.get(org);
      orgs.set(org, prior ? new Set([...prior].filter((r) => applicable.has(r))) : applicable);
    }
  }
  const repos = new Set(queries.flatMap((q) => q.repos ?? []));
  for (const ex of orgs.values()) for (const r of repos) ex.delete(r);
  return new OrgRepoSet(orgs, repos);
}

/** Where plugins.yaml enables a plugin (upstream's EnabledReposForPlugin / EnabledReposForExternalPlugin). */
export function orgRepoSetForPlugin(p: PluginsConfig, plugin: string, external: boolean): OrgRepoSet {
  const orgs = new Map<string, Set<string>>();
  const repos = new Set<string>();
  if (external) {
    for (const [key, list] of Object.entries(p.external_plugins ?? {})) {
      if (!list.some((e) => e.name === plugin)) continue;
      if (key.includes('/')) repos.add(key);
      else orgs.set(key, new Set());
    }
    return new OrgRepoSet(orgs, repos);
  }
  for (const [key, entry] of Object.entries(p.plugins ?? {})) {
    if (!(entry.plugins ?? []).includes(plugin)) continue;
    if (key.includes('/')) repos.add(key);
    else orgs.set(key, new Set((entry.excluded_repos ?? []).map((r) => `${key}/${r}`)));
  }
  // A repo that enables the plugin itself is not an exception of its org.
  for (const r of repos) orgs.get(orgOf(r)!)?.delete(r);
  return new OrgRepoSet(orgs, repos);
}
