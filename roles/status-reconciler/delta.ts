// What changed in the blocking presubmits between two job configs, as upstream's status-reconciler sees it:
// presubmits that now block and run by themselves (to trigger on open PRs), blocking ones that are gone (their
// contexts retired) and blocking ones whose context was renamed (their statuses migrated).
import { contextOf } from '../../src/config/jobs.js';
import type { Presubmit } from '../../src/config/types.js';

/** The presubmits of each `org/repo`. */
export type PresubmitsByRepo = Record<string, Presubmit[]>;

export interface Migration {
  from: string;
  to: string;
}

export interface Delta {
  added: PresubmitsByRepo;
  /** Contexts of removed blocking presubmits, per repo. */
  removed: Record<string, string[]>;
  migrated: Record<string, Migration[]>;
}

/** Upstream's ContextRequired: the job reports and is not optional, so a PR waits for its context. */
export function contextRequired(p: Presubmit): boolean {
  return !p.optional && !p.skip_report;
}

/** Upstream's NeedsExplicitTrigger: the job never runs by itself (only on /test). */
export function needsExplicitTrigger(p: Presubmit): boolean {
  return !p.always_run && !p.run_if_changed && !p.skip_if_only_changed;
}

export function computeDelta(before: PresubmitsByRepo, after: PresubmitsByRepo): Delta {
  const delta: Delta = { added: {}, removed: {}, migrated: {} };
  const push = <T>(m: Record<string, T[]>, repo: string, v: T): void => {
    (m[repo] ??= []).push(v);
  };
  for (const [repo, next] of Object.entries(after)) {
    const prev = before[repo] ?? [];
    for (const job of next) {
      const old = prev.find((p) => p.name === job.name);
      if (contextRequired(job) && !needsExplicitTrigger(job)) {
        // A job that stops skipping its report is new to the PRs too: nothing has reported its context yet.
        if (!old || (old.skip_report && !job.skip_report)) push(delta.added, repo, job);
      }
      if (old && contextRequired(job) && contextOf(old) !== contextOf(job)) {
        push(delta.migrated, repo, { from: contextOf(old), to: contextOf(job) });
      }
    }
  }
  for (const [repo, prev] of Object.entries(before)) {
    const next = after[repo] ?? [];
    for (const old of prev) {
      if (contextRequired(old) && !next.some((p) => p.name === old.name)) push(delta.removed, repo, contextOf(old));
    }
  }
  return delta;
}

export function isEmpty(d: Delta): boolean {
  return Object.keys(d.added).length === 0 && Object.keys(d.removed).length === 0 && Object.keys(d.migrated).length === 0;
}

/** Whether `org/repo` (or its org) is in the --denylist. */
export function denied(denylist: readonly string[], orgRepo: string): boolean {
  const org = orgRepo.split('/')[0];
  return denylist.includes(orgRepo) || denylist.includes(org);
}
