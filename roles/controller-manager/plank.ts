// The plank controller: watches ProwJobs and owns their execution state, as upstream's plank in the
// prow-controller-manager. triggered → pending (when limits allow, in creation order) → success | failure |
// aborted | error, with pendingTime, completionTime, description, url, build_id and pod_name; pod timeouts;
// aborted jobs get their process or Pod stopped; after a restart every pending job is picked up again.
import { eachLimited } from '../../src/runtime/each-limited.js';
import { systemClock, type Clock } from '../../src/clock.js';
import { runEvery } from '../../src/runtime/run-every.js';
import { WorkQueue } from '../../src/runtime/workqueue.js';
import type { ProwJob, ProwJobState } from '../../src/api/prowjob.js';
import { isFinalState } from '../../src/api/prowjob.js';
import { buildIds } from '../../src/api/build-id.js';
import type { Plank } from '../../src/config/types.js';
import { parseGoDuration } from '../../src/config/duration.js';
import { JobStartError, type JobExecutor, type Observation } from '../../src/executor/types.js';
import type { Logger } from '../../src/runtime/logger.js';
import { NotFoundError, updateWithRetry, watchWithRecovery, type ProwJobStore, type Watch } from '../../src/store/index.js';
import { jobURL } from './joburl.js';
import type { PlankMetrics } from './metrics.js';

export interface PlankOptions {
  store: ProwJobStore;
  executor: JobExecutor;
  /** The live plank config (hot-reloaded). */
  plank: () => Plank | undefined;
  logger: Logger;
  metrics: PlankMetrics;
  /** The bucket decorated jobs without gcs_configuration.bucket upload to (for status.url). */
  defaultBucket: string;
  /** How often every job is looked at again, for timeouts and missed events (ms). Default 30s. */
  resyncMs?: number;
  /** Jobs pending at once across all jobs (0: no limit). */
  maxRunning?: number;
  /** Jobs handled at once in a pass. */
  workers?: number;
  /** Now and the resync timer (default: the wall clock). */
  clock?: Clock;
}

const DEFAULT_PENDING_TIMEOUT = '10m';
const DEFAULT_UNSCHEDULED_TIMEOUT = '5m';
const DEFAULT_RUNNING_TIMEOUT = '48h';

function rvNumber(pj: ProwJob): number | undefined {
  const rv = pj.metadata.resourceVersion;
  return rv !== undefined && /^\d+$/.test(rv) ? Number(rv) : undefined;
}

/** Ours: jobs for the kubernetes agent (the default), which both executors run. */
function isOurs(pj: ProwJob): boolean {
  return (pj.spec.agent ?? 'kubernetes') === 'kubernetes';
}

const SYNC_PASS = 'sync';

export class PlankController {
  private readonly jobs = new Map<string, ProwJob>();
  private readonly dirty = new Set<string>();
  private readonly toClean = new Set<string>();
  /** Jobs being started in this process: they count against limits before their update lands. */
  private readonly starting = new Set<string>();
  private watch: Watch | undefined;
  private readonly resync = new AbortController();
  private resyncLoop: Promise<void> | undefined;
  /** One key, the sync pass: the queue runs it once at a time, again if asked during a run, retried on failure. */
  private readonly passes: WorkQueue;
  private lastRecount = 0;
  private readonly clock: Clock;

  constructor(private readonly o: PlankOptions) {
    this.clock = o.clock ?? systemClock;
    this.passes = new WorkQueue({
      workers: 1, clock: this.clock, process: () => this.sync(), logFor: () => o.logger, what: 'plank sync', backoffMs: 1000,
    });
  }

  private now(): Date {
    return this.clock.now();
  }

  async start(): Promise<void> {
    for (const pj of await this.o.store.list()) {
      this.jobs.set(pj.metadata.name, pj);
      buildIds.observe(pj.status.build_id);
      if (!isFinalState(pj.status.state)) this.dirty.add(pj.metadata.name);
      else if (isOurs(pj) && pj.status.pod_name) this.toClean.add(pj.metadata.name);
    }
    this.o.executor.onChange((name) => this.mark(name));
    const rv = [...this.jobs.values()].reduce<string | undefined>((acc, pj) => {
      const n = rvNumber(pj);
      return n !== undefined && (acc === undefined || n > Number(acc)) ? String(n) : acc;
    }, undefined);
    this.watch = watchWithRecovery(
      this.o.store,
      { resourceVersion: rv, listed: this.jobs.values(), logger: this.o.logger },
      (ev) => {
        const name = ev.object.metadata.name;
        if (ev.type === 'DELETED') {
          this.jobs.delete(name);
          this.toClean.delete(name);
          // A deleted job (sinker, by hand) takes its process or Pod with it.
          if (isOurs(ev.object)) void this.release(ev.object);
          return;
        }
        const cached = this.jobs.get(name);
        const a = rvNumber(ev.object);
        const b = cached ? rvNumber(cached) : undefined;
        // An event older than what this controller already wrote changes nothing.
        if (a !== undefined && b !== undefined && a < b) return;
        this.jobs.set(name, ev.object);
        if (isFinalState(ev.object.status.state) && isOurs(ev.object)) this.toClean.add(name);
        this.mark(name);
      },
    );
    // Every job is looked at again now and then: timeouts, and events a watch may have missed.
    this.resyncLoop = runEvery({
      clock: this.clock, logger: this.o.logger, signal: this.resync.signal, what: 'plank resync', intervalMs: () => this.o.resyncMs ?? 30_000, delayFirst: true,
    }, async () => {
      this.lastRecount = 0;
      for (const [name, pj] of this.jobs) if (!isFinalState(pj.status.state)) this.dirty.add(name);
      for (const name of this.toClean) this.dirty.add(name);
      this.kick();
    });
    this.passes.start();
    this.kick();
  }

