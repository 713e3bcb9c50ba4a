// File backend of the ProwJob store (all-in-one mode): one JSON file per ProwJob under <data-dir>/prowjobs/.
//
// - Writes are atomic: a temp file in prowjobs/.tmp/ is written, fsynced and renamed over the target (creates
//   link it in, which fails if another process created the name first). A killed process leaves the old or the
//   new object, never a torn one.
// - resourceVersions come from one counter that is at least the wall clock in microseconds, so they keep growing
//   across restarts and between processes sharing the directory.
// - The whole directory is indexed in memory at open (serialized objects plus labels), so get and list never touch
//   the disk. Files that do not parse are moved to prowjobs/.quarantine/ and reported; they never stop the store.
// - Changes made by other processes (`prow mkpj --create`) are picked up through fs.watch, with a periodic
//   directory scan as the fallback for file systems without change notification.
// - Optimistic concurrency holds within one process; several processes may create jobs in the directory, but only
//   one should update them (the all-in-one process), as upstream has one controller per ProwJob namespace.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { ObjectMeta, ProwJob } from '../api/prowjob.js';
import { isFinalState, PROWJOB_API_VERSION, PROWJOB_KIND } from '../api/prowjob.js';
import { rfc3339 } from '../api/state.js';
import type { Logger } from '../runtime/logger.js';
import { LabelIndex } from './label-index.js';
import { parseSelector } from './selector.js';
import {
  AlreadyExistsError,
  ConflictError,
  NotFoundError,
  type ListOptions,
  type ProwJobStore,
  type Watch,
  type WatchEvent,
  type WatchOptions,
} from './types.js';
import { WatchHub, type StoredChange } from './watch-hub.js';

export const QUARANTINE_DIR = '.quarantine';
const SUFFIX = '.json';
/**
 * Temp files are written in a subdirectory, so the directory watch sees only the renames that publish them, and
 * moved in with an atomic rename (same file system).
 */
const TEMP_DIR = '.tmp';
/**
 * Temp file names: random once per process (processes sharing the directory, or a restarted one with the same pid
 * in a container, never collide), then a counter (a random draw per write cost more than the rest of its naming).
 */
const TEMP_PREFIX = `${process.pid}-${randomBytes(6).toString('hex')}`;
let tempCounter = 0;
/** Temp files older than this at open belong to a writer that died; younger ones may be in flight elsewhere. */
const STALE_TEMP_MS = 60_000;
const FRESH_TTL_MS = 10_000;
// While fs.watch works, a scan only compares names (a file created or removed without a notification) and every
// this many scans also stats every file (one replaced in place while a notification was lost, e.g. on overflow).
const STAT_EVERY_SCANS_WHEN_NOTIFIED = 12;

export interface FileStoreOptions {
  /** The directory holding one `<name>.json` per ProwJob (created if missing). */
  dir: string;
  namespace: string;
  logger?: Logger;
  /** Directory scan interval for changes by other processes (fallback to fs.watch). 0 disables. Default 5s. */
  pollIntervalMs?: number;
  /** Use file-system change notification (fs.watch). Default true; without it only the scan sees other processes. */
  notify?: boolean;
  /** How many changes a watch can resume across. Default 10,000. */
  historySize?: number;
}

export interface QuarantinedFile {
  file: string;
  movedTo: string;
  reason: string;
}

interface Committed {
  rv: number;
  json: string;
  labels: Record<string, string>;
  /** In a final state: a list of unfinished jobs passes over it without parsing `json`. */
  finished: boolean;
  /** Inode of the file we wrote or read last: a different one on disk means another process changed it. */
  ino: number;
}

type ServerMeta = Pick<ObjectMeta, 'uid' | 'creationTimestamp' | 'generation'>;

function serverMeta(job: ProwJob): ServerMeta {
  return { uid: job.metadata.uid, creationTimestamp: job.metadata.creationTimestamp, generation: job.metadata.generation ?? 0 };
}

