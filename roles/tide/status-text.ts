// The `tide` status context's state and description, with upstream's texts: "In merge pool.", "Not mergeable.
// Needs X label.", "… Job(s) … has/have not succeeded.", "… Merging is blocked by issue(s) …", "Retesting: …",
// choosing the query the PR is closest to meeting (or every query with display_all_tide_queries_in_status),
// 140 characters at most. Pure.
import type { TideQuery } from '../../src/config/types.js';
import { unsuccessfulContexts, type ContextPolicy } from './contexts.js';
import type { MergeMethod, TidePR } from './types.js';

export const STATUS_IN_POOL = 'In merge pool.';
/** A PR tide queued that left the queue (its merge group failed, or it was dequeued) while nothing changed. */
export const DROPPED_FROM_QUEUE = 'Not mergeable. Left the merge queue; queued again when the PR or its branch changes.';
/** A PR Tide (or anyone) put in GitHub's merge queue: where it is. */
export const inMergeQueue = (q: { position: number; total: number }): string => `In merge queue (position ${q.position} of ${Math.max(q.total, q.position)}).`;
export const notInPool = (reason: string): string => `Not mergeable.${reason}`;
export const MAX_STATUS_DESCRIPTION = 140;

const MAX_LABEL_CHARS = 50;

/** Keeps as many names as fit in 50 characters, at least one. */
function truncate(names: string[]): string[] {
  let i = 1;
  let chars = names[0]!.length;
  for (; i < names.length; i++) {
    if (chars + names[i]!.length > MAX_LABEL_CHARS) break;
    chars += names[i]!.length + 2;
  }
  return names.slice(0, i);
}

