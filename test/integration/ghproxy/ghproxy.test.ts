// ghproxy in front of the fake GitHub, with the production client pointed at it: revalidation (a 304 upstream spends
// no token), coalescing, a cache per token, the disk cache across restarts and its size bound, X-Cache-Mode, metrics.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeGitHub } from '../../fakes/github/index.js';
import { createGitHubFactory } from '../../../src/github/factory.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { createMetricsRegistry, type MetricsRegistry } from '../../../src/runtime/metrics.js';
import { GhProxy, simplifyPath, type ProxyOptions } from '../../../roles/ghproxy/proxy.js';
import { DiskStore, MemoryStore } from '../../../roles/ghproxy/store.js';

const quiet = createRootLogger({ stream: new PassThrough() });

interface Running {
  url: string;
  metrics: MetricsRegistry;
  close: () => Promise<void>;
}

async function startProxy(upstream: string, opts: Partial<ProxyOptions> = {}): Promise<Running> {
  const metrics = createMetricsRegistry();
  const proxy = new GhProxy({ upstream, store: new MemoryStore(), partitionByToken: true, concurrency: 25, requestTimeoutMs: 30_000, logger: quiet, metrics, ...opts });
  const server = http.createServer(proxy.handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, metrics, close: () => new Promise((r) => server.close(() => r())) };
}

async function get(url: string, token: string, headers: Record<string, string> = {}): Promise<{ status: number; mode: string | null; body: string; etag: string | null }> {
  const res = await fetch(url, { headers: { authorization: `token ${token}`, ...headers } });
  return { status: res.status, mode: res.headers.get('x-cache-mode'), body: await res.text(), etag: res.headers.get('etag') };
}

async function sample(m: MetricsRegistry, name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await m.getMetricsAsJSON()).find((x) => x.name === name);
  const values = (metric?.values ?? []) as { labels: Record<string, string | number>; value: number; metricName?: string }[];
  return values.filter((v) => Object.entries(labels).every(([k, x]) => String(v.labels[k]) === x)).reduce((n, v) => n + v.value, 0);
}

