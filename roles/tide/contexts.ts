// Context policy as upstream's TideContextPolicy: required, required-if-present and optional contexts from
// context_options (global, org, repo, branch), Prow's presubmits for the branch and, with from-branch-protection,
// the branch protection that Prow's config declares; skip-unknown-contexts; optional regexps. Pure.
import { branchProtectionPolicy } from '../../src/config/branch-protection.js';
import { compileGoRegex } from '../../src/config/goregex.js';
import { shouldRunOnBranch, hasChangeFilter } from '../../src/config/jobs.js';
import type { Config, Presubmit, TideContextPolicy } from '../../src/config/types.js';
import { ownValue } from '../../src/own-key.js';
import type { Context } from './types.js';

export const TIDE_CONTEXT = 'tide';

export interface ContextPolicy {
  required: Set<string>;
  requiredIfPresent: Set<string>;
  optional: Set<string>;
  optionalRegexes: RegExp[];
  skipUnknown: boolean;
}

function mergePolicy(a: TideContextPolicy, b: TideContextPolicy | undefined): TideContextPolicy {
  if (!b) return a;
  const union = (x?: string[], y?: string[]): string[] | undefined => {
    const s = new Set([...(x ?? []), ...(y ?? [])]);
    return s.size ? [...s].sort() : undefined;
  };
  return {
    'from-branch-protection': b['from-branch-protection'] ?? a['from-branch-protection'],
    'skip-unknown-contexts': b['skip-unknown-contexts'] ?? a['skip-unknown-contexts'],
    'required-contexts': union(a['required-contexts'], b['required-contexts']),
    'required-if-present-contexts': union(a['required-if-present-contexts'], b['required-if-present-contexts']),
    'optional-contexts': union(a['optional-contexts'], b['optional-contexts']),
    'optional-regex-contexts': union(a['optional-regex-contexts'], b['optional-regex-contexts']),
  };
}

/** context_options resolved for org/repo/branch (upstream's ParseTideContextPolicyOptions). */
export function contextOptionsFor(c: Config, org: string, repo: string, branch: string): TideContextPolicy {
  const opts = c.tide?.context_options ?? {};
  let p = mergePolicy({}, opts);
  const o = ownValue(opts.orgs, org);
  if (o) {
    p = mergePolicy(p, o);
    const r = ownValue(o.repos, repo);
    if (r) {
      p = mergePolicy(p, r);
      p = mergePolicy(p, ownValue(r.branches, branch));
    }
  }
  return p;
}

const needsExplicitTrigger = (ps: Presubmit): boolean => !ps.always_run && !hasChangeFilter(ps);
const contextOf = (ps: Presubmit): string => ps.context ?? ps.name;

/**
 * The policy for a PR to org/repo:branch given the presubmits that apply to the repo (upstream's GetTideContextPolicy).
 * `githubRequired`: the checks GitHub's rulesets and branch protection require, counted with from-branch-protection
 * like Prow's own branch-protection config.
 */
export function contextPolicy(c: Config, org: string, repo: string, branch: string, presubmits: readonly Presubmit[], githubRequired: readonly string[] = []): ContextPolicy {
  const opts = contextOptionsFor(c, org, repo, branch);
  const required = new Set(opts['required-contexts'] ?? []);
  const requiredIfPresent = new Set(opts['required-if-present-contexts'] ?? []);
  const optional = new Set(opts['optional-contexts'] ?? []);
  let manual = false;
  if (opts['from-branch-protection']) {
    const bp = branchProtectionPolicy(c, org, repo, branch);
    manual = bp.require_manually_triggered_jobs === true;
    if (bp.protect && bp.required_status_checks) for (const ctx of bp.required_status_checks.contexts ?? []) required.add(ctx);
    for (const ctx of githubRequired) if (ctx !== TIDE_CONTEXT) required.add(ctx);
  }
  for (const ps of presubmits) {
    if (!shouldRunOnBranch(ps, branch)) continue;
    const ctx = contextOf(ps);
    if (!ps.optional && !ps.skip_report) {
      if (manual && needsExplicitTrigger(ps)) required.add(ctx);
      else if (needsExplicitTrigger(ps) || hasChangeFilter(ps)) requiredIfPresent.add(ctx);
      else required.add(ctx);
    } else {
      optional.add(ctx);
    }
  }
  const optionalRegexes: RegExp[] = [];
  for (const r of opts['optional-regex-contexts'] ?? []) {
    try {
      optionalRegexes.push(compileGoRegex(r));
    } catch {
      // config validation reports bad regexes; a bad one here only matches nothing.
    }
  }
  return { required, requiredIfPresent, optional, optionalRegexes, skipUnknown: opts['skip-unknown-contexts'] === true };
}

export function isOptional(p: ContextPolicy, ctx: string): boolean {
  if (p.optional.has(ctx)) return true;
  if (p.required.has(ctx) || p.requiredIfPresent.has(ctx)) return false;
  if (p.optionalRegexes.some((r) => r.test(ctx))) return true;
  return p.skipUnknown;
}

export function missingRequiredContexts(p: ContextPolicy, present: readonly string[]): string[] {
  const have = new Set(present);
  return [...p.required].filter((c) => !have.has(c));
}

/** The contexts that keep a PR from merging: not the tide context, not optional, not success; and missing required ones. */
export function unsuccessfulContexts(contexts: readonly Context[], p: ContextPolicy): Context[] {
  const failed = contexts.filter((c) => c.context !== TIDE_CONTEXT && !isOptional(p, c.context) && c.state !== 'SUCCESS');
  for (const m of missingRequiredContexts(p, contexts.map((c) => c.context))) failed.push({ context: m, state: 'EXPECTED', description: '' });
  return failed;
}

/** A check run as a context: neutral, skipped and success pass; incomplete is pending; the rest fail. */
export function checkRunState(status: string, conclusion: string | null): Context['state'] {
  if (status.toUpperCase() !== 'COMPLETED') return 'PENDING';
  return ['NEUTRAL', 'SKIPPED', 'SUCCESS'].includes((conclusion ?? '').toUpperCase()) ? 'SUCCESS' : 'FAILURE';
}

/** Whether `current` beats `previous` for one context name reported twice (upstream's isStateBetter). */
function isStateBetter(previous: Context['state'], current: Context['state']): boolean {
  if (current === 'SUCCESS') return true;
  if (current === 'PENDING' && ['ERROR', 'FAILURE', 'EXPECTED'].includes(previous)) return true;
  return previous === 'EXPECTED' && (current === 'ERROR' || current === 'FAILURE');
}

/** Check runs of one name keep their best result. */
export function dedupeContexts(contexts: readonly Context[]): Context[] {
  const out = new Map<string, Context>();
  for (const c of contexts) {
    const prev = out.get(c.context);
    if (!prev || isStateBetter(prev.state, c.state)) out.set(c.context, c);
  }
  return [...out.values()];
}
