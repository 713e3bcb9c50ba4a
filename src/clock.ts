// An injectable clock. Roles that act on time (horologium, sinker, crier's latency) read "now" and set timers only
// through a Clock, so tests can move time without sleeping and an end-to-end run can start at a chosen instant.
export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): Date;
  /** Calls `fn` once after `ms` milliseconds of this clock's time. */
  setTimeout(fn: () => void, ms: number): Timer;
  /** Resolves after `ms` of this clock's time, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The wall clock, optionally shifted by a fixed offset (see clockFromEnv). */
export class SystemClock implements Clock {
  constructor(private readonly offsetMs = 0) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  setTimeout(fn: () => void, ms: number): Timer {
    const t = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepWith(this, ms, signal);
  }
}

/** A clock that moves only when told to; due timers fire, in order, as `advance` passes them. */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: { at: number; seq: number; fn: () => void }[] = [];

  constructor(start: Date | string | number = 0) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  setTimeout(fn: () => void, ms: number): Timer {
    const entry = { at: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(entry);
    return { cancel: () => { this.timers = this.timers.filter((t) => t !== entry); } };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepWith(this, ms, signal);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = target;
  }

  set(to: Date | string | number): void {
    const target = new Date(to).getTime();
    if (target < this.current) {
      this.current = target;
      return;
    }
    this.advance(target - this.current);
  }

  /** Timers not yet fired (tests check nothing is left behind). */
  pending(): number {
    return this.timers.length;
  }
}

function sleepWith(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      timer.cancel();
      resolve();
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The process clock. `PROW_CLOCK_START` (an RFC 3339 instant) makes the clock start there and run at normal
 * speed: end-to-end tests use it to put horologium and sinker at a chosen time. Unset: the wall clock.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const start = env.PROW_CLOCK_START;
  if (start === undefined || start === '') return new SystemClock();
  const at = Date.parse(start);
  if (Number.isNaN(at)) throw new Error(`PROW_CLOCK_START: "${start}" is not an RFC 3339 time`);
  return new SystemClock(at - Date.now());
}

export const systemClock: Clock = new SystemClock();
