// One controller per reporter, as upstream's crier: every ProwJob change is queued by name (once, however many
// events arrive), `--<reporter>-workers` workers take names off the queue, and a job whose state differs from
// status.prev_report_states[reporter] is reported and the state recorded (update with conflict retry). A failed
// report is retried up to 5 times with exponential backoff; a restarted crier skips what was already recorded.
import { isFinalState, type ProwJob } from '../../src/api/prowjob.js';
import type { Clock, Timer } from '../../src/clock.js';
import { PermanentReportError, type Reporter } from '../../src/report/reporter.js';
import type { Logger } from '../../src/runtime/logger.js';
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
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly retries = new Map<string, number>();
  private readonly retryTimers = new Map<string, Timer>();
  private wake: (() => void) | undefined;
  private watch: Watch | undefined;
  private workers: Promise<void>[] = [];
  private readonly abort = new AbortController();
  private stopped = false;
  private readonly startedAt: number;

  constructor(private readonly opts: ReporterControllerOptions) {
    this.startedAt = opts.clock.now().getTime();
  }

  get name(): string {
    return this.opts.reporter.name;
  }

  start(): void {
    this.startWatch();
    for (let i = 0; i < Math.max(1, this.opts.workers); i++) this.workers.push(this.work());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watch?.stop();
    for (const t of this.retryTimers.values()) t.cancel();
    this.retryTimers.clear();
    this.abort.abort();
    this.wake?.();
    await Promise.all(this.workers);
  }

  private startWatch(): void {
    this.watch = watchWithRecovery(
      this.opts.store,
      { resyncMs: this.opts.resyncMs ?? 600_000, logger: this.opts.logger.child({ reporter: this.name }) },
      (ev) => {
        if (ev.type === 'DELETED') return;
        if (needsReport(ev.object, this.opts.reporter)) this.enqueue(ev.object.metadata.name);
      },
    );
  }

  private enqueue(name: string): void {
    if (this.stopped) return;
    if (this.processing.has(name)) {
      this.dirty.add(name);
      return;
    }
    if (this.queued.has(name) || this.retryTimers.has(name)) return;
    this.queued.add(name);
    this.queue.push(name);
    this.wake?.();
  }

  private async next(): Promise<string | undefined> {
    while (!this.stopped) {
      const name = this.queue.shift();
      if (name !== undefined) {
        this.queued.delete(name);
        return name;
      }
      await new Promise<void>((resolve) => {
        const prev = this.wake;
        this.wake = () => {
          this.wake = undefined;
          prev?.();
          resolve();
        };
      });
    }
    return undefined;
  }

  private async work(): Promise<void> {
    for (;;) {
      const name = await this.next();
      if (name === undefined) return;
      this.processing.add(name);
      try {
        await this.process(name);
      } catch (e) {
        // process() handles report errors itself; this is a store failure: retry like a failed report.
        this.retryLater(name, e as Error);
      } finally {
        this.processing.delete(name);
        if (this.dirty.delete(name)) this.enqueue(name);
      }
    }
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
    if (!needsReport(pj, reporter)) {
      this.retries.delete(name);
      return;
    }
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
      if (!(e instanceof PermanentReportError)) {
        if (this.stopped) return;
        this.retryLater(name, e as Error, log);
        return;
      }
      log.warn('report cannot succeed; not retrying', { error: e.message });
    }
    this.retries.delete(name);
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

  private retryLater(name: string, err: Error, log: Logger = this.opts.logger.child({ reporter: this.name, prowjob: name })): void {
    const n = (this.retries.get(name) ?? 0) + 1;
    if (n > MAX_RETRIES) {
      this.retries.delete(name);
      log.error('report failed; giving up after retries', { error: err.message, retries: MAX_RETRIES });
      return;
    }
    this.retries.set(name, n);
    const delay = (this.opts.backoffMs ?? 1000) * 2 ** (n - 1);
    log.warn('report failed; will retry', { error: err.message, retry: n, delayMs: delay });
    this.retryTimers.set(name, this.opts.clock.setTimeout(() => {
      this.retryTimers.delete(name);
      this.enqueue(name);
    }, delay));
  }
}
