// Opening a bucket by its name as job configs spell it: `gs://b`, `s3://b`, `file:///dir`, or a bare name
// (GCS, as upstream). One StorageClients per process caches clients, so every role shares them.
import path from 'node:path';
import { FileStorage } from './file.js';
import { LazyBlobStorage } from './lazy.js';
import type { BlobStorage, StorageProvider } from './types.js';

export interface StorageCredentials {
  /** Upstream's --s3-credentials-file. */
  s3CredentialsFile?: string;
  /** Upstream's --gcs-credentials-file. */
  gcsCredentialsFile?: string;
}

export interface BucketRef {
  provider: StorageProvider;
  /** Bucket name, or for file:// the absolute directory. */
  bucket: string;
}

export function parseBucket(spec: string): BucketRef {
  const m = /^([a-z0-9]+):\/\/(.*)$/.exec(spec.trim());
  if (!m) {
    if (spec.trim() === '' || spec.includes('/')) throw new Error(`invalid bucket ${JSON.stringify(spec)}`);
    return { provider: 'gs', bucket: spec.trim() };
  }
  const [, scheme, rest] = m;
  const bucket = rest.replace(/\/+$/, '');
  if (scheme === 'file') {
    if (!bucket.startsWith('/')) throw new Error(`file:// bucket must be an absolute path: ${spec}`);
    return { provider: 'file', bucket: path.resolve(bucket) };
  }
  if (scheme !== 'gs' && scheme !== 's3') throw new Error(`unsupported storage provider ${JSON.stringify(scheme)} in ${spec} (use gs://, s3:// or file://)`);
  if (bucket === '' || bucket.includes('/')) throw new Error(`invalid bucket ${JSON.stringify(spec)}`);
  return { provider: scheme, bucket };
}

export function bucketURL(ref: BucketRef): string {
  return `${ref.provider}://${ref.bucket}`;
}

/** Where all-in-one mode keeps logs and artifacts when no bucket is configured: `<data-dir>/storage`. */
export function defaultStorageDir(dataDir: string): string {
  return path.join(dataDir, 'storage');
}

export class StorageClients {
  private readonly cache = new Map<string, BlobStorage>();

  constructor(
    private readonly dataDir: string,
    private readonly creds: StorageCredentials = {},
  ) {}

  /** The all-in-one default bucket, `file://<data-dir>/storage`. */
  get defaultBucket(): string {
    return `file://${defaultStorageDir(this.dataDir)}`;
  }

  /** Opens a bucket (default: the data-dir bucket). */
  open(spec?: string): BlobStorage {
    const ref = parseBucket(spec && spec.trim() !== '' ? spec : this.defaultBucket);
    const key = bucketURL(ref);
    let s = this.cache.get(key);
    if (!s) {
      s = openBucket(ref, this.creds);
      this.cache.set(key, s);
    }
    return s;
  }
}

export function openBucket(ref: BucketRef, creds: StorageCredentials = {}): BlobStorage {
  switch (ref.provider) {
    case 'file':
      return new FileStorage(ref.bucket);
    case 's3':
      return new LazyBlobStorage('s3', ref.bucket, bucketURL(ref), async () => {
        const { S3Storage, readS3Credentials } = await import('./s3.js');
        return new S3Storage(ref.bucket, creds.s3CredentialsFile ? readS3Credentials(creds.s3CredentialsFile) : undefined);
      });
    case 'gs':
      return new LazyBlobStorage('gs', ref.bucket, bucketURL(ref), async () => {
        const { GCSStorage } = await import('./gcs.js');
        return new GCSStorage(ref.bucket, { credentialsFile: creds.gcsCredentialsFile });
      });
  }
}
