// The transport's fetch, over node:http and node:https instead of the global fetch (undici): a GitHub call is a
// small JSON request and a buffered answer, and undici's WHATWG streams cost more CPU than the request itself
// (bench/hook workload B: about 550 µs of CPU per call against 350 µs). It does what the transport needs of fetch:
// keep-alive connections, redirects followed (GitHub moves renamed repos with 301/307), gzip and deflate answers
// decoded, abort signals, and the answer read whole, with the URL it answers (an `Answer`, see answer.ts).
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { Answer, AnswerHeaders, headerRecord } from './answer.js';

/** As fetch: this many redirects, then an error. */
const MAX_REDIRECTS = 20;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

type Body = string | Uint8Array | undefined;

function bodyOf(init: RequestInit): Body {
  const b = init.body;
  if (b === undefined || b === null) return undefined;
  if (typeof b === 'string' || b instanceof Uint8Array) return b;
  if (b instanceof ArrayBuffer) return new Uint8Array(b);
  throw new TypeError('this fetch sends string and byte bodies only');
}

function headersOf(init: RequestInit): Record<string, string> {
  const out = headerRecord(init.headers);
  out['accept-encoding'] ??= 'gzip, deflate';
  return out;
}

/** fetch over node:http, answering with the whole answer read. */
export async function nodeFetch(input: string | URL, init: RequestInit = {}): Promise<Answer> {
  let url = new URL(String(input));
  let method = (init.method ?? 'GET').toUpperCase();
  let body = bodyOf(init);
  const headers = headersOf(init);
  for (let hops = 0; ; hops++) {
    const res = await send(url, method, headers, body, init.signal ?? undefined);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (!REDIRECTS.has(status) || location === undefined || init.redirect === 'manual') return readAnswer(res, url, init.signal ?? undefined);
    res.resume();
    if (hops >= MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') });
    const next = new URL(location, url);
    // As fetch: a 303, or a 301/302 of a POST, is followed with a GET and no body.
    if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      delete headers['content-type'];
      delete headers['content-length'];
    }
    // Credentials never follow a redirect to another origin.
    if (next.origin !== url.origin) delete headers.authorization;
    url = next;
  }
}

function send(url: URL, method: string, headers: Record<string, string>, body: Body, signal: AbortSignal | undefined): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
    if (!client) {
      reject(new TypeError('fetch failed', { cause: new Error(`unsupported protocol ${url.protocol}`) }));
      return;
    }
    // node:http adds no Content-Length to a DELETE (or GET) body by itself, and the server would not read it.
    if (body !== undefined) headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
    const req = client.request(url, { method, headers, agent: agents[url.protocol as 'http:' | 'https:'], signal }, resolve);
    // As fetch: a network failure is a TypeError whose cause says what happened.
    req.on('error', (e) => reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: e })));
    req.end(body);
  });
}

function readAnswer(res: http.IncomingMessage, url: URL, signal: AbortSignal | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let ended = false;
    const fail = (e: unknown): void => reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: e }));
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', fail);
    // Cut off before its end (the connection dropped, or the signal aborted): settled here if 'error' did not.
    res.on('close', () => {
      if (!ended) fail(new Error('the answer was cut off'));
    });
    res.on('end', () => {
      ended = true;
      const status = res.statusCode ?? 0;
      const headers = AnswerHeaders.fromRaw(res.rawHeaders);
      let bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      try {
        const encoding = headers.get('content-encoding')?.trim().toLowerCase();
        if (encoding === 'gzip' || encoding === 'x-gzip') bytes = zlib.gunzipSync(bytes);
        else if (encoding === 'deflate') bytes = zlib.inflateSync(bytes);
      } catch (e) {
        fail(e);
        return;
      }
      // A null-body status carries no body, as in a Response.
      const nullBody = status === 101 || status === 204 || status === 205 || status === 304;
      resolve(new Answer({ status, statusText: res.statusMessage ?? '', url: url.href, headers, bytes: nullBody ? undefined : bytes }));
    });
  });
}
