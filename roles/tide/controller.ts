// Tide's sync: one GraphQL search per org for every open PR the queries could cover, pools per org/repo:branch
// with the branch's SHA, the PRs that may stay in each pool, one action per pool (merge a passing batch, merge the
// best passing PR, trigger a batch, trigger a serial retest, or wait) and history; what it saw goes to the status
// controller (status-controller.ts), which sets the `tide` contexts in its own loop. The decisions live in the pure
// modules next to this one; this file reads and writes.
import { systemClock } from '../../src/clock.js';
import { eachLimited } from '../../src/runtime/each-limited.js';
import { newBatch, newPresubmit } from '../../src/api/create.js';
import { LABEL_TYPE, type ProwJob, type Pull, type Refs } from '../../src/api/prowjob.js';
import { pullRequestRefs } from '../../src/api/refs.js';
import { runsForChanges, shouldRunOnBranch } from '../../src/config/jobs.js';
import type { Config, Presubmit, TideQuery } from '../../src/config/types.js';
import type { GitHubClient } from '../../src/github/client.js';
import { isSkipRetest } from '../../src/report/github.js';
import type { Logger } from '../../src/runtime/logger.js';
import type { ProwJobStore } from '../../src/store/types.js';
import { contextPolicy, isOptional, missingRequiredContexts, unsuccessfulContexts, type ContextPolicy } from './contexts.js';
import type { History } from './history.js';
import { mergePRs } from './merge.js';
import { NO_REQUIREMENTS, type BranchRequirements, type BranchRulesCache } from './branch-rules.js';
import { DEQUEUE_PR, enqueuePRs } from './enqueue.js';
import type { TideMetrics } from './metrics.js';
import {
  accumulate, accumulateBatch, contextOf, jobResult, pickBatchWithExistingTests, pickHighestPriority, type JobResult,
} from './pool.js';
import { orgRepoTokens, queriesForRepo } from './query.js';
import { applicableBlockers, blockersFromIssues, searchBlockers, searchPRs, type Blockers } from './search.js';
import { batchSizeLimit, mergeBlocksPolicy, mergeCommitTemplate, prioritizeExistingBatches, statusTargetURL } from './settings.js';
import { mergeBlockedReason, requirementDiff, type Blocker } from './status-text.js';
import { prMergeMethodFor, type PooledPR, type SyncSnapshot } from './status-controller.js';
import { poolKey, prKey, type MergeMethod, type TidePR } from './types.js';
import { TIDE_CONTEXT } from './contexts.js';

export const LABEL_CREATED_BY_TIDE = 'created-by-tide';

/**
 * Upstream's actions, and ENQUEUE: PRs added to GitHub's merge queue where the branch requires it (DEQUEUE, taking
 * one out, is recorded in the history too, outside any pool's action).
 */
export type Action = 'WAIT' | 'TRIGGER' | 'TRIGGER_BATCH' | 'MERGE' | 'MERGE_BATCH' | 'BLOCKED' | 'ENQUEUE';
const RECORDED: ReadonlySet<Action> = new Set(['TRIGGER', 'TRIGGER_BATCH', 'MERGE', 'MERGE_BATCH', 'ENQUEUE']);

/** A pool as Deck's /tide.js shows it (upstream's PoolForDeck; PRs as Title, Number, HeadRefOID, Mergeable). */
export interface PoolView {
  Org: string;
  Repo: string;
  Branch: string;
  SuccessPRs: DeckPR[];
  PendingPRs: DeckPR[];
  MissingPRs: DeckPR[];
  BatchPending: DeckPR[];
  Action: Action;
  Target: DeckPR[];
  Blockers: { Number: number; Title: string; URL: string }[];
  Error: string;
  TenantIDs: string[];
}

export interface DeckPR {
  Title: string;
  Number: number;
  HeadRefOID: string;
  Mergeable: string;
}

export interface TideDeps {
  config: () => Config;
  github: (org: string) => GitHubClient;
  store: ProwJobStore;
  /** Presubmits for a PR (central and inrepoconfig) at base with heads merged. */
  presubmits: (cfg: Config, org: string, repo: string, baseSha: string, headShas: string[]) => Promise<Presubmit[]>;
  /** The PRs among `heads` (in order) that merge cleanly onto `baseSha` one after another, at most `max` (0: all). */
  mergeable: (org: string, repo: string, remote: string, baseSha: string, heads: { sha: string; method: MergeMethod }[], max: number) => Promise<number[]>;
  history: History;
  logger: Logger;
  metrics?: TideMetrics;
  dryRun: boolean;
  sleep?: (ms: number) => Promise<void>;
  mergeSpacingMs?: number;
  /** Hands each sync's result to the status controller (status-controller.ts), which sets the `tide` contexts. */
  publish?: (s: SyncSnapshot) => void;
  /** GitHub's own requirements per branch (rulesets, branch protection); without it, none are read. */
  branchRules?: BranchRulesCache;
}

