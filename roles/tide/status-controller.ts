// Tide's status controller (upstream's statusController): its own loop, every `status_update_period` (default
// `sync_period`), sets the `tide` context on every open PR in scope. It searches incrementally, per org, only for
// PRs updated since its last search (`updated:>=`, 30 s of slack, as upstream), and takes the rest from what the
// last sync saw, so status writes never wait on a sync's merges. Where each org's search stands is kept in
// --status-path (upstream's YAML `{org: {LatestPR, PreviousQuery}}`), so a restart searches incrementally too.
import yaml from 'js-yaml';
import { eachLimited } from '../../src/runtime/each-limited.js';
import { presubmitsFor } from '../../src/config/jobs.js';
import type { Config } from '../../src/config/types.js';
import type { GitHubClient } from '../../src/github/client.js';
import type { Logger } from '../../src/runtime/logger.js';
import type { StoredObject } from '../../src/storage/object-uri.js';
import { contextPolicy, TIDE_CONTEXT, type ContextPolicy } from './contexts.js';
import type { TideMetrics } from './metrics.js';
import { orgRepoTokens, queriesForRepo } from './query.js';
import { applicableBlockers, searchPRs, type Blockers } from './search.js';
import { mergeBlocksPolicy, mergeMethodFor, statusTargetURL } from './settings.js';
import type { BranchRulesCache } from './branch-rules.js';
import { DROPPED_FROM_QUEUE, expectedStatus, prMergeMethod, truncateDescription, type ExpectedStatus } from './status-text.js';
import { prKey, type MergeMethod, type TidePR } from './types.js';

/** The merge method a PR would merge with (configured, or its label), undefined when its labels conflict. */
export function prMergeMethodFor(cfg: Config, pr: TidePR): MergeMethod | undefined {
  const t = cfg.tide ?? {};
  return prMergeMethod(mergeMethodFor(t, pr.org, pr.repo, pr.baseRef), pr.labels, { squash: t.squash_label, rebase: t.rebase_label, merge: t.merge_label });
}

/** What a sync knew of a PR it pooled. */
export interface PooledPR {
  pr: TidePR;
  policy: ContextPolicy;
  /** Required contexts that have not passed at the pool's base (for `Retesting: …`); none in a merge-queue pool. */
  retesting: string[];
  /** Tide queued this head at this base and it left the merge queue (its group failed, or it was dequeued). */
  droppedFromQueue: boolean;
}

/** What the sync controller hands the status controller after each sync. */
export interface SyncSnapshot {
  /** Every open PR in scope the sync's search returned (merged ones left out). */
  prs: TidePR[];
  /** prKey → the pooled PR. */
  pool: Map<string, PooledPR>;
  blockers: Blockers;
  /** prKey@headSha → why its last merge failed. */
  failedMerges: ReadonlyMap<string, string>;
}

/** Per org: the search's start time (LatestPR) and the query it was for; another query starts over. */
interface StoredState {
  LatestPR?: string;
  PreviousQuery?: string;
}

/** Slack subtracted from the newest PR's updatedAt, as upstream: GitHub's search index lags. */
const SEARCH_SLACK_MS = 30_000;

export interface StatusDeps {
  config: () => Config;
  github: (org: string) => GitHubClient;
  logger: Logger;
  metrics?: TideMetrics;
  dryRun: boolean;
  /** --status-path; without it each start searches every open PR once. */
  state?: StoredObject;
  /** PRs the sync is merging now: their `tide` context was set to success and must stay so. */
  merging: (key: string) => boolean;
  /** Milliseconds now (the role's Clock). */
  now?: () => number;
  /** GitHub's own required checks per branch (rulesets, branch protection), as the sync last read them. */
  branchRules?: BranchRulesCache;
}

export class StatusController {
  private snapshot: SyncSnapshot | undefined;
  private fresh = false;
  private lastStart = -Infinity;
  private stored: Record<string, StoredState> = {};
  /** prKey@sha → the context this controller last wrote, so a PR seen again with older data is not written twice. */
  private readonly written = new Map<string, string>();

  constructor(private readonly d: StatusDeps) {}

  /** Reads --status-path; a missing object starts from scratch, a damaged one too (with a warning). */
  async load(): Promise<void> {
    if (!this.d.state) return;
    try {
      const text = await this.d.state.read();
      if (text === undefined) return;
      const doc = yaml.load(text) as unknown;
      if (doc && typeof doc === 'object' && !Array.isArray(doc)) this.stored = doc as Record<string, StoredState>;
      else throw new Error('not a map of org to {LatestPR, PreviousQuery}');
    } catch (e) {
      this.d.logger.warn('Cannot read stored status state; searching every open PR once', { path: this.d.state.uri, error: e });
    }
  }

  /** The sync controller's result; the next status pass uses it. */
  publish(s: SyncSnapshot): void {
    this.snapshot = s;
    this.fresh = true;
  }

