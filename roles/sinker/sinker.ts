// Sinker's loop: every resync_period, delete what plan.ts says (old finished ProwJobs, then Pods or local
// workspaces of finished jobs and orphans), and publish the pass's figures as upstream's sinker_* gauges.
import type { ProwJob } from '../../src/api/prowjob.js';
import type { Clock } from '../../src/clock.js';
import { runEvery } from '../../src/runtime/run-every.js';
import type { Config } from '../../src/config/types.js';
import type { Logger } from '../../src/runtime/logger.js';
import { NotFoundError, type ProwJobStore } from '../../src/store/types.js';
import type { SinkerMetrics } from './metrics.js';
import { planProwJobs, planWorkloads, sinkerSettings, type JobWorkload } from './plan.js';

/** Where the Pods (or local workspaces and processes) of jobs are. */
export interface WorkloadSource {
  list(): Promise<JobWorkload[]>;
  /** Deletes the Pod, or stops the process and removes the workspace. */
  remove(w: JobWorkload): Promise<void>;
}

export interface SinkerOptions {
  store: ProwJobStore;
  config: () => Config;
  clock: Clock;
  logger: Logger;
  metrics: SinkerMetrics;
  dryRun: boolean;
  workloads?: WorkloadSource;
}

export interface CleanResult {
  prowJobsDeleted: string[];
  workloadsRemoved: string[];
}

const errorReason = (e: unknown): string => (e instanceof Error ? e.name : 'Unknown');

export class Sinker {
  constructor(private readonly opts: SinkerOptions) {}

  async clean(): Promise<CleanResult> {
    const { store, logger, metrics, dryRun } = this.opts;
    const started = Date.now();
    const cfg = this.opts.config();
    const settings = sinkerSettings(cfg.sinker);
    const now = this.opts.clock.now();
    const jobs = await store.list();
    const result: CleanResult = { prowJobsDeleted: [], workloadsRemoved: [] };

    const cleaned: Record<string, number> = {};
    const cleanErrors: Record<string, number> = {};
    const active = new Set((cfg.periodics ?? []).map((p) => p.name));
    for (const { job, reason } of planProwJobs(jobs, active, settings, now)) {
      const fields = { prowjob: job.metadata.name, job: job.spec.job, type: job.spec.type, reason };
      if (dryRun) {
        logger.info('dry run: would delete prowjob', fields);
        continue;
      }
      try {
        await store.delete(job.metadata.name);
        cleaned[reason] = (cleaned[reason] ?? 0) + 1;
        result.prowJobsDeleted.push(job.metadata.name);
        logger.info('Deleted prowjob.', fields);
      } catch (e) {
        if (e instanceof NotFoundError) continue;
        cleanErrors[errorReason(e)] = (cleanErrors[errorReason(e)] ?? 0) + 1;
        logger.error('Error deleting prowjob.', { ...fields, error: e });
      }
    }

    const removed: Record<string, number> = {};
    const removeErrors: Record<string, number> = {};
    let podsExisting = 0;
    if (this.opts.workloads) {
      const workloads = await this.opts.workloads.list();
      podsExisting = workloads.length;
      const byName = new Map<string, ProwJob>(jobs.map((j) => [j.metadata.name, j]));
      for (const { workload, reason } of planWorkloads(workloads, byName, settings, now)) {
        const fields = { pod: workload.name, cluster: workload.cluster, prowjob: workload.prowJobName ?? workload.name, reason };
        if (reason === 'orphaned' && (await this.jobExists(fields.prowjob))) continue;
        if (dryRun) {
          logger.info('dry run: would delete pod', fields);
          continue;
        }
        try {
          await this.opts.workloads.remove(workload);
          removed[reason] = (removed[reason] ?? 0) + 1;
          result.workloadsRemoved.push(workload.name);
          logger.info('Deleted old completed pod.', fields);
        } catch (e) {
          removeErrors[reason] = (removeErrors[reason] ?? 0) + 1;
          logger.error('Error deleting pod.', { ...fields, error: e });
        }
      }
    }

    metrics.prowJobsExisting.set(jobs.length);
    metrics.podsExisting.set(podsExisting);
    setAll(metrics.prowJobsCleaned, cleaned);
    setAll(metrics.prowJobsCleaningErrors, cleanErrors);
    setAll(metrics.podsRemoved, removed);
    setAll(metrics.podRemovalErrors, removeErrors);
    metrics.loopDuration.set((Date.now() - started) / 1000);
    logger.info('Sinker reconciliation complete.', { prowJobsCleaned: result.prowJobsDeleted.length, podsRemoved: result.workloadsRemoved.length });
    return result;
  }

  /** The list may be stale: re-read a job before calling its Pod an orphan, as upstream. */
  private async jobExists(name: string): Promise<boolean> {
    try {
      await this.opts.store.get(name);
      return true;
    } catch (e) {
      if (e instanceof NotFoundError) return false;
      throw e;
    }
  }

  /** Cleans every resync_period until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const { clock, logger } = this.opts;
    await runEvery({ clock, logger, signal, what: 'sinker cleaning', intervalMs: () => sinkerSettings(this.opts.config().sinker).resyncPeriodMs }, () => this.clean());
  }
}

function setAll(g: SinkerMetrics['podsRemoved'], values: Record<string, number>): void {
  g.reset();
  for (const [reason, n] of Object.entries(values)) g.set({ reason }, n);
}
