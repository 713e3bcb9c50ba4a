// The worker thread of readConfigDocumentsAhead (read-ahead.ts): lists the files a load reads, then reads and parses
// each the main thread has not claimed, in order, posting each document as it is read.
import { parentPort, workerData } from 'node:worker_threads';
import { listConfigFiles, type ConfigPaths } from './files.js';
import { readConfigDocument } from './documents.js';
import { CLAIM, type ReadAheadMessage } from './read-ahead.js';

const post = (m: ReadAheadMessage): void => parentPort!.postMessage(m);
const files = [...new Set(await listConfigFiles(workerData as ConfigPaths))];
const claims = new Int32Array(new SharedArrayBuffer(4 * files.length));
post({ files, claims });
// Where the main thread has claimed a file, it has claimed every later one too.
for (let i = 0; i < files.length && Atomics.compareExchange(claims, i, CLAIM.none, CLAIM.worker) === CLAIM.none; i++) {
  post({ index: i, document: readConfigDocument(files[i]!) });
}
post({ done: true });
