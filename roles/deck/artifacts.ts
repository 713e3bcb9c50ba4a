// Where a job's results live and what Deck may read there. A view path `/<provider>/<bucket>/<dir>` names a job's
// directory in blob storage; only allowed buckets are read (those in decoration configs, the all-in-one data-dir
// bucket and deck.additional_allowed_buckets, unless deck.skip_storage_path_validation), and artifact names can
// never leave the job's directory.
import type { Config, DecorationConfig } from '../../src/config/types.js';
import { parseBucket, type BucketRef } from '../../src/storage/open.js';
import type { BlobStorage, StorageProvider } from '../../src/storage/types.js';

export interface StorageOpener {
  /** Opens a bucket by spec (`gs://b`, `s3://b`, `file:///dir`). */
  open(spec: string): BlobStorage;
  /** The all-in-one bucket used when no decoration config names one. */
  readonly defaultBucket: string;
}

export class ArtifactError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ArtifactError';
  }
}

export interface JobDir {
  storage: BlobStorage;
  provider: StorageProvider;
  /** The bucket as it appears in view URLs (for file://, the directory without its leading slash). */
  bucketName: string;
  /** The job's directory inside the bucket, no leading or trailing slash. */
  dir: string;
}

function bucketsOf(dc: DecorationConfig | undefined, out: string[]): void {
  const b = dc?.gcs_configuration?.bucket;
  if (b) out.push(b);
}

/** Every bucket job results may be in, as specs. */
export function allowedBucketSpecs(config: Config, defaultBucket: string): string[] {
  const out = [defaultBucket];
  for (const e of config.plank?.default_decoration_config_entries ?? []) bucketsOf(e.config, out);
  for (const dc of Object.values(config.plank?.default_decoration_configs ?? {})) bucketsOf(dc, out);
  for (const jobs of Object.values(config.presubmits ?? {})) for (const j of jobs) bucketsOf(j.decoration_config, out);
  for (const jobs of Object.values(config.postsubmits ?? {})) for (const j of jobs) bucketsOf(j.decoration_config, out);
  for (const j of config.periodics ?? []) bucketsOf(j.decoration_config, out);
  out.push(...(config.deck?.additional_allowed_buckets ?? []).filter((b) => b !== ''));
  return out;
}

/** Splits a path into clean segments; `..`, empty and `.` segments are refused rather than resolved. */
export function cleanSegments(path: string): string[] {
  const segs = path.split('/').filter((s) => s !== '');
  for (const s of segs) {
    if (s === '..' || s === '.' || s.includes('\\') || s.includes('\0')) throw new ArtifactError(400, `invalid path segment ${JSON.stringify(s)}`);
  }
  return segs;
}

function refOf(spec: string): BucketRef | undefined {
  try {
    return parseBucket(spec);
  } catch {
    return undefined;
  }
}

/**
 * Resolves `<provider>/<bucket>/<dir>` (the part of /view/ and /job-history/ URLs after the route).
 * file:// buckets are absolute directories, so their view path is the directory followed by the job's dir.
 */
export function resolveJobDir(viewPath: string, config: Config, storage: StorageOpener): JobDir {
  const segs = cleanSegments(viewPath);
  const provider = segs[0];
  if (provider !== 'gs' && provider !== 's3' && provider !== 'file') throw new ArtifactError(400, `unknown storage provider ${JSON.stringify(provider ?? '')}`);
  const aliases = config.deck?.spyglass?.bucket_aliases ?? {};
  const allowed = allowedBucketSpecs(config, storage.defaultBucket).map(refOf).filter((r): r is BucketRef => r !== undefined);
  const skipValidation = config.deck?.skip_storage_path_validation === true;
  if (provider === 'file') {
    const full = `/${segs.slice(1).join('/')}`;
    // The longest allowed directory the path is inside of.
    const match = allowed
      .filter((r) => r.provider === 'file' && (full === r.bucket || full.startsWith(`${r.bucket}/`)))
      .sort((a, b) => b.bucket.length - a.bucket.length)[0];
    if (!match) throw new ArtifactError(403, 'path is not in an allowed bucket');
    return {
      storage: storage.open(`file://${match.bucket}`),
      provider,
      bucketName: match.bucket.replace(/^\/+/, ''),
      dir: full.slice(match.bucket.length).replace(/^\/+/, ''),
    };
  }
  const rawBucket = segs[1];
  if (!rawBucket) throw new ArtifactError(400, 'missing bucket');
  const bucket = aliases[rawBucket] ?? rawBucket;
  if (!skipValidation && !allowed.some((r) => r.provider === provider && r.bucket === bucket)) {
    throw new ArtifactError(403, `bucket ${JSON.stringify(bucket)} is not allowed (deck.additional_allowed_buckets)`);
  }
  return { storage: storage.open(`${provider}://${bucket}`), provider, bucketName: bucket, dir: segs.slice(2).join('/') };
}

/** The object key of an artifact of a job; the name cannot leave the job's directory. */
export function artifactKey(job: JobDir, name: string): string {
  const segs = cleanSegments(name);
  if (segs.length === 0) throw new ArtifactError(400, 'empty artifact name');
  return [job.dir, ...segs].filter(Boolean).join('/');
}

/** The view path (`provider/bucket/dir`) of a job directory. */
export function viewPath(job: Pick<JobDir, 'provider' | 'bucketName' | 'dir'>): string {
  return [job.provider, job.bucketName, job.dir].filter(Boolean).join('/');
}

/** URL-encodes each segment of a slash path. */
export function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

export interface ReadResult {
  text: string;
  /** Bytes before `text` that were not read because of the size limit. */
  skipped: number;
  size: number;
}

/** Reads an artifact as text; beyond `limit` bytes only the tail is read. */
export async function readLimited(job: JobDir, name: string, limit: number): Promise<ReadResult> {
  const key = artifactKey(job, name);
  const attrs = await job.storage.stat(key);
  if (!attrs) throw new ArtifactError(404, `artifact ${name} not found`);
  if (attrs.size <= limit) return { text: (await job.storage.read(key)).toString('utf8'), skipped: 0, size: attrs.size };
  const offset = attrs.size - limit;
  return { text: (await job.storage.read(key, { offset, length: limit })).toString('utf8'), skipped: offset, size: attrs.size };
}

/** Every artifact under the job's directory, relative to it (at most `max`). */
export async function listArtifacts(job: JobDir, max = 10_000): Promise<{ name: string; size?: number }[]> {
  const prefix = job.dir ? `${job.dir}/` : '';
  const entries = await job.storage.list(prefix);
  return entries
    .filter((e) => !e.isDir)
    .slice(0, max)
    .map((e) => ({ name: e.key.slice(prefix.length), ...(e.size === undefined ? {} : { size: e.size }) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
