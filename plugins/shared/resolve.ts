// Per-repo settings as upstream resolves them: the most specific entry wins (org/repo over org over defaults).

/** For list sections whose entries name `repos` (triggers, approve, lgtm, …): the entry naming org/repo, else one naming the org. */
export function entryForRepo<T extends { repos?: string[] }>(entries: readonly T[] | undefined, org: string, repo: string): T | undefined {
  let orgMatch: T | undefined;
  const full = `${org}/${repo}`;
  for (const e of entries ?? []) {
    for (const r of e.repos ?? []) {
      if (r === full) return e;
      if (r === org && orgMatch === undefined) orgMatch = e;
    }
  }
  return orgMatch;
}

/** For map sections keyed by 'org' or 'org/repo' (dco, milestone_applier, …): the org/repo value, else the org's. */
export function valueForRepo<T>(map: Readonly<Record<string, T>> | undefined, org: string, repo: string): T | undefined {
  return map?.[`${org}/${repo}`] ?? map?.[org];
}

/**
 * Upstream's check that each repo appears in at most one entry of a list section; reports through
 * `error(path, message)` with paths relative to the section.
 */
export function checkReposOnce(section: string, entries: readonly { repos?: string[] }[], error: (path: string, message: string) => void): void {
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    for (const r of e.repos ?? []) {
      const prior = seen.get(r);
      if (prior !== undefined) error(`[${i}].repos`, `${r} is configured in both ${section}[${prior}] and ${section}[${i}]`);
      else seen.set(r, i);
    }
  });
}
