// A bucket whose client library is loaded on first use: the S3 and GCS SDKs cost tens of megabytes and
// hundreds of milliseconds to import, and all-in-one mode (file://) never needs them.
import type { Readable } from 'node:stream';
import type { BlobStorage, ByteRange, ListEntry, ObjectAttrs, StorageProvider, WriteOptions } from './types.js';

export class LazyBlobStorage implements BlobStorage {
  private real: Promise<BlobStorage> | undefined;

  constructor(
    readonly provider: StorageProvider,
    readonly bucket: string,
    readonly url: string,
    private readonly load: () => Promise<BlobStorage>,
  ) {}

  private client(): Promise<BlobStorage> {
    this.real ??= this.load().catch((e: unknown) => {
      this.real = undefined; // e.g. a credentials file not mounted yet: try again next time
      throw e;
    });
    return this.real;
  }

  async write(key: string, data: string | Uint8Array, opts?: WriteOptions): Promise<void> {
    return (await this.client()).write(key, data, opts);
  }

  async upload(key: string, localPath: string, opts?: WriteOptions): Promise<void> {
    return (await this.client()).upload(key, localPath, opts);
  }

  async read(key: string, range?: ByteRange): Promise<Buffer> {
    return (await this.client()).read(key, range);
  }

  async stream(key: string, range?: ByteRange): Promise<Readable> {
    return (await this.client()).stream(key, range);
  }

  async stat(key: string): Promise<ObjectAttrs | undefined> {
    return (await this.client()).stat(key);
  }

  async list(prefix: string, opts?: { delimiter?: '/' }): Promise<ListEntry[]> {
    return (await this.client()).list(prefix, opts);
  }
}
