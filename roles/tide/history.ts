// Tide's action history: the last 1,000 actions per pool (upstream's history package), newest first, in upstream's
// JSON shape, kept across restarts in the object --history-uri names (a path, file://, gs:// or s3://), written
// after every sync that recorded something.
import type { Pull } from '../../src/api/prowjob.js';
import type { StoredObject } from '../../src/storage/object-uri.js';

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

  constructor(private readonly object?: StoredObject, private readonly limit = MAX_RECORDS_PER_POOL) {}

  /** Reads the stored history when there is one; a missing object is an empty history, a bad one an error. */
  async load(): Promise<void> {
    const raw = await this.object?.read();
    if (raw === undefined) return;
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

  /** Writes the stored history when something changed (a file atomically); a failed write is retried next time. */
  async flush(): Promise<void> {
    if (!this.object || !this.dirty) return;
    this.dirty = false;
    try {
      await this.object.write(JSON.stringify(this.all()));
    } catch (e) {
      this.dirty = true;
      throw e;
    }
  }
}
