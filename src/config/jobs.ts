// Job selection as upstream's trigger, horologium and tide do it: which jobs belong to a repo and branch, which
// changed files make a job run, which comment triggers it. Regexes are Go RE2 (see goregex.ts).
import type { Brancher, Config, Periodic, Postsubmit, Presubmit, RegexpChangeMatcher } from './types.js';
import { compileGoRegex } from './goregex.js';
import { ownValue } from '../own-key.js';

/** Presubmits configured centrally for 'org/repo'. */
export function presubmitsFor(c: Config, orgRepo: string): Presubmit[] {
  return ownValue(c.presubmits, orgRepo) ?? [];
}

/** Postsubmits configured centrally for 'org/repo'. */
export function postsubmitsFor(c: Config, orgRepo: string): Postsubmit[] {
  return ownValue(c.postsubmits, orgRepo) ?? [];
}

export function periodics(c: Config): Periodic[] {
  return c.periodics ?? [];
}

/** Every repo that has presubmits or postsubmits. */
export function reposWithJobs(c: Config): string[] {
  return [...new Set([...Object.keys(c.presubmits ?? {}), ...Object.keys(c.postsubmits ?? {})])].sort();
}

function runsAgainstAllBranches(b: Brancher): boolean {
  return !b.branches?.length && !b.skip_branches?.length;
}

/**
 * Whether a job runs against `branch`: skip_branches win, then branches (if any) must match. As upstream, each list
 * is joined with `|` into one Go regex that may match anywhere in the name: write `^main$` to mean exactly main.
 */
export function shouldRunOnBranch(b: Brancher, branch: string): boolean {
  if (runsAgainstAllBranches(b)) return true;
  if (b.skip_branches?.length && branchListRegex(b.skip_branches).test(branch)) return false;
  return !b.branches?.length || branchListRegex(b.branches).test(branch);
}

// Joined per list, not per call: tide and checkconfig ask every job about every branch of its repo, and joining
// then hashing a fresh pattern string each time cost more than the match. Keyed by the list object (loaded lists are
// replaced, never edited in place), so a job given a new list gets a new regex.
const branchListRegexes = new WeakMap<readonly string[], RegExp>();

function branchListRegex(list: readonly string[]): RegExp {
  let re = branchListRegexes.get(list);
  if (re === undefined) {
    re = compileGoRegex(list.join('|'));
    branchListRegexes.set(list, re);
  }
  return re;
}

/** Whether two jobs may run against a common branch (upstream's Brancher.Intersects). */
export function branchersIntersect(a: Brancher, b: Brancher): boolean {
  if (runsAgainstAllBranches(a) || runsAgainstAllBranches(b)) return true;
  if (a.branches?.length) {
    if (b.branches?.length) return a.branches.some((x) => b.branches!.includes(x));
    return a.branches.some((x) => shouldRunOnBranch(b, x));
  }
  if (!b.branches?.length) return true;
  return branchersIntersect(b, a);
}

/** Whether the job sets file filters at all. */
export function hasChangeFilter(m: RegexpChangeMatcher): boolean {
  return Boolean(m.run_if_changed || m.skip_if_only_changed);
}

/**
 * Given the changed files: run_if_changed runs when any file matches; skip_if_only_changed runs when some file does
 * not match (so, as upstream, no changed files runs neither). Undefined when the job has no filter.
 */
export function runsForChanges(m: RegexpChangeMatcher, changedFiles: readonly string[]): boolean | undefined {
  if (m.run_if_changed) {
    const re = compileGoRegex(m.run_if_changed);
    return changedFiles.some((f) => re.test(f));
  }
  if (m.skip_if_only_changed) {
    const re = compileGoRegex(m.skip_if_only_changed);
    return changedFiles.some((f) => !re.test(f));
  }
  return undefined;
}

/** Whether a presubmit runs automatically on a PR to `branch` touching `changedFiles` (no /test needed). */
export function presubmitRunsAutomatically(ps: Presubmit, branch: string, changedFiles: readonly string[]): boolean {
  if (!shouldRunOnBranch(ps, branch)) return false;
  if (ps.always_run) return true;
  return runsForChanges(ps, changedFiles) === true;
}

/** Whether a postsubmit runs for a push to `branch` changing `changedFiles` (upstream's always_run rules). */
export function postsubmitRuns(ps: Postsubmit, branch: string, changedFiles: readonly string[]): boolean {
  if (!shouldRunOnBranch(ps, branch)) return false;
  if (ps.always_run === true) return true;
  if (hasChangeFilter(ps)) return runsForChanges(ps, changedFiles) === true;
  return ps.always_run === undefined;
}

/** Whether a comment body asks for this presubmit (its trigger regex). */
export function triggerMatches(ps: Presubmit, body: string): boolean {
  return ps.trigger ? compileGoRegex(ps.trigger).test(body) : false;
}

/** `/test all` and `/retest`, as upstream's trigger plugin recognises them. */
export const TEST_ALL_RE = '(?m)^/test all,?($|\\s.*)';
export const RETEST_RE = '(?m)^/retest\\s*$';
export const RETEST_REQUIRED_RE = '(?m)^/retest-required\\s*$';

/** The GitHub status context a job reports to. */
export function contextOf(job: Presubmit | Postsubmit): string {
  return job.context || job.name;
}