interface Subpool {
  org: string;
  repo: string;
  branch: string;
  sha: string;
  prs: TidePR[];
  results: JobResult[];
  /** PR number → required presubmits. */
  presubmits: Map<number, Presubmit[]>;
  /** Every presubmit of the repo at the pool's base, for context policies and batch jobs. */
  allPresubmits: Presubmit[];
  policy: Map<number, ContextPolicy>;
  /** What GitHub's rulesets and branch protection require of the branch. */
  rules: BranchRequirements;
}

const toDeck = (prs: readonly TidePR[]): DeckPR[] => prs.map((p) => ({ Title: p.title, Number: p.number, HeadRefOID: p.headSha, Mergeable: p.mergeable }));
const toPulls = (prs: readonly TidePR[]): Pull[] => prs.map((p) => ({ number: p.number, author: p.author, sha: p.headSha, title: p.title, head_ref: p.headRefName }));

/** Runs `fn` over `items` with at most `n` at once. */
/** Whether the PR meets a query on everything but its contexts (the search already filtered by the same terms). */
export function meetsQuery(pr: TidePR, q: TideQuery): boolean {
  const { diff } = requirementDiff({ ...pr, contexts: [] }, q, { required: new Set(), requiredIfPresent: new Set(), optional: new Set(), optionalRegexes: [], skipUnknown: true });
  return diff === 0;
}

/** An action that failed after it was chosen: what it was, on which PRs, and why. */
class ActionFailed extends Error {
  readonly reason: string;

  constructor(readonly action: Action, readonly targets: TidePR[], cause: unknown) {
    super(`${action} failed`);
    this.reason = cause instanceof Error ? cause.message : String(cause);
  }
}

export class TideController {
  pools: PoolView[] = [];
  /** prKey@sha → why its last merge failed: such a PR is left out of batches until its head changes. */
  private readonly failedMerges = new Map<string, string>();
  private readonly changedFiles = new Map<string, Promise<string[]>>();
  /** prKey of the PRs being merged now. */
  private readonly merging = new Set<string>();
  /**
   * prKey@sha → the pool's base SHA when tide queued it. A PR that left the queue (its group failed, or someone
   * dequeued it) is queued again only once its head or its branch changed, so a broken PR does not cycle.
   */
  private readonly enqueued = new Map<string, string>();

  constructor(private readonly d: TideDeps) {}

  private get sleep(): (ms: number) => Promise<void> {
    return this.d.sleep ?? ((ms) => systemClock.sleep(ms));
  }

  /** One sync; returns the pools it acted on. */
  async sync(): Promise<PoolView[]> {
    const started = Date.now();
    const cfg = this.d.config();
    const tide = cfg.tide ?? {};
    const queries = tide.queries ?? [];
    const open = await this.searchOpenPRs(queries, tide.max_goroutines ?? 20);
    this.prune(open);
    // A PR is in scope when some query covers its repo; it is a pool candidate when it meets one.
    const inScope = open.filter((pr) => queriesForRepo(queries, pr.org, pr.repo).length > 0);
    const candidates = inScope.filter((pr) => queriesForRepo(queries, pr.org, pr.repo).some((q) => meetsQuery(pr, q)));
    const blockers = candidates.length && tide.blocker_label ? await this.searchBlockers(queries, tide.blocker_label) : { repo: new Map(), branch: new Map() };
    // Only presubmits and batches count for pools (on Kubernetes the selector keeps the LIST small).
    const jobs = await this.d.store.list({ labelSelector: `${LABEL_TYPE} in (presubmit,batch)` });
    await this.dequeueLeavers(inScope.filter((pr) => !candidates.includes(pr)));
    const subpools = await this.divide(candidates, jobs);
    const views: PoolView[] = [];
    const merged = new Set<string>();
    const inPool = new Map<string, Subpool>();
    await eachLimited([...subpools.values()], tide.max_goroutines ?? 20, async (sp) => {
      try {
        await this.initSubpool(cfg, sp);
        this.filterSubpool(cfg, sp);
        if (sp.prs.length === 0) return;
        for (const pr of sp.prs) inPool.set(prKey(pr), sp);
        const view = await this.syncSubpool(cfg, sp, applicableBlockers(blockers, sp.org, sp.repo, sp.branch), jobs);
        for (const t of view.merged) merged.add(prKey(t));
        views.push(view.view);
      } catch (e) {
        this.d.metrics?.poolErrors.inc({ org: sp.org, repo: sp.repo, branch: sp.branch });
        this.d.logger.error('Error syncing subpool.', { org: sp.org, repo: sp.repo, branch: sp.branch, error: e });
      }
    });
    views.sort((a, b) => (a.Org + a.Repo + a.Branch < b.Org + b.Repo + b.Branch ? -1 : 1));
    this.pools = views;
    await this.d.history.flush().catch((e: unknown) => this.d.logger.error('writing tide history failed', { error: e }));
    this.d.publish?.(this.snapshot(inScope, inPool, merged, blockers));
    this.d.metrics?.syncDuration.set((Date.now() - started) / 1000);
    this.d.metrics?.heartbeat.inc({ controller: 'sync' });
    this.d.logger.info('Synced', { duration_ms: Date.now() - started, prs: open.length, pools: views.length });
    return views;
  }

