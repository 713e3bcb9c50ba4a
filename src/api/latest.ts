// The newest run of each job (upstream's pjutil.GetLatestProwJobs): horologium schedules periodics from it and
// sinker keeps it whatever its age.
import type { ProwJob } from './prowjob.js';

/** When a run started (its creation when it has not started; 0 when neither is known). */
export function startOf(pj: ProwJob): number {
  const t = Date.parse(pj.status.startTime ?? pj.metadata.creationTimestamp ?? '');
  return Number.isNaN(t) ? 0 : t;
}

/** The newest ProwJob of each job name of one type, by start time. */
export function latestRuns(jobs: Iterable<ProwJob>, type: ProwJob['spec']['type'] = 'periodic'): Map<string, ProwJob> {
  const latest = new Map<string, ProwJob>();
  for (const pj of jobs) {
    if (pj.spec.type !== type) continue;
    const cur = latest.get(pj.spec.job);
    if (!cur || startOf(pj) > startOf(cur)) latest.set(pj.spec.job, pj);
  }
  return latest;
}
