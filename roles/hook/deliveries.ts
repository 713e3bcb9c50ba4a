// Accepted deliveries are appended to a log under <data-dir>/hook/deliveries/ before the hook answers 200, and
// marked done once every plugin has handled them, so a crash or restart between the answer and the handling loses
// nothing: at the next start the deliveries without a done mark are handled again (oldest first, bounded).
//
// The log is a series of segment files of records: a delivery is a JSON line (`b`) giving the body's length, then
// the body's bytes as they came and a newline (no base64 or JSON escaping of the body on the answer path); a done
// mark is a JSON line (`x`). Older logs' `d` lines (the body in base64, inside the line) are still read. Appending
// to an open file is cheap enough to do synchronously on the answer path (creating a file per delivery is not:
// directory updates are slow on busy disks).
//
// Done marks always go to the segment being written, naming the segment of their delivery (`s`), so a delivery
// finished after its segment was closed is still known to be done after a crash. A segment whose deliveries are all
// done is deleted only once every older one is gone: until then a newer segment may hold marks for an older one.
//
// A delivery that cannot be handled (its handling failed MAX_HANDLING_ATTEMPTS times, or it was replayed
// MAX_REPLAYS times without finishing: it may be what kills the process) is moved to `quarantine/` as a JSON file
// and never replayed again.
//
// Durability (`synced`) is a group commit: one fdatasync covers every line appended before it started, so concurrent
// deliveries share one disk flush; a caller arriving while a flush is under way joins the next one. A fast disk's
// flush is done inline, a slow one's on libuv's thread pool (see INLINE_FLUSH_MS). /hook stages its deliveries
// instead of writing each: the lines staged meanwhile go to the file in one write when the flush starts (an
// unacknowledged line is all a crash can take). Done marks are not waited for: they are written once per turn of the
// event loop, and a lost mark only means the delivery is handled again.
//
// A busy log writes into segments made ahead of time: once the segment being written passes PREFILL_AFTER_BYTES, the
// next one is written full of zeros on the thread pool (see zeroed-file.ts), and the log moves to it when it is ready.
// Overwriting flushed blocks spares each flush a file-system journal commit. A zero byte where a record would start
// ends a segment's records (a delivery's body is JSON, which has none).
import { closeSync, fdatasync, fdatasyncSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writevSync } from 'node:fs';
import path from 'node:path';
import { writeZeroedFile } from './zeroed-file.js';

export interface Delivery {
  eventType: string;
  guid: string;
  /** The headers external plugins get forwarded (signatures, content type, delivery, event). */
  headers: Record<string, string>;
  body: Buffer;
  receivedAt: string;
}

/** A delivery's record header; `n` bytes of body and a newline follow it. */
interface DeliveryHeader {
  t: 'b';
  id: number;
  eventType: string;
  guid: string;
  headers: Record<string, string>;
  receivedAt: string;
  n: number;
  /** How often an earlier process replayed it without finishing. */
  r?: number;
  /** The `segment:id` this record carries over from an earlier process (that one no longer counts). */
  o?: string;
}

/** A delivery as older versions wrote it: the body in base64 inside the line. */
interface Base64DeliveryLine extends Omit<DeliveryHeader, 't' | 'n'> {
  t: 'd';
  body: string;
}

interface DoneLine {
  t: 'x';
  id: number;
  /** The segment of the delivery (older marks, without it, are for their own segment). */
  s?: number;
}

/**
 * While recent flushes took less than this (a moving average), the next one is done inline, blocking the event loop
 * for it: handing an fdatasync to libuv's thread pool costs a thread wake-up each way, ≈ 80 µs of CPU on a small VM,
 * a third of a fast disk's flush, and a busy hook would rather spend nothing than wait less. A slower disk's flushes
 * go to the thread pool, so the loop goes on answering and handling meanwhile.
 */
export const INLINE_FLUSH_MS = 1;
/** Weight of the latest flush in the moving average of flush times. */
const FLUSH_MS_WEIGHT = 0.2;

