// A tiny S3-compatible server for tests (path-style: /<bucket>/<key>): PUT (plain and aws-chunked bodies), GET
// with Range, HEAD, ListObjectsV2 with prefix and delimiter. No auth checks; it records the requests it saw.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeS3 {
  endpoint: string;
  objects: Map<string, Buffer>;
  requests: { method: string; url: string; authorization?: string }[];
  close(): Promise<void>;
}

function decodeAwsChunked(body: Buffer): Buffer<ArrayBuffer> {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(body.subarray(at, eol).toString().split(';')[0], 16);
    if (!size) break;
    out.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function startFakeS3(bucket: string): Promise<FakeS3> {
  const objects = new Map<string, Buffer>();
  const requests: FakeS3['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
      const [, b, ...rest] = url.pathname.split('/');
      const key = decodeURIComponent(rest.join('/'));
      if (b !== bucket) {
        res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchBucket</Code></Error>');
        return;
      }
      if (req.method === 'PUT') {
        let body = Buffer.concat(chunks);
        const sha = String(req.headers['x-amz-content-sha256'] ?? '');
        if (String(req.headers['content-encoding'] ?? '').includes('aws-chunked') || sha.startsWith('STREAMING-')) body = decodeAwsChunked(body);
        objects.set(key, body);
        res.writeHead(200, { etag: '"x"' }).end();
        return;
      }
      if (req.method === 'GET' && key === '' && url.searchParams.get('list-type') === '2') {
        const prefix = url.searchParams.get('prefix') ?? '';
        const delimiter = url.searchParams.get('delimiter') ?? '';
        const contents: string[] = [];
        const prefixes = new Set<string>();
        for (const k of [...objects.keys()].sort()) {
          if (!k.startsWith(prefix)) continue;
          const rest = k.slice(prefix.length);
          const cut = delimiter ? rest.indexOf(delimiter) : -1;
          if (cut >= 0) prefixes.add(prefix + rest.slice(0, cut + 1));
          else contents.push(`<Contents><Key>${xml(k)}</Key><Size>${objects.get(k)!.length}</Size></Contents>`);
        }
        const common = [...prefixes].map((p) => `<CommonPrefixes><Prefix>${xml(p)}</Prefix></CommonPrefixes>`).join('');
        res.writeHead(200, { 'content-type': 'application/xml' }).end(
          `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${bucket}</Name><Prefix>${xml(prefix)}</Prefix><IsTruncated>false</IsTruncated>${contents.join('')}${common}</ListBucketResult>`,
        );
        return;
      }
      const obj = objects.get(key);
      if (!obj) {
        if (req.method === 'HEAD') res.writeHead(404).end();
        else res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
        return;
      }
      const headers = { 'content-length': String(obj.length), 'last-modified': new Date().toUTCString(), 'content-type': 'application/octet-stream' };
      if (req.method === 'HEAD') {
        res.writeHead(200, headers).end();
        return;
      }
      const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
      if (range) {
        const start = Number(range[1]);
        if (start >= obj.length) {
          res.writeHead(416, { 'content-type': 'application/xml' }).end('<Error><Code>InvalidRange</Code></Error>');
          return;
        }
        const end = range[2] ? Math.min(Number(range[2]), obj.length - 1) : obj.length - 1;
        const part = obj.subarray(start, end + 1);
        res.writeHead(206, { ...headers, 'content-length': String(part.length), 'content-range': `bytes ${start}-${end}/${obj.length}` }).end(part);
        return;
      }
      res.writeHead(200, headers).end(obj);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `127.0.0.1:${port}`,
    objects,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
