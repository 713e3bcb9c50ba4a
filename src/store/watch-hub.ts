// Fan-out of store changes to watchers, with a bounded history so a watcher can resume from a resourceVersion.
// Each watcher gets its own parsed copy of every object and its own ordered queue, so a slow or throwing
// handler never affects the writer or other watchers.
import type { ProwJob } from '../api/prowjob.js';
import { parseSelector, type LabelSelector } from './selector.js';
import { GoneError, type Watch, type WatchEvent, type WatchEventType, type WatchOptions } from './types.js';

export interface StoredChange {
  type: WatchEventType;
  rv: number;
  name: string;
  /** The object as stored (for DELETED: the last state, carrying the deletion's resourceVersion). */
  json: string;
  labels: Record<string, string>;
  /** Labels before a MODIFIED change: a watcher whose selector stops (or starts) matching sees DELETED (or ADDED). */
  prevLabels?: Record<string, string>;
}

export interface Snapshot {
  json: string;
  labels: Record<string, string>;
}

interface Subscriber {
  selector: LabelSelector;
  queue: WatchEvent[];
  draining: boolean;
  stopped: boolean;
  onEvent: (ev: WatchEvent) => void;
  onError: (err: Error) => void;
  resync?: NodeJS.Timeout;
}

export class WatchHub {
  private readonly history: StoredChange[] = [];
  private readonly subscribers = new Set<Subscriber>();
  /** Every change with rv > this is in `history`. */
  private historyFloor: number;

  constructor(
    initialRv: number,
    private readonly maxHistory: number,
    private readonly onHandlerError: (err: unknown) => void,
  ) {
    this.historyFloor = initialRv;
  }

  publish(change: StoredChange): void {
    this.history.push(change);
    // Trim a tenth at a time, so a busy store does not shift the whole array on every change.
    if (this.history.length > this.maxHistory + Math.ceil(this.maxHistory / 10)) {
      const dropped = this.history.splice(0, this.history.length - this.maxHistory);
      for (const d of dropped) this.historyFloor = Math.max(this.historyFloor, d.rv);
    }
    for (const sub of this.subscribers) {
      const type = visibleType(sub.selector, change);
      if (type) this.enqueue(sub, type, change.json);
    }
  }

  /**
   * Starts a watch. Without a resourceVersion the watcher first gets ADDED for every object in `snapshot()`;
   * with one, every change after it from history, or a GoneError when history no longer reaches back that far.
   */
  subscribe(
    opts: WatchOptions,
    snapshot: () => Iterable<Snapshot>,
    onEvent: (ev: WatchEvent) => void,
    onError?: (err: Error) => void,
  ): Watch {
    const sub: Subscriber = {
      selector: parseSelector(opts.labelSelector),
      queue: [],
      draining: false,
      stopped: false,
      onEvent,
      onError: onError ?? this.onHandlerError,
    };
    const stop = (): void => {
      sub.stopped = true;
      sub.queue.length = 0;
      if (sub.resync) clearInterval(sub.resync);
      this.subscribers.delete(sub);
    };
    if (opts.resourceVersion === undefined || opts.resourceVersion === '' || opts.resourceVersion === '0') {
      for (const s of snapshot()) if (sub.selector.matches(s.labels)) this.enqueue(sub, 'ADDED', s.json);
    } else {
      const from = Number(opts.resourceVersion);
      if (!Number.isSafeInteger(from) || from < this.historyFloor) {
        const err = new GoneError(opts.resourceVersion);
        queueMicrotask(() => {
          if (!sub.stopped) sub.onError(err);
        });
        return { stop };
      }
      for (const c of this.history) {
        if (c.rv <= from) continue;
        const type = visibleType(sub.selector, c);
        if (type) this.enqueue(sub, type, c.json);
      }
    }
    this.subscribers.add(sub);
    if (opts.resyncMs && opts.resyncMs > 0) {
      sub.resync = setInterval(() => {
        for (const s of snapshot()) if (sub.selector.matches(s.labels)) this.enqueue(sub, 'MODIFIED', s.json);
      }, opts.resyncMs);
      sub.resync.unref();
    }
    return { stop };
  }

  close(): void {
    for (const sub of [...this.subscribers]) {
      sub.stopped = true;
      if (sub.resync) clearInterval(sub.resync);
    }
    this.subscribers.clear();
  }

  private enqueue(sub: Subscriber, type: WatchEventType, json: string): void {
    sub.queue.push({ type, object: JSON.parse(json) as ProwJob });
    if (sub.draining) return;
    sub.draining = true;
    queueMicrotask(() => this.drain(sub));
  }

  private drain(sub: Subscriber): void {
    // Handlers may cause more events (pushed onto the same queue while we drain); an index keeps this linear.
    for (let i = 0; !sub.stopped && i < sub.queue.length; i++) {
      try {
        sub.onEvent(sub.queue[i]!);
      } catch (e) {
        this.onHandlerError(e);
      }
    }
    sub.queue.length = 0;
    sub.draining = false;
  }
}

function visibleType(sel: LabelSelector, c: StoredChange): WatchEventType | undefined {
  const now = sel.matches(c.labels);
  if (c.type !== 'MODIFIED') return now ? c.type : undefined;
  const before = sel.matches(c.prevLabels ?? c.labels);
  if (before && now) return 'MODIFIED';
  if (now) return 'ADDED';
  if (before) return 'DELETED';
  return undefined;
}