  /** What the status controller needs from this sync: the PRs it saw and, per pooled PR, its policy and retests. */
  private snapshot(prs: readonly TidePR[], inPool: Map<string, Subpool>, merged: Set<string>, blockers: Blockers): SyncSnapshot {
    const pool = new Map<string, PooledPR>();
    for (const [key, sp] of inPool) {
      if (merged.has(key)) continue;
      const pr = sp.prs.find((p) => prKey(p) === key)!;
      let retesting: string[] = [];
      // The merge queue tests the groups itself: nothing is retested in its pools.
      if (!sp.rules.mergeQueue) {
        const passing = new Set([...sp.results, ...this.resultsFromContexts(sp)].filter((r) => r.type === 'presubmit' && r.state === 'success' && r.pulls[0]?.number === pr.number && r.pulls[0].sha === pr.headSha).map((r) => r.context));
        retesting = [...new Set((sp.presubmits.get(pr.number) ?? []).map(contextOf))].filter((c) => !passing.has(c));
      }
      pool.set(key, { pr, policy: sp.policy.get(pr.number)!, retesting, droppedFromQueue: this.droppedFromQueue(sp, pr) });
    }
    return { prs: prs.filter((pr) => !merged.has(prKey(pr))), pool, blockers, failedMerges: new Map(this.failedMerges) };
  }

  /** Whether a merge of this PR is under way (its `tide` context says success and must stay so until it merges). */
  isMerging(key: string): boolean {
    return this.merging.has(key);
  }

  /** Forgets changed files and merge failures of PR heads that are no longer open. */
  private prune(open: readonly TidePR[]): void {
    const live = new Set(open.map((pr) => `${prKey(pr)}@${pr.headSha}`));
    for (const k of this.changedFiles.keys()) if (!live.has(k)) this.changedFiles.delete(k);
    for (const k of this.failedMerges.keys()) if (!live.has(k)) this.failedMerges.delete(k);
    for (const k of this.enqueued.keys()) if (!live.has(k)) this.enqueued.delete(k);
  }

  /**
   * Every open PR in the orgs and repos the queries name: one paged search per org (upstream searches per query
   * and org for the pool and again for statuses); which queries a PR meets is then worked out here.
   */
  private async searchOpenPRs(queries: readonly TideQuery[], concurrency: number): Promise<TidePR[]> {
    const found = new Map<string, TidePR>();
    await eachLimited([...orgRepoTokens(queries)], concurrency, async ([org, tokens]) => {
      const query = `is:pr state:open archived:false ${tokens}`;
      try {
        const prs = await searchPRs(this.d.github(org), query);
        this.d.metrics?.queryResults.inc({ org, result: 'success' });
        for (const pr of prs) found.set(prKey(pr), pr);
      } catch (e) {
        this.d.metrics?.queryResults.inc({ org, result: 'error' });
        this.d.logger.error('tide search failed', { org, query, error: e });
      }
    });
    return [...found.values()];
  }

  private async searchBlockers(queries: readonly TideQuery[], label: string): Promise<Blockers> {
    const issues = [];
    for (const [org, tokens] of orgRepoTokens(queries)) {
      try {
        issues.push(...(await searchBlockers(this.d.github(org), label, tokens)));
      } catch (e) {
        this.d.logger.error('blocker search failed', { org, error: e });
      }
    }
    return blockersFromIssues(issues);
  }

