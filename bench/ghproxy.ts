// ghproxy under load. Prints figures; run with `npm run build && node dist/bench/ghproxy.js`.
// 10,000 GETs over 500 URLs (250 issues and their comment lists) from 8 concurrent clients sharing one token, with
// 20 issues edited during the run: once straight to the fake GitHub, once through ghproxy (memory cache, then disk
// cache). Figures: hit rate (answers that cost no token: REVALIDATED + COALESCED), tokens spent as the fake counts them,
// and the latency ghproxy adds (p50/p99 against the direct run).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createRootLogger } from '../src/runtime/logger.js';
import { createMetricsRegistry } from '../src/runtime/metrics.js';
import { GhProxy } from '../roles/ghproxy/proxy.js';
import { DiskStore, MemoryStore, type ResponseStore } from '../roles/ghproxy/store.js';
import { FakeGitHub } from '../test/fakes/github/index.js';

const REQUESTS = 10_000;
const ISSUES = 250;
const CLIENTS = 8;
const EDITS = 20;
const TOKEN = 'bench-token';

const logger = createRootLogger({ stream: new PassThrough(), level: 'error' });
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (x: number): string => `${x.toFixed(2)} ms`;

/** A fixed pseudo-random sequence, so every run asks the same URLs in the same order. */
function sequence(n: number, urls: number): number[] {
  let x = 12345;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return Math.floor((x / 2 ** 31) * urls); // the high bits: the low bits of this generator repeat quickly
  });
}

function urlsFor(base: string): string[] {
  const out: string[] = [];
  for (let i = 1; i <= ISSUES; i++) out.push(`${base}/repos/acme/widgets/issues/${i}`, `${base}/repos/acme/widgets/issues/${i}/comments`);
  return out;
}

async function run(gh: FakeGitHub, base: string): Promise<{ latencies: number[]; tokens: number; modes: Map<string, number>; secs: number }> {
  const urls = urlsFor(base);
  const order = sequence(REQUESTS, urls.length);
  const before = gh.rateLimits.core.remaining;
  const latencies: number[] = [];
  const modes = new Map<string, number>();
  let next = 0;
  let edits = 0;
  const started = performance.now();
  const client = async (): Promise<void> => {
    while (next < REQUESTS) {
      const i = next++;
      if (i > 0 && i % Math.floor(REQUESTS / EDITS) === 0 && edits < EDITS) {
        edits++;
        await gh.editIssue('acme', 'widgets', 1 + (edits * 7) % ISSUES, { title: `edited ${edits}` }, 'alice');
      }
      const t = performance.now();
      const res = await fetch(urls[order[i]], { headers: { authorization: `token ${TOKEN}` } });
      await res.arrayBuffer();
      latencies.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${urls[order[i]]}: HTTP ${res.status}`);
      const mode = res.headers.get('x-cache-mode') ?? 'direct';
      modes.set(mode, (modes.get(mode) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return { latencies, tokens: before - gh.rateLimits.core.remaining, modes, secs: (performance.now() - started) / 1000 };
}

async function withProxy<T>(upstream: string, store: ResponseStore, fn: (url: string) => Promise<T>): Promise<T> {
  const proxy = new GhProxy({ upstream, store, partitionByToken: true, concurrency: 25, requestTimeoutMs: 30_000, logger, metrics: createMetricsRegistry() });
  const server = http.createServer(proxy.handle);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-ghproxy-'));
  const gh = await FakeGitHub.start({ rateLimits: { core: 1_000_000 } });
  try {
    gh.addOrg('acme', { members: ['alice'] });
    await gh.createRepo('acme', 'widgets', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    for (let i = 1; i <= ISSUES; i++) await gh.createIssue('acme', 'widgets', 'alice', { title: `issue ${i}`, body: 'x'.repeat(200) });
    for (let i = 1; i <= ISSUES; i += 5) await gh.comment('acme', 'widgets', i, 'alice', `a comment on ${i}`);

    console.log(`${REQUESTS} GETs over ${urlsFor('').length} URLs from ${CLIENTS} clients (one token), ${EDITS} issues edited during each run`);
    const direct = await run(gh, gh.url);
    console.log(`direct to the fake GitHub: ${(REQUESTS / direct.secs).toFixed(0)} req/s, p50 ${ms(pct(direct.latencies, 50))}, p99 ${ms(pct(direct.latencies, 99))}; tokens spent ${direct.tokens}`);
    for (const [name, store] of [['memory cache', new MemoryStore()], ['disk cache', new DiskStore(path.join(tmp, 'cache'), 1e9, false)]] as const) {
      const r = await withProxy(gh.url, store, (url) => run(gh, url));
      const free = (r.modes.get('REVALIDATED') ?? 0) + (r.modes.get('COALESCED') ?? 0);
      const modes = [...r.modes].sort().map(([m, n]) => `${m} ${n}`).join(', ');
      console.log(`through ghproxy, ${name}: ${(REQUESTS / r.secs).toFixed(0)} req/s, p50 ${ms(pct(r.latencies, 50))}, p99 ${ms(pct(r.latencies, 99))}`);
      console.log(`  hit rate ${((100 * free) / REQUESTS).toFixed(1)}% (${modes}); tokens spent ${r.tokens} as the fake counts them (direct: ${direct.tokens})`);
      console.log(`  added latency: p50 ${ms(pct(r.latencies, 50) - pct(direct.latencies, 50))}, p99 ${ms(pct(r.latencies, 99) - pct(direct.latencies, 99))}`);
    }
  } finally {
    await gh.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
