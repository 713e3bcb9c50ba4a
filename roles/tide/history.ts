// Tide's action history: the last 1,000 actions per pool (upstream's history package), newest first, in upstream's
// JSON shape, kept across restarts in a file (--history-uri: a path or file:// URL) written after every sync.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pull } from '../../src/api/prowjob.js';

export interface HistoryRecord {
  time: string;
  action: string;
  baseSHA?: string;
  target?: Pull[];
  err?: string;
  tenantids: string[];
}

export const MAX_RECORDS_PER_POOL = 1000;

export class History {
  private readonly logs = new Map<string, HistoryRecord[]>();
  private dirty = false;

  constructor(private readonly file?: string, private readonly limit = MAX_RECORDS_PER_POOL) {}

  /** Reads the file when there is one; a missing file is an empty history, a bad one an error. */
  async load(): Promise<void> {
    if (!this.file) return;
    let raw: string;
    try {
      raw = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    const parsed = JSON.parse(raw) as Record<string, HistoryRecord[]>;
    for (const [k, v] of Object.entries(parsed)) if (Array.isArray(v)) this.logs.set(k, v.slice(0, this.limit));
  }

  record(pool: string, action: string, baseSHA: string, err: string, target: Pull[], now = new Date()): void {
    const rec: HistoryRecord = { time: now.toISOString(), action, ...(baseSHA ? { baseSHA } : {}), ...(target.length ? { target } : {}), ...(err ? { err } : {}), tenantids: [''] };
    const log = this.logs.get(pool) ?? [];
    log.unshift(rec);
    if (log.length > this.limit) log.length = this.limit;
    this.logs.set(pool, log);
    this.dirty = true;
  }

  all(): Record<string, HistoryRecord[]> {
    return Object.fromEntries(this.logs);
  }

  /** Writes the file atomically when something changed. */
  async flush(): Promise<void> {
    if (!this.file || !this.dirty) return;
    this.dirty = false;
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, JSON.stringify(this.all()));
    await rename(tmp, this.file);
  }
}

/** The history file for --history-uri: a plain path or a file:// URL; other schemes are refused. */
export function historyFile(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  if (uri.startsWith('file://')) return new URL(uri).pathname;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) throw new Error(`--history-uri: only a file path or file:// URL is supported, not ${uri}`);
  return uri;
}