  /** Pools by org/repo:branch with the branch's SHA and the ProwJobs at that SHA. */
  private async divide(prs: readonly TidePR[], jobs: readonly ProwJob[]): Promise<Map<string, Subpool>> {
    const pools = new Map<string, Subpool>();
    for (const pr of prs) {
      const key = poolKey(pr.org, pr.repo, pr.baseRef);
      let sp = pools.get(key);
      if (!sp) {
        sp = { org: pr.org, repo: pr.repo, branch: pr.baseRef, sha: '', prs: [], results: [], presubmits: new Map(), allPresubmits: [], policy: new Map(), rules: NO_REQUIREMENTS };
        pools.set(key, sp);
      }
      sp.prs.push(pr);
    }
    // The ProwJobs by the base they ran against, so each pool finds its own without scanning every job.
    const byBase = new Map<string, ProwJob[]>();
    for (const pj of jobs) {
      const r = pj.spec.refs;
      if (!r?.base_ref || !r.base_sha) continue;
      const k = `${poolKey(r.org, r.repo, r.base_ref)}@${r.base_sha}`;
      byBase.set(k, [...(byBase.get(k) ?? []), pj]);
    }
    // The branches' SHAs are read in parallel (one REST read per pool, each independent of the others).
    await eachLimited([...pools], this.d.config().tide?.max_goroutines ?? 20, async ([key, sp]) => {
      try {
        sp.sha = await this.d.github(sp.org).getRef(sp.org, sp.repo, `heads/${sp.branch}`);
        if (this.d.branchRules) sp.rules = await this.d.branchRules.get(sp.org, sp.repo, sp.branch);
      } catch (e) {
        this.d.logger.error('cannot read the base branch or its rules', { pool: key, error: e });
        pools.delete(key);
        return;
      }
      for (const pj of byBase.get(`${key}@${sp.sha}`) ?? []) {
        const res = jobResult(pj);
        if (res) sp.results.push(res);
      }
    });
    return pools;
  }

  private async changes(pr: TidePR): Promise<string[]> {
    const key = `${prKey(pr)}@${pr.headSha}`;
    let p = this.changedFiles.get(key);
    if (!p) {
      p = this.d.github(pr.org).getPullRequestChanges(pr.org, pr.repo, pr.number).then((fs) => fs.map((f) => f.filename));
      this.changedFiles.set(key, p);
      p.catch(() => this.changedFiles.delete(key));
    }
    return p;
  }

  /** Whether Tide requires a presubmit for a PR (upstream: context required or run_before_merge, and it should run). */
  private async requiredFor(ps: Presubmit, branch: string, files: () => Promise<string[]>): Promise<boolean> {
    if (!(!ps.optional && !ps.skip_report) && !ps.run_before_merge) return false;
    if (!shouldRunOnBranch(ps, branch)) return false;
    if (ps.always_run || ps.run_before_merge) return true;
    if (!ps.run_if_changed && !ps.skip_if_only_changed) return false;
    return runsForChanges(ps, await files()) === true;
  }

  private async initSubpool(cfg: Config, sp: Subpool): Promise<void> {
    const kept: TidePR[] = [];
    for (const pr of sp.prs) {
      let all: Presubmit[];
      try {
        all = await this.d.presubmits(cfg, sp.org, sp.repo, sp.sha, [pr.headSha]);
      } catch (e) {
        this.d.logger.info('Failed to get presubmits for PR, excluding from subpool', { org: sp.org, repo: sp.repo, pr: pr.number, error: e });
        continue;
      }
      kept.push(pr);
      if (!sp.allPresubmits.length) sp.allPresubmits = all;
      const req: Presubmit[] = [];
      for (const ps of all) if (await this.requiredFor(ps, sp.branch, () => this.changes(pr))) req.push(ps);
      sp.presubmits.set(pr.number, req);
      sp.policy.set(pr.number, contextPolicy(cfg, sp.org, sp.repo, sp.branch, all, sp.rules.requiredChecks));
    }
    sp.prs = kept;
  }

  /**
   * Drops PRs that cannot merge: a merge conflict or bad merge method, a failed or missing context, or a pending
   * one no required presubmit reports (upstream's filterPR).
   */
  private filterSubpool(cfg: Config, sp: Subpool): void {
    const policy = mergeBlocksPolicy(cfg.tide ?? {}, sp.org, sp.repo);
    sp.prs = sp.prs.filter((pr) => {
      if (mergeBlockedReason(pr, prMergeMethodFor(cfg, pr), policy)) return false;
      if (policy === 'permit' && pr.mergeStateStatus === 'BLOCKED') this.d.logger.warn('GitHub reports the PR as blocked; merging it anyway (github_merge_blocks_policy: permit)', { org: pr.org, repo: pr.repo, pr: pr.number });
      const contexts = new Set((sp.presubmits.get(pr.number) ?? []).map(contextOf));
      return unsuccessfulContexts(pr.contexts, sp.policy.get(pr.number)!).every((c) => c.state === 'PENDING' && contexts.has(c.context));
    });
  }

