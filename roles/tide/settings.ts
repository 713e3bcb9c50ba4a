// Per org/repo/branch lookups of the `tide:` config as upstream's Tide methods: merge method (shorthands, org
// objects with repo and branch-regex entries), batch size limit, prioritize_existing_batches, target and PR status
// URLs, merge commit templates. Pure.
import { goRegexMatch } from '../../src/config/goregex.js';
import type { Tide, TideMergeCommitTemplate, TideMergeMethod } from '../../src/config/types.js';
import { ownValue } from '../../src/own-key.js';

const METHODS: readonly string[] = ['merge', 'squash', 'rebase'];
const asMethod = (v: unknown): TideMergeMethod | undefined => (typeof v === 'string' && METHODS.includes(v) ? (v as TideMergeMethod) : undefined);
const asObject = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/**
 * The merge method for org/repo@branch, highest priority first: `org/repo@branch`, the org object's branch regexes
 * (sorted), `org/repo`, the org object's repo entry, `org`, then `merge`.
 */
export function mergeMethodFor(t: Tide, org: string, repo: string, branch: string): TideMergeMethod {
  const mm = t.merge_method ?? {};
  const orgEntry = ownValue(mm, org);
  const orgObj = asObject(orgEntry);
  const repoEntry = orgObj ? (ownValue(orgObj, repo) ?? ownValue(orgObj, '*')) : undefined;
  const shorthand = asMethod(ownValue(mm, `${org}/${repo}@${branch}`));
  if (branch && shorthand) return shorthand;
  const branches = asObject(repoEntry);
  if (branches) {
    for (const key of Object.keys(branches).sort()) {
      const m = asMethod(branches[key]);
      if (m && goRegexMatch(key, branch)) return m;
    }
  }
  return asMethod(ownValue(mm, `${org}/${repo}`)) ?? asMethod(repoEntry) ?? asMethod(orgEntry) ?? 'merge';
}

/** repo, then org, then '*' (0: unlimited; -1: batches off). */
export function batchSizeLimit(t: Tide, org: string, repo: string): number {
  const m = t.batch_size_limit ?? {};
  return ownValue(m, `${org}/${repo}`) ?? ownValue(m, org) ?? ownValue(m, '*') ?? 0;
}

export function prioritizeExistingBatches(t: Tide, org: string, repo: string): boolean {
  const m = t.prioritize_existing_batches ?? {};
  return ownValue(m, `${org}/${repo}`) ?? ownValue(m, org) ?? ownValue(m, '*') ?? true;
}

function byOrgRepo(m: Record<string, string> | undefined, org: string, repo: string): string | undefined {
  if (!m) return undefined;
  return ownValue(m, `${org}/${repo}`) ?? ownValue(m, org) ?? ownValue(m, '*');
}

export type MergeBlocksPolicy = 'ignore' | 'permit' | 'block';

/** github_merge_blocks_policy for repo, org or '*'; upstream's default `permit`. */
export function mergeBlocksPolicy(t: Tide, org: string, repo: string): MergeBlocksPolicy {
  const v = byOrgRepo(t.github_merge_blocks_policy, org, repo);
  return v === 'ignore' || v === 'block' ? v : 'permit';
}

export function mergeCommitTemplate(t: Tide, org: string, repo: string): TideMergeCommitTemplate {
  const m = t.merge_commit_template ?? {};
  return ownValue(m, `${org}/${repo}`) ?? ownValue(m, org) ?? {};
}

/**
 * The `tide` context's link: target_url(s), else the PR status page (pr_status_base_url(s)) with the PR's query,
 * else none (upstream's targetURL).
 */
export function statusTargetURL(t: Tide, pr: { org: string; repo: string; author: string; headRefName: string }): string {
  const target = byOrgRepo(t.target_urls, pr.org, pr.repo) ?? t.target_url;
  if (target) return target;
  const base = byOrgRepo(t.pr_status_base_urls, pr.org, pr.repo) ?? t.pr_status_base_url;
  if (!base) return '';
  try {
    const u = new URL(base);
    u.searchParams.set('query', `is:pr repo:${pr.org}/${pr.repo} author:${pr.author} head:${pr.headRefName}`);
    return u.toString();
  } catch {
    return '';
  }
}
