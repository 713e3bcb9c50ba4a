import { describe, expect, it } from '@jest/globals';
import type { ProwJob, ProwJobState, ProwJobType } from '../../../src/api/prowjob.js';
import { planProwJobs, planWorkloads, sinkerSettings, type JobWorkload } from '../../../roles/sinker/plan.js';

const DAY = 24 * 3_600_000;
const now = new Date('2026-03-20T00:00:00Z');
const ago = (ms: number): string => new Date(now.getTime() - ms).toISOString();

function pj(name: string, type: ProwJobType, state: ProwJobState, startedAgo: number, job = name): ProwJob {
  return { apiVersion: 'prow.k8s.io/v1', kind: 'ProwJob', metadata: { name }, spec: { type, job }, status: { state, startTime: ago(startedAgo) } };
}

describe('sinkerSettings', () => {
  it("applies upstream's defaults and keeps set values", () => {
    expect(sinkerSettings(undefined)).toEqual({ resyncPeriodMs: 3_600_000, maxProwJobAgeMs: 7 * DAY, maxPodAgeMs: DAY, terminatedPodTtlMs: DAY, excludeClusters: [] });
    const s = sinkerSettings({ resync_period: '1m', max_prowjob_age: '48h', max_pod_age: '12h', exclude_clusters: ['edge'] });
    expect(s).toEqual({ resyncPeriodMs: 60_000, maxProwJobAgeMs: 2 * DAY, maxPodAgeMs: DAY / 2, terminatedPodTtlMs: DAY / 2, excludeClusters: ['edge'] });
    expect(sinkerSettings({ max_pod_age: '12h', terminated_pod_ttl: '30m' }).terminatedPodTtlMs).toBe(1_800_000);
  });
});

describe('planProwJobs', () => {
  const settings = sinkerSettings({});

  it('deletes finished jobs older than max_prowjob_age and never unfinished ones', () => {
    const jobs = [
      pj('old-done', 'presubmit', 'success', 8 * DAY),
      pj('old-failed', 'postsubmit', 'failure', 8 * DAY),
      pj('old-running', 'presubmit', 'pending', 30 * DAY),
      pj('old-triggered', 'batch', 'triggered', 30 * DAY),
      pj('young', 'presubmit', 'success', 6 * DAY),
    ];
    const plan = planProwJobs(jobs, new Set(), settings, now);
    expect(plan.map((d) => [d.job.metadata.name, d.reason])).toEqual([['old-done', 'aged'], ['old-failed', 'aged']]);
  });

  it('keeps the newest run of each periodic in the config, deletes older runs and runs of removed periodics', () => {
    const jobs = [
      pj('p-1', 'periodic', 'success', 20 * DAY, 'nightly'),
      pj('p-2', 'periodic', 'failure', 10 * DAY, 'nightly'),
      pj('gone-1', 'periodic', 'success', 10 * DAY, 'removed'),
    ];
    const plan = planProwJobs(jobs, new Set(['nightly']), settings, now);
    expect(plan.map((d) => [d.job.metadata.name, d.reason])).toEqual([['p-1', 'aged-periodic'], ['gone-1', 'aged-periodic']]);
  });
});

describe('planWorkloads', () => {
  const settings = sinkerSettings({ max_pod_age: '24h', terminated_pod_ttl: '2h', exclude_clusters: ['edge'] });
  const at = (ms: number): Date => new Date(now.getTime() - ms);
  const jobs = new Map<string, ProwJob>([
    ['done', pj('done', 'presubmit', 'success', 3 * DAY)],
    ['running', pj('running', 'presubmit', 'pending', 3 * DAY)],
  ]);

  it('removes workloads of finished jobs past max_pod_age or terminated_pod_ttl', () => {
    const ws: JobWorkload[] = [
      { name: 'w-aged', cluster: 'default', prowJobName: 'done', startedAt: at(2 * DAY) },
      { name: 'w-ttl', cluster: 'default', prowJobName: 'done', startedAt: at(3 * 3_600_000), terminatedAt: at(2.5 * 3_600_000) },
      { name: 'w-fresh', cluster: 'default', prowJobName: 'done', startedAt: at(3_600_000), terminatedAt: at(1_800_000) },
    ];
    expect(planWorkloads(ws, jobs, settings, now).map((d) => [d.workload.name, d.reason])).toEqual([['w-aged', 'aged'], ['w-ttl', 'ttled']]);
  });

  it('never removes the workload of an unfinished job, however old', () => {
    const ws: JobWorkload[] = [{ name: 'w', cluster: 'default', prowJobName: 'running', startedAt: at(10 * DAY), terminatedAt: at(9 * DAY) }];
    expect(planWorkloads(ws, jobs, settings, now)).toEqual([]);
  });

  it('removes orphans older than 30s, falls back to the Pod name, and skips excluded clusters', () => {
    const ws: JobWorkload[] = [
      { name: 'orphan', cluster: 'default', prowJobName: 'deleted-job', createdAt: at(60_000) },
      { name: 'new-orphan', cluster: 'default', prowJobName: 'not-listed-yet', createdAt: at(5_000) },
      { name: 'done', cluster: 'default', startedAt: at(2 * DAY) },
      { name: 'edge-orphan', cluster: 'edge', prowJobName: 'deleted-job', createdAt: at(DAY) },
    ];
    expect(planWorkloads(ws, jobs, settings, now).map((d) => [d.workload.name, d.reason])).toEqual([['orphan', 'orphaned'], ['done', 'aged']]);
  });
});
