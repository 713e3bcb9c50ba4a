// Upstream's crier blob storage reporter ("gcsreporter"): writes the ProwJob as prowjob.json into the job's build
// directory (the bucket and layout of its decoration config's gcs_configuration; in all-in-one mode the data-dir
// bucket), so Spyglass shows it after sinker has deleted the ProwJob.
import type { ProwJob } from '../api/prowjob.js';
import { buildDir, PROWJOB_JSON } from '../storage/paths.js';
import type { BlobStorage } from '../storage/types.js';
import { joinKey } from '../storage/types.js';
import { PermanentReportError, type Reporter } from './reporter.js';

export const BLOB_STORAGE_REPORTER_NAME = 'gcsreporter';

export interface BlobStorageReporterOptions {
  /** Opens a bucket by its config spelling (`gs://b`, `s3://b`, `file:///dir`); undefined: the default bucket. */
  open(bucket: string | undefined): BlobStorage;
}

/** Where a job's prowjob.json goes. */
export function prowJobJsonKey(pj: ProwJob): string {
  const gcs = pj.spec.decoration_config?.gcs_configuration;
  const dir = buildDir({ type: pj.spec.type, job: pj.spec.job, buildid: pj.status.build_id ?? '', refs: pj.spec.refs }, gcs ?? {});
  return joinKey(dir, PROWJOB_JSON);
}

export class BlobStorageReporter implements Reporter {
  readonly name = BLOB_STORAGE_REPORTER_NAME;

  constructor(private readonly opts: BlobStorageReporterOptions) {}

  /** As upstream: only once the job has a build ID, so there is a directory to write to. */
  shouldReport(pj: ProwJob): boolean {
    return Boolean(pj.status.build_id);
  }

  async report(pj: ProwJob): Promise<void> {
    let key: string;
    let storage: BlobStorage;
    try {
      key = prowJobJsonKey(pj);
      storage = this.opts.open(pj.spec.decoration_config?.gcs_configuration?.bucket);
    } catch (e) {
      // No place to write to (bad bucket, path_strategy, refs): retrying cannot help.
      throw new PermanentReportError(`no destination for prowjob.json: ${(e as Error).message}`);
    }
    await storage.write(key, `${JSON.stringify(pj, null, 2)}\n`, { contentType: 'application/json' });
  }
}