interface Slot {
  committed?: Committed;
  /** The object parsed at open, not yet handed out: the first get or list takes it instead of parsing again. */
  fresh?: ProwJob;
  /** Server-owned metadata of the newest accepted write, so an update need not parse the stored object. */
  meta?: ServerMeta;
  /** The resourceVersion the next update must present: that of the newest accepted write (undefined: absent). */
  headRv?: number;
  /** Writes to one file run one after another, in the order they were accepted. */
  chain: Promise<void>;
  inflight: number;
}

/** Emits changes in resourceVersion order even when writes to different files finish out of order. */
class Sequencer {
  private readonly pending: Array<{ rv: number; change?: StoredChange | null }> = [];
  constructor(private readonly emit: (c: StoredChange) => void) {}
  reserve(rv: number): { done(change: StoredChange | null): void } {
    const item: { rv: number; change?: StoredChange | null } = { rv };
    this.pending.push(item);
    return {
      done: (change) => {
        item.change = change;
        let n = 0;
        while (n < this.pending.length && this.pending[n]!.change !== undefined) {
          const c = this.pending[n]!.change;
          if (c) this.emit(c);
          n++;
        }
        if (n > 0) this.pending.splice(0, n);
      },
    };
  }
}

export class FileProwJobStore implements ProwJobStore {
  readonly namespace: string;
  readonly dir: string;
  /** Files moved aside at open because they were not valid ProwJobs. */
  readonly quarantined: QuarantinedFile[] = [];
  private readonly slots = new Map<string, Slot>();
  private readonly index = new LabelIndex();
  private lastRv = 0;
  private hub!: WatchHub;
  private sequencer!: Sequencer;
  private fsWatcher?: fs.FSWatcher;
  private poller?: NodeJS.Timeout;
  private scans = 0;
  private freshTimer?: NodeJS.Timeout;
  private readonly toCheck = new Set<string>();
  private checkScheduled = false;
  private closed = false;
  private readonly warnedBadIno = new Set<number>();

  private constructor(private readonly opts: FileStoreOptions) {
    this.namespace = opts.namespace;
    this.dir = path.resolve(opts.dir);
  }

  static async open(opts: FileStoreOptions): Promise<FileProwJobStore> {
    const store = new FileProwJobStore(opts);
    await store.load();
    return store;
  }

  // ---- reads ----

  async get(name: string): Promise<ProwJob> {
    const slot = this.slots.get(name);
    if (!slot?.committed) throw new NotFoundError(name);
    return this.copyOf(slot, slot.committed);
  }

  async list(opts: ListOptions = {}): Promise<ProwJob[]> {
    const sel = parseSelector(opts.labelSelector);
    const out: ProwJob[] = [];
    const names = this.index.candidates(sel);
    const slots = names ? [...names].map((n) => this.slots.get(n)) : this.slots.values();
    for (const slot of slots) {
      const c = slot?.committed;
      if (c && !(opts.unfinished && c.finished) && sel.matches(c.labels)) out.push(this.copyOf(slot, c));
    }
    return out;
  }

  watch(opts: WatchOptions, onEvent: (ev: WatchEvent) => void, onError?: (err: Error) => void): Watch {
    const snapshot = (): Iterable<{ json: string; labels: Record<string, string> }> => this.committedEntries();
    return this.hub.subscribe(opts, snapshot, onEvent, onError);
  }

  /** The newest resourceVersion this store has issued or seen. */
  get resourceVersion(): string {
    return String(this.lastRv);
  }

  // ---- writes ----

  async create(job: ProwJob): Promise<ProwJob> {
    this.assertOpen();
    const name = job.metadata?.name;
    validateName(name);
    let slot = this.slots.get(name);
    if (slot?.headRv !== undefined) throw new AlreadyExistsError(name);
    slot ??= this.newSlot(name);
    const rv = this.nextRv();
    slot.meta = { uid: randomUUID(), generation: 1, creationTimestamp: job.metadata.creationTimestamp ?? rfc3339(new Date()) };
    const stored = this.stamp(job, { ...slot.meta, resourceVersion: String(rv) });
    return this.write(name, slot, rv, stored, 'ADDED');
  }