  async stop(): Promise<void> {
    this.watch?.stop();
    this.resync.abort();
    await this.resyncLoop;
    await this.passes.stop();
  }

  private mark(name: string): void {
    this.dirty.add(name);
    this.kick();
  }

  /** Runs a sync pass now, or right after the one in progress. */
  private kick(): void {
    this.passes.add(SYNC_PASS);
  }

  /** Waits until no pass is running (tests). */
  idle(): Promise<void> {
    return this.passes.idle();
  }

  private async sync(): Promise<void> {
    const names = [...this.dirty];
    this.dirty.clear();
    const workers = this.o.workers ?? 16;
    const others: ProwJob[] = [];
    for (const n of names) {
      const pj = this.jobs.get(n);
      if (pj && isOurs(pj) && !this.starting.has(n) && pj.status.state !== 'triggered') others.push(pj);
      else if (!pj && this.toClean.has(n)) this.toClean.delete(n);
    }
    await eachLimited(this.schedule(), workers, (pj) => this.startJob(pj));
    await eachLimited(others, workers, (pj) => this.syncJob(pj));
    // Recounting walks every job: at most once a second, not on every pass.
    const now = Date.now();
    if (now - this.lastRecount >= 1_000) {
      this.lastRecount = now;
      this.o.metrics.recount(this.jobs.values());
    }
  }

  /** Triggered jobs allowed to start now, oldest first, within max_concurrency, queue and global limits. */
  private schedule(): ProwJob[] {
    const plank = this.o.plank();
    const capacities = plank?.job_queue_capacities ?? {};
    const byJob = new Map<string, number>();
    const byQueue = new Map<string, number>();
    let running = 0;
    const count = (pj: ProwJob): void => {
      running++;
      byJob.set(pj.spec.job, (byJob.get(pj.spec.job) ?? 0) + 1);
      if (pj.spec.job_queue_name) byQueue.set(pj.spec.job_queue_name, (byQueue.get(pj.spec.job_queue_name) ?? 0) + 1);
    };
    const triggered: ProwJob[] = [];
    for (const pj of this.jobs.values()) {
      if (!isOurs(pj)) continue;
      if (pj.status.state === 'pending' || this.starting.has(pj.metadata.name)) count(pj);
      else if (pj.status.state === 'triggered') triggered.push(pj);
    }
    triggered.sort((a, b) => {
      const ta = a.metadata.creationTimestamp ?? a.status.startTime ?? '';
      const tb = b.metadata.creationTimestamp ?? b.status.startTime ?? '';
      if (ta !== tb) return ta < tb ? -1 : 1;
      // Same second: the store's resource versions follow creation order.
      const ra = rvNumber(a) ?? 0;
      const rb = rvNumber(b) ?? 0;
      if (ra !== rb) return ra - rb;
      return a.metadata.name < b.metadata.name ? -1 : 1;
    });
    const out: ProwJob[] = [];
    for (const pj of triggered) {
      if (this.o.maxRunning && running >= this.o.maxRunning) break;
      const max = pj.spec.max_concurrency ?? 0;
      if (max > 0 && (byJob.get(pj.spec.job) ?? 0) >= max) continue;
      const q = pj.spec.job_queue_name;
      if (q && q in capacities) {
        const cap = capacities[q];
        if (cap >= 0 && (byQueue.get(q) ?? 0) >= cap) continue;
      }
      count(pj);
      this.starting.add(pj.metadata.name);
      out.push(pj);
    }
    return out;
  }

  private async update(pj: ProwJob, from: ProwJobState | undefined, mutate: (cur: ProwJob) => boolean): Promise<ProwJob | undefined> {
    try {
      let changed = false;
      const updated = await updateWithRetry(this.o.store, pj.metadata.name, (cur) => {
        changed = mutate(cur);
        return changed ? cur : false;
      });
      if (!changed) return undefined;
      this.jobs.set(updated.metadata.name, updated);
      if (updated.status.state && updated.status.state !== from) this.o.metrics.transition(updated, from, updated.status.state);
      return updated;
    } catch (e) {
      if (e instanceof NotFoundError) {
        this.jobs.delete(pj.metadata.name);
        return undefined;
      }
      throw e;
    }
  }

