// Read-modify-write with optimistic concurrency, as client-go's retry.RetryOnConflict: reload and reapply the
// change when someone else updated the job in between.
import type { ProwJob } from '../api/prowjob.js';
import { AlreadyExistsError, ConflictError, type ProwJobStore } from './types.js';

export interface RetryOptions {
  /** Attempts before the last ConflictError is thrown. Default 10. */
  attempts?: number;
  /** First backoff between attempts, doubled each time (with jitter). Default 10ms. */
  backoffMs?: number;
  /**
   * The job as the caller just read it, a copy it hands over: the first attempt edits it instead of reading the
   * job again (a stale one costs a conflict and a reread).
   */
  current?: ProwJob;
}

/**
 * Gets `name`, applies `mutate` to it and updates it; on a conflict, starts over with the newest version.
 * `mutate` edits the job in place (or returns a replacement); returning `false` skips the update and returns the
 * job as read. Errors other than conflicts (NotFoundError included) are thrown at once.
 */
export async function updateWithRetry(
  store: ProwJobStore,
  name: string,
  mutate: (job: ProwJob) => ProwJob | void | false | Promise<ProwJob | void | false>,
  opts: RetryOptions = {},
): Promise<ProwJob> {
  const attempts = opts.attempts ?? 10;
  let backoff = opts.backoffMs ?? 10;
  let read = opts.current;
  for (let attempt = 1; ; attempt++) {
    const current = read ?? (await store.get(name));
    read = undefined;
    const result = await mutate(current);
    if (result === false) return current;
    try {
      return await store.update(result ?? current);
    } catch (e) {
      if (!(e instanceof ConflictError) || attempt >= attempts) throw e;
    }
    await new Promise((r) => setTimeout(r, backoff * (0.5 + Math.random())));
    backoff = Math.min(backoff * 2, 1_000);
  }
}

/**
 * Creates the job, or returns the one already stored under its name: with names derived from what caused them
 * (see eventJobName), creating twice is asking for the same job twice.
 */
export async function createOnce(store: ProwJobStore, job: ProwJob): Promise<ProwJob> {
  try {
    return await store.create(job);
  } catch (e) {
    if (!(e instanceof AlreadyExistsError)) throw e;
    return store.get(job.metadata.name);
  }
}
