// What sinker deletes in one pass, as upstream's sinker decides it:
// - finished ProwJobs that started more than `max_prowjob_age` ago (reason `aged`), except the newest run of each
//   periodic still in the config, which horologium needs to know when to run next (others: `aged-periodic`);
// - Pods (or local workspaces and processes) of finished jobs that started more than `max_pod_age` ago (`aged`) or
//   terminated more than `terminated_pod_ttl` ago (`ttled`);
// - Pods whose ProwJob is gone (`orphaned`), once they are 30 seconds old (the store may lag behind a new Pod).
// Nothing of a job that has not finished is ever deleted.
import { isFinalState, type ProwJob } from '../../src/api/prowjob.js';
import { parseGoDuration } from '../../src/config/duration.js';
import type { Sinker } from '../../src/config/types.js';
import { latestRuns } from '../../src/api/latest.js';

export const REASON_AGED = 'aged';
export const REASON_AGED_PERIODIC = 'aged-periodic';
export const REASON_TTLED = 'ttled';
export const REASON_ORPHANED = 'orphaned';

/** Pods younger than this are never orphans: the ProwJob list may not show their job yet. */
export const ORPHAN_GRACE_MS = 30_000;

export interface SinkerSettings {
  resyncPeriodMs: number;
  maxProwJobAgeMs: number;
  maxPodAgeMs: number;
  terminatedPodTtlMs: number;
  excludeClusters: string[];
}

/** Upstream's defaults: resync 1h, ProwJobs one week, Pods one day, terminated Pods as long as max_pod_age. */
export function sinkerSettings(cfg: Sinker | undefined): SinkerSettings {
  const dur = (v: string | undefined, def: number): number => {
    const ms = v === undefined || v === '' ? 0 : parseGoDuration(v);
    return ms > 0 ? ms : def;
  };
  const maxPodAgeMs = dur(cfg?.max_pod_age, 24 * 3_600_000);
  return {
    resyncPeriodMs: dur(cfg?.resync_period, 3_600_000),
    maxProwJobAgeMs: dur(cfg?.max_prowjob_age, 7 * 24 * 3_600_000),
    maxPodAgeMs,
    terminatedPodTtlMs: dur(cfg?.terminated_pod_ttl, maxPodAgeMs),
    excludeClusters: cfg?.exclude_clusters?.filter((c) => c !== '') ?? [],
  };
}

/** A Pod, or in all-in-one mode a job's local workspace and process, as the executor lists them. */
export interface JobWorkload {
  /** The Pod name (or workspace id). */
  name: string;
  cluster: string;
  /** The ProwJob it runs (`prow.k8s.io/id` label), or undefined to use `name` as upstream's legacy fallback. */
  prowJobName?: string;
  createdAt?: Date;
  startedAt?: Date;
  /** When every container (the process) ended; undefined while running. */
  terminatedAt?: Date;
}

export interface JobDeletion { job: ProwJob; reason: string }
export interface WorkloadDeletion { workload: JobWorkload; reason: string }

export interface CleanPlan {
  jobs: JobDeletion[];
  workloads: WorkloadDeletion[];
}

const time = (s: string | undefined): number | undefined => {
  const t = Date.parse(s ?? '');
  return Number.isNaN(t) ? undefined : t;
};

/** ProwJobs to delete. `activePeriodics` are the periodic names in the current config. */
export function planProwJobs(jobs: readonly ProwJob[], activePeriodics: ReadonlySet<string>, settings: SinkerSettings, now: Date): JobDeletion[] {
  const out: JobDeletion[] = [];
  const latest = latestRuns(jobs);
  for (const pj of jobs) {
    if (!isFinalState(pj.status.state)) continue;
    const started = time(pj.status.startTime) ?? time(pj.metadata.creationTimestamp);
    if (started === undefined || now.getTime() - started <= settings.maxProwJobAgeMs) continue;
    if (pj.spec.type !== 'periodic') {
      out.push({ job: pj, reason: REASON_AGED });
      continue;
    }
    if (activePeriodics.has(pj.spec.job) && latest.get(pj.spec.job)?.metadata.name === pj.metadata.name) continue;
    out.push({ job: pj, reason: REASON_AGED_PERIODIC });
  }
  return out;
}

/** Pods (workloads) to delete. `jobsByName` is this pass's ProwJob list; the caller re-reads a job before removing an orphan. */
export function planWorkloads(
  workloads: readonly JobWorkload[],
  jobsByName: ReadonlyMap<string, ProwJob>,
  settings: SinkerSettings,
  now: Date,
): WorkloadDeletion[] {
  const out: WorkloadDeletion[] = [];
  const nowMs = now.getTime();
  for (const w of workloads) {
    if (settings.excludeClusters.includes(w.cluster)) continue;
    const jobName = w.prowJobName ?? w.name;
    const pj = jobsByName.get(jobName);
    if (!pj) {
      const created = (w.createdAt ?? w.startedAt)?.getTime();
      if (created !== undefined && nowMs - created > ORPHAN_GRACE_MS) out.push({ workload: w, reason: REASON_ORPHANED });
      continue;
    }
    if (!isFinalState(pj.status.state)) continue;
    let reason: string | undefined;
    if (w.startedAt && nowMs - w.startedAt.getTime() > settings.maxPodAgeMs) reason = REASON_AGED;
    if (w.terminatedAt && nowMs - w.terminatedAt.getTime() > settings.terminatedPodTtlMs) reason = REASON_TTLED;
    if (reason) out.push({ workload: w, reason });
  }
  return out;
}
