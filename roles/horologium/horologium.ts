// Horologium's loop: every tick (horologium.tick_interval, default 1m) list the periodic ProwJobs, work out which
// periodics are due (schedule.ts) and create a ProwJob for each, with the periodic's extra_refs, cluster,
// reporter_config and decoration as the job config gives them. The start time is the clock's now, so the store is
// the only memory of what ran: a restart never repeats a schedule point.
import { newPeriodic } from '../../src/api/create.js';
import { LABEL_TYPE } from '../../src/api/prowjob.js';
import type { Clock } from '../../src/clock.js';
import { runEvery } from '../../src/runtime/run-every.js';
import { parseGoDuration } from '../../src/config/duration.js';
import type { Config } from '../../src/config/types.js';
import type { Logger } from '../../src/runtime/logger.js';
import type { ProwJobStore } from '../../src/store/types.js';
import { latestRuns } from '../../src/api/latest.js';
import { duePeriodics } from './schedule.js';

export const DEFAULT_TICK_MS = 60_000;

export interface HorologiumOptions {
  store: ProwJobStore;
  config: () => Config;
  clock: Clock;
  logger: Logger;
  dryRun: boolean;
}

export function tickInterval(cfg: Config): number {
  const v = cfg.horologium?.tick_interval;
  const ms = v ? parseGoDuration(v) : 0;
  return ms > 0 ? ms : DEFAULT_TICK_MS;
}

export class Horologium {
  constructor(private readonly opts: HorologiumOptions) {}

  /** One pass; returns the names of the ProwJobs created. */
  async sync(): Promise<string[]> {
    const { store, clock, logger } = this.opts;
    const cfg = this.opts.config();
    const now = clock.now();
    const jobs = await store.list({ labelSelector: `${LABEL_TYPE}=periodic` });
    const { due, problems } = duePeriodics(cfg.periodics ?? [], latestRuns(jobs), now);
    for (const p of problems) logger.error('cannot schedule periodic', { job: p.periodic.name, error: p.error });
    const created: string[] = [];
    for (const { periodic, reason } of due) {
      if (this.opts.dryRun) {
        logger.info('dry run: would trigger periodic', { job: periodic.name, reason });
        continue;
      }
      try {
        // One periodic that cannot become a ProwJob must not hold up the others.
        const pj = newPeriodic(periodic, { now });
        await store.create(pj);
        created.push(pj.metadata.name);
        logger.info('Triggering new run of periodic.', { job: periodic.name, name: pj.metadata.name, reason });
      } catch (e) {
        logger.error('failed to create periodic ProwJob', { job: periodic.name, error: e });
      }
    }
    logger.debug('sync done', { periodics: cfg.periodics?.length ?? 0, created: created.length });
    return created;
  }

  /** Runs `sync` every tick until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const { clock, logger } = this.opts;
    await runEvery({ clock, logger, signal, what: 'horologium sync', intervalMs: () => tickInterval(this.opts.config()) }, () => this.sync());
  }
}
