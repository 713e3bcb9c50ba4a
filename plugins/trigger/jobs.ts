// The job rules trigger applies, from src/config/jobs.ts, with the changed files fetched only when a job's file
// filter needs them.
import { defaultRerunCommandFor, defaultTriggerFor } from '../../src/config/defaults.js';
import { hasChangeFilter, postsubmitRuns, runsForChanges, shouldRunOnBranch } from '../../src/config/jobs.js';
import type { Postsubmit, Presubmit, RegexpChangeMatcher } from '../../src/config/types.js';

export function presubmitCouldRun(p: Presubmit, branch: string): boolean {
  return shouldRunOnBranch(p, branch);
}

export function presubmitTrigger(p: Presubmit): string {
  return p.trigger || defaultTriggerFor(p.name);
}

export function presubmitRerunCommand(p: Presubmit): string {
  return p.rerun_command || defaultRerunCommandFor(p.name);
}

/** Undefined when the job has no file filter; otherwise whether the changed files make it run. */
export async function changesDecide(m: RegexpChangeMatcher, changes: () => Promise<string[]>): Promise<boolean | undefined> {
  return hasChangeFilter(m) ? runsForChanges(m, await changes()) : undefined;
}

export async function postsubmitShouldRun(p: Postsubmit, branch: string, changes: () => Promise<string[]>): Promise<boolean> {
  return postsubmitRuns(p, branch, hasChangeFilter(p) ? await changes() : []);
}
