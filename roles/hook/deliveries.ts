// Accepted deliveries are appended to a log under <data-dir>/hook/deliveries/ before the hook answers 200, and
// marked done once every plugin has handled them, so a crash or restart between the answer and the handling loses
// nothing: at the next start the deliveries without a done mark are handled again (oldest first, bounded).
//
// The log is a series of segment files of JSON lines (`d` = delivery, `x` = done). Appending to an open file is
// cheap enough to do synchronously on the answer path (creating a file per delivery is not: directory updates are
// slow on busy disks). A segment is deleted once it is no longer written to and all its deliveries are done.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface Delivery {
  eventType: string;
  guid: string;
  /** The headers external plugins get forwarded (signatures, content type, delivery, event). */
  headers: Record<string, string>;
  body: Buffer;
  receivedAt: string;
}

interface DeliveryLine {
  t: 'd';
  id: number;
  eventType: string;
  guid: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: string;
}

interface DoneLine {
  t: 'x';
  id: number;
}

/** A segment is closed and a new one started past this size. */
const SEGMENT_BYTES = 16 * 1024 * 1024;

interface Segment {
  file: string;
  fd: number | undefined;
  pending: number;
}

export class DeliveryLog {
  private nextId = 1;
  private current: Segment | undefined;
  private readonly segmentOf = new Map<number, Segment>();
  private size = 0;
  private seq: number;

  constructor(readonly dir: string, private readonly segmentBytes = SEGMENT_BYTES) {
    mkdirSync(dir, { recursive: true });
    this.seq = Math.max(0, ...this.segmentFiles().map((f) => Number(/^(\d+)/.exec(f)?.[1] ?? 0)));
  }

  /** Appends the delivery; returns its id for `done`. Throws when the log cannot be written (answer 500). */
  save(d: Delivery): number {
    const id = this.nextId++;
    const line: DeliveryLine = { t: 'd', id, eventType: d.eventType, guid: d.guid, headers: d.headers, body: d.body.toString('base64'), receivedAt: d.receivedAt };
    const seg = this.segment();
    const text = `${JSON.stringify(line)}\n`;
    writeSync(seg.fd as number, text);
    this.size += Buffer.byteLength(text);
    seg.pending++;
    this.segmentOf.set(id, seg);
    return id;
  }

  /** Marks a delivery handled. */
  done(id: number): void {
    const seg = this.segmentOf.get(id);
    if (!seg) return;
    this.segmentOf.delete(id);
    seg.pending--;
    if (seg.fd !== undefined) {
      const mark: DoneLine = { t: 'x', id };
      const text = `${JSON.stringify(mark)}\n`;
      writeSync(seg.fd, text);
      this.size += text.length;
    } else if (seg.pending === 0) {
      rmSync(seg.file, { force: true });
    }
  }

  /**
   * Deliveries an earlier process accepted and did not finish, oldest first, at most `max`; they are moved into the
   * current segment (so `done` applies to them) and the old segments are removed.
   */
  leftovers(max: number): { id: number; delivery: Delivery }[] {
    const open = new Map<number, DeliveryLine>();
    const files = this.segmentFiles().map((f) => path.join(this.dir, f)).filter((f) => f !== this.current?.file);
    const all: DeliveryLine[] = [];
    for (const file of files) {
      open.clear();
      for (const text of readFileSync(file, 'utf8').split('\n')) {
        if (text === '') continue;
        let line: DeliveryLine | DoneLine;
        try {
          line = JSON.parse(text) as DeliveryLine | DoneLine;
        } catch {
          continue; // a line torn by a crash mid-write: it was never acknowledged
        }
        if (line.t === 'd') open.set(line.id, line);
        else open.delete(line.id);
      }
      all.push(...open.values());
    }
    const out: { id: number; delivery: Delivery }[] = [];
    const kept = all.slice(0, max);
    for (const l of kept) {
      const delivery: Delivery = { eventType: l.eventType, guid: l.guid, headers: l.headers, body: Buffer.from(l.body, 'base64'), receivedAt: l.receivedAt };
      out.push({ id: this.save(delivery), delivery });
    }
    // Beyond the bound: carried over unhandled, for the next start.
    for (const l of all.slice(max)) {
      this.save({ eventType: l.eventType, guid: l.guid, headers: l.headers, body: Buffer.from(l.body, 'base64'), receivedAt: l.receivedAt });
    }
    for (const file of files) rmSync(file, { force: true });
    return out;
  }

  /** Deliveries not yet marked done (this process). */
  pending(): number {
    return this.segmentOf.size;
  }

  close(): void {
    if (this.current?.fd !== undefined) {
      closeSync(this.current.fd);
      this.current.fd = undefined;
      if (this.current.pending === 0) rmSync(this.current.file, { force: true });
    }
    this.current = undefined;
  }

  private segment(): Segment {
    if (this.current && this.size < this.segmentBytes) return this.current;
    if (this.current) {
      const old = this.current;
      closeSync(old.fd as number);
      old.fd = undefined;
      if (old.pending === 0) rmSync(old.file, { force: true });
    }
    const file = path.join(this.dir, `${String(++this.seq).padStart(12, '0')}.log`);
    this.current = { file, fd: openSync(file, 'a'), pending: 0 };
    this.size = 0;
    return this.current;
  }

  private segmentFiles(): string[] {
    return readdirSync(this.dir).filter((f) => /^\d+\.log$/.test(f)).sort();
  }
}