  /**
   * Passing contexts whose description names the pool's base SHA count as passing jobs (sinker may have removed the
   * ProwJob), and so do sticky overrides (the skip-retest sentinel), whatever base they name.
   */
  private resultsFromContexts(sp: Subpool): JobResult[] {
    const out: JobResult[] = [];
    for (const pr of sp.prs) {
      for (const c of pr.contexts) {
        if (c.state !== 'SUCCESS') continue;
        const m = /BaseSHA:([0-9a-f]{40})/.exec(c.description);
        if (isSkipRetest(c.description) || (m && m[1] === sp.sha)) out.push({ type: 'presubmit', context: c.context, pulls: [{ number: pr.number, sha: pr.headSha }], state: 'success' });
      }
    }
    return out;
  }

  private isPassing(sp: Subpool, pr: TidePR): boolean {
    return unsuccessfulContexts(pr.contexts, sp.policy.get(pr.number)!).length === 0;
  }

  /** Passing or pending (with a ProwJob running for it) required contexts: the PR may be retested or batched. */
  private retestEligible(sp: Subpool, pr: TidePR, jobs: readonly ProwJob[]): boolean {
    const policy = sp.policy.get(pr.number)!;
    if (missingRequiredContexts(policy, pr.contexts.map((c) => c.context)).length) return false;
    for (const c of pr.contexts) {
      if (c.context === TIDE_CONTEXT || isOptional(policy, c.context) || c.state === 'SUCCESS') continue;
      if (c.state !== 'PENDING') return false;
      const running = jobs.some((pj) => pj.spec.type === 'presubmit' && pj.spec.refs?.org === pr.org && pj.spec.refs.repo === pr.repo
        && (pj.spec.context ?? pj.spec.job) === c.context && pj.spec.refs.pulls?.length === 1 && pj.spec.refs.pulls[0]!.sha === pr.headSha);
      if (!running) return false;
    }
    return true;
  }

  private async batchPresubmits(cfg: Config, sp: Subpool, prs: readonly TidePR[]): Promise<Presubmit[]> {
    const all = await this.d.presubmits(cfg, sp.org, sp.repo, sp.sha, prs.map((p) => p.headSha));
    const out: Presubmit[] = [];
    const files = async (): Promise<string[]> => [...new Set((await Promise.all(prs.map((p) => this.changes(p)))).flat())];
    for (const ps of all) if (await this.requiredFor(ps, sp.branch, files)) out.push(ps);
    return out;
  }

