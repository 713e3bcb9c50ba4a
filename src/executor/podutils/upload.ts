// The upload half shared by initupload and sidecar (upstream's gcsupload): resolves the run's build directory
// from the job spec and the gcs options, and writes objects there.
import { openBucket, parseBucket } from '../../storage/open.js';
import { aliasKey, buildDir, latestBuildKeys } from '../../storage/paths.js';
import type { BlobStorage } from '../../storage/types.js';
import { joinKey } from '../../storage/types.js';
import type { PodJobSpec } from './jobspec.js';
import { isDryRun, type GCSUploadOptions } from './options.js';

export interface UploadTarget {
  /** Key relative to the build directory (or absolute with `absolute: true`). */
  key: string;
  data?: string | Buffer;
  file?: string;
  absolute?: boolean;
  contentType?: string;
}

export interface Uploader {
  storage: BlobStorage;
  /** The build directory key. */
  dir: string;
  upload(targets: UploadTarget[]): Promise<void>;
}

export function openUploader(opts: GCSUploadOptions, spec: PodJobSpec, storage?: BlobStorage): Uploader {
  if (!storage && !opts.bucket) throw new Error('no bucket configured for uploads (gcs_configuration.bucket)');
  const store =
    storage ??
    openBucket(parseBucket(opts.bucket!), {
      gcsCredentialsFile: opts.gcs_credentials_file || undefined,
      s3CredentialsFile: opts.s3_credentials_file || undefined,
    });
  const dir = buildDir(spec, opts);
  const dry = isDryRun(opts);
  return {
    storage: store,
    dir,
    async upload(targets: UploadTarget[]): Promise<void> {
      for (const t of targets) {
        const key = t.absolute ? joinKey(t.key) : joinKey(dir, opts.sub_dir ?? '', t.key);
        if (dry) continue;
        if (t.file !== undefined) await store.upload(key, t.file, { contentType: t.contentType });
        else await store.write(key, t.data ?? '', { contentType: t.contentType });
      }
    },
  };
}

/** The pr-logs/directory link and latest-build.txt markers of a run. */
export function linkTargets(opts: GCSUploadOptions, spec: PodJobSpec, up: Uploader): UploadTarget[] {
  const out: UploadTarget[] = [];
  const alias = aliasKey(spec, opts);
  if (alias) out.push({ key: alias, absolute: true, data: `${up.storage.url}/${up.dir}` });
  for (const k of latestBuildKeys(spec, opts)) out.push({ key: k, absolute: true, data: spec.buildid });
  return out;
}

