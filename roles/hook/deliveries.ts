// Accepted deliveries are written to <data-dir>/hook/deliveries/ before the hook answers 200 and removed once every
// plugin has handled them, so a crash or restart between the answer and the handling loses nothing: leftovers are
// replayed at the next start (oldest first, bounded).
import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export interface Delivery {
  eventType: string;
  guid: string;
  /** The headers external plugins get forwarded (signatures, content type, delivery, event). */
  headers: Record<string, string>;
  body: Buffer;
  receivedAt: string;
}

interface StoredDelivery {
  eventType: string;
  guid: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: string;
}

export class DeliveryLog {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /**
   * Writes the delivery (atomically: temp file then rename); returns its file for `done`. Synchronous on purpose: a
   * sub-millisecond write on the answer path must not queue in libuv's thread pool behind the store's fsyncs.
   */
  save(d: Delivery): string {
    const name = `${Date.now().toString().padStart(15, '0')}-${safe(d.guid)}-${randomUUID().slice(0, 8)}.json`;
    const file = path.join(this.dir, name);
    const stored: StoredDelivery = { eventType: d.eventType, guid: d.guid, headers: d.headers, body: d.body.toString('base64'), receivedAt: d.receivedAt };
    writeFileSync(`${file}.tmp`, JSON.stringify(stored));
    renameSync(`${file}.tmp`, file);
    return file;
  }

  async done(file: string): Promise<void> {
    await rm(file, { force: true });
  }

  /** Deliveries left by an earlier process, oldest first, at most `max` (the rest wait for the next start). */
  async leftovers(max: number): Promise<{ file: string; delivery: Delivery }[]> {
    const names = (await readdir(this.dir)).sort();
    // A temp file is a delivery that was never acknowledged: GitHub got no 200 and will show it as failed.
    for (const n of names.filter((x) => x.endsWith('.tmp'))) await rm(path.join(this.dir, n), { force: true });
    const out: { file: string; delivery: Delivery }[] = [];
    for (const n of names.filter((x) => x.endsWith('.json')).slice(0, max)) {
      const file = path.join(this.dir, n);
      try {
        const s = JSON.parse(await readFile(file, 'utf8')) as StoredDelivery;
        out.push({ file, delivery: { ...s, body: Buffer.from(s.body, 'base64') } });
      } catch {
        // Unreadable: keep it aside for a human rather than retry it forever.
        await rename(file, `${file}.bad`).catch(() => undefined);
      }
    }
    return out;
  }

  async count(): Promise<number> {
    const st = await stat(this.dir).catch(() => undefined);
    if (!st) return 0;
    return (await readdir(this.dir)).filter((n) => n.endsWith('.json')).length;
  }
}

function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9-]/g, '_').slice(0, 64);
}
