import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isGraphQLMutation } from '../../../src/github/actions.js';
import { createGitHubFactory } from '../../../src/github/factory.js';
import { graphqlDocument } from '../../../src/github/graphql.js';
import { createMetricsRegistry } from '../../../src/runtime/metrics.js';
import { TokenBucket } from '../../../src/github/throttle.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { PassThrough } from 'node:stream';

// A small GitHub stand-in with knobs for the transport's edge cases: ETags, 5xx bursts, secondary limits.
interface Seen { method: string; url: string; auth?: string; ifNoneMatch?: string }

function startServer(): Promise<{ server: http.Server; base: string; seen: Seen[]; state: { fail500: number; secondary: number } }> {
  const seen: Seen[] = [];
  const state = { fail500: 0, secondary: 0 };
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, ifNoneMatch: req.headers['if-none-match'] as string | undefined });
    const json = (status: number, obj: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(obj));
    };
    if (req.url === '/user') return json(200, { login: 'the-bot' });
    if (req.url === '/graphql') return json(200, { data: { rateLimit: { cost: 3, remaining: 4997 }, viewer: { login: 'the-bot' } } });
    if (req.url?.startsWith('/repos/o/r/issues/1/labels')) {
      if (req.method === 'POST') return json(200, [{ name: 'x' }]);
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        return res.end();
      }
      return json(200, [{ name: 'bug' }], { etag: '"v1"' });
    }
    if (req.url === '/repos/o/r/pulls/2') {
      if (state.fail500 > 0) {
        state.fail500--;
        return json(502, { message: 'bad gateway' });
      }
      if (state.secondary > 0) {
        state.secondary--;
        return json(403, { message: 'You have exceeded a secondary rate limit' }, { 'retry-after': '0' });
      }
      return json(200, { number: 2, title: 't' });
    }
    if (req.url === '/repos/o/r/pulls/404') return json(404, { message: 'Not Found' });
    // A list keyed by name (octokit's paginate reads such responses' URL), with an ETag.
    if (req.url?.startsWith('/repos/o/r/commits/abc/check-runs')) {
      if (req.headers['if-none-match'] === '"cr1"') {
        res.writeHead(304, { etag: '"cr1"' });
        return res.end();
      }
      return json(200, { total_count: 1, check_runs: [{ name: 'build', conclusion: 'success' }] }, { etag: '"cr1"' });
    }
    return json(404, { message: 'Not Found' });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, state });
  }));
}

const quiet = createRootLogger({ stream: new PassThrough(), level: 'error' });