const sortedCodeUnits = (xs: string[]): string[] => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** What keeps `pr` from meeting `q` (the first reason, as text) and how far it is (upstream's requirementDiff). */
export function requirementDiff(pr: TidePR, q: TideQuery, policy: ContextPolicy): { desc: string; diff: number } {
  let desc = '';
  let diff = 0;
  const denied = (q.excludedBranches ?? []).includes(pr.baseRef);
  const allowed = !q.includedBranches?.length || q.includedBranches.includes(pr.baseRef);
  if (denied || !allowed) {
    diff += 2000;
    desc ||= ` Merging to branch ${pr.baseRef} is forbidden.`;
  }
  const norm = (l: string): string => l.replace(/^@/, '').toLowerCase();
  if (q.author && norm(q.author) !== norm(pr.author)) {
    diff += 1000;
    desc ||= ` Must be by author ${norm(q.author)}.`;
  }
  if (q.milestone && pr.milestone !== q.milestone) {
    diff += 100;
    desc ||= ` Must be in milestone ${q.milestone}.`;
  }
  const missing = (q.labels ?? []).filter((l) => !l.split(',').some((alt) => pr.labels.includes(alt))).map((l) => l.replaceAll(',', ' or '));
  diff += missing.length;
  if (!desc && missing.length) {
    const t = truncate(sortedCodeUnits(missing));
    desc = t.length === 1 ? ` Needs ${t[0]} label.` : ` Needs ${t.join(', ')} labels.`;
  }
  const present = (q.missingLabels ?? []).filter((l) => pr.labels.includes(l));
  diff += present.length;
  if (!desc && present.length) {
    const t = truncate(sortedCodeUnits(present));
    desc = t.length === 1 ? ` Should not have ${t[0]} label.` : ` Should not have ${t.join(', ')} labels.`;
  }
  const contexts = unsuccessfulContexts(pr.contexts, policy).map((c) => c.context);
  diff += contexts.length;
  if (!desc && contexts.length) {
    const t = truncate(sortedCodeUnits(contexts));
    desc = t.length === 1 ? ` Job ${t[0]} has not succeeded.` : ` Jobs ${t.join(', ')} have not succeeded.`;
  }
  if (q.reviewApprovedRequired && pr.reviewDecision !== 'APPROVED') {
    diff += 50;
    desc ||= ' PullRequest is missing sufficient approving GitHub review(s)';
  }
  return { desc, diff };
}

/** Why a PR cannot merge at all, whatever the queries say (upstream's isAllowedToMerge); '' when it can. */
export function mergeBlockedReason(pr: TidePR, method: MergeMethod | undefined, blocksPolicy: 'ignore' | 'permit' | 'block' = 'permit'): string {
  if (pr.mergeable === 'CONFLICTING') return 'PR has a merge conflict.';
  if (method === undefined) return 'PR has conflicting merge method override labels';
  if (method === 'rebase' && !pr.canBeRebased) return "PR can't be rebased";
  if (!pr.allowed[method]) return `Merge type "${method}" disallowed by repo settings`;
  if (blocksPolicy === 'block' && pr.mergeStateStatus === 'BLOCKED') return GITHUB_BLOCKS;
  return '';
}

export const GITHUB_BLOCKS = 'GitHub blocks merging (branch protection, rulesets or required reviews).';

export interface Blocker {
  number: number;
  title: string;
  url: string;
}

export interface StatusInputs {
  pr: TidePR;
  /** The queries that cover the PR's repo. */
  queries: readonly TideQuery[];
  policy: ContextPolicy;
  inPool: boolean;
  method: MergeMethod | undefined;
  /** github_merge_blocks_policy for the PR's repo. */
  blocksPolicy?: 'ignore' | 'permit' | 'block';
  blockers: readonly Blocker[];
  displayAllQueries: boolean;
  /** Required contexts with no passing ProwJob at the pool's base SHA (the PR is in the pool): being retested. */
  retesting: readonly string[];
}

export interface ExpectedStatus {
  state: 'success' | 'pending' | 'error';
  description: string;
}

/** GitHub's limit: longer descriptions end in `...` at 140 characters. */
export function truncateDescription(d: string): string {
  return d.length > MAX_STATUS_DESCRIPTION ? `${d.slice(0, MAX_STATUS_DESCRIPTION - 3)}...` : d;
}

export function retestingStatus(retested: readonly string[]): string {
  const sorted = sortedCodeUnits([...retested]);
  const all = notInPool(` Retesting: ${sorted.join(' ')}`);
  if (all.length > MAX_STATUS_DESCRIPTION) return notInPool(` Retesting ${sorted.length} job${sorted.length > 1 ? 's' : ''}.`);
  return all;
}

/** The `tide` context a PR should carry (upstream's expectedStatus), truncated to 140 characters. */
export function expectedStatus(s: StatusInputs): ExpectedStatus {
  const out = ((): ExpectedStatus => {
    const reason = mergeBlockedReason(s.pr, s.method, s.blocksPolicy);
    if (reason) return { state: 'error', description: notInPool(` ${reason}`) };
    if (!s.inPool) {
      if (s.blockers.length) {
        const nums = s.blockers.map((b) => String(b.number));
        return { state: 'error', description: notInPool(` Merging is blocked by issue${nums.length > 1 ? 's' : ''} ${nums.join(', ')}.`) };
      }
      let fulfilled = false;
      let minDiff = -1;
      let minDesc = '';
      for (const q of s.queries) {
        const { desc, diff } = requirementDiff(s.pr, q, s.policy);
        if (diff === 0) {
          fulfilled = true;
          break;
        }
        if (s.displayAllQueries) {
          if (diff >= 2000) continue;
          if (minDesc) minDesc = `${minDesc.replace(/\.$/, '')} OR`;
          minDesc += desc;
        } else if (minDiff === -1 || diff < minDiff) {
          minDiff = diff;
          minDesc = desc;
        }
      }
      if (s.displayAllQueries && !minDesc) minDesc = ` No Tide query for branch ${s.pr.baseRef} found.`;
      if (!fulfilled) return { state: 'pending', description: notInPool(minDesc) };
    }
    if (s.pr.queue) return { state: 'success', description: inMergeQueue(s.pr.queue) };
    if (s.retesting.length) return { state: 'pending', description: retestingStatus(s.retesting) };
    return { state: 'success', description: STATUS_IN_POOL };
  })();
  out.description = truncateDescription(out.description);
  return out;
}

/** The merge method a PR asks for: the configured one, overridden by one merge label; undefined when it has two. */
export function prMergeMethod(configured: MergeMethod, labels: readonly string[], l: { squash?: string; rebase?: string; merge?: string }): MergeMethod | undefined {
  let method = configured;
  let count = 0;
  for (const label of labels) {
    if (!label) continue;
    if (label === l.squash) method = 'squash';
    else if (label === l.rebase) method = 'rebase';
    else if (label === l.merge) method = 'merge';
    else continue;
    if (++count > 1) return undefined;
  }
  return method;
}
