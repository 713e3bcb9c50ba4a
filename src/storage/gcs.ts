// gs:// storage through the official @google-cloud/storage client. Credentials: a service-account JSON file
// (upstream's --gcs-credentials-file / gcs_credentials_file), or the client's default credentials.
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { Storage, type Bucket } from '@google-cloud/storage';
import { registerSecret } from '../runtime/logger.js';
import { ObjectNotFoundError, joinKey, type BlobStorage, type ByteRange, type ListEntry, type ObjectAttrs, type WriteOptions } from './types.js';

export interface GCSOptions {
  credentialsFile?: string;
  /** Overrides the API endpoint (a GCS emulator). */
  apiEndpoint?: string;
}

export class GCSStorage implements BlobStorage {
  readonly provider = 'gs' as const;
  readonly url: string;
  private readonly handle: Bucket;

  constructor(readonly bucket: string, opts: GCSOptions = {}) {
    this.url = `gs://${bucket}`;
    if (opts.credentialsFile) {
      const key = readFileSync(opts.credentialsFile, 'utf8');
      try {
        registerSecret((JSON.parse(key) as { private_key?: string }).private_key);
      } catch (e) {
        throw new Error(`reading GCS credentials file ${opts.credentialsFile}: ${(e as Error).message}`);
      }
    }
    const client = new Storage({
      ...(opts.credentialsFile ? { keyFilename: opts.credentialsFile } : {}),
      ...(opts.apiEndpoint ? { apiEndpoint: opts.apiEndpoint } : {}),
    });
    this.handle = client.bucket(bucket);
  }

  async write(key: string, data: string | Uint8Array, opts: WriteOptions = {}): Promise<void> {
    await this.handle.file(joinKey(key)).save(Buffer.from(data), { resumable: false, contentType: opts.contentType });
  }

  async upload(key: string, localPath: string, opts: WriteOptions = {}): Promise<void> {
    await this.handle.upload(localPath, { destination: joinKey(key), resumable: false, contentType: opts.contentType });
  }

  private rangeOpts(range?: ByteRange): { start?: number; end?: number } {
    if (!range) return {};
    const start = range.offset ?? 0;
    return range.length === undefined ? { start } : { start, end: start + range.length - 1 };
  }

  async read(key: string, range?: ByteRange): Promise<Buffer> {
    if (range?.length === 0) return Buffer.alloc(0);
    try {
      const [buf] = await this.handle.file(joinKey(key)).download(this.rangeOpts(range));
      return buf;
    } catch (e) {
      throw this.mapError(e, key);
    }
  }

  async stream(key: string, range?: ByteRange): Promise<Readable> {
    if (!(await this.stat(key))) throw new ObjectNotFoundError(`${this.url}/${joinKey(key)}`);
    return this.handle.file(joinKey(key)).createReadStream(this.rangeOpts(range));
  }

  async stat(key: string): Promise<ObjectAttrs | undefined> {
    try {
      const [md] = await this.handle.file(joinKey(key)).getMetadata();
      return {
        size: Number(md.size ?? 0),
        modified: md.updated ? new Date(md.updated) : undefined,
        contentType: md.contentType,
      };
    } catch (e) {
      if ((e as { code?: number }).code === 404) return undefined;
      throw e;
    }
  }

  async list(prefix: string, opts: { delimiter?: '/' } = {}): Promise<ListEntry[]> {
    const out: ListEntry[] = [];
    let pageToken: string | undefined;
    do {
      const [files, next, resp] = await this.handle.getFiles({ prefix, delimiter: opts.delimiter, autoPaginate: false, pageToken });
      for (const p of (resp as { prefixes?: string[] } | undefined)?.prefixes ?? []) out.push({ key: p, isDir: true });
      for (const f of files) out.push({ key: f.name, isDir: false, size: Number(f.metadata.size ?? 0) });
      pageToken = (next as { pageToken?: string } | null)?.pageToken;
    } while (pageToken);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private mapError(e: unknown, key: string): Error {
    return (e as { code?: number }).code === 404 ? new ObjectNotFoundError(`${this.url}/${joinKey(key)}`) : (e as Error);
  }
}
