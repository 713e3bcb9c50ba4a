// /log?job=&id=: the build log of a job, streamed while it grows. The follower reads the log file the job writes
// (a local process's output file, or the file bucket's build-log.txt), sends what is there, then keeps sending
// new bytes until the job reaches a final state and the file stops growing, the client goes away, or the size
// limit is reached.
import { open, stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { isFinalState, type ProwJob } from '../../src/api/prowjob.js';

export interface LogFollower {
  /** The local file holding the job's log, if it has one here. */
  locate(pj: ProwJob): Promise<string | undefined>;
}

/** Live logs read from a running job's Pod (see pod-logs.ts). */
export interface PodLogs {
  /**
   * Streams the log of the job's running Pod to `out` until it ends or `signal` aborts; false, having written
   * nothing, when the job has no running Pod to read.
   */
  follow(pj: ProwJob, out: Writable, opts: { signal: AbortSignal; limit: number }): Promise<boolean>;
}

export interface FollowOptions {
  /** The job as it is now (re-read on every poll). */
  current: () => ProwJob | undefined;
  limit: number;
  signal: AbortSignal;
  pollMs?: number;
}

/** Copies `file` to `out` as it grows; resolves when done (see the module comment). */
export async function followFile(file: string, out: Writable, opts: FollowOptions): Promise<void> {
  const pollMs = opts.pollMs ?? 500;
  let offset = 0;
  const buf = Buffer.alloc(64 * 1024);
  const drain = async (): Promise<boolean> => {
    let fh;
    try {
      fh = await open(file, 'r');
    } catch {
      return false;
    }
    try {
      for (;;) {
        if (offset >= opts.limit) return false;
        const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, opts.limit - offset), offset);
        if (bytesRead === 0) return true;
        offset += bytesRead;
        if (!out.write(Buffer.from(buf.subarray(0, bytesRead)))) {
          await new Promise<void>((resolve) => {
            const done = (): void => {
              out.off('drain', done);
              opts.signal.removeEventListener('abort', done);
              resolve();
            };
            out.once('drain', done);
            opts.signal.addEventListener('abort', done, { once: true });
          });
        }
        if (opts.signal.aborted) return false;
      }
    } finally {
      await fh.close();
    }
  };
  while (!opts.signal.aborted) {
    const finalBefore = isFinalState(opts.current()?.status.state);
    const readable = await drain();
    if (offset >= opts.limit || opts.signal.aborted) return;
    if (finalBefore) {
      // The job had finished before this read: whatever the file holds now is all of it.
      const size = await stat(file).then((s) => s.size, () => offset);
      if (!readable || size <= offset) return;
      continue;
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, pollMs);
      opts.signal.addEventListener('abort', () => {
        clearTimeout(t);
        resolve();
      }, { once: true });
    });
  }
}
