// Walks the orgs, repos and branches in scope as upstream's branchprotector does: every unarchived repo of an org
// that sets `protect`, the listed repos of an org that does not, and (with protect-tested-repos) every repo with
// presubmits; every branch of each repo, filtered by the repo policy's `include`/`exclude` regexes. The whole plan is
// made and checked before anything is written, so a policy error changes nothing; each branch's update is then one
// request, which GitHub applies whole or rejects.
import { branchProtectionPolicy } from '../../config/branch-protection.js';
import { goRegexMatch } from '../../config/goregex.js';
import { presubmitsFor } from '../../config/jobs.js';
import type { Config } from '../../config/types.js';
import type { GitHubClient } from '../../github/client.js';
import { currentAsRequest, decide, sameProtection, type ProtectionRequest } from './request.js';

export type Action = 'update' | 'remove' | 'unchanged';

export interface BranchPlan {
  org: string;
  repo: string;
  branch: string;
  action: Action;
  request?: ProtectionRequest;
}

export interface Plan {
  branches: BranchPlan[];
  /** Policy errors: when any, nothing is applied. */
  errors: string[];
}

export async function makePlan(config: Config, github: (org: string) => GitHubClient): Promise<Plan> {
  const bp = config['branch-protection'] ?? {};
  const plan: Plan = { branches: [], errors: [] };
  const done = new Set<string>();
  const repos: [string, string][] = [];
  for (const [org, orgPolicy] of Object.entries(bp.orgs ?? {})) {
    if (orgPolicy?.protect !== undefined) {
      for (const r of await github(org).listOrgRepos(org)) if (!r.archived) repos.push([org, r.name]);
    } else {
      for (const name of Object.keys(orgPolicy?.repos ?? {})) repos.push([org, name]);
    }
  }
  if (bp['protect-tested-repos']) {
    for (const full of Object.keys(config.presubmits ?? {})) repos.push(full.split('/') as [string, string]);
  }
  for (const [org, repo] of repos) {
    const key = `${org}/${repo}`.toLowerCase();
    if (done.has(key)) continue;
    done.add(key);
    await planRepo(config, github(org), org, repo, plan);
  }
  return plan;
}

async function planRepo(config: Config, gh: GitHubClient, org: string, repo: string, plan: Plan): Promise<void> {
  const bp = config['branch-protection'] ?? {};
  const info = await gh.getRepo(org, repo);
  if (info.archived) return;
  const repoPolicy = branchProtectionPolicy(config, org, repo, '');
  const presubmits = presubmitsFor(config, `${org}/${repo}`);
  for (const b of await gh.listBranches(org, repo)) {
    if (repoPolicy.exclude?.length && goRegexMatch(repoPolicy.exclude.join('|'), b.name)) continue;
    if (repoPolicy.include?.length && !goRegexMatch(repoPolicy.include.join('|'), b.name)) continue;
    const at = `${org}/${repo}=${b.name}`;
    const d = decide(branchProtectionPolicy(config, org, repo, b.name), presubmits, b.name, {
      allowDisabledPolicies: bp.allow_disabled_policies,
      allowDisabledJobPolicies: bp.allow_disabled_job_policies,
      protectTestedRepos: bp['protect-tested-repos'],
    });
    switch (d.kind) {
      case 'invalid':
        plan.errors.push(`${at}: ${d.reason}`);
        break;
      case 'unmanaged':
        break;
      case 'unprotect':
        if (b.protected) plan.branches.push({ org, repo, branch: b.name, action: 'remove' });
        break;
      case 'protect': {
        const have = b.protected ? await gh.getBranchProtection(org, repo, b.name) : undefined;
        const same = have !== undefined && sameProtection(d.request, currentAsRequest(have));
        plan.branches.push({ org, repo, branch: b.name, action: same ? 'unchanged' : 'update', request: d.request });
        break;
      }
    }
  }
}

export interface ApplyResult {
  applied: BranchPlan[];
  failed: { branch: BranchPlan; error: string }[];
}

/** Sends the plan's changes; a branch GitHub rejects is reported and left as it was. */
export async function applyPlan(plan: Plan, github: (org: string) => GitHubClient): Promise<ApplyResult> {
  const result: ApplyResult = { applied: [], failed: [] };
  for (const b of plan.branches) {
    if (b.action === 'unchanged') continue;
    try {
      if (b.action === 'remove') await github(b.org).removeBranchProtection(b.org, b.repo, b.branch);
      else await github(b.org).updateBranchProtection(b.org, b.repo, b.branch, b.request as unknown as Record<string, unknown>);
      result.applied.push(b);
    } catch (e) {
      result.failed.push({ branch: b, error: (e as Error).message });
    }
  }
  return result;
}
