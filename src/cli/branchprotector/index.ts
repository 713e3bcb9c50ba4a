// `prow branchprotector`: applies `branch-protection:` from config.yaml to every org, repo and branch in scope, as
// upstream's branchprotector (a periodic job). Dry-run unless --confirm: it prints what it would change.
import { loadConfig } from '../../config/load.js';
import { configPathsFromFlags } from '../../config/flags.js';
import { UsageError, type GitHubCommandContext } from '../github-command.js';
import { applyPlan, makePlan, type BranchPlan } from './protect.js';

const describe = (b: BranchPlan): string => {
  const at = `${b.org}/${b.repo}=${b.branch}`;
  if (b.action === 'remove') return `${at}: remove protection`;
  const contexts = b.request?.required_status_checks?.contexts ?? [];
  return `${at}: ${b.action === 'update' ? 'protect' : 'unchanged'}${contexts.length ? ` (required contexts: ${contexts.join(', ')})` : ''}`;
};

/** `prow branchprotector`: returns the exit code. */
export async function runBranchprotector({ flags, github, print }: GitHubCommandContext): Promise<number> {
  if (!flags.string('config-path')) throw new UsageError('--config-path is required');
  const { config } = await loadConfig(configPathsFromFlags(flags));
  const forOrg = (org: string) => github.forOrg(org);
  const plan = await makePlan(config, forOrg);
  if (plan.errors.length > 0) {
    for (const e of plan.errors) print(`error: ${e}`);
    print(`branchprotector: ${plan.errors.length} policy error(s); nothing changed`);
    return 1;
  }
  const changes = plan.branches.filter((b) => b.action !== 'unchanged');
  const unchanged = plan.branches.length - changes.length;
  if (!flags.bool('confirm')) {
    for (const b of changes) print(`would ${describe(b)}`);
    print(`branchprotector: dry run (pass --confirm to apply): ${changes.filter((b) => b.action === 'update').length} to protect, ${changes.filter((b) => b.action === 'remove').length} to unprotect, ${unchanged} unchanged`);
    return 0;
  }
  const result = await applyPlan(plan, forOrg);
  for (const b of result.applied) print(describe(b));
  for (const f of result.failed) print(`error: ${f.branch.org}/${f.branch.repo}=${f.branch.branch}: GitHub rejected the change, left as it was: ${f.error}`);
  print(`branchprotector: ${result.applied.filter((b) => b.action === 'update').length} protected, ${result.applied.filter((b) => b.action === 'remove').length} unprotected, ${unchanged} unchanged, ${result.failed.length} failed`);
  return result.failed.length > 0 ? 1 : 0;
}
