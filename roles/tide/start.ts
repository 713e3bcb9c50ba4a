// The tide role's start: the sync and status controllers and tide's routes, loaded only by a process that runs it.
import path from 'node:path';
import { ProwYAMLGetter } from '../../src/config/inrepoconfig.js';
import { parseGoDuration } from '../../src/config/duration.js';
import type { Config } from '../../src/config/types.js';
import { GITHUB_CREDENTIALS_HINT } from '../../src/github/factory.js';
import { githubCloneURL } from '../../src/github/flags.js';
import { clockFromEnv } from '../../src/clock.js';
import type { RoleContext, Stopper } from '../../src/runtime/role.js';
import { runEvery } from '../../src/runtime/run-every.js';
import { BatchGit } from './batch-git.js';
import { BranchRulesCache } from './branch-rules.js';
import { TideController } from './controller.js';
import { History } from './history.js';
import { openStoredObject } from '../../src/storage/object-uri.js';
import { tideMetrics } from './metrics.js';
import { StatusController } from './status-controller.js';
import { mountTideRoutes } from './server.js';
import { tidePort } from './index.js';

const DEFAULT_SYNC_MS = 60_000;
/** How often the status loop looks for a new sync result; a pass runs at most once per status_update_period. */
const STATUS_POLL_MS = 1000;

export function syncPeriodMs(c: Config): number {
  const v = c.tide?.sync_period;
  const ms = v ? parseGoDuration(v) : 0;
  return ms > 0 ? ms : DEFAULT_SYNC_MS;
}

/** `status_update_period`, defaulting to `sync_period` as upstream. */
export function statusUpdatePeriodMs(c: Config): number {
  const v = c.tide?.status_update_period;
  const ms = v ? parseGoDuration(v) : 0;
  return ms > 0 ? ms : syncPeriodMs(c);
}

/**
 * The status controller's state: --tide-status-path, else upstream's --status-path unless status-reconciler (whose
 * state that flag names too) runs in this process, else <data-dir>/tide/status.yaml.
 */
function statusPath(ctx: RoleContext): [uri: string, flag: string] {
  const own = ctx.flags.string('tide-status-path');
  if (own) return [own, '--tide-status-path'];
  const shared = ctx.flags.string('status-path');
  if (shared && !ctx.roles.includes('status-reconciler')) return [shared, '--status-path'];
  if (shared) ctx.logger.warn('--status-path is status-reconciler\'s in this process; tide keeps its status state at --tide-status-path (or its default)');
  return [path.join(ctx.dataDir, 'tide', 'status.yaml'), '--tide-status-path'];
}

export async function startTide(ctx: RoleContext): Promise<Stopper> {
  if (!ctx.github) {
    // All-in-one mode starts before GitHub is connected; tide then has nothing to do, and says so.
    ctx.logger.warn(`tide cannot merge anything: ${GITHUB_CREDENTIALS_HINT}`);
    return { stop: async () => {} };
  }
  const github = ctx.github;
  const history = new History(openStoredObject(ctx.flags.string('history-uri') || path.join(ctx.dataDir, 'tide', 'history.json'), ctx.storage, '--history-uri'));
  // A damaged history file must not keep tide from merging: it starts over (and overwrites it after a sync).
  await history.load().catch((e: unknown) => ctx.logger.error('cannot read the tide history; starting with an empty one', { error: e }));
  const cloneURI = (org: string, repo: string): string => githubCloneURL(github.host, org, repo);
  const inRepo = new ProwYAMLGetter({ cacheDir: path.join(ctx.dataDir, 'inrepoconfig'), cloneURI });
  const batchGit = new BatchGit(path.join(ctx.dataDir, 'tide', 'git'));
  const clock = clockFromEnv();
  const [statusURI, statusFlag] = statusPath(ctx);
  // GitHub's own requirements per branch (rulesets, branch protection), read by the sync and peeked by the status pass.
  const branchRules = new BranchRulesCache((org) => github.forOrg(org), ctx.logger);
  const status = new StatusController({
    config: () => ctx.config.config(),
    github: (org) => github.forOrg(org),
    logger: ctx.logger,
    metrics: tideMetrics(ctx.metrics),
    dryRun: ctx.flags.bool('dry-run'),
    state: openStoredObject(statusURI, ctx.storage, statusFlag),
    merging: (key) => controller.isMerging(key),
    branchRules,
    now: () => clock.now().getTime(),
  });
  await status.load();
  const controller: TideController = new TideController({
    config: () => ctx.config.config(),
    github: (org) => github.forOrg(org),
    store: ctx.store,
    presubmits: (cfg, org, repo, base, heads) => inRepo.presubmits(cfg, org, repo, base, heads),
    mergeable: (org, repo, remote, base, heads, max) => batchGit.mergeable(org, repo, remote, base, heads, max),
    history,
    logger: ctx.logger,
    metrics: tideMetrics(ctx.metrics),
    dryRun: ctx.flags.bool('dry-run'),
    mergeSpacingMs: ctx.flags.durationMs('tide-merge-spacing') ?? 5000,
    publish: (snapshot) => status.publish(snapshot),
    branchRules,
  });
  const app = await ctx.http.serve(tidePort(ctx.flags), 'tide');
  mountTideRoutes(app, controller, history, () => ctx.config.config());
  const stop = new AbortController();
  const running = runEvery(
    { clock, logger: ctx.logger, signal: stop.signal, what: 'tide sync', intervalMs: () => syncPeriodMs(ctx.config.config()) },
    () => controller.sync(),
  );
  // The status controller's own loop, so the `tide` contexts do not wait on a sync's merges (upstream's).
  const statuses = runEvery(
    { clock, logger: ctx.logger, signal: stop.signal, what: 'tide status update', intervalMs: () => Math.min(statusUpdatePeriodMs(ctx.config.config()), STATUS_POLL_MS) },
    () => status.sync(statusUpdatePeriodMs(ctx.config.config())),
  );
  return {
    stop: async () => {
      stop.abort();
      await Promise.all([running, statuses]);
    },
  };
}
