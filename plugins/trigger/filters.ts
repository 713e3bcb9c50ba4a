// Which presubmits a comment or a PR event asks for: upstream's pjutil filters and slash-command regexps.
import { compileGoRegex, goRegexMatch } from '../../src/config/goregex.js';
import { contextOf, hasChangeFilter, RETEST_RE as RETEST, RETEST_REQUIRED_RE as RETEST_REQUIRED, TEST_ALL_RE as TEST_ALL } from '../../src/config/jobs.js';
import type { Presubmit } from '../../src/config/types.js';
import { presubmitCouldRun, presubmitTrigger, changesDecide } from './jobs.js';
import { RETEST_WITH_TARGET_NOTE, TARGET_NOT_FOUND_NOTE, THERE_ARE_NO_TEST_ALL_JOBS_NOTE } from './messages.js';

export const TEST_ALL_RE = compileGoRegex(TEST_ALL);
export const RETEST_RE = compileGoRegex(RETEST);
export const RETEST_REQUIRED_RE = compileGoRegex(RETEST_REQUIRED);
export const OK_TO_TEST_RE = /^\/ok-to-test[ \t]*$/m;
export const TEST_MANUAL_REQUIRED_RE = /^\/test-manual-required[ \t\r]*$/m;
export const TEST_WITHOUT_TARGET_RE = /^\/test[ \t]*$/m;
export const RETEST_WITH_TARGET_RE = /^\/retest[ \t]+\S+/m;
export const TEST_WITH_ANY_TARGET_RE = /^\/test[ \t]+\S+/m;

/** (shouldRun, forced, defaultBehavior) for one presubmit, as upstream's pjutil.Filter. */
export type Filter = (p: Presubmit) => [boolean, boolean, boolean];

export const testAllFilter: Filter = () => [true, false, false];

export function commandFilter(body: string): Filter {
  return (p) => {
    const m = goRegexMatch(presubmitTrigger(p), body);
    return [m, m, true];
  };
}

/**
 * /retest: failed jobs run unconditionally; jobs that never reported run if they run on their own (always_run, or
 * their file filter matches); jobs that only run when asked for do not. `requiredOnly` leaves optional jobs out.
 */
export function retestFilter(failedContexts: Set<string>, allContexts: Set<string>, requiredOnly = false): Filter {
  return (p) => {
    if (requiredOnly && p.optional) return [false, false, false];
    const ctx = contextOf(p);
    if (failedContexts.has(ctx)) return [true, true, true];
    const automatic = Boolean(p.always_run) || hasChangeFilter(p);
    return [automatic && !allContexts.has(ctx), false, false];
  };
}

/** /test-manual-required: required jobs that only run when asked for and have not reported yet. */
export function manualRequiredFilter(allContexts: Set<string>): Filter {
  return (p) => {
    if (p.optional || p.always_run || hasChangeFilter(p) || allContexts.has(contextOf(p))) return [false, false, false];
    return [true, true, false];
  };
}

export function aggregateFilter(filters: Filter[]): Filter {
  return (p) => {
    for (const f of filters) {
      const r = f(p);
      if (r[0]) return r;
    }
    return [false, false, false];
  };
}

export interface ContextStatus {
  failed: Set<string>;
  all: Set<string>;
}

/** The filter for a comment body (upstream's PresubmitFilter); `contexts` is only read for /retest. */
export async function presubmitFilter(body: string, honorOkToTest: boolean, contexts: () => Promise<ContextStatus>): Promise<Filter> {
  const filters: Filter[] = [commandFilter(body)];
  if (TEST_ALL_RE.test(body)) filters.push(testAllFilter);
  if (honorOkToTest && OK_TO_TEST_RE.test(body)) filters.push(testAllFilter);
  if (RETEST_RE.test(body)) {
    const c = await contexts();
    filters.push(retestFilter(c.failed, c.all));
  }
  if (RETEST_REQUIRED_RE.test(body)) {
    const c = await contexts();
    filters.push(retestFilter(c.failed, c.all, true));
  }
  if (TEST_MANUAL_REQUIRED_RE.test(body)) filters.push(manualRequiredFilter((await contexts()).all));
  return aggregateFilter(filters);
}

/** Whether a comment is about trigger at all (before any API call is made). */
export function mentionsTrigger(body: string, presubmits: Presubmit[]): boolean {
  if (RETEST_RE.test(body) || RETEST_REQUIRED_RE.test(body) || TEST_MANUAL_REQUIRED_RE.test(body) || OK_TO_TEST_RE.test(body) || TEST_ALL_RE.test(body) || mayNeedHelpComment(body)) return true;
  return presubmits.some((p) => goRegexMatch(presubmitTrigger(p), body));
}

export function mayNeedHelpComment(body: string): boolean {
  return TEST_WITHOUT_TARGET_RE.test(body) || RETEST_WITH_TARGET_RE.test(body) || TEST_WITH_ANY_TARGET_RE.test(body) || TEST_ALL_RE.test(body);
}

/** Upstream's ShouldRespondWithHelp: [respond, note]. */
export function shouldRespondWithHelp(body: string, toRun: number): [boolean, string] {
  if (TEST_WITHOUT_TARGET_RE.test(body)) return [true, ''];
  if (RETEST_WITH_TARGET_RE.test(body)) return [true, RETEST_WITH_TARGET_NOTE];
  if (toRun === 0 && TEST_ALL_RE.test(body)) return [true, THERE_ARE_NO_TEST_ALL_JOBS_NOTE];
  if (toRun === 0 && TEST_WITH_ANY_TARGET_RE.test(body)) return [true, TARGET_NOT_FOUND_NOTE];
  return [false, ''];
}

/**
 * The presubmits to run (upstream's FilterPresubmits + Presubmit.ShouldRun): allowed on the branch, then
 * always_run, forced, decided by the changed files, or the filter's default.
 */
export async function filterPresubmits(filter: Filter, changes: () => Promise<string[]>, branch: string, presubmits: Presubmit[]): Promise<Presubmit[]> {
  const out: Presubmit[] = [];
  for (const p of presubmits) {
    const [matches, forced, defaults] = filter(p);
    if (!matches || !presubmitCouldRun(p, branch)) continue;
    if (p.always_run || forced) {
      out.push(p);
      continue;
    }
    const decided = await changesDecide(p, changes);
    if (decided !== undefined ? decided : defaults) out.push(p);
  }
  return out;
}