  /**
   * One status pass, when a sync published since the last pass and at least `minPeriodMs` (status_update_period)
   * passed since the last one started, as upstream waits. Returns whether it ran.
   */
  async sync(minPeriodMs = 0): Promise<boolean> {
    const now = this.d.now ?? Date.now;
    const snap = this.snapshot;
    if (!snap || !this.fresh || now() - this.lastStart < minPeriodMs) return false;
    this.fresh = false;
    this.lastStart = now();
    const started = Date.now();
    const cfg = this.d.config();
    const t = cfg.tide ?? {};
    const queries = t.queries ?? [];
    const prs = new Map(snap.prs.map((pr) => [prKey(pr), pr]));
    for (const pr of await this.searchUpdated(cfg)) if (queriesForRepo(queries, pr.org, pr.repo).length) prs.set(prKey(pr), pr);
    // A pooled PR is processed even when the search no longer lists it (upstream: it may just have merged).
    for (const [k, p] of snap.pool) if (!prs.has(k)) prs.set(k, p.pr);
    const live = new Set<string>();
    await eachLimited([...prs.values()], t.max_goroutines ?? 20, async (pr) => {
      live.add(`${prKey(pr)}@${pr.headSha}`);
      await this.setStatus(cfg, pr, snap);
    });
    for (const k of this.written.keys()) if (!live.has(k)) this.written.delete(k);
    await this.save();
    const seconds = (Date.now() - started) / 1000;
    this.d.metrics?.statusUpdateDuration.set(seconds);
    this.d.metrics?.heartbeat.inc({ controller: 'status-update' });
    this.d.logger.info('Statuses synced.', { duration: `${seconds}s`, prs: prs.size });
    return true;
  }

  /** PRs updated since each org's last search, oldest first; a changed query searches everything again. */
  private async searchUpdated(cfg: Config): Promise<TidePR[]> {
    const out: TidePR[] = [];
    await eachLimited([...orgRepoTokens(cfg.tide?.queries ?? [])], cfg.tide?.max_goroutines ?? 20, async ([org, tokens]) => {
      const query = `is:pr state:open sort:updated-asc archived:false ${tokens}`;
      const prev = this.stored[org];
      const since = prev?.PreviousQuery === query ? prev.LatestPR : undefined;
      if (prev && prev.PreviousQuery !== query) this.d.logger.info('Query changed, resetting start time to zero', { org, previously: prev.PreviousQuery });
      try {
        const found = await searchPRs(this.d.github(org), since ? `${query} updated:>=${since}` : query);
        out.push(...found);
        const latest = found.map((p) => Date.parse(p.updatedAt)).filter((n) => !Number.isNaN(n)).reduce((a, b) => Math.max(a, b), 0);
        this.stored[org] = { LatestPR: latest ? new Date(latest - SEARCH_SLACK_MS).toISOString().replace(/\.\d{3}Z$/, 'Z') : since, PreviousQuery: query };
      } catch (e) {
        this.d.logger.error('Search failed', { org, query, error: e });
      }
    });
    return out;
  }

  private async save(): Promise<void> {
    if (!this.d.state || this.d.dryRun) return;
    try {
      await this.d.state.write(yaml.dump(this.stored));
    } catch (e) {
      this.d.logger.warn('Cannot write state', { path: this.d.state.uri, error: e });
    }
  }

  /** The `tide` context a PR should have, from the last sync's pools and blockers. */
  expected(cfg: Config, pr: TidePR, snap: SyncSnapshot): ExpectedStatus | undefined {
    const t = cfg.tide ?? {};
    const pooled = snap.pool.get(prKey(pr));
    let policy = pooled?.policy;
    if (!policy) {
      try {
        const githubRequired = this.d.branchRules?.peek(pr.org, pr.repo, pr.baseRef)?.requiredChecks ?? [];
        policy = contextPolicy(cfg, pr.org, pr.repo, pr.baseRef, presubmitsFor(cfg, `${pr.org}/${pr.repo}`), githubRequired);
      } catch (e) {
        this.d.logger.error('cannot work out the context policy', { org: pr.org, repo: pr.repo, pr: pr.number, error: e });
        return undefined;
      }
    }
    const want = expectedStatus({
      pr, queries: queriesForRepo(t.queries ?? [], pr.org, pr.repo), policy, inPool: pooled !== undefined, method: prMergeMethodFor(cfg, pr),
      blocksPolicy: mergeBlocksPolicy(t, pr.org, pr.repo), blockers: applicableBlockers(snap.blockers, pr.org, pr.repo, pr.baseRef),
      displayAllQueries: t.display_all_tide_queries_in_status === true, retesting: pooled?.pr.headSha === pr.headSha ? pooled.retesting : [],
    });
    const failure = snap.failedMerges.get(`${prKey(pr)}@${pr.headSha}`);
    if (failure && want.state === 'success') return { state: 'error', description: truncateDescription(`Not mergeable. Merge failed: ${failure}`) };
    if (pooled?.droppedFromQueue && pooled.pr.headSha === pr.headSha && want.state === 'success') return { state: 'pending', description: DROPPED_FROM_QUEUE };
    return want;
  }

  /** Sets the `tide` context where it differs from what it should be. */
  private async setStatus(cfg: Config, pr: TidePR, snap: SyncSnapshot): Promise<void> {
    if (this.d.merging(prKey(pr))) return;
    const want = this.expected(cfg, pr, snap);
    if (!want) return;
    const key = `${prKey(pr)}@${pr.headSha}`;
    const wanted = `${want.state}\n${want.description}`;
    const have = pr.contexts.find((c) => c.context === TIDE_CONTEXT);
    if (have && `${have.state.toLowerCase()}\n${have.description}` === wanted) {
      this.written.set(key, wanted);
      return;
    }
    if (this.written.get(key) === wanted || this.d.dryRun) return;
    try {
      await this.d.github(pr.org).createStatus(pr.org, pr.repo, pr.headSha, { context: TIDE_CONTEXT, state: want.state, description: want.description, target_url: statusTargetURL(cfg.tide ?? {}, pr) || undefined });
      this.written.set(key, wanted);
    } catch (e) {
      this.d.logger.error('Failed to set status context', { org: pr.org, repo: pr.repo, pr: pr.number, error: e });
    }
  }
}
