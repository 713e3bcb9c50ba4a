// Where ghproxy keeps responses: in memory (no --cache-dir), or on disk under --cache-dir with at most
// --cache-sizeGB per partition (the least recently used entries are removed first). A partition is one token's
// cache (<cache-dir>/<token hash>/), or the whole directory with the legacy shared layout.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LRUCache } from 'lru-cache';

export interface CachedResponse {
  etag?: string;
  lastModified?: string;
  status: number;
  headers: [string, string][];
  body: Buffer;
  /** When it was stored or last revalidated (ms). */
  storedAt: number;
}

export interface ResponseStore {
  get(partition: string, key: string): Promise<CachedResponse | undefined>;
  set(partition: string, key: string, value: CachedResponse): Promise<void>;
  /** Number of partitions (tokens) with a cache. */
  partitions(): number;
  /** Bytes held. */
  bytes(): number;
}

const MEMORY_BYTES = 256 * 1024 * 1024;

function size(v: CachedResponse): number {
  return v.body.length + 200 + v.headers.reduce((n, [k, x]) => n + k.length + x.length, 0);
}

/** Everything in memory, at most 256 MiB across partitions. */
export class MemoryStore implements ResponseStore {
  private readonly lru = new LRUCache<string, CachedResponse>({ maxSize: MEMORY_BYTES, sizeCalculation: (v) => size(v) });
  private readonly parts = new Set<string>();

  get(partition: string, key: string): Promise<CachedResponse | undefined> {
    return Promise.resolve(this.lru.get(`${partition}\n${key}`));
  }

  set(partition: string, key: string, value: CachedResponse): Promise<void> {
    this.parts.add(partition);
    this.lru.set(`${partition}\n${key}`, value);
    return Promise.resolve();
  }

  partitions(): number {
    return this.parts.size;
  }

  bytes(): number {
    return this.lru.calculatedSize;
  }
}

interface DiskEntryFile {
  etag?: string;
  lastModified?: string;
  status: number;
  headers: [string, string][];
  body: string;
  storedAt: number;
}

/** One file per response; an index of sizes per partition (rebuilt from the directory at start) drives eviction. */
export class DiskStore implements ResponseStore {
  /** Partition → file name → bytes, in least-recently-used order. */
  private readonly index = new Map<string, Map<string, number>>();
  private readonly used = new Map<string, number>();

  constructor(private readonly dir: string, private readonly maxBytesPerPartition: number, private readonly shared: boolean) {
    mkdirSync(dir, { recursive: true });
    if (shared) this.scan('');
    else for (const d of readdirSync(dir, { withFileTypes: true })) if (d.isDirectory() && /^[0-9a-f]+$/.test(d.name)) this.scan(d.name);
  }

  async get(partition: string, key: string): Promise<CachedResponse | undefined> {
    const p = this.part(partition);
    const name = fileName(key);
    const files = this.index.get(p);
    if (!files?.has(name)) return undefined;
    try {
      const raw = JSON.parse(await readFile(path.join(this.dir, p, name), 'utf8')) as DiskEntryFile;
      touch(files, name);
      return { ...raw, body: Buffer.from(raw.body, 'base64') };
    } catch {
      this.drop(p, name);
      return undefined;
    }
  }

  async set(partition: string, key: string, value: CachedResponse): Promise<void> {
    const p = this.part(partition);
    const name = fileName(key);
    const text = JSON.stringify({ ...value, body: value.body.toString('base64') } satisfies DiskEntryFile);
    const dir = path.join(this.dir, p);
    mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, `.${name}.${process.pid}.${Math.random().toString(36).slice(2)}`);
    await writeFile(tmp, text);
    await rename(tmp, path.join(dir, name));
    let files = this.index.get(p);
    if (!files) this.index.set(p, (files = new Map()));
    this.used.set(p, (this.used.get(p) ?? 0) - (files.get(name) ?? 0) + text.length);
    files.delete(name);
    files.set(name, text.length);
    await this.evict(p);
  }

  partitions(): number {
    return this.shared ? 1 : this.index.size;
  }

  bytes(): number {
    let n = 0;
    for (const b of this.used.values()) n += b;
    return n;
  }

  private part(partition: string): string {
    return this.shared ? '' : partition;
  }

  private async evict(p: string): Promise<void> {
    const files = this.index.get(p);
    if (!files) return;
    while ((this.used.get(p) ?? 0) > this.maxBytesPerPartition && files.size > 1) {
      const oldest = files.keys().next().value as string;
      this.drop(p, oldest);
      await rm(path.join(this.dir, p, oldest), { force: true });
    }
  }

  private drop(p: string, name: string): void {
    const files = this.index.get(p);
    const b = files?.get(name);
    if (b === undefined) return;
    files!.delete(name);
    this.used.set(p, (this.used.get(p) ?? 0) - b);
  }

  /** Indexes a partition's files, oldest first (by modification time). */
  private scan(p: string): void {
    const dir = path.join(this.dir, p);
    const found: { name: string; bytes: number; mtime: number }[] = [];
    for (const name of readdirSync(dir)) {
      if (!/^[0-9a-f]{64}$/.test(name)) continue;
      const st = statSync(path.join(dir, name));
      found.push({ name, bytes: st.size, mtime: st.mtimeMs });
    }
    found.sort((a, b) => a.mtime - b.mtime);
    this.index.set(p, new Map(found.map((f) => [f.name, f.bytes])));
    this.used.set(p, found.reduce((n, f) => n + f.bytes, 0));
  }
}

function fileName(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function touch(files: Map<string, number>, name: string): void {
  const b = files.get(name);
  if (b === undefined) return;
  files.delete(name);
  files.set(name, b);
}
