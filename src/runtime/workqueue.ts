// The controllers' one work queue (crier's reporters, plank's sync pass), in the spirit of client-go's: a key waits
// at most once however often it is added; a key added while it is being processed is processed once more afterwards,
// never twice at once; `workers` keys are processed at a time; a key whose processing throws is retried with
// exponential backoff on the shared Clock, up to `maxRetries`, then dropped with an error log.
import type { Clock, Timer } from '../clock.js';
import type { Logger } from './logger.js';

export interface WorkQueueOptions {
  workers: number;
  clock: Clock;
  /** Processes one key. Throwing asks for a retry. */
  process: (key: string) => Promise<void>;
  /** The logger for one key's retry lines (its fields name the key). */
  logFor: (key: string) => Logger;
  /** What a key's processing is, for log lines: "report" → "report failed; will retry". */
  what: string;
  /** First retry delay, doubled per retry. Default 1s. */
  backoffMs?: number;
  /** Retries before a key is dropped. Default 5. */
  maxRetries?: number;
}

export class WorkQueue {
  private readonly waiting: string[] = [];
  private readonly queued = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly retries = new Map<string, number>();
  private readonly retryTimers = new Map<string, Timer>();
  private wake: (() => void) | undefined;
  private idleWaiters: (() => void)[] = [];
  private workers: Promise<void>[] = [];
  private stopped = false;

  constructor(private readonly o: WorkQueueOptions) {}

  start(): void {
    for (let i = 0; i < Math.max(1, this.o.workers); i++) this.workers.push(this.work());
  }

  /** Stops taking keys, cancels pending retries and waits for the keys in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.retryTimers.values()) t.cancel();
    this.retryTimers.clear();
    this.wake?.();
    await Promise.all(this.workers);
    this.settleIdle();
  }

  add(key: string): void {
    if (this.stopped) return;
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key) || this.retryTimers.has(key)) return;
    this.queued.add(key);
    this.waiting.push(key);
    this.wake?.();
  }

  /** Resolves once nothing waits or is processed (retries scheduled for later do not count). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.waiting.length === 0 && this.processing.size === 0;
  }

  private settleIdle(): void {
    if (!this.isIdle() && !this.stopped) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private async next(): Promise<string | undefined> {
    while (!this.stopped) {
      const key = this.waiting.shift();
      if (key !== undefined) {
        // Marked before the worker resumes, so the queue never looks idle between taking a key and processing it.
        this.queued.delete(key);
        this.processing.add(key);
        return key;
      }
      this.settleIdle();
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
      const key = await this.next();
      if (key === undefined) return;
      try {
        await this.o.process(key);
        this.retries.delete(key);
      } catch (e) {
        this.failed(key, e);
      } finally {
        this.processing.delete(key);
        if (this.dirty.delete(key)) this.add(key);
        this.settleIdle();
      }
    }
  }

  private failed(key: string, error: unknown): void {
    if (this.stopped) return;
    const log = this.o.logFor(key);
    const max = this.o.maxRetries ?? 5;
    const n = (this.retries.get(key) ?? 0) + 1;
    if (n > max) {
      this.retries.delete(key);
      log.error(`${this.o.what} failed; giving up after retries`, { error, retries: max });
      return;
    }
    this.retries.set(key, n);
    const delay = (this.o.backoffMs ?? 1000) * 2 ** (n - 1);
    log.warn(`${this.o.what} failed; will retry`, { error, retry: n, delayMs: delay });
    this.retryTimers.set(key, this.o.clock.setTimeout(() => {
      this.retryTimers.delete(key);
      this.add(key);
    }, delay));
  }
}
