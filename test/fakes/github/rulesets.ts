// Repository rulesets as GitHub applies them to a branch: which active rulesets cover it (`ref_name` conditions with
// `~DEFAULT_BRANCH`, `~ALL` and fnmatch patterns), the rules they enforce there, and what those rules mean for the
// merge queue and required checks. Branch protection's `required_status_checks` and `required_merge_queue` count too.
import type { RepoRec, RulesetRec } from './model.js';

/** fnmatch as rulesets use it: `*` within one path segment, `**` across them, `?` one character. */
function globRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function refMatches(repo: RepoRec, pattern: string, ref: string): boolean {
  if (pattern === '~ALL') return true;
  if (pattern === '~DEFAULT_BRANCH') return ref === `refs/heads/${repo.defaultBranch}`;
  return globRegex(pattern).test(ref);
}

/** Whether a ruleset covers a branch (any enforcement). */
export function coversBranch(repo: RepoRec, rs: RulesetRec, branch: string): boolean {
  if (rs.target !== 'branch') return false;
  const ref = `refs/heads/${branch}`;
  const { include, exclude } = rs.conditions.ref_name;
  return include.some((p) => refMatches(repo, p, ref)) && !exclude.some((p) => refMatches(repo, p, ref));
}

/** The rules active on a branch, as `GET /repos/:o/:r/rules/branches/:branch` lists them. */
export function branchRules(repo: RepoRec, branch: string): { type: string; parameters?: Record<string, unknown>; ruleset_source_type: string; ruleset_source: string; ruleset_id: number }[] {
  return repo.rulesets
    .filter((rs) => rs.enforcement === 'active' && coversBranch(repo, rs, branch))
    .flatMap((rs) => rs.rules.map((r) => ({ ...r, ruleset_source_type: 'Repository', ruleset_source: `${repo.owner}/${repo.name}`, ruleset_id: rs.id })));
}

/** The `merge_queue` rule's parameters for a branch, or (branch protection's required_merge_queue) `{}`; undefined when none. */
export function mergeQueueRule(repo: RepoRec, branch: string): Record<string, unknown> | undefined {
  const rule = branchRules(repo, branch).find((r) => r.type === 'merge_queue');
  if (rule) return rule.parameters ?? {};
  const mq = repo.protection.get(branch)?.required_merge_queue;
  return mq === true || (typeof mq === 'object' && mq !== null && (mq as { enabled?: unknown }).enabled === true) ? {} : undefined;
}

/** Contexts a commit must pass to merge into `branch`: rulesets' required_status_checks and branch protection's. */
export function requiredChecks(repo: RepoRec, branch: string): string[] {
  const out = new Set<string>();
  for (const r of branchRules(repo, branch)) {
    if (r.type !== 'required_status_checks') continue;
    for (const c of (r.parameters?.required_status_checks ?? []) as { context?: unknown }[]) if (typeof c.context === 'string') out.add(c.context);
  }
  const protection = repo.protection.get(branch) as { required_status_checks?: { contexts?: string[] } | null } | undefined;
  for (const c of protection?.required_status_checks?.contexts ?? []) out.add(c);
  return [...out];
}

/** A ruleset in GitHub's read shape (`GET /repos/:o/:r/rulesets/:id`; the list leaves out conditions and rules). */
export function rulesetJson(apiUrl: string, repo: RepoRec, rs: RulesetRec, full: boolean): Record<string, unknown> {
  const base = {
    id: rs.id,
    name: rs.name,
    target: rs.target,
    source_type: 'Repository',
    source: `${repo.owner}/${repo.name}`,
    enforcement: rs.enforcement,
    node_id: Buffer.from(`RepositoryRuleset:${rs.id}`).toString('base64'),
    _links: { self: { href: `${apiUrl}/repos/${repo.owner}/${repo.name}/rulesets/${rs.id}` } },
    created_at: rs.createdAt,
    updated_at: rs.updatedAt,
  };
  return full ? { ...base, bypass_actors: [], current_user_can_bypass: 'never', conditions: rs.conditions, rules: rs.rules } : base;
}
