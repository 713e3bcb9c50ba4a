// Accepted deliveries are appended to a log under <data-dir>/hook/deliveries/ before the hook answers 200, and
// marked done once every plugin has handled them, so a crash or restart between the answer and the handling loses
// nothing: at the next start the deliveries without a done mark are handled again (oldest first, bounded).
//
// The log is a series of segment files of JSON lines (`d` = delivery, `x` = done). Appending to an open file is
// cheap enough to do synchronously on the answer path (creating a file per delivery is not: directory updates are
// slow on busy disks). A segment is deleted once it is no longer written to and all its deliveries are done.
//
// Durability (`synced`) is a group commit: one fdatasync, off the event loop, covers every line appended before it
// started, so concurrent deliveries share one disk flush; a caller arriving while a flush is under way joins the
// next one. Done marks are not waited for: a lost mark only means the delivery is handled again.
import { closeSync, fdatasync, fdatasyncSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
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
  /** fdatasyncs in flight on fd: a rotated segment's fd is closed only once they are over. */
  syncs: number;
  /** Rotated while a sync was in flight: close (and maybe remove) when the last one ends. */
  retired: boolean;
}

export class DeliveryLog {
  private nextId = 1;
  private current: Segment | undefined;
  private readonly segmentOf = new Map<number, Segment>();
  private size = 0;
  private seq: number;
  /** The group commit under way, and the one callers arriving meanwhile wait for. */
  private flushing: Promise<void> | undefined;
  private nextFlush: Promise<void> | undefined;

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

  /** Resolves once every delivery saved so far is on disk (group commit); rejects when the disk refuses. */
  synced(): Promise<void> {
    if (!this.flushing) return this.flush();
    // The flush under way may have started before our line was written: wait for the next one.
    this.nextFlush ??= this.flushing.then(() => undefined, () => undefined).then(() => {
      this.nextFlush = undefined;
      return this.flush();
    });
    return this.nextFlush;
  }

  /** Starts an fdatasync of the current segment (a rotated one was flushed when it was retired). */
  private flush(): Promise<void> {
    const seg = this.current;
    const fd = seg?.fd;
    if (!seg || fd === undefined) return Promise.resolve();
    seg.syncs++;
    const p = new Promise<void>((resolve, reject) => fdatasync(fd, (err) => {
      seg.syncs--;
      if (this.flushing === p) this.flushing = undefined;
      if (seg.retired && seg.syncs === 0) this.closeSegment(seg);
      if (err) reject(err);
      else resolve();
    }));
    this.flushing = p;
    return p;
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
    // Moved: durable in the current segment before the old copies go.
    if (this.current?.fd !== undefined) fdatasyncSync(this.current.fd);
    for (const file of files) rmSync(file, { force: true });
    return out;
  }

  /** Deliveries not yet marked done (this process). */
  pending(): number {
    return this.segmentOf.size;
  }

  close(): void {
    if (this.current) this.retire(this.current);
    this.current = undefined;
  }

  private segment(): Segment {
    if (this.current && this.size < this.segmentBytes) return this.current;
    // What was acknowledged from the old segment is durable before later flushes move on to the new one.
    if (this.current) this.retire(this.current);
    const file = path.join(this.dir, `${String(++this.seq).padStart(12, '0')}.log`);
    this.current = { file, fd: openSync(file, 'a'), pending: 0, syncs: 0, retired: false };
    this.size = 0;
    // The new file's directory entry is durable too, once per segment.
    const dirFd = openSync(this.dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
    return this.current;
  }

  /** No more writes to `seg`: flush it, and close it now or once the flushes in flight on its fd end. */
  private retire(seg: Segment): void {
    if (seg.fd === undefined) return;
    fdatasyncSync(seg.fd);
    seg.retired = true;
    if (seg.syncs === 0) this.closeSegment(seg);
  }

  private closeSegment(seg: Segment): void {
    if (seg.fd === undefined) return;
    closeSync(seg.fd);
    seg.fd = undefined;
    if (seg.pending === 0) rmSync(seg.file, { force: true });
  }

  private segmentFiles(): string[] {
    return readdirSync(this.dir).filter((f) => /^\d+\.log$/.test(f)).sort();
  }
}
