// An informer-style watch: what every long-running watcher of the store uses instead of `store.watch`.
// A watch that cannot resume (GoneError: history compacted, or the store reopened since the resourceVersion was
// read) stops; this lists again, delivers DELETED for every job seen before that is gone now, then watches afresh
// (ADDED for every existing job, then changes). Other errors are reported and the store keeps watching.
import type { ProwJob } from '../api/prowjob.js';
import type { Logger } from '../runtime/logger.js';
import { GoneError, type ProwJobStore, type Watch, type WatchEvent, type WatchOptions } from './types.js';

export interface RecoveringWatchOptions extends WatchOptions {
  logger: Logger;
  /**
   * The jobs the caller listed when it read `resourceVersion`: a recovery that no longer finds one of them
   * delivers DELETED for it.
   */
  listed?: Iterable<ProwJob>;
  /** Delay before listing again after a failed list. Default 1s. */
  retryMs?: number;
}

export function watchWithRecovery(
  store: ProwJobStore,
  opts: RecoveringWatchOptions,
  onEvent: (ev: WatchEvent) => void,
): Watch {
  const { logger, listed = [], retryMs = 1000, ...watchOpts } = opts;
  /** The last object seen per job: what a DELETED for a job that vanished during a gap carries. */
  const known = new Map<string, ProwJob>();
  for (const pj of listed) known.set(pj.metadata.name, pj);
  let current: Watch | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const deliver = (ev: WatchEvent): void => {
    if (ev.type === 'DELETED') known.delete(ev.object.metadata.name);
    else known.set(ev.object.metadata.name, ev.object);
    onEvent(ev);
  };

  const start = (resourceVersion: string | undefined): void => {
    if (stopped) return;
    current = store.watch({ ...watchOpts, resourceVersion }, deliver, (err) => {
      if (stopped) return;
      if (!(err instanceof GoneError)) {
        logger.warn('prowjob watch error', { error: err });
        return;
      }
      logger.info('prowjob watch cannot resume; listing again', { error: err });
      current?.stop();
      void recover();
    });
  };

  const recover = async (): Promise<void> => {
    let jobs: ProwJob[];
    try {
      jobs = await store.list({ labelSelector: watchOpts.labelSelector });
    } catch (e) {
      if (stopped) return;
      logger.error('listing prowjobs failed; retrying', { error: e instanceof Error ? e.message : String(e) });
      timer = setTimeout(() => void recover(), retryMs);
      timer.unref();
      return;
    }
    if (stopped) return;
    const present = new Set(jobs.map((j) => j.metadata.name));
    for (const [name, last] of [...known]) {
      if (present.has(name)) continue;
      try {
        deliver({ type: 'DELETED', object: last });
      } catch (e) {
        logger.error('prowjob watch handler failed', { error: e instanceof Error ? e.message : String(e) });
      }
    }
    // The fresh watch re-delivers every existing job as ADDED.
    start(undefined);
  };

  start(watchOpts.resourceVersion);
  return {
    stop() {
      stopped = true;
      current?.stop();
      if (timer) clearTimeout(timer);
    },
  };
}