  private async startJob(pj: ProwJob): Promise<void> {
    const name = pj.metadata.name;
    try {
      const buildID = pj.status.build_id || buildIds.next();
      const withID: ProwJob = { ...pj, status: { ...pj.status, build_id: buildID, pod_name: pj.status.pod_name || name } };
      let podName: string;
      try {
        podName = (await this.o.executor.start(withID)).podName;
      } catch (e) {
        if (!(e instanceof JobStartError)) throw e;
        this.o.logger.warn('job cannot start', { prowjob: name, job: pj.spec.job, error: e });
        await this.update(pj, 'triggered', (cur) => {
          if (cur.status.state !== 'triggered') return false;
          cur.status.state = 'error';
          cur.status.description = e.message;
          cur.status.completionTime = this.now().toISOString();
          return true;
        });
        return;
      }
      let url = '';
      try {
        url = jobURL(this.o.plank(), withID, this.o.defaultBucket);
      } catch (e) {
        this.o.logger.warn('rendering the job URL failed', { prowjob: name, error: e });
      }
      let lostRace = false;
      await this.update(pj, 'triggered', (cur) => {
        if (cur.status.state !== 'triggered') {
          lostRace = isFinalState(cur.status.state);
          return false;
        }
        cur.status.state = 'pending';
        cur.status.pendingTime = this.now().toISOString();
        cur.status.build_id = buildID;
        cur.status.pod_name = podName;
        cur.status.description = 'Job triggered.';
        if (url) cur.status.url = url;
        return true;
      });
      // Aborted (or deleted) while it was being started: stop what was started.
      if (lostRace || !this.jobs.has(name)) {
        await this.o.executor.abort(withID);
        this.toClean.add(name);
      }
      this.o.logger.debug('job started', { prowjob: name, job: pj.spec.job, build_id: buildID });
    } catch (e) {
      this.o.logger.error('starting job failed; will retry', { prowjob: name, job: pj.spec.job, error: e });
    } finally {
      this.starting.delete(name);
      this.dirty.add(name);
    }
  }

  private async release(pj: ProwJob): Promise<void> {
    try {
      await this.o.executor.abort(pj);
      await this.o.executor.cleanup(pj);
    } catch (e) {
      this.o.logger.warn('cleaning up a deleted job failed', { prowjob: pj.metadata.name, error: e });
    }
  }

  private timeout(plank: Plank | undefined, field: 'pod_pending_timeout' | 'pod_unscheduled_timeout' | 'pod_running_timeout', pj: ProwJob): number {
    const own = pj.spec.decoration_config?.[field];
    const fallback = field === 'pod_pending_timeout' ? DEFAULT_PENDING_TIMEOUT : field === 'pod_unscheduled_timeout' ? DEFAULT_UNSCHEDULED_TIMEOUT : DEFAULT_RUNNING_TIMEOUT;
    return parseGoDuration(own || plank?.[field] || fallback);
  }

  private async finish(pj: ProwJob, state: ProwJobState, description: string): Promise<void> {
    await this.update(pj, 'pending', (cur) => {
      if (cur.status.state !== 'pending') return false;
      cur.status.state = state;
      cur.status.description = description;
      cur.status.completionTime = this.now().toISOString();
      return true;
    });
    this.toClean.add(pj.metadata.name);
    this.dirty.add(pj.metadata.name);
  }

  private async syncJob(pj: ProwJob): Promise<void> {
    const name = pj.metadata.name;
    try {
      if (isFinalState(pj.status.state)) {
        if (!this.toClean.has(name)) return;
        if (pj.status.state === 'aborted') await this.o.executor.abort(pj);
        if (await this.o.executor.cleanup(pj)) this.toClean.delete(name);
        return;
      }
      if (pj.status.state !== 'pending') return;
      const obs: Observation = await this.o.executor.observe(pj);
      const plank = this.o.plank();
      const pendingSince = pj.status.pendingTime ? Date.parse(pj.status.pendingTime) : this.now().getTime();
      const elapsed = this.now().getTime() - pendingSince;
      switch (obs.phase) {
        case 'done':
          await this.finish(pj, obs.state, obs.description);
          return;
        case 'missing':
          // Nothing runs it here: start it again (re-adopting a process or Pod that still exists).
          this.o.logger.info('pending job has no process or Pod here; starting it again', { prowjob: name });
          try {
            await this.o.executor.start(pj);
          } catch (e) {
            if (!(e instanceof JobStartError)) throw e;
            await this.finish(pj, 'error', e.message);
          }
          return;
        case 'running':
          if (elapsed >= this.timeout(plank, 'pod_running_timeout', pj)) {
            await this.o.executor.abort(pj);
            await this.finish(pj, 'aborted', 'Pod running timeout.');
          }
          return;
        case 'pending':
          if (obs.unscheduled && elapsed >= this.timeout(plank, 'pod_unscheduled_timeout', pj)) {
            await this.o.executor.abort(pj);
            await this.finish(pj, 'error', 'Pod scheduling timeout.');
          } else if (elapsed >= this.timeout(plank, 'pod_pending_timeout', pj)) {
            await this.o.executor.abort(pj);
            await this.finish(pj, 'error', 'Pod pending timeout.');
          }
          return;
      }
    } catch (e) {
      this.o.logger.error('syncing job failed', { prowjob: name, error: e });
    }
  }
}
