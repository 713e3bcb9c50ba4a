// A pool's state from its ProwJobs, as upstream's accumulate/accumulateBatch, and the choice of PR: which PRs pass,
// are pending or miss jobs at the pool's base SHA, which batch passed or is running, which PR merges first
// (priority label sets, then the lowest number). Pure.
import type { ProwJob, ProwJobState } from '../../src/api/prowjob.js';
import type { Presubmit, TidePriority } from '../../src/config/types.js';
import type { TidePR } from './types.js';

export type SimpleState = 'success' | 'pending' | 'failure';

export function simpleState(s: ProwJobState | undefined): SimpleState {
  if (s === 'triggered' || s === 'pending' || s === 'scheduling') return 'pending';
  return s === 'success' ? 'success' : 'failure';
}

/** success beats pending beats failure; undefined (nothing yet) loses to all. */
export function betterState(a: SimpleState | undefined, b: SimpleState): SimpleState {
  if (a === 'success' || b === 'success') return 'success';
  if (a === 'pending' || b === 'pending') return 'pending';
  return 'failure';
}

export const contextOf = (ps: Presubmit): string => ps.context ?? ps.name;

/** A presubmit result Tide counts: a ProwJob, or a passing context whose description names the pool's base SHA. */
export interface JobResult {
  type: 'presubmit' | 'batch';
  context: string;
  /** [number, sha] of each pull the job tested. */
  pulls: { number: number; sha: string }[];
  state: SimpleState;
  name?: string;
}

export function jobResult(pj: ProwJob): JobResult | undefined {
  if (pj.spec.type !== 'presubmit' && pj.spec.type !== 'batch') return undefined;
  return {
    type: pj.spec.type,
    context: pj.spec.context ?? pj.spec.job,
    pulls: (pj.spec.refs?.pulls ?? []).map((p) => ({ number: p.number, sha: p.sha })),
    state: simpleState(pj.status.state),
    name: pj.spec.job,
  };
}

export interface Accumulated {
  successes: TidePR[];
  pendings: TidePR[];
  missings: TidePR[];
  /** PR number → the required presubmits with no passing or pending result (they need a retest). */
  missingTests: Map<number, Presubmit[]>;
}

/** Each PR's worst-of-best result over its required presubmits at the pool's base SHA (upstream's accumulate). */
export function accumulate(prs: readonly TidePR[], presubmits: ReadonlyMap<number, Presubmit[]>, results: readonly JobResult[]): Accumulated {
  const out: Accumulated = { successes: [], pendings: [], missings: [], missingTests: new Map() };
  for (const pr of prs) {
    const states = new Map<string, SimpleState>();
    for (const r of results) {
      if (r.type !== 'presubmit' || r.pulls[0]?.number !== pr.number || r.pulls[0].sha !== pr.headSha) continue;
      states.set(r.context, betterState(states.get(r.context), r.state));
    }
    let overall: SimpleState = 'success';
    const missing: Presubmit[] = [];
    for (const ps of presubmits.get(pr.number) ?? []) {
      const s = states.get(contextOf(ps));
      if (s === undefined || s === 'failure') missing.push(ps);
      else if (s === 'pending') overall = 'pending';
    }
    if (missing.length) {
      overall = 'failure';
      out.missingTests.set(pr.number, missing);
    }
    (overall === 'success' ? out.successes : overall === 'pending' ? out.pendings : out.missings).push(pr);
  }
  return out;
}

/**
 * The batch that passed and the batch still running (upstream's accumulateBatch): batch results are grouped by
 * their pulls; a group whose pulls are not all current pool PRs at the same head is void; a group is as good as
 * its worst required context.
 */
export function accumulateBatch(
  prs: readonly TidePR[], results: readonly JobResult[], requiredFor: (batch: TidePR[]) => Presubmit[],
): { success: TidePR[]; pending: TidePR[] } {
  const byNumber = new Map(prs.map((p) => [p.number, p]));
  const groups = new Map<string, { prs: TidePR[]; valid: boolean; states: Map<string, SimpleState> }>();
  for (const r of results) {
    if (r.type !== 'batch') continue;
    const key = r.pulls.map((p) => `${p.number}:${p.sha}`).join(',');
    let g = groups.get(key);
    if (!g) {
      const members: TidePR[] = [];
      let valid = true;
      for (const p of r.pulls) {
        const pr = byNumber.get(p.number);
        if (!pr || pr.headSha !== p.sha) {
          valid = false;
          break;
        }
        members.push(pr);
      }
      g = { prs: members, valid, states: new Map() };
      groups.set(key, g);
    }
    if (g.valid) g.states.set(r.context, betterState(g.states.get(r.context), r.state));
  }
  let success: TidePR[] = [];
  let pending: TidePR[] = [];
  for (const g of groups.values()) {
    if (!g.valid || g.prs.length === 0) continue;
    let overall: SimpleState = 'success';
    for (const ps of requiredFor(g.prs)) {
      const s = g.states.get(contextOf(ps));
      if (s === undefined || s === 'failure') {
        overall = 'failure';
        break;
      }
      if (s === 'pending') overall = 'pending';
    }
    if (overall === 'success') success = g.prs;
    else if (overall === 'pending') pending = g.prs;
  }
  return { success, pending };
}

const hasAllLabels = (pr: TidePR, want: readonly string[]): boolean => want.every((l) => l.split(',').some((alt) => pr.labels.includes(alt)));

/**
 * The PR to act on: for each priority label set in turn (then no labels), the lowest-numbered PR that has the
 * labels and passes `eligible` (upstream's pickHighestPriorityPR).
 */
export function pickHighestPriority(prs: readonly TidePR[], eligible: (pr: TidePR) => boolean, priorities: readonly TidePriority[] = []): TidePR | undefined {
  for (const p of [...priorities, { labels: [] }]) {
    let best: TidePR | undefined;
    for (const pr of prs) {
      if (!hasAllLabels(pr, p.labels ?? [])) continue;
      if (best && pr.number >= best.number) continue;
      if (!eligible(pr)) continue;
      best = pr;
    }
    if (best) return best;
  }
  return undefined;
}

/**
 * A batch made of the batch candidates that some existing batch ProwJobs already test (prioritize_existing_batches):
 * the group with the most successful jobs, else the most pending ones, limited to `max` (0: no limit).
 */
export function pickBatchWithExistingTests(candidates: readonly TidePR[], results: readonly JobResult[], max: number): TidePR[] {
  const byNumber = new Map(candidates.map((p) => [p.number, p]));
  const succ = new Map<string, number>();
  const pend = new Map<string, number>();
  const members = new Map<string, TidePR[]>();
  for (const r of results) {
    if (r.type !== 'batch' || r.state === 'failure') continue;
    if (max > 0 && r.pulls.length > max) continue;
    const prs = r.pulls.map((p) => byNumber.get(p.number));
    if (prs.some((p, i) => !p || p.headSha !== r.pulls[i]!.sha)) continue;
    const key = r.pulls.map((p) => `${p.number}:${p.sha}`).join(',');
    members.set(key, prs as TidePR[]);
    const m = r.state === 'success' ? succ : pend;
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  const top = (m: Map<string, number>): string | undefined => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  const key = top(succ) ?? top(pend);
  return key ? members.get(key)! : [];
}