  private async syncSubpool(cfg: Config, sp: Subpool, blocks: Blocker[], jobs: readonly ProwJob[]): Promise<{ view: PoolView; merged: TidePR[] }> {
    const results = [...sp.results, ...this.resultsFromContexts(sp)];
    const acc = accumulate(sp.prs, sp.presubmits, results);
    // Batch requirements are the same for any batch of the pool's PRs as far as run_if_changed allows; the union of
    // the PRs' required contexts is what upstream's presubmitsForBatch comes to for a batch.
    const requiredForBatch = (prs: TidePR[]): Presubmit[] => {
      const byContext = new Map<string, Presubmit>();
      for (const p of prs) for (const ps of sp.presubmits.get(p.number) ?? []) byContext.set(contextOf(ps), ps);
      return [...byContext.values()];
    };
    const batch = accumulateBatch(sp.prs, results, requiredForBatch);
    let action: Action = 'WAIT';
    let targets: TidePR[] = [];
    let merged: TidePR[] = [];
    let error = '';
    if (blocks.length) {
      action = 'BLOCKED';
    } else if (sp.rules.mergeQueue) {
      ({ action, targets, error } = await this.enqueue(cfg, sp));
      if (RECORDED.has(action)) this.d.history.record(poolKey(sp.org, sp.repo, sp.branch), action, sp.sha, error, toPulls(targets));
    } else {
      try {
        ({ action, targets, merged } = await this.takeAction(cfg, sp, acc, batch, jobs));
      } catch (e) {
        // The action that failed is recorded with its error, as upstream's history does.
        if (e instanceof ActionFailed) ({ action, targets } = e);
        error = e instanceof ActionFailed ? e.reason : e instanceof Error ? e.message : String(e);
        this.d.metrics?.poolErrors.inc({ org: sp.org, repo: sp.repo, branch: sp.branch });
      }
      if (!error && !this.d.dryRun && (action === 'MERGE' || action === 'MERGE_BATCH')) {
        const failed = targets.filter((t) => !merged.includes(t)).map((t) => `#${t.number}: ${this.failedMerges.get(`${prKey(t)}@${t.headSha}`) ?? 'not merged'}`);
        if (failed.length) error = `failed merging ${failed.join('; ')}`;
      }
      if (RECORDED.has(action)) this.d.history.record(poolKey(sp.org, sp.repo, sp.branch), action, sp.sha, error, toPulls(targets));
    }
    if (merged.length) this.d.metrics?.merges.observe({ org: sp.org, repo: sp.repo, branch: sp.branch }, merged.length);
    const labels = { org: sp.org, repo: sp.repo, branch: sp.branch };
    this.d.metrics?.pooledPRs.set(labels, sp.prs.length);
    this.d.metrics?.poolMissingPRs.set(labels, acc.missings.length);
    this.d.metrics?.poolPendingPRs.set(labels, acc.pendings.length);
    this.d.metrics?.poolSuccessfulPRs.set(labels, acc.successes.length);
    this.d.metrics?.poolBatchPendingPRs.set(labels, batch.pending.length);
    this.d.metrics?.updateTime.set({ org: sp.org, repo: sp.repo, branch: sp.branch }, Date.now() / 1000);
    this.d.logger.info('Subpool synced.', { org: sp.org, repo: sp.repo, branch: sp.branch, action, targets: targets.map((t) => t.number), error: error || undefined });
    const byNumber = (a: TidePR, b: TidePR): number => a.number - b.number;
    return {
      merged,
      view: {
        Org: sp.org, Repo: sp.repo, Branch: sp.branch,
        SuccessPRs: toDeck([...acc.successes].sort(byNumber)), PendingPRs: toDeck([...acc.pendings].sort(byNumber)), MissingPRs: toDeck([...acc.missings].sort(byNumber)),
        BatchPending: toDeck([...batch.pending].sort(byNumber)), Action: action, Target: toDeck(targets),
        Blockers: blocks.map((b) => ({ Number: b.number, Title: b.title, URL: b.url })), Error: error, TenantIDs: [''],
      },
    };
  }

  /**
   * A pool whose branch requires GitHub's merge queue: every PR whose contexts pass and that is not queued yet is
   * added, in upstream's order (priority label sets, then the lowest number); the queue groups and tests them, so
   * Tide neither batches nor retests there.
   */
  private async enqueue(cfg: Config, sp: Subpool): Promise<{ action: Action; targets: TidePR[]; error: string }> {
    const ready = sp.prs.filter((p) => !p.queue && !this.droppedFromQueue(sp, p) && this.isPassing(sp, p));
    const ordered: TidePR[] = [];
    for (let pr = pickHighestPriority(ready, () => true, cfg.tide?.priority); pr; pr = pickHighestPriority(ready, (p) => !ordered.includes(p), cfg.tide?.priority)) ordered.push(pr);
    // A PR GitHub refused before is asked for again, after the others (as a failed merge is retried).
    ordered.sort((a, b) => Number(this.failedBefore(a)) - Number(this.failedBefore(b)));
    if (!ordered.length) return { action: 'WAIT', targets: [], error: '' };
    if (this.d.dryRun) {
      this.d.logger.info('dry run: would enqueue', { org: sp.org, repo: sp.repo, prs: ordered.map((p) => p.number) });
      return { action: 'ENQUEUE', targets: ordered, error: '' };
    }
    const out = await enqueuePRs(ordered, this.d.github(sp.org), this.d.logger);
    for (const pr of out.enqueued) this.enqueued.set(`${prKey(pr)}@${pr.headSha}`, sp.sha);
    for (const [n, why] of out.failed) {
      const pr = ordered.find((p) => p.number === n)!;
      this.failedMerges.set(`${prKey(pr)}@${pr.headSha}`, why);
    }
    const error = [...out.failed].map(([n, why]) => `#${n}: ${why}`).join('; ');
    if (out.failed.size) this.d.metrics?.poolErrors.inc({ org: sp.org, repo: sp.repo, branch: sp.branch });
    const targets = ordered.filter((p) => !out.gone.includes(p));
    if (!targets.length) return { action: 'WAIT', targets: [], error: '' };
    return { action: 'ENQUEUE', targets, error: error ? `failed enqueueing ${error}` : '' };
  }

