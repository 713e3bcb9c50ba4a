// Which periodics are due, as upstream's horologium decides it, with the last run of each job read from the store
// so a restart never runs a schedule point twice:
// - no run of the job exists yet: run now;
// - `interval`: the last run is finished and started more than `interval` ago;
// - `minimum_interval`: the last run is finished and finished more than `minimum_interval` ago;
// - `cron` (5 fields, UTC): the last run is finished and a schedule point passed after it started and after it
//   finished (the expression read as upstream's robfig/cron.v2 reads it: 5 or 6 fields, TZ=, N/step). Points passed while a run was still going are skipped (upstream drops them too); any number of points
//   missed while horologium was down count once. `@every <duration>` (robfig/cron's form, which upstream accepts)
//   has no fixed points: it runs when the last run finished and started more than that long ago.
import { startOf } from '../../src/api/latest.js';
import { isFinalState, type ProwJob } from '../../src/api/prowjob.js';
import type { Periodic } from '../../src/config/types.js';
import { parseGoDuration } from '../../src/config/duration.js';
import { lastCronPoint, parseCron } from '../../src/config/cron.js';

export interface DuePeriodic {
  periodic: Periodic;
  /** Why it runs now (for the log line). */
  reason: string;
}

export interface ScheduleProblem {
  periodic: Periodic;
  error: string;
}

export interface ScheduleResult {
  due: DuePeriodic[];
  /** Periodics that cannot be scheduled (bad cron or duration); the others still run. */
  problems: ScheduleProblem[];
}

function completionOf(pj: ProwJob): number {
  const t = Date.parse(pj.status.completionTime ?? '');
  return Number.isNaN(t) ? startOf(pj) : t;
}


export function duePeriodics(periodics: readonly Periodic[], latest: ReadonlyMap<string, ProwJob>, now: Date): ScheduleResult {
  const due: DuePeriodic[] = [];
  const problems: ScheduleProblem[] = [];
  const nowMs = now.getTime();
  for (const p of periodics) {
    const last = latest.get(p.name);
    try {
      if (!last) {
        // Validate the schedule even for the first run, so a broken periodic is reported rather than run once.
        if (p.cron) parseCron(p.cron);
        else if (p.interval) parseGoDuration(p.interval);
        else if (p.minimum_interval) parseGoDuration(p.minimum_interval);
        due.push({ periodic: p, reason: 'no previous run' });
        continue;
      }
      if (!isFinalState(last.status.state)) continue;
      // `@every` (with or without a TZ= prefix) counts from the last start; other schedules have fixed points.
      const schedule = p.cron ? parseCron(p.cron) : undefined;
      if (schedule?.kind === 'every') {
        if (nowMs - startOf(last) >= schedule.everyMs) due.push({ periodic: p, reason: `${p.cron} since last start` });
      } else if (p.cron) {
        const point = lastCronPoint(p.cron, now);
        if (point && point.getTime() > startOf(last) && point.getTime() > completionOf(last)) {
          due.push({ periodic: p, reason: `cron point ${point.toISOString()}` });
        }
      } else if (p.interval) {
        if (nowMs - startOf(last) > parseGoDuration(p.interval)) due.push({ periodic: p, reason: `interval ${p.interval} since last start` });
      } else if (p.minimum_interval) {
        if (nowMs - completionOf(last) > parseGoDuration(p.minimum_interval)) {
          due.push({ periodic: p, reason: `minimum_interval ${p.minimum_interval} since last completion` });
        }
      }
    } catch (e) {
      problems.push({ periodic: p, error: (e as Error).message });
    }
  }
  return { due, problems };
}
