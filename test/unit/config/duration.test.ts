import { describe, expect, it } from '@jest/globals';
import { formatGoDuration, parseGoDuration } from '../../../src/config/duration.js';

describe('Go durations', () => {
  it.each([
    ['0', 0],
    ['1h30m', 5_400_000],
    ['10m', 600_000],
    ['1.5h', 5_400_000],
    ['300ms', 300],
    ['-2m', -120_000],
    ['+5s', 5000],
    ['1h1m1s1ms', 3_661_001],
    ['168h', 604_800_000],
    ['.5s', 500],
    ['1us', 0.001],
    ['1µs', 0.001],
  ])('%s = %d ms', (s, ms) => {
    expect(parseGoDuration(s)).toBeCloseTo(ms, 9);
  });

  it.each(['2d', '', '1', 'h', '1hh', '-', '1.h5', 'one'])('rejects %j as Go does', (s) => {
    expect(() => parseGoDuration(s)).toThrow(/time: /);
  });

  it('formats like Duration.String', () => {
    expect(formatGoDuration(5_400_000)).toBe('1h30m0s');
    expect(formatGoDuration(0)).toBe('0s');
    expect(formatGoDuration(1500)).toBe('1.5s');
    expect(formatGoDuration(-60_000)).toBe('-1m0s');
    // Under a second, as Go: the largest unit with a whole part.
    expect(formatGoDuration(500)).toBe('500ms');
    expect(formatGoDuration(1.5)).toBe('1.5ms');
    expect(formatGoDuration(0.0015)).toBe('1.5µs');
    expect(formatGoDuration(0.000001)).toBe('1ns');
    expect(formatGoDuration(7_200_000)).toBe('2h0m0s');
  });
});
