// The protection request for one branch, as upstream's branchprotector builds it: the policy resolved for the
// branch (global ← org ← repo ← branch), the status contexts of Prow's required presubmits added, and the request
// body GitHub's `PUT …/branches/{branch}/protection` takes. Also the comparison with what GitHub has, so unchanged
// branches are left alone.
import { contextOf, shouldRunOnBranch } from '../../config/jobs.js';
import type { BranchProtectionPolicy, Presubmit } from '../../config/types.js';

export interface ProtectionRequest {
  required_status_checks: { strict: boolean; contexts: string[] } | null;
  enforce_admins: boolean;
  required_pull_request_reviews: {
    dismiss_stale_reviews: boolean;
    require_code_owner_reviews: boolean;
    required_approving_review_count: number;
    dismissal_restrictions?: { users: string[]; teams: string[] };
    bypass_pull_request_allowances?: { users: string[]; teams: string[] };
  } | null;
  restrictions: { users: string[]; teams: string[]; apps?: string[] } | null;
  required_linear_history: boolean;
  allow_force_pushes: boolean;
  allow_deletions: boolean;
}

/** The contexts of presubmits that must pass on `branch` (upstream's BranchRequirements, required part). */
export function requiredContexts(presubmits: readonly Presubmit[], branch: string, requireManual: boolean): string[] {
  const out = new Set<string>();
  for (const p of presubmits) {
    if (!shouldRunOnBranch(p, branch) || p.optional || p.skip_report) continue;
    const conditional = Boolean(p.run_if_changed || p.skip_if_only_changed);
    const manual = !p.always_run && !conditional;
    // Conditional jobs may never report on a PR, so they cannot be required; manual ones only when asked to.
    if (p.always_run || (manual && requireManual)) out.add(contextOf(p));
  }
  return [...out];
}

export type BranchDecision =
  | { kind: 'unmanaged' }
  | { kind: 'unprotect' }
  | { kind: 'protect'; request: ProtectionRequest }
  | { kind: 'invalid'; reason: string };

const sorted = (xs: readonly string[] | undefined): string[] => [...new Set(xs ?? [])].sort();

/** What the policy asks for this branch, with the required presubmits' contexts and the config's global switches. */
export function decide(
  policy: BranchProtectionPolicy,
  presubmits: readonly Presubmit[],
  branch: string,
  opts: { allowDisabledPolicies?: boolean; allowDisabledJobPolicies?: boolean; protectTestedRepos?: boolean },
): BranchDecision {
  if (policy.unmanaged) return { kind: 'unmanaged' };
  const jobContexts = requiredContexts(presubmits, branch, policy.require_manually_triggered_jobs === true);
  let protect = policy.protect;
  if (protect === undefined && opts.protectTestedRepos && jobContexts.length > 0) protect = true;
  if (protect === false) {
    const { protect: _p, unmanaged: _u, exclude: _e, include: _i, require_manually_triggered_jobs: _m, ...rest } = policy;
    if (Object.keys(rest).length > 0 && !opts.allowDisabledPolicies) {
      return { kind: 'invalid', reason: 'defines a policy but has protect: false (set branch-protection.allow_disabled_policies to allow it)' };
    }
    if (jobContexts.length > 0 && !opts.allowDisabledJobPolicies) {
      return { kind: 'invalid', reason: `has required jobs (${jobContexts.join(', ')}) but protect: false: required prow jobs require branch protection (or set branch-protection.allow_disabled_job_policies)` };
    }
    return { kind: 'unprotect' };
  }
  if (protect !== true) return { kind: 'unmanaged' };

  const contexts = sorted([...(policy.required_status_checks?.contexts ?? []), ...jobContexts]);
  const checks = policy.required_status_checks !== undefined || contexts.length > 0
    ? { strict: policy.required_status_checks?.strict === true, contexts }
    : null;
  const reviews = policy.required_pull_request_reviews;
  const r = policy.restrictions;
  const request: ProtectionRequest = {
    required_status_checks: checks,
    enforce_admins: policy.enforce_admins === true,
    required_pull_request_reviews: reviews
      ? {
        dismiss_stale_reviews: reviews.dismiss_stale_reviews === true,
        require_code_owner_reviews: reviews.require_code_owner_reviews === true,
        required_approving_review_count: reviews.required_approving_review_count ?? 0,
        ...(reviews.dismissal_restrictions ? { dismissal_restrictions: { users: sorted(reviews.dismissal_restrictions.users), teams: sorted(reviews.dismissal_restrictions.teams) } } : {}),
        ...(reviews.bypass_pull_request_allowances ? { bypass_pull_request_allowances: { users: sorted(reviews.bypass_pull_request_allowances.users), teams: sorted(reviews.bypass_pull_request_allowances.teams) } } : {}),
      }
      : null,
    restrictions: r ? { users: sorted(r.users), teams: sorted(r.teams), ...(r.apps ? { apps: sorted(r.apps) } : {}) } : null,
    required_linear_history: policy.required_linear_history === true,
    allow_force_pushes: policy.allow_force_pushes === true,
    allow_deletions: policy.allow_deletions === true,
  };
  return { kind: 'protect', request };
}

