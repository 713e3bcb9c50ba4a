// Cron expressions read as upstream's robfig/cron.v2 reads them, and their schedule points.
import { describe, expect, it } from '@jest/globals';
import { cronError, lastCronPoint, parseCron } from '../../../src/config/cron.js';

const at = (expr: string, now: string): string | undefined => lastCronPoint(expr, new Date(now))?.toISOString();

describe('cron (robfig/cron.v2 semantics)', () => {
  it('N/step means N-max/step', () => {
    const s = parseCron('0 1/6 * * *');
    expect(s.kind === 'spec' && s.hours.values).toEqual([1, 7, 13, 19]);
    expect(at('0 1/6 * * *', '2026-03-01T12:30:00Z')).toBe('2026-03-01T07:00:00.000Z');
  });

  it('accepts 6 fields (seconds first), names in any case, ? and TZ=', () => {
    expect(at('30 0 12 * * *', '2026-03-01T12:00:31Z')).toBe('2026-03-01T12:00:30.000Z');
    const named = parseCron('0 9 * JAN-jun mon-FRI');
    expect(named.kind === 'spec' && [named.months.values, named.dow.values]).toEqual([[1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5]]);
    expect(cronError('0 0 ? * 0')).toBeUndefined();
    expect(at('TZ=Europe/Berlin 0 3 * * *', '2026-03-01T12:00:00Z')).toBe('2026-03-01T02:00:00.000Z');
  });

  it('day of month and weekday: either matches unless one is written with * or ?', () => {
    // 2026-03-01 is a Sunday: "1st or Monday" matched on the 1st; "every 2nd day and Monday" needs both.
    expect(at('0 0 1 * 1', '2026-03-03T12:00:00Z')).toBe('2026-03-02T00:00:00.000Z');
    expect(at('0 0 */2 * 1', '2026-03-20T12:00:00Z')).toBe('2026-03-09T00:00:00.000Z');
  });

  it('refuses what upstream refuses, in its words', () => {
    expect(cronError('0 0 * * 7')).toBe('End of range (7) above maximum (6): 7');
    expect(cronError('CRON_TZ=UTC 0 0 * * *')).toBe('Failed to parse int from CRON_TZ=UTC: strconv.Atoi: parsing "CRON_TZ=UTC": invalid syntax');
    expect(cronError('0 0 * *')).toBe('Expected 5 or 6 fields, found 4: 0 0 * *');
    expect(cronError('@fortnightly')).toBe('Unrecognized descriptor: @fortnightly');
    expect(cronError('5-1 * * * *')).toBe('Beginning of range (5) beyond end of range (1): 5-1');
    expect(cronError('1-2-3 * * * *')).toBe('Too many hyphens: 1-2-3');
    expect(cronError('*/0 * * * *')).toBe('Step of zero not allowed: */0');
    expect(cronError('@every 1d')).toContain('Failed to parse duration @every 1d');
  });

  it('@every has no fixed points', () => {
    expect(parseCron('@every 90m')).toEqual({ kind: 'every', everyMs: 90 * 60_000, timezone: undefined });
    expect(lastCronPoint('@every 90m', new Date())).toBeUndefined();
  });
});
