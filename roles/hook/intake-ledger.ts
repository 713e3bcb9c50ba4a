// What the hook has taken in, kept across restarts under <data-dir>/hook/intake/: the X-GitHub-Delivery of every
// accepted delivery (so a redelivery of something already handled is dropped), the content keys of recent events
// (so a webhook and the poller never both hand the same change to the plugins), the deliveries catch-up asked
// GitHub to redeliver (each once), and when catch-up last scanned.
//
// One append-only file of JSON lines, written in batches off the answer path and compacted at start. Losing the
// last batch in a crash can only let a duplicate through, never drop an event.
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EventKey } from './event-keys.js';

/** GitHub keeps webhook deliveries for three days: nothing older can be redelivered. */
export const LEDGER_RETENTION_MS = 3 * 24 * 3600_000;
/** Bound on remembered entries of each kind (the oldest are forgotten first). */
const MAX_ENTRIES = 200_000;
const FLUSH_MS = 200;

type Line =
  | { g: string; t: number } // accepted delivery GUID
  | { k: string; t: number; e: number } // content key, until e
  | { r: string; t: number } // catch-up is done with this GUID
  | { s: number }; // catch-up scan started at

export interface LedgerOptions {
  retentionMs?: number;
  now?: () => number;
}

export class IntakeLedger {
  private readonly guids = new Map<string, number>();
  private readonly keys = new Map<string, number>();
  private readonly redeliveries = new Map<string, number>();
  private lastScan: number | undefined;
  private latest: number | undefined;
  private buffer: string[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly file: string;
  private readonly now: () => number;
  private readonly retentionMs: number;

  constructor(dir: string, opts: LedgerOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.retentionMs = opts.retentionMs ?? LEDGER_RETENTION_MS;
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, 'ledger.jsonl');
    this.load();
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  /** The latest time a delivery was accepted, if any was within the retention. */
  get lastAcceptedAt(): number | undefined {
    return this.latest;
  }

  get lastScanAt(): number | undefined {
    return this.lastScan;
  }

  hasDelivery(guid: string): boolean {
    return this.guids.has(guid);
  }

  /** The first of `keys` a recent event already had, if any. */
  seenKey(keys: readonly EventKey[]): string | undefined {
    const now = this.now();
    for (const k of keys) {
      const until = this.keys.get(k.key);
      if (until !== undefined && until > now) return k.key;
    }
    return undefined;
  }

  /** Records an accepted delivery (its GUID, when it has one) and its content keys. */
  accepted(guid: string | undefined, keys: readonly EventKey[]): void {
    const t = this.now();
    if (guid !== undefined) {
      this.put(this.guids, guid, t, { g: guid, t });
      this.latest = t;
    }
    for (const k of keys) {
      const e = t + (k.ttlMs ?? this.retentionMs);
      this.put(this.keys, k.key, e, { k: k.key, t, e });
    }
  }

  /** Whether catch-up is done with this GUID (it asked GitHub to redeliver it, or found the hook already had it). */
  caughtUp(guid: string): boolean {
    return this.redeliveries.has(guid);
  }

  markCaughtUp(guid: string): void {
    const t = this.now();
    this.put(this.redeliveries, guid, t, { r: guid, t });
  }

  scanStarted(at: number): void {
    this.lastScan = at;
    this.buffer.push(JSON.stringify({ s: at }));
  }

  /** Writes what is buffered (also done every 200 ms). */
  flush(): void {
    if (this.buffer.length === 0) return;
    const text = `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    try {
      appendFileSync(this.file, text);
    } catch {
      // A full or read-only disk: the entries stay in memory; only de-duplication after a restart is weaker.
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }

  private put(map: Map<string, number>, key: string, value: number, line: Line): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
    this.buffer.push(JSON.stringify(line));
  }

  /** Reads the file, keeps what is within the retention and rewrites it compacted. */
  private load(): void {
    let text = '';
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return;
    }
    const cutoff = this.now() - this.retentionMs;
    const now = this.now();
    for (const raw of text.split('\n')) {
      if (raw === '') continue;
      let l: Line;
      try {
        l = JSON.parse(raw) as Line;
      } catch {
        continue; // torn by a crash mid-write
      }
      if ('s' in l) this.lastScan = Math.max(this.lastScan ?? 0, l.s);
      else if ('g' in l && l.t >= cutoff) {
        this.guids.set(l.g, l.t);
        this.latest = Math.max(this.latest ?? 0, l.t);
      }
      else if ('k' in l && l.e > now) this.keys.set(l.k, l.e);
      else if ('r' in l && l.t >= cutoff) this.redeliveries.set(l.r, l.t);
    }
    const lines: string[] = [];
    for (const [g, t] of this.guids) lines.push(JSON.stringify({ g, t }));
    for (const [k, e] of this.keys) lines.push(JSON.stringify({ k, t: now, e }));
    for (const [r, t] of this.redeliveries) lines.push(JSON.stringify({ r, t }));
    if (this.lastScan !== undefined) lines.push(JSON.stringify({ s: this.lastScan }));
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, lines.length ? `${lines.join('\n')}\n` : '');
    renameSync(tmp, this.file);
  }
}
