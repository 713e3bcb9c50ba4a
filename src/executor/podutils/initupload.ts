// initupload: records the start of a run (started.json) and the clone results (clone-log.txt,
// clone-records.json). When a clone failed, the run is over: finished.json says so and the exit code is 1.
import { readFile } from 'node:fs/promises';
import type { BlobStorage } from '../../storage/types.js';
import { CLONE_LOG, CLONE_RECORDS, FINISHED_JSON, STARTED_JSON } from '../../storage/paths.js';
import { formatRecords, type CloneRecord } from './clonerefs.js';
import type { PodJobSpec } from './jobspec.js';
import { finishedFor, startedFor } from './metadata.js';
import type { InitUploadOptions } from './options.js';
import { linkTargets, openUploader, type UploadTarget } from './upload.js';

export interface InitUploadResult {
  /** 0, or 1 when a clone failed. */
  code: number;
  records: CloneRecord[];
  dir: string;
}

export async function readCloneRecords(file: string | undefined): Promise<CloneRecord[]> {
  if (!file) return [];
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const parsed = JSON.parse(raw) as unknown;
  if (!Array.isArray(parsed)) throw new Error(`clone records in ${file} are not a JSON list`);
  return parsed as CloneRecord[];
}

export async function initUpload(opts: InitUploadOptions, spec: PodJobSpec, storage?: BlobStorage): Promise<InitUploadResult> {
  const records = await readCloneRecords(opts.log);
  const failed = records.some((r) => r.failed);
  const up = openUploader(opts, spec, storage);
  const targets: UploadTarget[] = [
    ...linkTargets(opts, spec, up),
    { key: STARTED_JSON, data: JSON.stringify(startedFor(spec, records), null, 2), contentType: 'application/json' },
  ];
  if (opts.log) {
    targets.push({ key: CLONE_LOG, data: formatRecords(records), contentType: 'text/plain' });
    targets.push({ key: CLONE_RECORDS, data: JSON.stringify(records, null, 2), contentType: 'application/json' });
  }
  if (failed) targets.push({ key: FINISHED_JSON, data: JSON.stringify(finishedFor(spec, { passed: false }), null, 2), contentType: 'application/json' });
  await up.upload(targets);
  return { code: failed ? 1 : 0, records, dir: up.dir };
}
