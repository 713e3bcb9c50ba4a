// Tide queries turned into GitHub search strings as upstream's TideQuery.Query/OrgQueries do, and which queries
// apply to a repo. Pure: unit-tested table by table.
import type { TideQuery } from '../../src/config/types.js';

const splitOrgRepo = (s: string): [string, string] | undefined => {
  const parts = s.split('/');
  return parts.length === 2 ? [parts[0]!, parts[1]!] : undefined;
};

/** The part of a query that is the same for every org: `is:pr state:open archived:false …`. */
export function queryFilters(q: TideQuery): string {
  const toks = ['is:pr', 'state:open', 'archived:false'];
  if (q.author) toks.push(`author:"${q.author}"`);
  for (const b of q.excludedBranches ?? []) toks.push(`-base:"${b}"`);
  for (const b of q.includedBranches ?? []) toks.push(`base:"${b}"`);
  // A comma inside one label entry means "any of these".
  for (const l of q.labels ?? []) toks.push(`label:${l.split(',').map((alt) => `"${alt}"`).join(',')}`);
  for (const l of q.missingLabels ?? []) toks.push(`-label:"${l}"`);
  if (q.milestone) toks.push(`milestone:"${q.milestone}"`);
  if (q.reviewApprovedRequired) toks.push('review:approved');
  return toks.join(' ');
}

/** org → that org's `org:`/`repo:`/`-repo:` tokens, in upstream's order. */
function orgScopedTokens(q: TideQuery): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (org: string, tok: string): void => {
    out.set(org, [...(out.get(org) ?? []), tok]);
  };
  for (const o of q.orgs ?? []) if (!out.has(o)) out.set(o, [`org:"${o}"`]);
  for (const r of q.repos ?? []) {
    const s = splitOrgRepo(r);
    if (s) add(s[0], `repo:"${r}"`);
  }
  for (const r of q.excludedRepos ?? []) {
    const s = splitOrgRepo(r);
    if (s) add(s[0], `-repo:"${r}"`);
  }
  return out;
}

/** The whole query as one search string (upstream's Query()). */
export function queryString(q: TideQuery): string {
  return [queryFilters(q), ...[...orgScopedTokens(q).values()].flat()].join(' ');
}

/** The query split per org, one search string each (upstream's OrgQueries(); GitHub Apps search per installation). */
export function orgQueries(q: TideQuery): Map<string, string> {
  const filters = queryFilters(q);
  const out = new Map<string, string>();
  for (const [org, toks] of orgScopedTokens(q)) out.set(org, `${filters} ${toks.join(' ')}`);
  return out;
}

/** Whether the query covers org/repo (upstream's ForRepo). */
export function queryForRepo(q: TideQuery, org: string, repo: string): boolean {
  const full = `${org}/${repo}`;
  if ((q.orgs ?? []).includes(org)) return !(q.excludedRepos ?? []).includes(full);
  return (q.repos ?? []).includes(full);
}

export function queriesForRepo(queries: readonly TideQuery[], org: string, repo: string): TideQuery[] {
  return queries.filter((q) => queryForRepo(q, org, repo));
}

/** Every org the queries name (with their repos), for the blocker and status searches. */
export function orgsAndRepos(queries: readonly TideQuery[]): { orgs: Set<string>; repos: Set<string>; excluded: Map<string, Set<string>> } {
  const orgs = new Set<string>();
  const repos = new Set<string>();
  const excluded = new Map<string, Set<string>>();
  for (const q of queries) {
    for (const o of q.orgs ?? []) {
      orgs.add(o);
      const ex = new Set((q.excludedRepos ?? []).filter((r) => r.startsWith(`${o}/`)));
      // An org is excluded-from only where every query covering it excludes the repo.
      const prev = excluded.get(o);
      excluded.set(o, prev ? new Set([...prev].filter((r) => ex.has(r))) : ex);
    }
    for (const r of q.repos ?? []) repos.add(r);
  }
  for (const r of repos) {
    const org = r.split('/')[0]!;
    excluded.get(org)?.delete(r);
  }
  return { orgs, repos, excluded };
}

/** `org:"o" -repo:"o/x"` / `repo:"o/r"` tokens per org, as upstream's orgRepoQueryStrings (blockers use it). */
export function orgRepoTokens(queries: readonly TideQuery[]): Map<string, string> {
  const { orgs, repos, excluded } = orgsAndRepos(queries);
  const out = new Map<string, string[]>();
  for (const o of orgs) out.set(o, [`org:"${o}"`, ...[...(excluded.get(o) ?? [])].map((r) => `-repo:"${r}"`)]);
  for (const r of repos) {
    const org = r.split('/')[0]!;
    if (orgs.has(org)) continue;
    out.set(org, [...(out.get(org) ?? []), `repo:"${r}"`]);
  }
  return new Map([...out].map(([k, v]) => [k, v.join(' ')]));
}
