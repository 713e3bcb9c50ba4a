// The one periodic loop controllers use (horologium's ticks, sinker's resyncs, plank's resync): `fn` runs, then
// the loop sleeps `intervalMs()` on the shared Clock (so tests and PROW_CLOCK_START move it), until `signal`
// aborts. A failing run is logged with its stack and the loop goes on.
import type { Clock } from '../clock.js';
import type { Logger } from './logger.js';

export interface RunEveryOptions {
  clock: Clock;
  /** Read before each sleep: a config reload can change it. */
  intervalMs: () => number;
  signal: AbortSignal;
  logger: Logger;
  /** Names the work in the error log line ("horologium sync", …). */
  what: string;
  /** Sleep one interval before the first run (default: run at once). */
  delayFirst?: boolean;
}

export async function runEvery(opts: RunEveryOptions, fn: () => Promise<unknown>): Promise<void> {
  if (opts.delayFirst) await opts.clock.sleep(opts.intervalMs(), opts.signal);
  while (!opts.signal.aborted) {
    try {
      await fn();
    } catch (e) {
      opts.logger.error(`${opts.what} failed`, { error: e });
    }
    await opts.clock.sleep(opts.intervalMs(), opts.signal);
  }
}
