// file:// storage: objects are files under one directory (the all-in-one default, under the data dir).
// Writes go to a temp file and are renamed into place, so readers never see half an object.
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, rename, stat, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ObjectNotFoundError, joinKey, type BlobStorage, type ByteRange, type ListEntry, type ObjectAttrs } from './types.js';

export class FileStorage implements BlobStorage {
  readonly provider = 'file' as const;
  readonly bucket: string;
  readonly url: string;

  constructor(root: string) {
    this.bucket = path.resolve(root);
    this.url = `file://${this.bucket}`;
  }

  /** The local path of a key; rejects keys that would leave the root. */
  pathOf(key: string): string {
    const clean = joinKey(key);
    if (clean.split('/').includes('..')) throw new Error(`invalid object key ${JSON.stringify(key)}`);
    return path.join(this.bucket, clean);
  }

  async write(key: string, data: string | Uint8Array): Promise<void> {
    await this.atomically(key, (tmp) => writeFile(tmp, data));
  }

  async upload(key: string, localPath: string): Promise<void> {
    await this.atomically(key, (tmp) => copyFile(localPath, tmp));
  }

  private async atomically(key: string, fill: (tmp: string) => Promise<void>): Promise<void> {
    const dest = this.pathOf(key);
    await mkdir(path.dirname(dest), { recursive: true });
    const tmp = `${dest}.tmp-${randomBytes(6).toString('hex')}`;
    try {
      await fill(tmp);
      await rename(tmp, dest);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Buffer> {
    const p = this.pathOf(key);
    let fh;
    try {
      fh = await open(p, 'r');
    } catch (e) {
      throw notFound(e, `${this.url}/${joinKey(key)}`);
    }
    try {
      const size = (await fh.stat()).size;
      const start = Math.min(range?.offset ?? 0, size);
      const end = range?.length === undefined ? size : Math.min(size, start + range.length);
      const buf = Buffer.alloc(end - start);
      if (buf.length > 0) await fh.read(buf, 0, buf.length, start);
      return buf;
    } finally {
      await fh.close();
    }
  }

  async stream(key: string, range?: ByteRange): Promise<Readable> {
    const p = this.pathOf(key);
    const attrs = await this.stat(key);
    if (!attrs) throw new ObjectNotFoundError(`${this.url}/${joinKey(key)}`);
    const start = range?.offset ?? 0;
    const end = range?.length === undefined ? undefined : start + range.length - 1;
    if (end !== undefined && end < start) return createReadStream(p, { start: 0, end: -1 });
    return createReadStream(p, { start, end });
  }

  async stat(key: string): Promise<ObjectAttrs | undefined> {
    try {
      const s = await stat(this.pathOf(key));
      if (!s.isFile()) return undefined;
      return { size: s.size, modified: s.mtime };
    } catch {
      return undefined;
    }
  }

  async list(prefix: string, opts: { delimiter?: '/' } = {}): Promise<ListEntry[]> {
    // A prefix is a directory path plus, optionally, the start of a name in it.
    const dirKey = prefix.endsWith('/') || prefix === '' ? joinKey(prefix) : joinKey(path.posix.dirname(prefix));
    const namePrefix = prefix.endsWith('/') || prefix === '' ? '' : path.posix.basename(prefix);
    const out: ListEntry[] = [];
    const walk = async (key: string, filter: string, recurse: boolean): Promise<void> => {
      let entries;
      try {
        entries = await readdir(this.pathOf(key), { withFileTypes: true });
      } catch {
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        if (!e.name.startsWith(filter) || e.name.includes('.tmp-')) continue;
        const child = joinKey(key, e.name);
        if (e.isDirectory()) {
          if (recurse) await walk(child, '', true);
          else out.push({ key: `${child}/`, isDir: true });
        } else if (e.isFile()) {
          out.push({ key: child, isDir: false, size: (await stat(this.pathOf(child)).catch(() => undefined))?.size });
        }
      }
    };
    if (dirKey.split('/').includes('..')) throw new Error(`invalid prefix ${JSON.stringify(prefix)}`);
    await walk(dirKey, namePrefix, opts.delimiter === undefined);
    return out;
  }
}

function notFound(e: unknown, url: string): Error {
  return (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR'
    ? new ObjectNotFoundError(url)
    : (e as Error);
}