export interface DeliveryLogOptions {
  /** A segment is closed and a new one started past this size. */
  segmentBytes?: number;
  /** INLINE_FLUSH_MS unless set (0: always on the thread pool; Infinity: always inline). */
  inlineFlushMs?: number;
  /** PREFILL_AFTER_BYTES unless set (Infinity: segments are never made ahead). */
  prefillAfterBytes?: number;
}

/**
 * Once the segment being written holds this much, the next one is made ahead, zero-filled to the segment size. A
 * hook that takes in less never writes the zeros.
 */
export const PREFILL_AFTER_BYTES = 1024 * 1024;

/**
 * A segment is closed and a new one started past this size. Small, since a segment made ahead is all written as zeros
 * first: with 16 MiB ones, a burst of `/test` comments (bench hook, B: 1.25 MB of deliveries) paid for 16 MiB of zeros
 * whose write-back held up the store's and the journal's flushes (acknowledged req/s 690–1,169 → 665–813); with 2 MiB
 * ones, as fast as appending there (573–1,232 against 690–1,040).
 */
const SEGMENT_BYTES = 2 * 1024 * 1024;

/** A delivery replayed this often without ever being marked done is quarantined instead. */
export const MAX_REPLAYS = 10;

/** Subdirectory of the log holding quarantined deliveries. */
export const QUARANTINE_DIR = 'quarantine';

interface Segment {
  seq: number;
  file: string;
  fd: number | undefined;
  /** Where the next write goes. */
  written: number;
  /** Made ahead, full of zeros (overwritten in place). */
  zeroed: boolean;
  pending: number;
  /** fdatasyncs in flight on fd: a rotated segment's fd is closed only once they are over. */
  syncs: number;
  /** No longer written to: closed (and pruned) when the last flush in flight on it ends. */
  retired: boolean;
}

/** The next segment, being made ahead or ready. */
interface NextSegment {
  seq: number;
  file: string;
  ready: boolean;
  /** Not wanted any more: its file is removed once made. */
  abandoned: boolean;
}

export interface Leftovers {
  /** To handle again (already moved into the current segment). */
  replay: { id: number; delivery: Delivery }[];
  /** Moved to quarantine instead: replayed MAX_REPLAYS times without finishing. */
  quarantined: Delivery[];
}

const segmentSeq = (file: string): number => Number(/^(\d+)/.exec(path.basename(file))?.[1] ?? 0);

export class DeliveryLog {
  private nextId = 1;
  private current: Segment | undefined;
  /** Segments on disk written by this process, oldest first. */
  private readonly segments: Segment[] = [];
  private readonly segmentOf = new Map<number, Segment>();
  private size = 0;
  private seq: number;
  /** The group commit under way, and the one callers arriving meanwhile wait for. */
  private flushing: Promise<void> | undefined;
  private nextFlush: Promise<void> | undefined;
  /** fdatasyncs started by `synced` (how well deliveries share them), and how many of them were inline. */
  flushes = 0;
  inlineFlushes = 0;
  /** Moving average of recent flush times (ms). */
  private flushMs = 0;
  private readonly segmentBytes: number;
  private readonly inlineFlushMs: number;
  private readonly prefillAfterBytes: number;
  private next: NextSegment | undefined;
  /** The current segment's size past which the next is made ahead (later again after a failure). */
  private prefillAt: number;
  /** Bytes for the current segment not yet written to it (staged deliveries). */
  private unwritten: Buffer[] = [];
  private writeScheduled = false;

  constructor(readonly dir: string, opts: DeliveryLogOptions = {}) {
    this.segmentBytes = opts.segmentBytes ?? SEGMENT_BYTES;
    this.inlineFlushMs = opts.inlineFlushMs ?? INLINE_FLUSH_MS;
    this.prefillAfterBytes = opts.prefillAfterBytes ?? PREFILL_AFTER_BYTES;
    this.prefillAt = this.prefillAfterBytes;
    mkdirSync(dir, { recursive: true });
    this.seq = Math.max(0, ...this.segmentFiles().map(segmentSeq));
  }