  /**
   * PRs tide queued that no longer meet any query (a hold label, a missing label): taken out of the merge queue,
   * recorded as DEQUEUE, so their `tide` context says why they are not merging.
   */
  private async dequeueLeavers(prs: readonly TidePR[]): Promise<void> {
    for (const pr of prs) {
      const key = `${prKey(pr)}@${pr.headSha}`;
      if (!pr.queue || !pr.nodeId || !this.enqueued.has(key)) continue;
      if (this.d.dryRun) {
        this.d.logger.info('dry run: would dequeue', { org: pr.org, repo: pr.repo, pr: pr.number });
        continue;
      }
      let err = '';
      try {
        await this.d.github(pr.org).graphql(DEQUEUE_PR, { id: pr.nodeId });
        this.enqueued.delete(key);
        pr.queue = undefined;
        this.d.logger.info('Dequeued: the PR no longer meets the queries.', { org: pr.org, repo: pr.repo, pr: pr.number });
      } catch (e) {
        err = `failed dequeueing #${pr.number}: ${e instanceof Error ? e.message : String(e)}`;
        this.d.logger.error('Dequeue failed.', { org: pr.org, repo: pr.repo, pr: pr.number, error: e });
      }
      this.d.history.record(poolKey(pr.org, pr.repo, pr.baseRef), 'DEQUEUE', '', err, toPulls([pr]));
    }
  }

  /** Tide queued this head at this base before and it is no longer queued: its group failed or it was dequeued. */
  private droppedFromQueue(sp: Subpool, pr: TidePR): boolean {
    return !pr.queue && this.enqueued.get(`${prKey(pr)}@${pr.headSha}`) === sp.sha;
  }

  private failedBefore(pr: TidePR): boolean {
    return this.failedMerges.has(`${prKey(pr)}@${pr.headSha}`);
  }

  private async merge(cfg: Config, sp: Subpool, prs: TidePR[]): Promise<TidePR[]> {
    if (this.d.dryRun) {
      this.d.logger.info('dry run: would merge', { org: sp.org, repo: sp.repo, prs: prs.map((p) => p.number) });
      return [];
    }
    const t = cfg.tide ?? {};
    for (const pr of prs) this.merging.add(prKey(pr));
    const out = await mergePRs(prs, {
      github: this.d.github(sp.org),
      method: (pr) => prMergeMethodFor(cfg, pr),
      template: mergeCommitTemplate(t, sp.org, sp.repo),
      targetURL: (pr) => statusTargetURL(t, pr),
      logger: this.d.logger,
      sleep: this.sleep,
      spacingMs: this.d.mergeSpacingMs ?? 5000,
    }).finally(() => {
      for (const pr of prs) this.merging.delete(prKey(pr));
    });
    for (const [n, why] of out.failed) {
      const pr = prs.find((p) => p.number === n)!;
      this.failedMerges.set(`${prKey(pr)}@${pr.headSha}`, why);
    }
    return out.merged;
  }

  private async takeAction(
    cfg: Config, sp: Subpool, acc: ReturnType<typeof accumulate>, batch: { success: TidePR[]; pending: TidePR[] }, jobs: readonly ProwJob[],
  ): Promise<{ action: Action; targets: TidePR[]; merged: TidePR[] }> {
    const t = cfg.tide ?? {};
    if (batch.success.length) return { action: 'MERGE_BATCH', targets: batch.success, merged: await this.merge(cfg, sp, batch.success) };
    // Merging now would void the running batch's result.
    if (acc.successes.length && !batch.pending.length) {
      // A PR whose last merge failed goes after the others, so it cannot stall the pool; alone, it is retried.
      const pr = pickHighestPriority(acc.successes, (p) => this.isPassing(sp, p) && !this.failedBefore(p), t.priority)
        ?? pickHighestPriority(acc.successes, (p) => this.isPassing(sp, p), t.priority);
      if (pr) return { action: 'MERGE', targets: [pr], merged: await this.merge(cfg, sp, [pr]) };
    }
    if (![...sp.presubmits.values()].some((l) => l.length)) return { action: 'WAIT', targets: [], merged: [] };
    if (sp.prs.length > 1 && !batch.pending.length) {
      const picked = await this.pickBatch(cfg, sp, jobs);
      if (picked.length > 1) {
        await this.trigger(sp, await this.batchPresubmits(cfg, sp, picked), picked, jobs).catch((e: unknown) => {
          throw new ActionFailed('TRIGGER_BATCH', picked, e);
        });
        this.d.metrics?.retests.inc({ org: sp.org, repo: sp.repo, branch: sp.branch, action: 'TRIGGER_BATCH' });
        return { action: 'TRIGGER_BATCH', targets: picked, merged: [] };
      }
    }
    if (acc.missings.length && !acc.pendings.length && !acc.successes.length) {
      const pr = pickHighestPriority(acc.missings, (p) => this.retestEligible(sp, p, jobs), t.priority);
      if (pr) {
        await this.trigger(sp, acc.missingTests.get(pr.number) ?? [], [pr], jobs).catch((e: unknown) => {
          throw new ActionFailed('TRIGGER', [pr], e);
        });
        this.d.metrics?.retests.inc({ org: sp.org, repo: sp.repo, branch: sp.branch, action: 'TRIGGER' });
        return { action: 'TRIGGER', targets: [pr], merged: [] };
      }
    }
    return { action: 'WAIT', targets: [], merged: [] };
  }

