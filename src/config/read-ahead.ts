// Reading and parsing config files in a worker thread, ahead of the load that uses them: `prow checkconfig` starts it
// before it loads the modules that check config, so that parsing runs on another core meanwhile. When the main
// thread is ready first it parses the files the worker has not reached (from the last one back) while the worker goes
// on from the first: each file is claimed once, in a shared array, by whichever thread gets to it.
// Kept apart from documents.ts so that starting it loads no YAML parser on the main thread.
import { Worker } from 'node:worker_threads';
import type { ConfigDocument, ConfigDocuments } from './documents.js';
import type { ConfigPaths } from './files.js';

/** What the worker posts: the files it will read with their claims, each document it read, then that it is done. */
export type ReadAheadMessage = { files: string[]; claims: Int32Array } | { index: number; document: ConfigDocument } | { done: true };

/** A claim's value: unclaimed, or which thread reads the file. */
export const CLAIM = { none: 0, worker: 1, main: 2 } as const;

/**
 * Starts reading and parsing every file a load of `paths` reads (readConfigDocument) in a worker thread. The returned
 * function gives the documents once all are read, reading on the calling thread those the worker has not started.
 * The documents come back by structured clone (aliased nodes stay shared). A document the worker could not give
 * (it failed) is left out: the loader then reads that file itself.
 */
export function readConfigDocumentsAhead(paths: ConfigPaths): () => Promise<ConfigDocuments> {
  const documents: ConfigDocuments = new Map();
  let list: { files: string[]; claims: Int32Array } | undefined;
  let listed!: () => void;
  let finished!: () => void;
  const listing = new Promise<void>((resolve) => (listed = resolve));
  const done = new Promise<void>((resolve) => (finished = resolve));
  const worker = new Worker(new URL('./read-ahead-worker.js', import.meta.url), { workerData: paths });
  worker.on('message', (m: ReadAheadMessage) => {
    if ('files' in m) {
      list = m;
      listed();
    } else if ('index' in m) {
      documents.set(list!.files[m.index]!, m.document);
    } else {
      finished();
      // The process need not wait for the thread to wind down.
      worker.unref();
    }
  });
  const failed = (): void => {
    listed();
    finished();
  };
  worker.once('error', failed);
  worker.once('exit', failed);
  return async () => {
    await listing;
    if (list) {
      const { files, claims } = list;
      const { readConfigDocument } = await import('./documents.js');
      // The worker claims in order from the first file: past the last one it claimed, every file is still free.
      for (let i = files.length - 1; i >= 0 && Atomics.compareExchange(claims, i, CLAIM.none, CLAIM.main) === CLAIM.none; i--) {
        documents.set(files[i]!, readConfigDocument(files[i]!));
      }
    }
    await done;
    return documents;
  };
}
