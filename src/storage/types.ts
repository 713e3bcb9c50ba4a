// Blob storage for logs and artifacts: one interface over a directory (file://), S3 (s3://) and GCS (gs://).
// Keys are slash-separated paths inside the bucket, as upstream lays them out (see paths.ts).
import type { Readable } from 'node:stream';

export type StorageProvider = 'file' | 's3' | 'gs';

export interface ByteRange {
  /** First byte (default 0). */
  offset?: number;
  /** Bytes to read from offset (default: to the end). */
  length?: number;
}

export interface ObjectAttrs {
  size: number;
  modified?: Date;
  contentType?: string;
}

export interface ListEntry {
  /** The full key; a "directory" (common prefix) ends with `/`. */
  key: string;
  isDir: boolean;
  size?: number;
}

export interface WriteOptions {
  contentType?: string;
}

export interface BlobStorage {
  readonly provider: StorageProvider;
  /** The bucket name (for file://, the directory path). */
  readonly bucket: string;
  /** `gs://bucket`, `s3://bucket` or `file:///abs/dir`. */
  readonly url: string;
  write(key: string, data: string | Uint8Array, opts?: WriteOptions): Promise<void>;
  /** Uploads a local file. */
  upload(key: string, localPath: string, opts?: WriteOptions): Promise<void>;
  /** The object's bytes (or a range of them); ObjectNotFoundError if absent. */
  read(key: string, range?: ByteRange): Promise<Buffer>;
  stream(key: string, range?: ByteRange): Promise<Readable>;
  /** Attributes, or undefined when the object does not exist. */
  stat(key: string): Promise<ObjectAttrs | undefined>;
  /**
   * Objects under a prefix. With `delimiter: '/'`, one level: objects directly under it plus
   * sub-"directories" (keys ending in `/`); without, every object below the prefix.
   */
  list(prefix: string, opts?: { delimiter?: '/' }): Promise<ListEntry[]>;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly url: string) {
    super(`object ${url} not found`);
    this.name = 'ObjectNotFoundError';
  }
}

/** Joins key parts the way upstream's path.Join does, dropping empty parts. */
export function joinKey(...parts: string[]): string {
  return parts
    .flatMap((p) => p.split('/'))
    .filter((p) => p !== '' && p !== '.')
    .join('/');
}