describe('ghproxy', () => {
  let gh: FakeGitHub;
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'ghproxy-'));
    gh = await FakeGitHub.start({ tokens: { alpha: 'alice', beta: 'bob' } });
    gh.addOrg('acme', { members: ['alice', 'bob'] });
    await gh.createRepo('acme', 'widgets', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    await gh.openPullRequest('acme', 'widgets', { author: 'alice', files: { 'a.txt': 'a\n' }, title: 'first' });
  });

  afterAll(async () => {
    await gh.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('misses, then revalidates for free, and serves a change as CHANGED', async () => {
    const p = await startProxy(gh.url);
    try {
      const url = `${p.url}/repos/acme/widgets/pulls/1`;
      const first = await get(url, 'alpha');
      expect([first.status, first.mode]).toEqual([200, 'MISS']);
      const remaining = gh.rateLimits.core.remaining;
      const again = await get(url, 'alpha');
      expect([again.status, again.mode, again.body]).toEqual([200, 'REVALIDATED', first.body]);
      expect(gh.rateLimits.core.remaining).toBe(remaining);
      expect(gh.requestsTo('GET', '/repos/acme/widgets/pulls/1').at(-1)!.status).toBe(304);

      await gh.editIssue('acme', 'widgets', 1, { title: 'renamed' }, 'alice');
      const changed = await get(url, 'alpha');
      expect(changed.mode).toBe('CHANGED');
      expect((JSON.parse(changed.body) as { title: string }).title).toBe('renamed');

      // A client that already has the current version gets a 304 from the proxy.
      const conditional = await get(url, 'alpha', { 'if-none-match': changed.etag! });
      expect([conditional.status, conditional.mode]).toEqual([304, 'REVALIDATED']);

      expect(await sample(p.metrics, 'ghcache_responses', { mode: 'REVALIDATED', path: '/repos/:owner/:repo/pulls/:id' })).toBe(2);
      expect(await sample(p.metrics, 'github_token_usage', { api_version: 'v3' })).toBe(gh.rateLimits.core.remaining);
    } finally {
      await p.close();
    }
  });

  it('keeps a cache per token: another token is never served the first one\'s copy', async () => {
    const p = await startProxy(gh.url);
    try {
      const url = `${p.url}/repos/acme/widgets`;
      expect((await get(url, 'alpha')).mode).toBe('MISS');
      expect((await get(url, 'beta')).mode).toBe('MISS');
      expect((await get(url, 'beta')).mode).toBe('REVALIDATED');
      const viewers = gh.requestsTo('GET', '/repos/acme/widgets').slice(-3).map((r) => r.viewer);
      expect(viewers).toEqual(['alice', 'bob', 'bob']);
    } finally {
      await p.close();
    }
  });

  it('coalesces identical concurrent requests into one upstream request', async () => {
    const p = await startProxy(gh.url);
    try {
      const before = gh.requestsTo('GET', '/repos/acme/widgets/issues/1/comments').length;
      const answers = await Promise.all(Array.from({ length: 10 }, () => get(`${p.url}/repos/acme/widgets/issues/1/comments`, 'alpha')));
      const upstream = gh.requestsTo('GET', '/repos/acme/widgets/issues/1/comments').length - before;
      expect(answers.every((a) => a.status === 200 && a.body === answers[0].body)).toBe(true);
      const coalesced = answers.filter((a) => a.mode === 'COALESCED').length;
      expect(coalesced).toBeGreaterThan(0);
      expect(upstream).toBe(10 - coalesced);
    } finally {
      await p.close();
    }
  });

  it('passes writes through (SKIP) and the production client works through it', async () => {
    const p = await startProxy(gh.url);
    const tokenFile = path.join(tmp, 'token');
    writeFileSync(tokenFile, 'alpha');
    try {
      const f = createGitHubFactory({ endpoints: [p.url], graphqlEndpoint: `${p.url}/graphql`, host: 'github.com', tokenPath: tokenFile }, quiet)!;
      const client = f.forOrg('acme');
      await client.createComment('acme', 'widgets', 1, 'through the proxy');
      expect((await client.listIssueComments('acme', 'widgets', 1)).map((c) => c.body)).toContain('through the proxy');
      expect(await sample(p.metrics, 'ghcache_responses', { mode: 'SKIP' })).toBe(1);
    } finally {
      await p.close();
    }
  });

  it('keeps the disk cache across restarts, one directory per token, within the size bound', async () => {
    const dir = path.join(tmp, 'disk');
    const url = '/repos/acme/widgets/branches';
    let p = await startProxy(gh.url, { store: new DiskStore(dir, 1e9, false) });
    expect((await get(`${p.url}${url}`, 'alpha')).mode).toBe('MISS');
    await p.close();
    p = await startProxy(gh.url, { store: new DiskStore(dir, 1e9, false) });
    try {
      expect((await get(`${p.url}${url}`, 'alpha')).mode).toBe('REVALIDATED');
      expect((await get(`${p.url}${url}`, 'beta')).mode).toBe('MISS');
      expect(readdirSync(dir).length).toBe(2);
    } finally {
      await p.close();
    }
    // A bound smaller than two responses keeps only the newest; the evicted one is a miss again.
    const small = path.join(tmp, 'small');
    p = await startProxy(gh.url, { store: new DiskStore(small, 3_000, true) });
    try {
      await get(`${p.url}/repos/acme/widgets`, 'alpha');
      await get(`${p.url}/repos/acme/widgets/pulls/1`, 'alpha');
      expect(readdirSync(small).filter((n) => !n.startsWith('.'))).toHaveLength(1);
      expect((await get(`${p.url}/repos/acme/widgets/pulls/1`, 'alpha')).mode).toBe('REVALIDATED');
      expect((await get(`${p.url}/repos/acme/widgets`, 'alpha')).mode).toBe('MISS');
    } finally {
      await p.close();
    }
  });

  it('spaces requests of one token when throttling is on (and never beyond the max delay)', async () => {
    const p = await startProxy(gh.url, { throttling: { ms: 1000, getMs: 1000, v4Ms: 0, maxDelayMs: 1500, maxDelayV4Ms: 1500 } });
    try {
      await Promise.all(['/repos/acme/widgets', '/repos/acme/widgets/pulls', '/repos/acme/widgets/labels'].map((u) => get(`${p.url}${u}`, 'beta')));
      const metric = (await p.metrics.getMetricsAsJSON()).find((x) => x.name === 'github_request_wait_duration_seconds')!;
      const values = metric.values as { metricName?: string; value: number }[];
      expect(values.find((v) => v.metricName === 'github_request_wait_duration_seconds_count')!.value).toBe(3);
      // The second waits for its slot (about 1 s); the third would wait about 2 s, past the max delay: sent at once.
      const sum = values.find((v) => v.metricName === 'github_request_wait_duration_seconds_sum')!.value;
      expect(sum).toBeGreaterThan(0.5);
      expect(sum).toBeLessThanOrEqual(1.0);
    } finally {
      await p.close();
    }
  });

  it('labels paths with few values', () => {
    expect(simplifyPath('/repos/acme/widgets/pulls/12/files?per_page=100')).toBe('/repos/:owner/:repo/pulls/:id/files');
    expect(simplifyPath('/repos/a/b/commits/0123456789abcdef0123456789abcdef01234567/status')).toBe('/repos/:owner/:repo/commits/:sha/status');
    expect(simplifyPath('/orgs/acme/members')).toBe('/orgs/:org/members');
  });
});
