// What GitHub itself requires of merges into a branch, read from its rulesets (`GET …/rules/branches/{branch}`) and
// branch protection (`required_merge_queue`, `required_status_checks`): the merge queue, and the required checks
// that count like branch protection for `from-branch-protection`. Kept per org/repo/branch and revalidated at most
// once per `maxAgeMs`, with the transport's ETags, so a sync does not re-read them and a 304 costs no rate limit.
import { protectionRequiresMergeQueue, requiredChecksFromRules, requiresMergeQueue } from '../../src/github/rulesets.js';
import type { ReposAPI } from '../../src/github/repos.js';
import { isNotFound } from '../../src/github/rest.js';
import type { Logger } from '../../src/runtime/logger.js';
import { poolKey } from './types.js';

export interface BranchRequirements {
  /** Merges go through GitHub's merge queue (a `merge_queue` rule, or branch protection's required_merge_queue). */
  mergeQueue: boolean;
  /** Required status checks of the rulesets and branch protection, sorted. */
  requiredChecks: string[];
}

export const NO_REQUIREMENTS: BranchRequirements = { mergeQueue: false, requiredChecks: [] };

/** How long read rules are used before they are asked for again (conditionally). */
export const BRANCH_RULES_MAX_AGE_MS = 60_000;

export class BranchRulesCache {
  private readonly entries = new Map<string, { at: number; value: BranchRequirements }>();

  constructor(
    private readonly github: (org: string) => Pick<ReposAPI, 'listBranchRules' | 'getBranchProtection'>,
    private readonly logger: Logger,
    private readonly maxAgeMs = BRANCH_RULES_MAX_AGE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The last requirements read for the branch, without asking GitHub (the status pass uses these). */
  peek(org: string, repo: string, branch: string): BranchRequirements | undefined {
    return this.entries.get(poolKey(org, repo, branch))?.value;
  }

  /**
   * The branch's requirements, read again when older than maxAgeMs. Rules that cannot be read are an error (the
   * pool waits a sync rather than merging past the queue); unreadable branch protection (it needs admin) is none.
   */
  async get(org: string, repo: string, branch: string): Promise<BranchRequirements> {
    const key = poolKey(org, repo, branch);
    const cached = this.entries.get(key);
    if (cached && this.now() - cached.at < this.maxAgeMs) return cached.value;
    const gh = this.github(org);
    // GitHub Enterprise versions without rulesets answer 404: no rules.
    const rules = await gh.listBranchRules(org, repo, branch).catch((e: unknown) => {
      if (isNotFound(e)) return [];
      throw e;
    });
    let protection: unknown;
    try {
      protection = await gh.getBranchProtection(org, repo, branch);
    } catch (e) {
      this.logger.debug('cannot read branch protection; counting only rulesets', { org, repo, branch, error: e });
    }
    const checks = new Set(requiredChecksFromRules(rules));
    for (const c of (protection as { required_status_checks?: { contexts?: string[] } } | undefined)?.required_status_checks?.contexts ?? []) checks.add(c);
    const value: BranchRequirements = { mergeQueue: requiresMergeQueue(rules) || protectionRequiresMergeQueue(protection), requiredChecks: [...checks].sort() };
    this.entries.set(key, { at: this.now(), value });
    return value;
  }
}
