// The transport's node:http fetch against a real local server: what the GitHub client relies on fetch for.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Answer, AnswerHeaders, headerRecord } from '../../../src/github/answer.js';
import { nodeFetch } from '../../../src/github/node-fetch.js';

interface Seen { method: string; url: string; auth?: string; body: string }

function listen(handler: http.RequestListener): Promise<{ server: http.Server; base: string }> {
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('nodeFetch', () => {
  const seen: Seen[] = [];
  let main: { server: http.Server; base: string };
  let other: { server: http.Server; base: string };

  beforeAll(async () => {
    other = await listen((req, res) => {
      seen.push({ method: req.method ?? '', url: `other${req.url}`, auth: req.headers.authorization, body: '' });
      res.end('elsewhere');
    });
    main = await listen((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
        switch (req.url) {
          case '/json':
            res.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-multi': 'a' });
            return res.end(JSON.stringify({ got: body, accept: req.headers['accept-encoding'] }));
          case '/moved':
            res.writeHead(301, { location: '/json' });
            return res.end();
          case '/see-other':
            res.writeHead(303, { location: '/json' });
            return res.end();
          case '/away':
            res.writeHead(307, { location: `${other.base}/landing` });
            return res.end();
          case '/loop':
            res.writeHead(302, { location: '/loop' });
            return res.end();
          case '/gzip':
            res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
            return res.end(zlib.gzipSync(JSON.stringify({ zipped: true })));
          case '/empty':
            res.writeHead(204);
            return res.end();
          case '/cut':
            res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
            res.write('{"half":');
            setTimeout(() => res.destroy(), 20).unref();
            return;
          case '/slow':
            setTimeout(() => res.end('late'), 2000).unref();
            return;
          default:
            res.writeHead(404);
            return res.end('no');
        }
      });
    });
  });

  afterAll(async () => {
    main.server.closeAllConnections();
    other.server.closeAllConnections();
    await Promise.all([new Promise((r) => main.server.close(r)), new Promise((r) => other.server.close(r))]);
  });

  it('sends method, headers and body, and answers with the whole answer read, carrying the URL', async () => {
    const res = await nodeFetch(`${main.base}/json`, { method: 'POST', headers: { authorization: 'token t', 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(res).toBeInstanceOf(Answer);
    expect([res.status, res.statusText, res.ok, res.url, res.headers.get('X-Multi')]).toEqual([201, 'Made', true, `${main.base}/json`, 'a']);
    expect(await res.json()).toEqual({ got: '{"a":1}', accept: 'gzip, deflate' });
    // Read again: the answer is buffered.
    expect(await res.text()).toBe(JSON.stringify({ got: '{"a":1}', accept: 'gzip, deflate' }));
    expect(seen.at(-1)).toMatchObject({ method: 'POST', auth: 'token t' });
    // GitHub's DELETEs carry bodies (removing assignees, review requests).
    await nodeFetch(`${main.base}/json`, { method: 'DELETE', body: '{"assignees":["a"]}' });
    expect(seen.at(-1)).toMatchObject({ method: 'DELETE', body: '{"assignees":["a"]}' });
  });

  it('fails as fetch does when the answer is cut off before its end', async () => {
    const err = await nodeFetch(`${main.base}/cut`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
  });

  it('gives headers as a fetch Headers does: names in any case, repeated ones joined, iterated lower-cased', () => {
    const h = AnswerHeaders.fromRaw(['Link', '<a>', 'ETag', '"x"', 'link', '<b>']);
    expect([h.get('LINK'), h.get('etag'), h.has('Etag'), h.get('missing')]).toEqual(['<a>, <b>', '"x"', true, null]);
    expect([...h]).toEqual([['link', '<a>, <b>'], ['etag', '"x"']]);
  });

  it('reads request headers in every form fetch takes, names lower-cased', () => {
    const want = { accept: 'application/json', 'x-two': 'a, b' };
    expect(headerRecord({ Accept: 'application/json', 'X-Two': 'a, b' })).toEqual(want);
    expect(headerRecord([['Accept', 'application/json'], ['x-two', 'a'], ['X-Two', 'b']])).toEqual(want);
    expect(headerRecord(new Headers([['Accept', 'application/json'], ['x-two', 'a'], ['x-two', 'b']]))).toEqual(want);
    expect(headerRecord(undefined)).toEqual({});
  });

  it('follows redirects as fetch does: same method for 301 GET, GET without body after 303, the final URL', async () => {
    const moved = await nodeFetch(`${main.base}/moved`, { headers: { authorization: 'token t' } });
    expect([moved.status, moved.url]).toEqual([201, `${main.base}/json`]);
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/json', auth: 'token t' });
    const other303 = await nodeFetch(`${main.base}/see-other`, { method: 'POST', body: 'x' });
    expect(other303.status).toBe(201);
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/json', body: '' });
  });

  it('drops credentials on a redirect to another origin', async () => {
    const res = await nodeFetch(`${main.base}/away`, { headers: { authorization: 'token secret' } });
    expect(await res.text()).toBe('elsewhere');
    expect(seen.at(-1)).toEqual({ method: 'GET', url: 'other/landing', auth: undefined, body: '' });
  });

  it('gives up after 20 redirects with a TypeError, as fetch', async () => {
    await expect(nodeFetch(`${main.base}/loop`)).rejects.toThrow(TypeError);
  });

  it('decodes gzip answers and gives null-body statuses no body', async () => {
    expect(await (await nodeFetch(`${main.base}/gzip`)).json()).toEqual({ zipped: true });
    const empty = await nodeFetch(`${main.base}/empty`);
    expect([empty.status, empty.body]).toEqual([204, null]);
  });

  it('fails with a TypeError whose cause is the network error, and honours abort signals', async () => {
    const closed = await listen(() => {});
    const port = (closed.server.address() as AddressInfo).port;
    await new Promise((r) => closed.server.close(r));
    const err = await nodeFetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(((err as TypeError).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    const aborted = await nodeFetch(`${main.base}/slow`, { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
    expect((aborted as Error).name).toBe('TimeoutError');
  });
});