describe('GitHub transport', () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  let dir: string;
  beforeAll(async () => {
    srv = await startServer();
    dir = mkdtempSync(path.join(os.tmpdir(), 'gh-transport-'));
  });
  afterAll(async () => {
    await new Promise((r) => srv.server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  function factory(extra: { endpoints?: string[]; dryRun?: boolean; metrics?: ReturnType<typeof createMetricsRegistry> } = {}) {
    const tokenPath = path.join(dir, 'token');
    writeFileSync(tokenPath, 'first-token-value\n');
    const f = createGitHubFactory({
      endpoints: extra.endpoints ?? [srv.base], graphqlEndpoint: `${srv.base}/graphql`, host: 'github.com', tokenPath,
      dryRun: extra.dryRun, retry: { initialBackoffMs: 1, maxBackoffMs: 2, maxRetries: 3 },
    }, quiet, extra.metrics);
    if (!f) throw new Error('no factory');
    return { f, tokenPath };
  }

  it('is undefined without credentials and refuses contradictory ones', () => {
    expect(createGitHubFactory({ endpoints: [srv.base], graphqlEndpoint: '', host: 'github.com' }, quiet)).toBeUndefined();
    expect(() => createGitHubFactory({ endpoints: [srv.base], graphqlEndpoint: '', host: 'github.com', appId: '1' }, quiet)).toThrow(/private-key/);
  });

  it('authenticates with the token file and re-reads it when it changes', async () => {
    const { f, tokenPath } = factory();
    expect(await f.botLogin()).toBe('the-bot');
    expect(srv.seen.at(-1)?.auth).toBe('token first-token-value');
    writeFileSync(tokenPath, 'second-token-value-longer\n');
    await f.forOrg('o').getUser();
    expect(srv.seen.at(-1)?.auth).toBe('token second-token-value-longer');
  });

  it('serves unchanged resources from the ETag cache (304, no token spent)', async () => {
    const { f } = factory();
    const gh = f.forOrg('o');
    expect(await gh.getIssueLabels('o', 'r', 1)).toEqual([{ name: 'bug' }]);
    const before = f.transport.stats.cacheHits;
    expect(await gh.getIssueLabels('o', 'r', 1)).toEqual([{ name: 'bug' }]);
    expect(f.transport.stats.cacheHits).toBe(before + 1);
    expect(srv.seen.at(-1)?.ifNoneMatch).toBe('"v1"');
  });

  it('pages keyed lists (check runs) whether fetched with an ETag or served from the cache', async () => {
    const { f } = factory();
    const gh = f.forOrg('o');
    expect((await gh.listCheckRuns('o', 'r', 'abc')).map((c) => c.name)).toEqual(['build']);
    const before = f.transport.stats.cacheHits;
    expect((await gh.listCheckRuns('o', 'r', 'abc')).map((c) => c.name)).toEqual(['build']);
    expect(f.transport.stats.cacheHits).toBe(before + 1);
  });

  it('retries 5xx and secondary rate limits, not 404', async () => {
    const { f } = factory();
    const gh = f.forOrg('o');
    srv.state.fail500 = 2;
    srv.state.secondary = 1;
    const n = srv.seen.length;
    expect((await gh.getPullRequest('o', 'r', 2)).number).toBe(2);
    expect(srv.seen.length - n).toBe(4);
    const m = srv.seen.length;
    await expect(gh.getPullRequest('o', 'r', 404)).rejects.toThrow(/Not Found/);
    expect(srv.seen.length - m).toBe(1);
  });

  it('falls over to the next endpoint when the first is unreachable', async () => {
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', () => r()));
    const deadBase = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
    await new Promise((r) => dead.close(r));
    const { f } = factory({ endpoints: [deadBase, srv.base] });
    expect((await f.forOrg('o').getUser()).login).toBe('the-bot');
  });

  it('sends no writes in dry-run mode', async () => {
    const { f } = factory({ dryRun: true });
    const n = srv.seen.length;
    await f.forOrg('o').addLabel('o', 'r', 1, 'x');
    expect(srv.seen.length).toBe(n);
  });

  const viewer = graphqlDocument<{ viewer: { login: string } }>('Viewer', 'query { viewer { login } rateLimit { cost remaining } }');
  const comment = graphqlDocument<{ addComment: unknown }>('AddComment', '# a mutation\nmutation($id: ID!) { addComment(input: {subjectId: $id, body: "query {"}) { clientMutationId } }');

  it('refuses GraphQL mutations in dry-run mode and lets queries through', async () => {
    const { f } = factory({ dryRun: true });
    const n = srv.seen.length;
    expect((await f.forOrg('o').graphql(viewer, {})).viewer.login).toBe('the-bot');
    expect(srv.seen.length).toBe(n + 1);
    await f.forOrg('o').graphql(comment, { id: 'x' });
    expect(srv.seen.length).toBe(n + 1);
  });

  it('counts took_action for a handler\'s client: REST writes and GraphQL mutations, not reads or queries', async () => {
    const f = factory().f;
    const writes = async (fn: (gh: ReturnType<typeof f.forOrg>) => Promise<unknown>): Promise<number> => {
      let n = 0;
      await fn(f.forOrgCounting('o', () => n++));
      return n;
    };
    expect(await writes((gh) => gh.getIssueLabels('o', 'r', 1))).toBe(0);
    expect(await writes((gh) => gh.graphql(viewer, {}))).toBe(0);
    expect(await writes((gh) => gh.addLabel('o', 'r', 1, 'x'))).toBe(1);
    expect(await writes((gh) => gh.graphql(comment, { id: 'x' }))).toBe(1);
    expect(await writes(async (gh) => Promise.all([gh.addLabel('o', 'r', 1, 'a'), gh.getIssueLabels('o', 'r', 1), gh.addLabel('o', 'r', 1, 'b')]))).toBe(2);
  });

  it('gives each handler its own client over the shared octokit: every resource\'s methods, writes counted apart', async () => {
    const f = factory().f;
    let a = 0;
    let b = 0;
    const ga = f.forOrgCounting('o', () => a++);
    const gb = f.forOrgCounting('o', () => b++);
    for (const name of ['getIssueLabels', 'getPullRequest', 'getRef', 'isMember', 'createStatus', 'graphql', 'listHooks', 'getOrg', 'listMilestones'] as const) {
      expect(typeof ga[name]).toBe('function');
    }
    // Each resource is built once per client: the same method on every read.
    expect(ga.addLabel).toBe(ga.addLabel);
    expect(ga.addLabel).not.toBe(gb.addLabel);
    await ga.addLabel('o', 'r', 1, 'x');
    await gb.getIssueLabels('o', 'r', 1);
    await gb.addLabel('o', 'r', 1, 'y');
    await gb.addLabel('o', 'r', 1, 'z');
    expect([a, b]).toEqual([1, 2]);
  });

  it('records the cost of each GraphQL query that asks for its rateLimit', async () => {
    const metrics = createMetricsRegistry();
    await factory({ metrics }).f.forOrg('o').graphql(viewer, {});
    const text = await metrics.metrics();
    expect(text).toContain('github_graphql_query_cost_sum{query="Viewer"} 3');
    expect(text).toContain('github_graphql_rate_limit_remaining 4997');
  });

  it('tells mutations from queries however the document is written', () => {
    const body = (query: string): string => JSON.stringify({ query });
    expect(isGraphQLMutation(body('mutation { a }'))).toBe(true);
    expect(isGraphQLMutation(body('fragment F on X { y } mutation M { a { ...F } }'))).toBe(true);
    expect(isGraphQLMutation(body('query { search(query: "mutation { x }") { n } }'))).toBe(false);
    expect(isGraphQLMutation(body('# mutation\n{ viewer { login } }'))).toBe(false);
    expect(isGraphQLMutation('not json')).toBe(false);
  });
});

describe('token bucket', () => {
  it('allows a burst, then refills at the hourly rate, and refunds', async () => {
    let now = 0;
    const b = new TokenBucket(3600, 2, () => now);
    await b.acquire();
    await b.acquire();
    expect(b.available()).toBe(0);
    now += 1000;
    expect(b.available()).toBeCloseTo(1);
    b.refund();
    expect(b.available()).toBe(2);
    expect(() => new TokenBucket(10, 20)).toThrow(/burst/);
  });
});
