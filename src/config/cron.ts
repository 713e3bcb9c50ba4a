// Cron expressions as upstream reads them (gopkg.in/robfig/cron.v2, which config validation and horologium use):
// an optional `TZ=<zone> ` prefix, then 5 fields (minute hour dom month dow) or 6 (with seconds first), or a
// descriptor (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <Go duration>).
// A field is a comma list of `*`, `?`, `N`, `N-M`, each optionally `/step`; `N/step` means `N-max/step`; months
// and weekdays may be named (jan, mon; any case); weekdays are 0-6. Each field becomes the set of its values, and
// the schedule is evaluated by croner over those explicit lists, so both agree on every form upstream accepts.
import { Cron } from 'croner';
import { parseGoDuration } from './duration.js';

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const SECONDS: Bounds = { min: 0, max: 59 };
const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 } };
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

export class CronSyntaxError extends Error {}

/** One field: its values, and whether it was written with `*` or `?` (which makes day-of-month/weekday an AND). */
interface Field {
  values: number[];
  star: boolean;
}

export type CronSchedule =
  | { kind: 'every'; everyMs: number; timezone?: string }
  | { kind: 'spec'; seconds: Field; minutes: Field; hours: Field; dom: Field; months: Field; dow: Field; timezone?: string };

/** Go's strconv.Atoi for a non-negative number (a sign is allowed, leading zeros too). */
function parseUint(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new CronSyntaxError(`Failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (n < 0) throw new CronSyntaxError(`Negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, b: Bounds): number {
  const named = b.names?.[expr.toLowerCase()];
  return named ?? parseUint(expr);
}

function parseField(field: string, b: Bounds): Field {
  const values = new Set<number>();
  let star = false;
  for (const expr of field.split(',').filter((r) => r !== '')) {
    const rangeAndStep = expr.split('/');
    const lowAndHigh = rangeAndStep[0]!.split('-');
    let start: number;
    let end: number;
    if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
      start = b.min;
      end = b.max;
      star = true;
    } else {
      start = parseIntOrName(lowAndHigh[0]!, b);
      if (lowAndHigh.length === 1) end = start;
      else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, b);
      else throw new CronSyntaxError(`Too many hyphens: ${expr}`);
    }
    let step = 1;
    if (rangeAndStep.length === 2) {
      step = parseUint(rangeAndStep[1]!);
      if (lowAndHigh.length === 1) end = b.max;
    } else if (rangeAndStep.length > 2) {
      throw new CronSyntaxError(`Too many slashes: ${expr}`);
    }
    if (start < b.min) throw new CronSyntaxError(`Beginning of range (${start}) below minimum (${b.min}): ${expr}`);
    if (end > b.max) throw new CronSyntaxError(`End of range (${end}) above maximum (${b.max}): ${expr}`);
    if (start > end) throw new CronSyntaxError(`Beginning of range (${start}) beyond end of range (${end}): ${expr}`);
    // Upstream loops forever on a zero step (and its validation never returns); refuse it instead.
    if (step === 0) throw new CronSyntaxError(`Step of zero not allowed: ${expr}`);
    for (let i = start; i <= end; i += step) values.add(i);
  }
  return { values: [...values].sort((x, y) => x - y), star };
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Parses a cron expression as upstream does; throws CronSyntaxError with upstream's wording. */
export function parseCron(input: string): CronSchedule {
  let spec = input;
  let timezone: string | undefined;
  if (spec.startsWith('TZ=')) {
    const i = spec.indexOf(' ');
    if (i < 0) throw new CronSyntaxError(`Provided bad location ${spec.slice(3)}: no schedule after it`);
    timezone = spec.slice(3, i);
    if (!validTimezone(timezone)) throw new CronSyntaxError(`Provided bad location ${timezone}: unknown time zone ${timezone}`);
    spec = spec.slice(i).trim();
  }
  if (spec.startsWith('@')) {
    if (spec.startsWith('@every ')) {
      let everyMs: number;
      try {
        everyMs = parseGoDuration(spec.slice('@every '.length));
      } catch (e) {
        throw new CronSyntaxError(`Failed to parse duration ${spec}: ${(e as Error).message}`);
      }
      return { kind: 'every', everyMs, timezone };
    }
    const d = DESCRIPTORS[spec];
    if (!d) throw new CronSyntaxError(`Unrecognized descriptor: ${spec}`);
    spec = d;
  }
  let fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5 && fields.length !== 6) throw new CronSyntaxError(`Expected 5 or 6 fields, found ${fields.length}: ${spec}`);
  if (fields.length === 5) fields = ['0', ...fields];
  return {
    kind: 'spec',
    seconds: parseField(fields[0]!, SECONDS),
    minutes: parseField(fields[1]!, MINUTES),
    hours: parseField(fields[2]!, HOURS),
    dom: parseField(fields[3]!, DOM),
    months: parseField(fields[4]!, MONTHS),
    dow: parseField(fields[5]!, DOW),
    timezone,
  };
}

/** The error upstream's validation gives for a bad cron, or undefined when it parses. */
export function cronError(expr: string): string | undefined {
  try {
    parseCron(expr);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

const list = (f: Field): string => f.values.join(',');

/** A croner instance over the explicit value lists (croner only computes the points; parsing is ours). */
function evaluator(s: Extract<CronSchedule, { kind: 'spec' }>): Cron {
  const pattern = [s.seconds, s.minutes, s.hours, s.dom, s.months, s.dow].map(list).join(' ');
  // robfig: when either day field was written with * or ?, a day must match both; otherwise either.
  return new Cron(pattern, { timezone: s.timezone ?? 'Etc/UTC', paused: true, mode: '6-part', domAndDow: s.dom.star || s.dow.star });
}

const evaluators = new Map<string, Cron>();

/**
 * The most recent point of a cron schedule at or before `now` (undefined for `@every`, which has no fixed points).
 * Throws CronSyntaxError for an expression upstream refuses.
 */
export function lastCronPoint(expr: string, now: Date): Date | undefined {
  let c = evaluators.get(expr);
  if (!c) {
    const s = parseCron(expr);
    if (s.kind === 'every') return undefined;
    c = evaluator(s);
    evaluators.set(expr, c);
  }
  // previousRuns looks strictly before the reference second; a point exactly now counts as passed.
  const ref = new Date(Math.floor(now.getTime() / 1000) * 1000 + 1000);
  return c.previousRuns(1, ref)[0] ?? undefined;
}