  /** Appends the delivery; returns its id for `done`. Throws when the log cannot be written (answer 500). */
  save(d: Delivery): number {
    const id = this.append(d);
    this.writeOut();
    return id;
  }

  /**
   * Appends the delivery to the lines the next flush writes (with every line staged meanwhile, in one write); the
   * caller must then await `synced()`, which rejects when they cannot be written. Returns its id for `done`.
   */
  stage(d: Delivery): number {
    return this.append(d);
  }

  /** Resolves once every delivery saved so far is on disk (group commit); rejects when the disk refuses. */
  synced(): Promise<void> {
    // The next flush starts once the flush under way is over (it may have started before our line was written),
    // or, with none under way, at the end of this turn of the event loop: every delivery read in the same turn
    // then shares it, where starting at once gave the first its own fdatasync and made the rest wait for two.
    this.nextFlush ??= (this.flushing ?? endOfTurn()).then(() => undefined, () => undefined).then(() => {
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
    try {
      this.writeOut();
    } catch (e) {
      // Their callers are told (a 500); the lines are dropped, so a later write cannot bring them back.
      this.unwritten = [];
      return Promise.reject(e as Error);
    }
    this.flushes++;
    const started = performance.now();
    if (this.flushMs < this.inlineFlushMs) {
      this.inlineFlushes++;
      try {
        fdatasyncSync(fd);
      } catch (e) {
        return Promise.reject(e as Error);
      } finally {
        this.tookMs(performance.now() - started);
      }
      return Promise.resolve();
    }
    seg.syncs++;
    const p = new Promise<void>((resolve, reject) => fdatasync(fd, (err) => {
      this.tookMs(performance.now() - started);
      seg.syncs--;
      if (this.flushing === p) this.flushing = undefined;
      if (seg.retired && seg.syncs === 0) {
        this.closeSegment(seg);
        this.prune();
      }
      if (err) reject(err);
      else resolve();
    }));
    this.flushing = p;
    return p;
  }

  private tookMs(ms: number): void {
    this.flushMs += (ms - this.flushMs) * FLUSH_MS_WEIGHT;
  }

  /** Marks a delivery handled. */
  done(id: number): void {
    const seg = this.segmentOf.get(id);
    if (!seg) return;
    // A DoneLine, written out by hand: both fields are integers.
    this.write(Buffer.from(`{"t":"x","id":${id},"s":${seg.seq}}\n`));
    // The marks of one turn of the event loop go out in one write (a lost mark only means handling it again).
    if (!this.writeScheduled) {
      this.writeScheduled = true;
      setImmediate(() => {
        this.writeScheduled = false;
        this.writeOut();
      });
    }
    this.segmentOf.delete(id);
    seg.pending--;
    this.prune();
  }

  /** Moves a delivery that cannot be handled to quarantine/ (and marks it done). Returns the file written. */
  quarantine(id: number, d: Delivery, reason: string): string {
    const file = this.writeQuarantine(d, reason);
    this.done(id);
    // Its mark is written now, not at the end of the turn: a quarantined delivery is never replayed.
    this.writeOut();
    return file;
  }

  /**
   * Deliveries an earlier process accepted and did not finish, oldest first, at most `max`; they are moved into the
   * current segment (so `done` applies to them) and the old segments are removed. Those replayed too often already
   * go to quarantine instead.
   */
  leftovers(max: number): Leftovers {
    const open = new Map<string, { line: DeliveryHeader | Base64DeliveryLine; body: Buffer }>();
    const mine = new Set(this.segments.map((s) => s.file));
    if (this.next) mine.add(this.next.file);
    const files = this.segmentFiles().map((f) => path.join(this.dir, f)).filter((f) => !mine.has(f));
    for (const file of files) {
      const seq = segmentSeq(file);
      for (const rec of readRecords(readFileSync(file))) {
        if (rec.body === undefined) {
          open.delete(`${rec.line.s ?? seq}:${rec.line.id}`);
          continue;
        }
        if (rec.line.o !== undefined) open.delete(rec.line.o);
        open.set(`${seq}:${rec.line.id}`, rec);
      }
    }
    const out: Leftovers = { replay: [], quarantined: [] };
    let replayed = 0;
    for (const [key, { line: l, body }] of open) {
      const delivery: Delivery = { eventType: l.eventType, guid: l.guid, headers: l.headers, body, receivedAt: l.receivedAt };
      const replays = (l.r ?? 0) + 1;
      if (replays > MAX_REPLAYS) {
        this.writeQuarantine(delivery, `replayed ${MAX_REPLAYS} times without finishing`);
        out.quarantined.push(delivery);
        continue;
      }
      // Beyond the bound: carried over unhandled (not counted as a replay), for the next start.
      const id = this.append(delivery, { r: replayed < max ? replays : l.r, o: key });
      if (replayed++ < max) out.replay.push({ id, delivery });
    }
    // Moved: durable in the current segment before the old copies go.
    this.writeOut();
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
    this.abandonNext();
    this.prune();
  }

  private append(d: Delivery, extra: { r?: number; o?: string } = {}): number {
    const id = this.nextId++;
    const head: DeliveryHeader = { t: 'b', id, eventType: d.eventType, guid: d.guid, headers: d.headers, receivedAt: d.receivedAt, n: d.body.length };
    if (extra.r) head.r = extra.r;
    if (extra.o !== undefined) head.o = extra.o;
    const seg = this.write(Buffer.from(`${JSON.stringify(head)}\n`), d.body, NEWLINE);
    seg.pending++;
    this.segmentOf.set(id, seg);
    return id;
  }

  /** Adds bytes for the segment being written (starting a new one when it is full); returns that segment. */
  private write(...parts: Buffer[]): Segment {
    const seg = this.segment();
    for (const p of parts) {
      this.unwritten.push(p);
      this.size += p.length;
    }
    return seg;
  }

  /** Writes the bytes not yet written to the current segment, in one write. */
  private writeOut(): void {
    const seg = this.current;
    if (this.unwritten.length === 0 || seg?.fd === undefined) return;
    const parts = this.unwritten;
    this.unwritten = [];
    seg.written += writeAll(seg.fd, parts, seg.written);
  }

  /** Deletes finished, closed segments from the oldest on. */
  private prune(): void {
    while (this.segments.length > 0 && this.segments[0]!.fd === undefined && this.segments[0]!.pending === 0) {
      rmSync(this.segments.shift()!.file, { force: true });
    }
  }

  private writeQuarantine(d: Delivery, reason: string): string {
    const dir = path.join(this.dir, QUARANTINE_DIR);
    mkdirSync(dir, { recursive: true });
    const safe = d.guid.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
    const file = path.join(dir, `${Date.now()}-${safe}.json`);
    writeFileSync(file, JSON.stringify({ reason, eventType: d.eventType, guid: d.guid, headers: d.headers, receivedAt: d.receivedAt, body: d.body.toString('base64') }));
    return file;
  }

  private segment(): Segment {
    const current = this.current;
    if (current && !this.rotates(current)) {
      if (this.size >= this.prefillAt && this.next === undefined) this.prepareNext();
      return current;
    }
    // What was acknowledged from the old segment is durable before later flushes move on to the new one.
    if (current) this.retire(current);
    const next = this.next?.ready ? this.next : undefined;
    let seg: Segment;
    if (next) {
      this.next = undefined;
      seg = { seq: next.seq, file: next.file, fd: openSync(next.file, 'r+'), written: 0, zeroed: true, pending: 0, syncs: 0, retired: false };
    } else {
      // One being made now would come before this one: it is not used.
      this.abandonNext();
      const file = this.segmentFile(++this.seq);
      seg = { seq: this.seq, file, fd: openSync(file, 'wx'), written: 0, zeroed: false, pending: 0, syncs: 0, retired: false };
      // The new file's directory entry is durable too, once per segment.
      const dirFd = openSync(this.dir, 'r');
      try {
        fsyncSync(dirFd);
      } finally {
        closeSync(dirFd);
      }
    }
    this.current = seg;
    this.segments.push(seg);
    this.size = 0;
    this.prefillAt = this.prefillAfterBytes;
    this.prune();
    return seg;
  }

  /** Whether the next write goes to a new segment. */
  private rotates(current: Segment): boolean {
    // A segment written by appending moves to a zero-filled one as soon as there is one.
    if (this.next?.ready) return !current.zeroed || this.size >= this.segmentBytes;
    if (this.size < this.segmentBytes) return false;
    // Full while the next one is still being made: it grows past its size for a while rather than waste that one.
    return this.next === undefined || this.size >= 2 * this.segmentBytes;
  }

  /** Starts making the segment after the current one, zero-filled, on the thread pool. */
  private prepareNext(): void {
    const next: NextSegment = { seq: ++this.seq, file: this.segmentFile(this.seq), ready: false, abandoned: false };
    this.next = next;
    writeZeroedFile(next.file, this.segmentBytes).then(() => {
      next.ready = true;
      if (next.abandoned) rmSync(next.file, { force: true });
    }, () => {
      // A full or failing disk: appending goes on, and making one is tried again later.
      if (this.next !== next) return;
      this.next = undefined;
      this.prefillAt = this.size + this.prefillAfterBytes;
    });
  }

  private abandonNext(): void {
    const next = this.next;
    if (!next) return;
    this.next = undefined;
    next.abandoned = true;
    if (next.ready) rmSync(next.file, { force: true });
  }

  private segmentFile(seq: number): string {
    return path.join(this.dir, `${String(seq).padStart(12, '0')}.log`);
  }

  /** No more writes to `seg`: flush it, and close it now or once the flushes in flight on its fd end. */
  private retire(seg: Segment): void {
    if (seg.fd === undefined) return;
    if (seg === this.current) this.writeOut();
    fdatasyncSync(seg.fd);
    seg.retired = true;
    if (seg.syncs === 0) this.closeSegment(seg);
  }

  private closeSegment(seg: Segment): void {
    if (seg.fd === undefined) return;
    closeSync(seg.fd);
    seg.fd = undefined;
  }

  private segmentFiles(): string[] {
    return readdirSync(this.dir).filter((f) => /^\d+\.log$/.test(f)).sort();
  }
}

const endOfTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const NEWLINE = Buffer.from('\n');
const NL = 0x0a;

/** writev at `position` until every byte is written (a short write can leave the rest of a record); returns the bytes. */
function writeAll(fd: number, parts: Buffer[], position: number): number {
  let left = parts;
  let at = position;
  while (left.length > 0) {
    let n = writevSync(fd, left, at);
    at += n;
    let i = 0;
    while (i < left.length && n >= left[i]!.length) n -= left[i++]!.length;
    left = left.slice(i);
    if (n > 0) left[0] = left[0]!.subarray(n);
  }
  return at - position;
}

/**
 * The records of a segment, in order, up to a zero byte where a record would start (the unwritten rest of a segment
 * made ahead). A record torn by a crash mid-write (only ever the last one: a segment is not written again after a
 * crash) was never acknowledged and is skipped, as is a line that is not JSON.
 */
function* readRecords(buf: Buffer): Generator<{ line: DeliveryHeader | Base64DeliveryLine; body: Buffer } | { line: DoneLine; body?: undefined }> {
  let at = 0;
  while (at < buf.length && buf[at] !== 0) {
    const nl = buf.indexOf(NL, at);
    if (nl < 0) return; // a torn header
    let line: DeliveryHeader | Base64DeliveryLine | DoneLine;
    try {
      line = JSON.parse(buf.toString('utf8', at, nl)) as DeliveryHeader | Base64DeliveryLine | DoneLine;
    } catch {
      at = nl + 1;
      continue;
    }
    at = nl + 1;
    if (line.t === 'b') {
      const end = at + line.n;
      if (end >= buf.length || buf[end] !== NL) return; // a torn body
      yield { line, body: Buffer.from(buf.subarray(at, end)) };
      at = end + 1;
    } else if (line.t === 'd') {
      yield { line, body: Buffer.from(line.body, 'base64') };
    } else if (line.t === 'x') {
      yield { line };
    }
  }
}
