// Carries out a Delta on the open pull requests of each repo: triggers added presubmits (for trusted PRs, on
// branches and changed files they run for), retires removed contexts and migrates renamed ones, with upstream's
// status descriptions. Without continueOnError the first failure ends the pass (upstream's default).
import { newPresubmit } from '../../src/api/create.js';
import { runsForChanges, hasChangeFilter, shouldRunOnBranch } from '../../src/config/jobs.js';
import type { PluginsConfig, Presubmit } from '../../src/config/types.js';
import type { GitHubClient } from '../../src/github/client.js';
import type { PullRequest, Status } from '../../src/github/types.js';
import type { Logger } from '../../src/runtime/logger.js';
import type { ProwJobStore } from '../../src/store/types.js';
import { refsForPullRequest } from '../../plugins/trigger/run.js';
import { trustedPullRequest, triggerFor } from '../../plugins/trigger/trust.js';
import { denied, type Delta } from './delta.js';

/** Upstream's migratestatus descriptions. */
export function retireDescription(dest?: string): string {
  return dest ? `Context retired. Status moved to "${dest}".` : 'Context retired without replacement.';
}

export interface ReconcilerDeps {
  github: (org: string) => GitHubClient;
  /** The bot's login: trigger trusts the bot's own PRs. */
  botLogin: () => Promise<string>;
  store: ProwJobStore;
  plugins: () => PluginsConfig;
  logger: Logger;
  denylist: readonly string[];
  continueOnError: boolean;
  dryRun: boolean;
}

export interface PassResult {
  triggered: number;
  retired: number;
  migrated: number;
  errors: string[];
}

class StopPass extends Error {}

export async function reconcile(delta: Delta, deps: ReconcilerDeps): Promise<PassResult> {
  const result: PassResult = { triggered: 0, retired: 0, migrated: 0, errors: [] };
  const repos = [...new Set([...Object.keys(delta.added), ...Object.keys(delta.removed), ...Object.keys(delta.migrated)])].sort();
  try {
    for (const orgRepo of repos) {
      if (denied(deps.denylist, orgRepo)) {
        deps.logger.info('repo is in the denylist; not reconciling it', { repo: orgRepo });
        continue;
      }
      const [org, repo] = orgRepo.split('/') as [string, string];
      const gh = deps.github(org);
      let prs: PullRequest[];
      try {
        prs = await gh.getPullRequests(org, repo, 'open');
      } catch (e) {
        fail(deps, result, `${orgRepo}: listing open pull requests: ${(e as Error).message}`);
        continue;
      }
      for (const pr of prs) {
        const at = `${orgRepo}#${pr.number}`;
        try {
          await onPullRequest(gh, pr, delta, orgRepo, deps, result);
        } catch (e) {
          fail(deps, result, `${at}: ${(e as Error).message}`);
        }
      }
    }
  } catch (e) {
    if (!(e instanceof StopPass)) throw e;
  }
  return result;
}

function fail(deps: ReconcilerDeps, result: PassResult, message: string): void {
  result.errors.push(message);
  deps.logger.error('status reconciliation failed', { error: message });
  if (!deps.continueOnError) throw new StopPass(message);
}

async function onPullRequest(gh: GitHubClient, pr: PullRequest, delta: Delta, orgRepo: string, deps: ReconcilerDeps, result: PassResult): Promise<void> {
  const [org, repo] = orgRepo.split('/') as [string, string];
  const removed = delta.removed[orgRepo] ?? [];
  const migrated = delta.migrated[orgRepo] ?? [];
  if (removed.length > 0 || migrated.length > 0) {
    const statuses = (await gh.getCombinedStatus(org, repo, pr.head.sha)).statuses;
    const byContext = new Map(statuses.map((s) => [s.context, s]));
    for (const m of migrated) {
      const from = byContext.get(m.from);
      if (!from || byContext.has(m.to)) continue;
      await gh.createStatus(org, repo, pr.head.sha, { state: from.state, context: m.to, description: from.description ?? undefined, target_url: from.target_url ?? undefined });
      await retire(gh, org, repo, pr.head.sha, from, m.to);
      result.migrated++;
      deps.logger.info('Migrated status context.', { org, repo, pr: pr.number, from: m.from, to: m.to });
    }
    for (const context of removed) {
      const s = byContext.get(context);
      if (!s || (s.state === 'success' && s.description === retireDescription())) continue;
      await retire(gh, org, repo, pr.head.sha, s);
      result.retired++;
      deps.logger.info('Retired status context.', { org, repo, pr: pr.number, context });
    }
  }
  const added = (delta.added[orgRepo] ?? []).filter((p) => shouldRunOnBranch(p, pr.base.ref));
  if (added.length > 0) await trigger(gh, pr, added, orgRepo, deps, result);
}

async function retire(gh: GitHubClient, org: string, repo: string, sha: string, s: Status, dest?: string): Promise<void> {
  await gh.createStatus(org, repo, sha, { state: 'success', context: s.context, description: retireDescription(dest), target_url: s.target_url ?? undefined });
}

async function trigger(gh: GitHubClient, pr: PullRequest, jobs: Presubmit[], orgRepo: string, deps: ReconcilerDeps, result: PassResult): Promise<void> {
  const [org, repo] = orgRepo.split('/') as [string, string];
  const { trusted } = await trustedPullRequest(gh, triggerFor(deps.plugins(), org, repo), pr.user.login, org, repo, pr.number, await deps.botLogin(), pr.labels);
  if (!trusted) {
    deps.logger.info('Not triggering presubmits on an untrusted pull request.', { org, repo, pr: pr.number });
    return;
  }
  let changes: string[] | undefined;
  const toRun: Presubmit[] = [];
  for (const job of jobs) {
    if (!job.always_run && hasChangeFilter(job)) {
      changes ??= (await gh.getPullRequestChanges(org, repo, pr.number)).map((f) => f.filename);
      if (runsForChanges(job, changes) !== true) continue;
    }
    toRun.push(job);
  }
  if (toRun.length === 0) return;
  const baseSha = await gh.getRef(org, repo, `heads/${pr.base.ref}`);
  const refs = refsForPullRequest(pr, baseSha);
  for (const job of toRun) {
    if (deps.dryRun) {
      deps.logger.info('dry-run: would trigger a presubmit', { org, repo, pr: pr.number, job: job.name });
      continue;
    }
    const pj = await deps.store.create(newPresubmit(job, refs));
    result.triggered++;
    deps.logger.info('Triggered a newly added presubmit.', { org, repo, pr: pr.number, job: job.name, name: pj.metadata.name });
  }
}
