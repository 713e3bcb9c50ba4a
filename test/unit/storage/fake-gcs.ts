// A tiny GCS JSON API server for tests: multipart and media uploads, object metadata, `alt=media` downloads with
// Range, and listing with prefix and delimiter. The official client talks to it through `apiEndpoint`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { CRC32C } from '@google-cloud/storage';

function crc32c(data: Buffer): string {
  const c = new CRC32C();
  c.update(data);
  return c.toString();
}

export interface FakeGCS {
  endpoint: string;
  objects: Map<string, { data: Buffer; contentType?: string }>;
  close(): Promise<void>;
}

function parseMultipart(body: Buffer, contentType: string): { name?: string; contentType?: string; data: Buffer } {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw new Error('no boundary');
  const parts: Buffer[] = [];
  const sep = Buffer.from(`--${boundary}`);
  let at = body.indexOf(sep);
  while (at >= 0) {
    const next = body.indexOf(sep, at + sep.length);
    if (next < 0) break;
    parts.push(body.subarray(at + sep.length, next));
    at = next;
  }
  const split = (p: Buffer): { headers: string; data: Buffer } => {
    const i = p.indexOf('\r\n\r\n');
    return { headers: p.subarray(0, i).toString(), data: p.subarray(i + 4, p.length - 2) };
  };
  const meta = JSON.parse(split(parts[0]).data.toString()) as { name?: string; contentType?: string };
  const media = split(parts[1]);
  return { name: meta.name, contentType: meta.contentType ?? /content-type: *([^\r\n]+)/i.exec(media.headers)?.[1], data: media.data };
}

export async function startFakeGCS(bucket: string): Promise<FakeGCS> {
  const objects = new Map<string, { data: Buffer; contentType?: string }>();
  const meta = (name: string) => {
    const o = objects.get(name)!;
    return {
      kind: 'storage#object',
      bucket,
      name,
      size: String(o.data.length),
      contentType: o.contentType,
      updated: new Date().toISOString(),
      md5Hash: createHash('md5').update(o.data).digest('base64'),
      crc32c: crc32c(o.data),
    };
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const json = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      const notFound = (): void => json(404, { error: { code: 404, message: 'No such object', errors: [{ reason: 'notFound' }] } });
      const upload = new RegExp(`^/upload/storage/v1/b/${bucket}/o$`).exec(url.pathname);
      if (upload && req.method === 'POST') {
        const body = Buffer.concat(chunks);
        if (url.searchParams.get('uploadType') === 'multipart') {
          const p = parseMultipart(body, String(req.headers['content-type']));
          const name = p.name ?? url.searchParams.get('name')!;
          objects.set(name, { data: p.data, contentType: p.contentType });
          json(200, meta(name));
        } else {
          const name = url.searchParams.get('name')!;
          objects.set(name, { data: body, contentType: String(req.headers['content-type'] ?? '') });
          json(200, meta(name));
        }
        return;
      }
      if (url.pathname === `/storage/v1/b/${bucket}/o` && req.method === 'GET') {
        const prefix = url.searchParams.get('prefix') ?? '';
        const delimiter = url.searchParams.get('delimiter') ?? '';
        const items: unknown[] = [];
        const prefixes = new Set<string>();
        for (const k of [...objects.keys()].sort()) {
          if (!k.startsWith(prefix)) continue;
          const cut = delimiter ? k.slice(prefix.length).indexOf(delimiter) : -1;
          if (cut >= 0) prefixes.add(k.slice(0, prefix.length + cut + 1));
          else items.push(meta(k));
        }
        json(200, { kind: 'storage#objects', items, prefixes: [...prefixes] });
        return;
      }
      const obj = new RegExp(`^(?:/download)?/storage/v1/b/${bucket}/o/(.+)$`).exec(url.pathname);
      if (obj && req.method === 'GET') {
        const name = decodeURIComponent(obj[1]);
        const o = objects.get(name);
        if (!o) return notFound();
        if (url.searchParams.get('alt') !== 'media') return json(200, meta(name));
        const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
        if (range) {
          const start = Number(range[1]);
          const end = range[2] ? Math.min(Number(range[2]), o.data.length - 1) : o.data.length - 1;
          const part = o.data.subarray(start, end + 1);
          res.writeHead(206, { 'content-length': String(part.length), 'content-range': `bytes ${start}-${end}/${o.data.length}` }).end(part);
          return;
        }
        res.writeHead(200, { 'content-length': String(o.data.length), 'content-type': o.contentType ?? 'application/octet-stream' }).end(o.data);
        return;
      }
      notFound();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { endpoint: `http://127.0.0.1:${port}`, objects, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
