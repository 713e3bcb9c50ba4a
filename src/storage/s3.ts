// s3:// storage through the AWS SDK v3. Credentials come from upstream's s3-credentials file
// (the JSON a `s3-credentials` secret holds: region, access_key, secret_key, endpoint, insecure,
// s3_force_path_style), so MinIO and other S3-compatible stores work with a custom endpoint and path-style URLs.
import { readFileSync, createReadStream } from 'node:fs';
import { stat as fsStat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { registerSecret } from '../runtime/logger.js';
import { ObjectNotFoundError, joinKey, type BlobStorage, type ByteRange, type ListEntry, type ObjectAttrs, type WriteOptions } from './types.js';

/** Upstream's S3 credentials file (pkg/io/providers). */
export interface S3Credentials {
  region?: string;
  endpoint?: string;
  insecure?: boolean;
  s3_force_path_style?: boolean;
  access_key?: string;
  secret_key?: string;
}

export function readS3Credentials(file: string): S3Credentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`reading S3 credentials file ${file}: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`S3 credentials file ${file} must hold a JSON object`);
  }
  const c = parsed as S3Credentials;
  registerSecret(c.secret_key);
  registerSecret(c.access_key);
  return c;
}

export function s3ClientConfig(creds: S3Credentials | undefined): S3ClientConfig {
  const cfg: S3ClientConfig = { region: creds?.region || process.env.AWS_REGION || 'us-east-1' };
  if (creds?.endpoint) {
    const ep = /^https?:\/\//.test(creds.endpoint) ? creds.endpoint : `${creds.insecure ? 'http' : 'https'}://${creds.endpoint}`;
    cfg.endpoint = ep;
  }
  if (creds?.s3_force_path_style) cfg.forcePathStyle = true;
  if (creds?.access_key && creds.secret_key) {
    cfg.credentials = { accessKeyId: creds.access_key, secretAccessKey: creds.secret_key };
  }
  return cfg;
}

export class S3Storage implements BlobStorage {
  readonly provider = 's3' as const;
  readonly url: string;
  private readonly client: S3Client;

  constructor(readonly bucket: string, creds?: S3Credentials, client?: S3Client) {
    this.url = `s3://${bucket}`;
    this.client = client ?? new S3Client(s3ClientConfig(creds));
  }

  async write(key: string, data: string | Uint8Array, opts: WriteOptions = {}): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: joinKey(key), Body: data, ContentType: opts.contentType }));
  }

  async upload(key: string, localPath: string, opts: WriteOptions = {}): Promise<void> {
    const size = (await fsStat(localPath)).size;
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: joinKey(key),
        Body: createReadStream(localPath),
        ContentLength: size,
        ContentType: opts.contentType,
      }),
    );
  }

  private async get(key: string, range?: ByteRange): Promise<Readable> {
    const k = joinKey(key);
    let rangeHeader: string | undefined;
    if (range && (range.offset !== undefined || range.length !== undefined)) {
      const start = range.offset ?? 0;
      if (range.length === 0) return Readable.from([]);
      rangeHeader = range.length === undefined ? `bytes=${start}-` : `bytes=${start}-${start + range.length - 1}`;
    }
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: k, Range: rangeHeader }));
      if (!out.Body) return Readable.from([]);
      return out.Body as Readable;
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'NoSuchKey' || name === 'NotFound') throw new ObjectNotFoundError(`${this.url}/${k}`);
      // A range starting at the end of the object is empty, not an error.
      if (name === 'InvalidRange') return Readable.from([]);
      throw e;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of await this.get(key, range)) chunks.push(Buffer.from(c as Uint8Array));
    return Buffer.concat(chunks);
  }

  stream(key: string, range?: ByteRange): Promise<Readable> {
    return this.get(key, range);
  }

  async stat(key: string): Promise<ObjectAttrs | undefined> {
    try {
      const h = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: joinKey(key) }));
      return { size: h.ContentLength ?? 0, modified: h.LastModified, contentType: h.ContentType };
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'NotFound' || name === 'NoSuchKey') return undefined;
      throw e;
    }
  }

  async list(prefix: string, opts: { delimiter?: '/' } = {}): Promise<ListEntry[]> {
    const out: ListEntry[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, Delimiter: opts.delimiter, ContinuationToken: token }),
      );
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) out.push({ key: p.Prefix, isDir: true });
      for (const o of page.Contents ?? []) if (o.Key) out.push({ key: o.Key, isDir: false, size: o.Size });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
