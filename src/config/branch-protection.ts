// Branch protection inheritance, as upstream's branchprotector resolves it: the global policy, then the org's, the
// repo's and the branch's, each applied on top of its parent: a value the child sets replaces the parent's
// (booleans, numbers), lists are unioned (sorted, as upstream's sets), nested policies merge the same way.
import type { BranchProtectionPolicy, Config } from './types.js';
import { ownValue } from '../own-key.js';

type Value = unknown;

function applyPolicy(parent: Value, child: Value): Value {
  if (child === undefined) return parent;
  if (parent === undefined) return child;
  if (Array.isArray(parent) && Array.isArray(child)) return [...new Set([...(parent as string[]), ...(child as string[])])].sort();
  if (parent !== null && child !== null && typeof parent === 'object' && typeof child === 'object' && !Array.isArray(child)) {
    const out: Record<string, Value> = { ...(parent as Record<string, Value>) };
    for (const [k, v] of Object.entries(child as Record<string, Value>)) out[k] = applyPolicy(out[k], v);
    return out;
  }
  return child;
}

const POLICY_FIELDS: readonly (keyof BranchProtectionPolicy)[] = [
  'protect',
  'required_status_checks',
  'enforce_admins',
  'restrictions',
  'required_pull_request_reviews',
  'required_linear_history',
  'allow_force_pushes',
  'allow_deletions',
  'require_manually_triggered_jobs',
  'require_signed_commits',
  'unmanaged',
  'exclude',
  'include',
];

/** Only the policy fields of a level (not its children or the global switches). */
function policyOf(level: object | undefined): BranchProtectionPolicy {
  const out: Record<string, Value> = {};
  for (const k of POLICY_FIELDS) {
    const v = (level as Record<string, Value> | undefined)?.[k];
    if (v !== undefined) out[k] = v;
  }
  return out as BranchProtectionPolicy;
}

/** The effective policy for a branch: global ← org ← repo ← branch. */
export function branchProtectionPolicy(c: Config, org: string, repo: string, branch: string): BranchProtectionPolicy {
  const bp = c['branch-protection'];
  const o = ownValue(bp?.orgs, org);
  const r = ownValue(o?.repos, repo);
  const b = ownValue(r?.branches, branch);
  let policy: Value = policyOf(bp);
  for (const level of [o, r, b]) policy = applyPolicy(policy, policyOf(level));
  return policy as BranchProtectionPolicy;
}