type Json = Record<string, unknown>;
const logins = (xs: unknown, key: 'login' | 'slug'): string[] =>
  sorted((Array.isArray(xs) ? xs : []).map((x) => (typeof x === 'string' ? x : String((x as Json)[key]))));
const enabled = (v: unknown): boolean => (typeof v === 'boolean' ? v : (v as Json | null | undefined)?.enabled === true);

/** GitHub's read shape of a branch's protection (GET), as the request that would set it. */
export function currentAsRequest(p: Json): ProtectionRequest {
  const checks = p.required_status_checks as Json | null | undefined;
  const reviews = p.required_pull_request_reviews as Json | null | undefined;
  const restr = p.restrictions as Json | null | undefined;
  const pair = (v: unknown): { users: string[]; teams: string[] } | undefined =>
    v ? { users: logins((v as Json).users, 'login'), teams: logins((v as Json).teams, 'slug') } : undefined;
  const dismissal = pair(reviews?.dismissal_restrictions);
  const bypass = pair(reviews?.bypass_pull_request_allowances);
  return {
    required_status_checks: checks ? { strict: checks.strict === true, contexts: sorted(checks.contexts as string[] | undefined) } : null,
    enforce_admins: enabled(p.enforce_admins),
    required_pull_request_reviews: reviews
      ? {
        dismiss_stale_reviews: reviews.dismiss_stale_reviews === true,
        require_code_owner_reviews: reviews.require_code_owner_reviews === true,
        required_approving_review_count: Number(reviews.required_approving_review_count ?? 0),
        ...(dismissal && (dismissal.users.length || dismissal.teams.length) ? { dismissal_restrictions: dismissal } : {}),
        ...(bypass && (bypass.users.length || bypass.teams.length) ? { bypass_pull_request_allowances: bypass } : {}),
      }
      : null,
    restrictions: restr ? { users: logins(restr.users, 'login'), teams: logins(restr.teams, 'slug'), ...(Array.isArray(restr.apps) && restr.apps.length ? { apps: logins(restr.apps, 'slug') } : {}) } : null,
    required_linear_history: enabled(p.required_linear_history),
    allow_force_pushes: enabled(p.allow_force_pushes),
    allow_deletions: enabled(p.allow_deletions),
  };
}

/** Whether GitHub already has what the request sets (empty restriction lists count as unset). */
export function sameProtection(want: ProtectionRequest, have: ProtectionRequest): boolean {
  const canon = (r: ProtectionRequest): string => {
    const rv = r.required_pull_request_reviews;
    return JSON.stringify({
      ...r,
      required_pull_request_reviews: rv && {
        ...rv,
        dismissal_restrictions: rv.dismissal_restrictions && (rv.dismissal_restrictions.users.length || rv.dismissal_restrictions.teams.length) ? rv.dismissal_restrictions : undefined,
        bypass_pull_request_allowances: rv.bypass_pull_request_allowances && (rv.bypass_pull_request_allowances.users.length || rv.bypass_pull_request_allowances.teams.length) ? rv.bypass_pull_request_allowances : undefined,
      },
      restrictions: r.restrictions && { ...r.restrictions, apps: r.restrictions.apps?.length ? r.restrictions.apps : undefined },
    });
  };
  return canon(want) === canon(have);
}