  async update(job: ProwJob): Promise<ProwJob> {
    this.assertOpen();
    const name = job.metadata?.name;
    validateName(name);
    const slot = this.slots.get(name);
    if (slot?.headRv === undefined) throw new NotFoundError(name);
    const expected = job.metadata.resourceVersion;
    if (expected === undefined || expected === '') {
      throw new ConflictError(name, `prowjob ${name}: metadata.resourceVersion must be specified for an update`);
    }
    if (expected !== String(slot.headRv)) throw new ConflictError(name);
    const rv = this.nextRv();
    // Identity fields are the server's, as on Kubernetes.
    const prev = slot.meta ?? serverMeta(job);
    slot.meta = { ...prev, generation: (prev.generation ?? 0) + 1 };
    const stored = this.stamp(job, { ...slot.meta, resourceVersion: String(rv) });
    return this.write(name, slot, rv, stored, 'MODIFIED');
  }

  async delete(name: string): Promise<void> {
    this.assertOpen();
    const slot = this.slots.get(name);
    if (slot?.headRv === undefined) throw new NotFoundError(name);
    const prevHead = slot.headRv;
    slot.headRv = undefined;
    const rv = this.nextRv();
    const seq = this.sequencer.reserve(rv);
    slot.inflight++;
    const op = slot.chain.then(async () => {
      try {
        await fsp.unlink(this.file(name));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      const last = slot.committed;
      this.commit(name, slot, undefined);
      const obj = last ? (JSON.parse(last.json) as ProwJob) : undefined;
      if (obj) obj.metadata.resourceVersion = String(rv);
      seq.done(last && obj ? { type: 'DELETED', rv, name, json: JSON.stringify(obj), labels: last.labels } : null);
    });
    slot.chain = op.catch(() => {});
    try {
      await op;
    } catch (e) {
      if (slot.headRv === undefined) slot.headRv = prevHead;
      seq.done(null);
      throw e;
    } finally {
      slot.inflight--;
      this.dropIfEmpty(name, slot);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.fsWatcher?.close();
    if (this.poller) clearInterval(this.poller);
    clearTimeout(this.freshTimer);
    await Promise.all([...this.slots.values()].map((s) => s.chain));
    this.hub.close();
  }

  // ---- internals ----

  /** A private copy of the committed object for a caller. */
  private copyOf(slot: Slot, c: Committed): ProwJob {
    const fresh = slot.fresh;
    if (fresh) {
      slot.fresh = undefined;
      return fresh;
    }
    return JSON.parse(c.json) as ProwJob;
  }

  private stamp(job: ProwJob, meta: Partial<ObjectMeta>): ProwJob {
    return {
      ...job,
      apiVersion: PROWJOB_API_VERSION,
      kind: PROWJOB_KIND,
      metadata: { ...job.metadata, namespace: this.namespace, ...meta },
      status: job.status ?? {},
    };
  }

  private async write(name: string, slot: Slot, rv: number, obj: ProwJob, type: 'ADDED' | 'MODIFIED'): Promise<ProwJob> {
    const prevHead = slot.headRv;
    slot.headRv = rv;
    const json = JSON.stringify(obj);
    const labels = { ...(obj.metadata.labels ?? {}) };
    const finished = isFinalState(obj.status.state);
    const seq = this.sequencer.reserve(rv);
    slot.inflight++;
    const op = slot.chain.then(async () => {
      const ino = await this.writeFileAtomic(name, json, type === 'ADDED');
      const prevLabels = slot.committed?.labels;
      this.commit(name, slot, { rv, json, labels, finished, ino });
      seq.done({ type, rv, name, json, labels, prevLabels });
    });
    slot.chain = op.catch(() => {});
    try {
      await op;
    } catch (e) {
      if (slot.headRv === rv) slot.headRv = prevHead;
      seq.done(null);
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new AlreadyExistsError(name);
      throw e;
    } finally {
      slot.inflight--;
      this.dropIfEmpty(name, slot);
    }
    return JSON.parse(json) as ProwJob;
  }

  /** Temp file + fsync + rename (or link, for a create that must not replace). Returns the new file's inode. */
  private async writeFileAtomic(name: string, json: string, exclusive: boolean): Promise<number> {
    const tmp = path.join(this.dir, TEMP_DIR, `${name}-${TEMP_PREFIX}-${(tempCounter++).toString(36)}`);
    const fd = await viaCallback<number>((cb) => fs.open(tmp, 'w', 0o644, cb));
    let ino: number;
    try {
      const data = Buffer.from(json);
      for (let off = 0; off < data.length;) off += await viaCallback<number>((cb) => fs.write(fd, data, off, data.length - off, null, cb));
      await viaCallback((cb) => fs.fsync(fd, cb));
      ino = (await viaCallback<fs.Stats>((cb) => fs.fstat(fd, cb))).ino;
    } finally {
      await viaCallback((cb) => fs.close(fd, cb));
    }
    try {
      if (exclusive) {
        await linkOrRenameNew(tmp, this.file(name));
      } else {
        await fsp.rename(tmp, this.file(name));
      }
    } catch (e) {
      await fsp.unlink(tmp).catch(() => {});
      throw e;
    }
    return ino;
  }

  private async load(): Promise<void> {
    const tmpDir = path.join(this.dir, TEMP_DIR);
    fs.mkdirSync(tmpDir, { recursive: true });
    const now = Date.now();
    for (const fname of fs.readdirSync(tmpDir)) {
      const full = path.join(tmpDir, fname);
      try {
        if (now - fs.statSync(full).mtimeMs > STALE_TEMP_MS) fs.unlinkSync(full);
      } catch {
        // Gone already: another process finished its write.
      }
    }
    for (const entry of fs.readdirSync(this.dir, { withFileTypes: true })) {
      const fname = entry.name;
      if (fname.startsWith('.') || !fname.endsWith(SUFFIX) || !entry.isFile()) continue;
      const name = fname.slice(0, -SUFFIX.length);
      const full = path.join(this.dir, fname);
      const read = readWithInode(full);
      if (!read) continue;
      const { text, ino } = read;
      const parsed = parseStored(name, text);
      if (typeof parsed === 'string') {
        this.quarantine(fname, parsed);
        continue;
      }
      const slot = this.newSlot(name);
      this.commit(name, slot, { rv: parsed.rv, json: text, labels: parsed.labels, finished: parsed.finished, ino });
      slot.fresh = parsed.job;
      slot.meta = serverMeta(parsed.job);
      slot.headRv = parsed.rv;
      if (parsed.rv > this.lastRv) this.lastRv = parsed.rv;
    }
    // Objects parsed at open save the first list a second parse (the cold list of a starting role); ones
    // nobody asked for are dropped soon after.
    this.freshTimer = setTimeout(() => {
      for (const slot of this.slots.values()) slot.fresh = undefined;
    }, FRESH_TTL_MS);
    this.freshTimer.unref();
    // A watch may resume from the newest resourceVersion on disk (what a list before a restart ended at), so
    // history starts there, not at the counter bumped to the wall clock below; older ones get GoneError.
    const newestOnDisk = this.lastRv;
    this.nextRv();
    this.hub = new WatchHub(this.slots.size > 0 ? newestOnDisk : this.lastRv, this.opts.historySize ?? 10_000, (e) =>
      this.opts.logger?.error('prowjob watch handler failed', { error: e instanceof Error ? e.message : String(e) }),
    );
    this.sequencer = new Sequencer((c) => this.hub.publish(c));
    this.startWatchingDir();
  }

  private quarantine(fname: string, reason: string): void {
    const qdir = path.join(this.dir, QUARANTINE_DIR);
    fs.mkdirSync(qdir, { recursive: true });
    const movedTo = path.join(qdir, `${fname}.${new Date().toISOString().replace(/[:.]/g, '')}`);
    fs.renameSync(path.join(this.dir, fname), movedTo);
    this.quarantined.push({ file: fname, movedTo, reason });
    this.opts.logger?.error('quarantined a broken prowjob file', { file: fname, movedTo, reason });
  }

  private startWatchingDir(): void {
    if (this.opts.notify !== false) this.startNotify();
    const interval = this.opts.pollIntervalMs ?? 5_000;
    if (interval > 0) {
      this.poller = setInterval(() => this.scan(), interval);
      this.poller.unref();
    }
  }

  private startNotify(): void {
    try {
      this.fsWatcher = fs.watch(this.dir, { persistent: false }, (_event, filename) => {
        if (filename) this.scheduleCheck(filename.toString());
      });
      this.fsWatcher.on('error', (e) => {
        this.opts.logger?.warn('fs.watch on the prowjob directory failed; relying on the periodic scan', { error: e });
        this.fsWatcher?.close();
        this.fsWatcher = undefined;
      });
    } catch (e) {
      this.opts.logger?.warn('fs.watch unavailable; relying on the periodic scan', { error: e });
    }
  }

  /** The periodic fallback: finds files added, replaced or removed without a change notification. */
  private scan(): void {
    if (this.closed) return;
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch (e) {
      this.opts.logger?.warn('scanning the prowjob directory failed', { error: e });
      return;
    }
    const stat = !this.fsWatcher || this.scans++ % STAT_EVERY_SCANS_WHEN_NOTIFIED === 0;
    const seen = new Set<string>();
    for (const fname of names) {
      if (fname.startsWith('.') || !fname.endsWith(SUFFIX)) continue;
      const name = fname.slice(0, -SUFFIX.length);
      seen.add(name);
      const c = this.slots.get(name)?.committed;
      if (!c) {
        this.scheduleCheck(fname);
        continue;
      }
      if (!stat) continue;
      try {
        if (fs.statSync(path.join(this.dir, fname)).ino !== c.ino) this.scheduleCheck(fname);
      } catch {
        this.scheduleCheck(fname);
      }
    }
    for (const [name, slot] of this.slots) if (slot.committed && !seen.has(name)) this.scheduleCheck(name + SUFFIX);
  }

  private scheduleCheck(fname: string): void {
    if (fname.startsWith('.') || !fname.endsWith(SUFFIX) || this.closed) return;
    this.toCheck.add(fname.slice(0, -SUFFIX.length));
    if (this.checkScheduled) return;
    this.checkScheduled = true;
    setImmediate(() => {
      this.checkScheduled = false;
      const names = [...this.toCheck];
      this.toCheck.clear();
      for (const n of names) this.checkExternal(n);
    });
  }

  /** Reconciles one name with the disk after a change notification; our own writes are recognised by inode. */
  private checkExternal(name: string): void {
    if (this.closed) return;
    const slot = this.slots.get(name);
    if (slot && slot.inflight > 0) return;
    const full = this.file(name);
    let read: { text: string; ino: number } | undefined;
    try {
      // Most notifications are for our own renames: one stat recognises them.
      if (slot?.committed && fs.statSync(full).ino === slot.committed.ino) return;
      read = readWithInode(full);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return;
    }
    if (read === undefined) {
      const last = slot?.committed;
      if (!slot || !last) return;
      this.commit(name, slot, undefined);
      slot.headRv = undefined;
      this.dropIfEmpty(name, slot);
      const rv = this.nextRv();
      const obj = JSON.parse(last.json) as ProwJob;
      obj.metadata.resourceVersion = String(rv);
      this.sequencer.reserve(rv).done({ type: 'DELETED', rv, name, json: JSON.stringify(obj), labels: last.labels });
      return;
    }
    const { text, ino } = read;
    const parsed = parseStored(name, text);
    if (typeof parsed === 'string') {
      // A foreign writer that does not write atomically may be half-way; the next scan looks again.
      if (!this.warnedBadIno.has(ino)) {
        this.warnedBadIno.add(ino);
        this.opts.logger?.warn('ignoring an unreadable prowjob file written by another process', { file: name + SUFFIX, reason: parsed });
      }
      return;
    }
    const s = slot ?? this.newSlot(name);
    const prevLabels = s.committed?.labels;
    const type = s.committed ? 'MODIFIED' : 'ADDED';
    this.commit(name, s, { rv: parsed.rv, json: text, labels: parsed.labels, finished: parsed.finished, ino });
    s.meta = serverMeta(parsed.job);
    s.headRv = parsed.rv;
    if (parsed.rv > this.lastRv) this.lastRv = parsed.rv;
    this.sequencer.reserve(parsed.rv).done({ type, rv: parsed.rv, name, json: text, labels: parsed.labels, prevLabels });
  }

  private *committedEntries(): Iterable<{ json: string; labels: Record<string, string> }> {
    for (const slot of this.slots.values()) if (slot.committed) yield slot.committed;
  }

  /** Sets what is on disk for `name` (undefined: nothing), keeping the label index in step. */
  private commit(name: string, slot: Slot, c: Committed | undefined): void {
    this.index.update(name, slot.committed?.labels, c?.labels);
    slot.committed = c;
    slot.fresh = undefined;
  }

  private newSlot(name: string): Slot {
    const slot: Slot = { chain: Promise.resolve(), inflight: 0 };
    this.slots.set(name, slot);
    return slot;
  }

  private dropIfEmpty(name: string, slot: Slot): void {
    if (slot.inflight === 0 && slot.headRv === undefined && !slot.committed && this.slots.get(name) === slot) {
      this.slots.delete(name);
    }
  }

  private nextRv(): number {
    this.lastRv = Math.max(this.lastRv + 1, Date.now() * 1000);
    return this.lastRv;
  }

  private file(name: string): string {
    return path.join(this.dir, name + SUFFIX);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('prowjob store is closed');
  }
}

/**
 * One callback-style fs call as a promise. A write takes five calls on a descriptor; through a FileHandle each costs
 * noticeably more (its own promise machinery and object), and the store writes ten files per `/test all`.
 */
function viaCallback<T = void>(call: (cb: (err: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => call((err, value) => (err ? reject(err) : resolve(value))));
}

/**
 * Puts `tmp` in place as `target` unless `target` exists (EEXIST). A hard link makes that atomic; file systems
 * without hard links get a check-then-rename, which is racy only between two processes creating the same name.
 */
async function linkOrRenameNew(tmp: string, target: string): Promise<void> {
  try {
    await fsp.link(tmp, target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
    try {
      await fsp.access(target);
    } catch {
      await fsp.rename(tmp, target);
      return;
    }
    throw Object.assign(new Error(`${target} exists`), { code: 'EEXIST' });
  }
  await fsp.unlink(tmp);
}

/** Names become file names: Kubernetes object names (DNS subdomain) are safe, and we insist on them. */
function validateName(name: string | undefined): asserts name is string {
  if (!name || name.length > 253 || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) {
    throw new Error(`invalid prowjob name ${JSON.stringify(name)}: must be a lowercase RFC 1123 subdomain`);
  }
}

function parseStored(name: string, text: string): { rv: number; labels: Record<string, string>; finished: boolean; job: ProwJob } | string {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    return `not JSON: ${(e as Error).message}`;
  }
  if (typeof obj !== 'object' || obj === null) return 'not an object';
  const job = obj as Partial<ProwJob>;
  if (job.kind !== PROWJOB_KIND || job.apiVersion !== PROWJOB_API_VERSION) return 'not a prow.k8s.io/v1 ProwJob';
  if (!job.metadata || job.metadata.name !== name) return `metadata.name does not match the file name ${name}${SUFFIX}`;
  if (typeof job.spec !== 'object' || job.spec === null) return 'no spec';
  const rv = Number(job.metadata.resourceVersion);
  if (!Number.isSafeInteger(rv) || rv <= 0) return 'no valid metadata.resourceVersion';
  return { rv, labels: job.metadata.labels ?? {}, finished: isFinalState(job.status?.state), job: job as ProwJob };
}

/** The file's text and inode, read through one descriptor so both belong to the same file; undefined if absent. */
function readWithInode(full: string): { text: string; ino: number } | undefined {
  let fd: number;
  try {
    fd = fs.openSync(full, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    return { ino: fs.fstatSync(fd).ino, text: fs.readFileSync(fd, 'utf8') };
  } finally {
    fs.closeSync(fd);
  }
}
