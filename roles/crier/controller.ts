// One controller per reporter, as upstream's crier: every ProwJob change is queued by name (once, however many
// events arrive), `--<reporter>-workers` workers take names off the queue, and a job whose state differs from
// status.prev_report_states[reporter] is reported and the state recorded (update with conflict retry). A failed
// report is retried up to 5 times with exponential backoff (the shared WorkQueue); a restarted crier skips what was
// already recorded.
import { isFinalState, type ProwJob } from '../../src/api/prowjob.js';
import type { Clock } from '../../src/clock.js';
import { PermanentReportError, type Reporter } from '../../src/report/reporter.js';
import type { Logger } from '../../src/runtime/logger.js';
import { WorkQueue } from '../../src/runtime/workqueue.js';
import { NotFoundError, updateWithRetry, watchWithRecovery, type ProwJobStore, type Watch } from '../../src/store/index.js';
import type { CrierMetrics } from './metrics.js';

export const MAX_RETRIES = 5;

/**
 * A state reached up to this long after crier started still counts as possibly reported by its predecessor (an
 * old leader finishing a report, clocks of two machines apart).
 */
export const RESUME_MARGIN_MS = 60_000;

/** When the job reached its current state (undefined when it does not say). */
function stateReachedAt(pj: ProwJob): number | undefined {
  const s = pj.status;
  const at = isFinalState(s.state) ? s.completionTime : s.state === 'pending' ? s.pendingTime : s.startTime;
  const t = Date.parse(at ?? '');
  return Number.isFinite(t) ? t : undefined;
}

export interface ReporterControllerOptions {
  store: ProwJobStore;
  reporter: Reporter;
  workers: number;
  logger: Logger;
  metrics: CrierMetrics;
  clock: Clock;
  /** Log what would be reported; write nothing (neither the report nor prev_report_states). */
  dryRun: boolean;
  /** First retry delay, doubled per retry. Default 1s. */
  backoffMs?: number;
  /** Re-examine every job this often (informer resync). Default 10m. */
  resyncMs?: number;
}

/** Whether `reporter` still owes a report for the job's current state. */
export function needsReport(pj: ProwJob, reporter: Reporter): boolean {
  const state = pj.status.state;
  if (!state || pj.metadata.deletionTimestamp) return false;
  if (pj.status.prev_report_states?.[reporter.name] === state) return false;
  return reporter.shouldReport(pj);
}

export class ReporterController {
  private readonly queue: WorkQueue;
  private watch: Watch | undefined;
  private readonly abort = new AbortController();
  private readonly startedAt: number;

  constructor(private readonly opts: ReporterControllerOptions) {
    this.startedAt = opts.clock.now().getTime();
    this.queue = new WorkQueue({
      workers: opts.workers,
      clock: opts.clock,
      process: (name) => this.process(name),
      logFor: (name) => opts.logger.child({ reporter: this.name, prowjob: name }),
      what: 'report',
      backoffMs: opts.backoffMs ?? 1000,
      maxRetries: MAX_RETRIES,
    });
  }

  get name(): string {
    return this.opts.reporter.name;
  }

  start(): void {
    this.startWatch();
    this.queue.start();
  }

  async stop(): Promise<void> {
    this.watch?.stop();
    this.abort.abort();
    await this.queue.stop();
  }

  private startWatch(): void {
    this.watch = watchWithRecovery(
      this.opts.store,
      { resyncMs: this.opts.resyncMs ?? 600_000, logger: this.opts.logger.child({ reporter: this.name }) },
      (ev) => {
        if (ev.type === 'DELETED') return;
        if (needsReport(ev.object, this.opts.reporter)) this.queue.add(ev.object.metadata.name);
      },
    );
  }

  private async process(name: string): Promise<void> {
    const { reporter, logger, metrics } = this.opts;
    let pj: ProwJob;
    try {
      pj = await this.opts.store.get(name);
    } catch (e) {
      if (e instanceof NotFoundError) return;
      throw e;
    }
    if (!needsReport(pj, reporter)) return;
    const state = pj.status.state!;
    const log = logger.child({ reporter: reporter.name, prowjob: name, job: pj.spec.job, state });
    if (this.opts.dryRun) {
      log.info('dry run: would report');
      return;
    }
    try {
      const reachedAt = stateReachedAt(pj);
      await reporter.report(pj, this.abort.signal, reachedAt === undefined || reachedAt < this.startedAt + RESUME_MARGIN_MS);
      metrics.reportingResults.inc({ reporter: reporter.name, result: 'success' });
    } catch (e) {
      metrics.reportingResults.inc({ reporter: reporter.name, result: 'error' });
      // The queue retries it with backoff.
      if (!(e instanceof PermanentReportError)) throw e;
      log.warn('report cannot succeed; not retrying', { error: e });
    }
    if (isFinalState(state) && pj.status.completionTime) {
      const seconds = (this.opts.clock.now().getTime() - Date.parse(pj.status.completionTime)) / 1000;
      if (Number.isFinite(seconds) && seconds >= 0) metrics.reportLatency.observe({ reporter: reporter.name }, seconds);
    }
    await updateWithRetry(this.opts.store, name, (cur) => {
      if (cur.status.prev_report_states?.[reporter.name] === state) return false;
      cur.status.prev_report_states = { ...cur.status.prev_report_states, [reporter.name]: state };
      return cur;
    }).catch((e: unknown) => {
      if (!(e instanceof NotFoundError)) throw e;
    });
    log.info('reported');
  }
}
