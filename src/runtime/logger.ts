// JSON-lines logging: {"time","level","component","msg", ...fields}. Every value registered with
// `registerSecret` is replaced by "[REDACTED]" in every line, so a token that ends up in an error message
// still never reaches the logs.
import winston from 'winston';

import type { LogLevel } from './log-levels.js';

export { LOG_LEVELS, type LogLevel } from './log-levels.js';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines all carry these fields too. */
  child(fields: Record<string, unknown>): Logger;
}

const secrets = new Set<string>();

/** Secrets shorter than this are not redacted: they would mangle ordinary words. */
const MIN_SECRET_LENGTH = 6;

export function registerSecret(value: string | undefined): void {
  const v = value?.trim();
  if (v && v.length >= MIN_SECRET_LENGTH) secrets.add(v);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('[REDACTED]');
  return out;
}

function serializeError(e: Error): Record<string, unknown> {
  return { message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
}

const lineFormat = winston.format.printf((info) => {
  const { level, message, timestamp: _ts, ...rest } = info as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) {
    if (typeof k === 'symbol') continue;
    fields[k] = v instanceof Error ? serializeError(v) : v;
  }
  const line = { time: new Date().toISOString(), level, ...fields, msg: message };
  const text = redact(JSON.stringify(line));
  return Buffer.byteLength(text) <= MAX_LOG_LINE_BYTES ? text : shortened(text);
});

/** No log line is longer than this: a 60 MB value from a webhook or a job becomes a cut, still valid, line. */
export const MAX_LOG_LINE_BYTES = 16 * 1024;
/** Each string in a line that is too long is cut to this many characters, each list to this many items. */
const MAX_FIELD_CHARS = 1024;
const MAX_LIST_ITEMS = 20;

/** The line (already redacted, so cutting can only remove text) with long strings and lists cut. */
function shortened(text: string): string {
  const cut = (v: unknown): unknown => {
    if (typeof v === 'string') return v.length <= MAX_FIELD_CHARS ? v : `${v.slice(0, MAX_FIELD_CHARS)}… (${Buffer.byteLength(v.slice(MAX_FIELD_CHARS))} bytes cut)`;
    if (Array.isArray(v)) return v.length <= MAX_LIST_ITEMS ? v.map(cut) : [...v.slice(0, MAX_LIST_ITEMS).map(cut), `… (${v.length - MAX_LIST_ITEMS} items cut)`];
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cut(x)]));
    return v;
  };
  const line = cut(JSON.parse(text)) as Record<string, unknown>;
  const out = JSON.stringify(line);
  if (Buffer.byteLength(out) <= MAX_LOG_LINE_BYTES) return out;
  // Still too long (very many fields): keep what identifies the line.
  const { time, level, component, msg } = line;
  return JSON.stringify({ time, level, component, msg, cut: `${Buffer.byteLength(text)} bytes of fields cut` });
}

class WinstonLogger implements Logger {
  constructor(private readonly w: winston.Logger) {}
  debug(msg: string, fields?: Record<string, unknown>): void { this.w.debug(msg, fields); }
  info(msg: string, fields?: Record<string, unknown>): void { this.w.info(msg, fields); }
  warn(msg: string, fields?: Record<string, unknown>): void { this.w.warn(msg, fields); }
  error(msg: string, fields?: Record<string, unknown>): void { this.w.error(msg, fields); }
  child(fields: Record<string, unknown>): Logger { return new WinstonLogger(this.w.child(fields)); }
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; defaults to stderr (stdout stays free for subcommand output). */
  stream?: NodeJS.WritableStream;
}

export function createRootLogger(opts: LoggerOptions = {}): Logger {
  const transport = new winston.transports.Stream({ stream: opts.stream ?? process.stderr });
  const w = winston.createLogger({ level: opts.level ?? 'info', format: lineFormat, transports: [transport] });
  return new WinstonLogger(w);
}
