// Go's time.ParseDuration, exactly: a sequence of decimal numbers with optional fraction and a unit
// (ns, us, µs, ms, s, m, h), optionally signed; "0" alone is valid; there is no "d" unit.
import { ownValue } from '../own-key.js';

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  'μs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Parses a Go duration string into milliseconds (fractions of a millisecond are kept). */
export function parseGoDuration(input: string): number {
  let s = input;
  if (s === '') throw new Error(`time: invalid duration "${input}"`);
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new Error(`time: invalid duration "${input}"`);
  let total = 0;
  while (s !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (num[1] === '' && (num[2] === undefined || num[2] === '')) throw new Error(`time: invalid duration "${input}"`);
    s = s.slice(num[0].length);
    const unitName = /^[^\d.]*/.exec(s)![0];
    if (unitName === '') throw new Error(`time: missing unit in duration "${input}"`);
    const unit = ownValue(UNIT_MS, unitName);
    if (unit === undefined) throw new Error(`time: unknown unit "${unitName}" in duration "${input}"`);
    total += Number(`${num[1] || '0'}.${num[2] ?? ''}0`) * unit;
    s = s.slice(unitName.length);
  }
  return sign * total;
}

/** Formats milliseconds the way Go's Duration.String does (1h30m0s, 1.5s, 500ms, 1.5µs, 0s). */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  // Under a second Go uses the largest of ms, µs, ns that keeps a whole part (fractions kept, to the nanosecond).
  if (rest < 1000) {
    const ns = Math.round(rest * 1e6);
    const [value, unit] = ns >= 1e6 ? [ns / 1e6, 'ms'] : ns >= 1e3 ? [ns / 1e3, 'µs'] : [ns, 'ns'];
    return `${neg ? '-' : ''}${Number(value.toFixed(9))}${unit}`;
  }
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = rest / 1000;
  let out = '';
  if (h > 0) out += `${h}h`;
  if (h > 0 || m > 0) out += `${m}m`;
  out += `${Number(sec.toFixed(9))}s`;
  return (neg ? '-' : '') + out;
}
