import { describe, expect, it } from '@jest/globals';
import type { ProwJob, ProwJobState } from '../../../src/api/prowjob.js';
import type { Periodic } from '../../../src/config/types.js';
import { latestRuns } from '../../../src/api/latest.js';
import { duePeriodics } from '../../../roles/horologium/schedule.js';
import { lastCronPoint } from '../../../src/config/cron.js';

function run(job: string, start: string, state: ProwJobState = 'success', completion?: string): ProwJob {
  return {
    apiVersion: 'prow.k8s.io/v1',
    kind: 'ProwJob',
    metadata: { name: `${job}-${start}` },
    spec: { type: 'periodic', job },
    status: { state, startTime: start, ...(completion ? { completionTime: completion } : {}) },
  };
}

const names = (r: ReturnType<typeof duePeriodics>): string[] => r.due.map((d) => d.periodic.name);

describe('latestRuns', () => {
  it('keeps the newest periodic run per job name and ignores other types', () => {
    const older = run('a', '2026-01-01T00:00:00Z');
    const newer = run('a', '2026-01-01T01:00:00Z');
    const presubmit: ProwJob = { ...run('a', '2026-01-02T00:00:00Z'), spec: { type: 'presubmit', job: 'a' } };
    const m = latestRuns([newer, older, presubmit]);
    expect(m.get('a')).toBe(newer);
    expect(m.size).toBe(1);
  });
});

describe('duePeriodics', () => {
  const now = new Date('2026-03-01T12:00:30Z');

  it('runs every kind of periodic at once when it never ran', () => {
    const ps: Periodic[] = [{ name: 'i', interval: '1h' }, { name: 'c', cron: '0 * * * *' }, { name: 'm', minimum_interval: '5m' }];
    expect(names(duePeriodics(ps, new Map(), now))).toEqual(['i', 'c', 'm']);
  });

  it('cron @every counts from the last start, also after a TZ= prefix', () => {
    const ps: Periodic[] = [{ name: 'e', cron: '@every 1h' }, { name: 'z', cron: 'TZ=Europe/Berlin @every 1h' }];
    const old = new Map(ps.map((p) => [p.name, run(p.name, '2026-01-01T00:00:00Z', 'success', '2026-01-01T00:01:00Z')]));
    expect(names(duePeriodics(ps, old, now))).toEqual(['e', 'z']);
    const recent = new Map(ps.map((p) => [p.name, run(p.name, '2026-03-01T11:30:00Z', 'success', '2026-03-01T11:31:00Z')]));
    expect(names(duePeriodics(ps, recent, now))).toEqual([]);
  });

  it('interval: runs when the last run started more than the interval ago and has finished', () => {
    const p: Periodic = { name: 'i', interval: '1h' };
    expect(names(duePeriodics([p], latestRuns([run('i', '2026-03-01T11:00:29Z')]), now))).toEqual(['i']);
    expect(names(duePeriodics([p], latestRuns([run('i', '2026-03-01T11:00:30Z')]), now))).toEqual([]);
    expect(names(duePeriodics([p], latestRuns([run('i', '2026-03-01T10:00:00Z', 'pending')]), now))).toEqual([]);
  });

  it('minimum_interval: counts from the completion of the last run', () => {
    const p: Periodic = { name: 'm', minimum_interval: '10m' };
    const started = '2026-03-01T11:00:00Z';
    expect(names(duePeriodics([p], latestRuns([run('m', started, 'failure', '2026-03-01T11:55:00Z')]), now))).toEqual([]);
    expect(names(duePeriodics([p], latestRuns([run('m', started, 'failure', '2026-03-01T11:50:00Z')]), now))).toEqual(['m']);
  });

  it('cron: once per schedule point, also when asked again (as after a restart)', () => {
    const p: Periodic = { name: 'c', cron: '0 * * * *' };
    const before = latestRuns([run('c', '2026-03-01T11:00:05Z', 'success', '2026-03-01T11:10:00Z')]);
    expect(names(duePeriodics([p], before, now))).toEqual(['c']);
    // The run created for the 12:00 point is in the store: asking again at any time before 13:00 gives nothing.
    const after = latestRuns([run('c', '2026-03-01T11:00:05Z', 'success'), run('c', '2026-03-01T12:00:30Z', 'success', '2026-03-01T12:05:00Z')]);
    expect(names(duePeriodics([p], after, new Date('2026-03-01T12:59:59Z')))).toEqual([]);
    expect(names(duePeriodics([p], after, new Date('2026-03-01T13:00:00Z')))).toEqual(['c']);
  });

  it('cron: points missed during downtime run once; points passed while running are skipped', () => {
    const p: Periodic = { name: 'c', cron: '*/5 * * * *' };
    const longAgo = latestRuns([run('c', '2026-03-01T08:00:00Z', 'success', '2026-03-01T08:01:00Z')]);
    const r = duePeriodics([p], longAgo, now);
    expect(names(r)).toEqual(['c']);
    expect(r.due[0].reason).toContain('2026-03-01T12:00:00.000Z');
    const running = latestRuns([run('c', '2026-03-01T11:55:00Z', 'pending')]);
    expect(names(duePeriodics([p], running, now))).toEqual([]);
    // Finished after the 12:00 point: that point is dropped, the next one runs.
    const finishedLate = latestRuns([run('c', '2026-03-01T11:55:00Z', 'success', '2026-03-01T12:00:20Z')]);
    expect(names(duePeriodics([p], finishedLate, now))).toEqual([]);
    expect(names(duePeriodics([p], finishedLate, new Date('2026-03-01T12:05:00Z')))).toEqual(['c']);
  });

  it('cron is evaluated in UTC and a point exactly now counts', () => {
    expect(lastCronPoint('30 12 * * *', new Date('2026-03-01T12:30:00Z'))?.toISOString()).toBe('2026-03-01T12:30:00.000Z');
    expect(lastCronPoint('30 12 * * *', new Date('2026-03-01T12:29:59Z'))?.toISOString()).toBe('2026-02-28T12:30:00.000Z');
  });

  it('cron @every <duration> runs that long after the last start; nicknames like @hourly work', () => {
    const every: Periodic = { name: 'e', cron: '@every 30m' };
    expect(names(duePeriodics([every], latestRuns([run('e', '2026-03-01T11:30:30Z')]), now))).toEqual(['e']);
    expect(names(duePeriodics([every], latestRuns([run('e', '2026-03-01T11:30:31Z')]), now))).toEqual([]);
    expect(duePeriodics([{ name: 'bad', cron: '@every 1d' }], new Map(), now).problems).toHaveLength(1);
    expect(lastCronPoint('@hourly', now)?.toISOString()).toBe('2026-03-01T12:00:00.000Z');
  });

  it('reports a broken periodic without stopping the others', () => {
    const r = duePeriodics([{ name: 'bad', cron: 'not a cron' }, { name: 'bad2', interval: '1d' }, { name: 'ok', interval: '1h' }], new Map(), now);
    expect(names(r)).toEqual(['ok']);
    expect(r.problems.map((x) => x.periodic.name)).toEqual(['bad', 'bad2']);
    expect(r.problems[1].error).toContain('unknown unit "d"');
  });
});