  /** The oldest PRs that pass (or run) their jobs and merge cleanly together, up to batch_size_limit (upstream's pickBatch). */
  private async pickBatch(cfg: Config, sp: Subpool, jobs: readonly ProwJob[]): Promise<TidePR[]> {
    const t = cfg.tide ?? {};
    const limit = batchSizeLimit(t, sp.org, sp.repo);
    if (limit < 0) return [];
    const candidates = [...sp.prs].sort((a, b) => a.number - b.number).filter((p) => !this.failedBefore(p) && this.retestEligible(sp, p, jobs));
    if (!candidates.length) return [];
    if (prioritizeExistingBatches(t, sp.org, sp.repo)) {
      const existing = pickBatchWithExistingTests(candidates, sp.results, limit);
      if (existing.length) return existing;
    }
    const heads: { sha: string; method: MergeMethod }[] = [];
    const usable: TidePR[] = [];
    for (const pr of candidates) {
      const method = prMergeMethodFor(cfg, pr);
      if (!method) continue;
      heads.push({ sha: pr.headSha, method });
      usable.push(pr);
    }
    const picked = await this.d.mergeable(sp.org, sp.repo, `${sp.prs[0]!.repoUrl}.git`, sp.sha, heads, limit);
    return picked.map((i) => usable[i]!);
  }

  /** Creates the presubmit (one PR) or batch ProwJobs; a batch that runs or passed for the same refs is not repeated. */
  private async trigger(sp: Subpool, presubmits: readonly Presubmit[], prs: readonly TidePR[], jobs: readonly ProwJob[]): Promise<void> {
    const repoLink = prs[0]!.repoUrl;
    const first = prs[0]!;
    const refs: Refs = pullRequestRefs({ org: sp.org, repo: sp.repo, repoLink, baseRef: sp.branch, baseSha: sp.sha, number: first.number, author: first.author, headSha: first.headSha, title: first.title, headRef: first.headRefName });
    for (const pr of prs.slice(1)) {
      refs.pulls!.push(pullRequestRefs({ org: sp.org, repo: sp.repo, repoLink, baseRef: sp.branch, baseSha: sp.sha, number: pr.number, author: pr.author, headSha: pr.headSha, title: pr.title, headRef: pr.headRefName }).pulls![0]!);
    }
    const pullsKey = (pulls: readonly Pull[] | undefined): string => JSON.stringify((pulls ?? []).map((p) => [p.number, p.sha]));
    const sameRefs = (r: Refs | undefined): boolean => r !== undefined && r.base_sha === refs.base_sha && pullsKey(r.pulls) === pullsKey(refs.pulls);
    const seen = new Set<string>();
    for (const ps of presubmits) {
      const ctx = contextOf(ps);
      if (seen.has(ctx)) continue;
      seen.add(ctx);
      if (prs.length > 1 && jobs.some((pj) => pj.spec.type === 'batch' && pj.spec.job === ps.name && pj.status.state !== 'failure' && pj.status.state !== 'error' && pj.status.state !== 'aborted' && sameRefs(pj.spec.refs))) continue;
      const labels = { [LABEL_CREATED_BY_TIDE]: 'true' };
      const pj = prs.length === 1 ? newPresubmit(ps, refs, { labels }) : newBatch(ps, refs, { labels });
      if (this.d.dryRun) {
        this.d.logger.info('dry run: would trigger', { job: ps.name, prs: prs.map((p) => p.number) });
        continue;
      }
      await this.d.store.create(pj);
      this.d.logger.info('Created ProwJob.', { job: ps.name, type: pj.spec.type, name: pj.metadata.name, prs: prs.map((p) => p.number) });
    }
  }
}
