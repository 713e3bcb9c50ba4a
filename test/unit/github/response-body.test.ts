// Successful answers are parsed with JSON.parse (not octokit's json-with-bigint), by octokit's rules otherwise.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RequestError } from 'octokit';
import { newOctokit } from '../../../src/github/factory.js';
import { GitHubTransport } from '../../../src/github/transport.js';
import { createRootLogger } from '../../../src/runtime/logger.js';

const ANSWERS: Record<string, [number, Record<string, string>, string]> = {
  '/json': [200, { 'content-type': 'application/json; charset=utf-8' }, '{"id": 12345678901234567890, "login": "a", "n": 3}'],
  '/not-json': [200, { 'content-type': 'application/json' }, 'not json'],
  '/empty': [200, { 'content-type': 'application/json' }, ''],
  '/none': [204, {}, ''],
  '/raw': [200, { 'content-type': 'application/vnd.github.raw; charset=utf-8' }, 'file text\n'],
  '/bytes': [200, { 'content-type': 'application/octet-stream' }, 'ab'],
  '/missing': [404, { 'content-type': 'application/json' }, '{"message": "Not Found", "documentation_url": "https://docs"}'],
};

describe('GitHub answers parsed with JSON.parse', () => {
  let server: http.Server;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const [status, headers, body] = ANSWERS[req.url ?? ''] ?? [500, {}, ''];
      res.writeHead(status, headers);
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const octokit = () => newOctokit(new GitHubTransport({
    endpoints: [base], graphqlEndpoint: `${base}/graphql`, logger: createRootLogger({ stream: new PassThrough() }), retry: { maxRetries: 0 },
  }), async () => 'token t');

  it('gives JSON as objects (numbers past 2^53 as the nearest double), other bodies as octokit does', async () => {
    const o = octokit();
    expect((await o.request('GET /json')).data).toEqual({ id: Number('12345678901234567890'), login: 'a', n: 3 });
    expect((await o.request('GET /not-json')).data).toBe('not json');
    expect((await o.request('GET /empty')).data).toBe('');
    expect((await o.request('GET /none')).data).toBe('');
    expect((await o.request('GET /raw')).data).toBe('file text\n');
    const bytes = (await o.request('GET /bytes')).data as ArrayBuffer;
    expect(Buffer.from(bytes).toString()).toBe('ab');
  });

  it('leaves errors to octokit: a RequestError with GitHub\'s message', async () => {
    const e = await octokit().request('GET /missing').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RequestError);
    expect((e as RequestError).status).toBe(404);
    expect((e as RequestError).message).toContain('Not Found - https://docs');
  });
});
