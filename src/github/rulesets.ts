// What the rules GitHub applies to a branch (`GET /repos/{o}/{r}/rules/branches/{branch}`: every active ruleset's
// rules there) mean for merging: the status checks they require, and whether merges must go through the merge
// queue. Pure.
import type { BranchRule } from './repos.js';

export const MERGE_QUEUE_BRANCH_PREFIX = 'gh-readonly-queue/';

/** The contexts the `required_status_checks` rules name. */
export function requiredChecksFromRules(rules: readonly BranchRule[]): string[] {
  const out = new Set<string>();
  for (const r of rules) {
    if (r.type !== 'required_status_checks') continue;
    for (const c of r.parameters?.required_status_checks ?? []) out.add(c.context);
  }
  return [...out].sort();
}

/** Whether a `merge_queue` rule applies: merges then go through GitHub's merge queue. */
export function requiresMergeQueue(rules: readonly BranchRule[]): boolean {
  return rules.some((r) => r.type === 'merge_queue');
}

/** Whether branch protection (as GET …/protection answers) requires the merge queue. */
export function protectionRequiresMergeQueue(protection: unknown): boolean {
  const mq = (protection as { required_merge_queue?: unknown } | undefined)?.required_merge_queue;
  return mq === true || (typeof mq === 'object' && mq !== null && (mq as { enabled?: unknown }).enabled === true);
}

/** A merge group's base branch from its full base ref (`refs/heads/main` → `main`). */
export const branchOfRef = (ref: string): string => ref.replace(/^refs\/heads\//, '');
