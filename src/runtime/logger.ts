// JSON-lines logging: {"time","level","component","msg", ...fields}. Every value registered with
// `registerSecret` is replaced by "[REDACTED]" in every line, so a token that ends up in an error message
// still never reaches the logs.

import type { LogLevel } from './log-levels.js';

export { LOG_LEVELS, type LogLevel } from './log-levels.js';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines all carry these fields too (read when a line is written: do not change them afterwards). */
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

/** A logger's fields: its parent's, then its own (a later field of the same name wins). */
interface Fields {
  parent: Fields | undefined;
  own: Record<string, unknown>;
}

function addFields(line: Record<string, unknown>, fields: Record<string, unknown>): void {
  for (const k of Object.keys(fields)) {
    if (k === 'level') continue;
    const v = fields[k];
    line[k] = v instanceof Error ? serializeError(v) : v;
  }
}

function addChain(line: Record<string, unknown>, chain: Fields | undefined): void {
  if (!chain) return;
  addChain(line, chain.parent);
  addFields(line, chain.own);
}

/** All of a logger's fields in one record. */
function flatten(chain: Fields | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  addChain(out, chain);
  return out;
}

/** One JSON line: time, level, the logger's fields, the call's fields (errors as message and stack), msg. */
function formatLine(level: LogLevel, message: string, own: Fields | undefined, extra: Record<string, unknown> | undefined): string {
  const line: Record<string, unknown> = { time: new Date().toISOString(), level };
  addChain(line, own);
  if (extra) addFields(line, extra);
  // The message comes last, whatever the fields hold (a field named msg does not replace it).
  delete line.msg;
  line.msg = message;
  let text: string;
  try {
    text = redact(JSON.stringify(line));
  } catch (e) {
    // A circular or BigInt field: the line keeps what identifies it instead of failing the caller.
    text = redact(JSON.stringify({ time: line.time, level, ...stringFields(flatten(own)), msg: message, fieldsError: (e as Error).message }));
  }
  return Buffer.byteLength(text) <= MAX_LOG_LINE_BYTES ? text : shortened(text);
}

function stringFields(fields: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (typeof v === 'string') out[k] = v;
  return out;
}

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

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * Writes each line straight to the stream: no formatter pipeline, and a child is only a link to its parent's fields
 * and its own (the hook makes one per delivery and most never write a line: they are merged when a line is written),
 * so a line costs one JSON.stringify and one write.
 */
class JsonLinesLogger implements Logger {
  constructor(private readonly stream: NodeJS.WritableStream, private readonly min: number, private readonly fields: Fields | undefined) {}
  debug(msg: string, fields?: Record<string, unknown>): void { this.log('debug', msg, fields); }
  info(msg: string, fields?: Record<string, unknown>): void { this.log('info', msg, fields); }
  warn(msg: string, fields?: Record<string, unknown>): void { this.log('warn', msg, fields); }
  error(msg: string, fields?: Record<string, unknown>): void { this.log('error', msg, fields); }
  child(fields: Record<string, unknown>): Logger { return new JsonLinesLogger(this.stream, this.min, { parent: this.fields, own: fields }); }

  private log(level: LogLevel, msg: string, fields: Record<string, unknown> | undefined): void {
    if (RANK[level] < this.min) return;
    this.stream.write(`${formatLine(level, msg, this.fields, fields)}\n`);
  }
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; defaults to stderr (stdout stays free for subcommand output). */
  stream?: NodeJS.WritableStream;
}

export function createRootLogger(opts: LoggerOptions = {}): Logger {
  return new JsonLinesLogger(opts.stream ?? process.stderr, RANK[opts.level ?? 'info'], undefined);
}
