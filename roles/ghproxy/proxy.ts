// ghproxy's request path, as upstream's ghCache behaves: every GET that has a cached response is revalidated with
// GitHub (If-None-Match / If-Modified-Since; a 304 costs no rate-limit token) and the cached body is served;
// identical concurrent requests share one upstream request; caches are partitioned per token; every answer says
// how it was served in X-Cache-Mode (MISS, CHANGED, REVALIDATED, COALESCED, NO-STORE, SKIP). Optional spacing of
// upstream requests per token and API version (--throttling-time-ms and friends), and at most --concurrency
// upstream requests at once.
import { createHash } from 'node:crypto';
import type http from 'node:http';
import client from 'prom-client';
import type { Logger } from '../../src/runtime/logger.js';
import { getOrCreate, type MetricsRegistry } from '../../src/runtime/metrics.js';
import type { CachedResponse, ResponseStore } from './store.js';

export const CACHE_MODE_HEADER = 'X-Cache-Mode';

export type CacheMode = 'MISS' | 'CHANGED' | 'REVALIDATED' | 'COALESCED' | 'NO-STORE' | 'SKIP' | 'ERROR';

export interface Throttling {
  /** Spacing between non-GET v3 requests of one token (ms); 0 with getMs 0: throttling off. */
  ms: number;
  getMs: number;
  /** Spacing between GraphQL (v4) requests; 0: as `ms`. */
  v4Ms: number;
  maxDelayMs: number;
  maxDelayV4Ms: number;
}

export interface ProxyOptions {
  upstream: string;
  store: ResponseStore;
  /** Partition the cache by token (false: the legacy shared cache). */
  partitionByToken: boolean;
  concurrency: number;
  throttling?: Throttling;
  requestTimeoutMs: number;
  logger: Logger;
  metrics: MetricsRegistry;
}

interface Upstream {
  status: number;
  headers: [string, string][];
  body: Buffer;
  mode: CacheMode;
}

/** Headers never passed along (hop-by-hop, or describing an encoding fetch already undid). */
const DROP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host', 'content-length', 'content-encoding', 'accept-encoding']);

/** Metric label for a path, with few values: owner, repo, numbers and SHAs replaced (as upstream's simplifier). */
export function simplifyPath(p: string): string {
  const parts = p.split('?')[0].split('/');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const s = parts[i];
    const prev = out[out.length - 1];
    if (prev === 'repos' && i + 1 < parts.length) {
      out.push(':owner', ':repo');
      i++;
    } else if (prev === 'orgs' || prev === 'users') out.push(`:${prev === 'orgs' ? 'org' : 'login'}`);
    else if (/^\d+$/.test(s)) out.push(':id');
    else if (/^[0-9a-f]{40}$/.test(s)) out.push(':sha');
    else if (prev === 'branches' || prev === 'labels' || prev === 'contents' || prev === 'ref' || prev === 'refs' || prev === 'compare') {
      out.push(`:${prev}`);
      break;
    } else out.push(s);
  }
  return out.join('/') || '/';
}

export function tokenHash(authorization: string | undefined): string {
  if (!authorization) return 'anonymous';
  const token = authorization.replace(/^(token|bearer)\s+/i, '');
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

export class GhProxy {
  private readonly inflight = new Map<string, Promise<Upstream>>();
  private running = 0;
  private readonly queue: (() => void)[] = [];
  private readonly nextSlot = new Map<string, number>();
  private readonly responses: client.Counter<string>;
  private readonly tokenUsage: client.Gauge<string>;
  private readonly tokenReset: client.Gauge<string>;
  private readonly duration: client.Histogram<string>;
  private readonly timeouts: client.Histogram<string>;
  private readonly entryAge: client.Histogram<string>;
  private readonly wait: client.Histogram<string>;
  private readonly partitions: client.Gauge;
  private readonly base: string;

  constructor(private readonly opts: ProxyOptions) {
    this.base = opts.upstream.replace(/\/+$/, '');
    const m = opts.metrics;
    this.responses = getOrCreate(m, 'ghcache_responses', () => new client.Counter({ registers: [],
      name: 'ghcache_responses', help: 'How many cache responses of each cache response mode there are.', labelNames: ['mode', 'path', 'user_agent', 'token_hash'],
    }));
    this.tokenUsage = getOrCreate(m, 'github_token_usage', () => new client.Gauge({ registers: [],
      name: 'github_token_usage', help: 'How many GitHub token requests are remaining for the current hour.', labelNames: ['token_hash', 'api_version'],
    }));
    this.tokenReset = getOrCreate(m, 'github_token_reset', () => new client.Gauge({ registers: [],
      name: 'github_token_reset', help: 'Last reported GitHub token reset time (nanoseconds until the reset).', labelNames: ['token_hash', 'api_version'],
    }));
    this.duration = getOrCreate(m, 'github_request_duration', () => new client.Histogram({ registers: [],
      name: 'github_request_duration', help: 'GitHub request duration by API path.', labelNames: ['token_hash', 'path', 'status', 'user_agent'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }));
    this.timeouts = getOrCreate(m, 'github_request_timeouts', () => new client.Histogram({ registers: [],
      name: 'github_request_timeouts', help: 'GitHub request timeout by API path.', labelNames: ['token_hash', 'path', 'user_agent'], buckets: [45, 60, 90, 120, 300],
    }));
    this.entryAge = getOrCreate(m, 'ghcache_cache_entry_age_seconds', () => new client.Histogram({ registers: [],
      name: 'ghcache_cache_entry_age_seconds', help: 'The age of cache entries by API path.', labelNames: ['token_hash', 'path', 'user_agent'], buckets: [5, 900, 1800, 3600, 7200, 14400],
    }));
    this.wait = getOrCreate(m, 'github_request_wait_duration_seconds', () => new client.Histogram({ registers: [],
      name: 'github_request_wait_duration_seconds', help: 'Time requests waited in the throttling queue, by API and request type.', labelNames: ['token_hash', 'api', 'request_type'],
      buckets: [0, 0.1, 0.5, 1, 2, 5, 10, 30, 60],
    }));
    this.partitions = getOrCreate(m, 'ghcache_cache_partitions', () => new client.Gauge({ registers: [],
      name: 'ghcache_cache_partitions', help: 'Number of cache partitions (one per token).',
    }));
  }

  /** The request handler (mount it for every path). */
  handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    this.serve(req, res).catch((e: unknown) => {
      this.opts.logger.error('ghproxy failed to answer', { method: req.method, path: req.url, error: e });
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain', [CACHE_MODE_HEADER]: 'ERROR' });
      res.end('ghproxy: upstream request failed');
    });
  };

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const auth = req.headers.authorization;
    const hash = tokenHash(auth);
    const ua = (req.headers['user-agent'] ?? '').split('/')[0];
    const pathLabel = simplifyPath(url);
    const body = method === 'GET' || method === 'HEAD' ? undefined : await readAll(req);
    const headers = forwardHeaders(req.headers);

    let result: Upstream;
    if (method !== 'GET') {
      result = await this.fetchUpstream(method, url, headers, body, hash, pathLabel, ua, 'SKIP');
    } else {
      // Representations differ by Accept and credentials: both are part of the key.
      const key = `${url}\n${req.headers.accept ?? ''}`;
      const coalesceKey = `${hash}\n${key}`;
      const pending = this.inflight.get(coalesceKey);
      if (pending) {
        result = { ...(await pending), mode: 'COALESCED' };
      } else {
        const p = this.revalidate(url, key, headers, hash, pathLabel, ua).finally(() => this.inflight.delete(coalesceKey));
        this.inflight.set(coalesceKey, p);
        result = await p;
      }
    }
    this.responses.inc({ mode: result.mode, path: pathLabel, user_agent: ua, token_hash: hash });
    const out: Record<string, string> = {};
    for (const [k, v] of result.headers) if (!DROP.has(k)) out[k] = v;
    out[CACHE_MODE_HEADER] = result.mode;
    // The client's own conditional request: answer 304 when what we serve is what it has.
    const clientTag = req.headers['if-none-match'];
    if (method === 'GET' && result.status === 200 && clientTag !== undefined && out.etag !== undefined && clientTag === out.etag) {
      res.writeHead(304, out);
      res.end();
      return;
    }
    out['content-length'] = String(result.body.length);
    res.writeHead(result.status, out);
    res.end(result.body);
  }

  /** A GET: revalidates a cached response, or fetches and stores a new one. */
  private async revalidate(url: string, key: string, headers: Record<string, string>, hash: string, pathLabel: string, ua: string): Promise<Upstream> {
    const partition = this.opts.partitionByToken ? hash : '';
    const cached = await this.opts.store.get(partition, key);
    const h = { ...headers };
    delete h['if-none-match'];
    delete h['if-modified-since'];
    if (cached?.etag) h['if-none-match'] = cached.etag;
    else if (cached?.lastModified) h['if-modified-since'] = cached.lastModified;
    const fresh = await this.fetchUpstream('GET', url, h, undefined, hash, pathLabel, ua, cached ? 'CHANGED' : 'MISS');
    if (cached && fresh.status === 304) {
      this.entryAge.observe({ token_hash: hash, path: pathLabel, user_agent: ua }, (Date.now() - cached.storedAt) / 1000);
      // The cached body with GitHub's current rate-limit headers.
      const current = new Map(cached.headers);
      for (const [k, v] of fresh.headers) if (k.startsWith('x-ratelimit-') || k === 'date') current.set(k, v);
      return { status: cached.status, headers: [...current], body: cached.body, mode: 'REVALIDATED' };
    }
    const map = new Map(fresh.headers);
    const etag = map.get('etag');
    const lastModified = map.get('last-modified');
    const noStore = /no-store/i.test(map.get('cache-control') ?? '');
    if (fresh.status === 200 && (etag || lastModified) && !noStore) {
      const entry: CachedResponse = { status: 200, headers: fresh.headers, body: fresh.body, storedAt: Date.now(), ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
      await this.opts.store.set(partition, key, entry).catch((e: unknown) => this.opts.logger.warn('cannot store a response in the cache', { error: e }));
      this.partitions.set(this.opts.store.partitions());
      return fresh;
    }
    return { ...fresh, mode: fresh.status === 200 ? 'NO-STORE' : fresh.mode };
  }

  private async fetchUpstream(
    method: string, url: string, headers: Record<string, string>, body: Buffer | undefined, hash: string, pathLabel: string, ua: string, mode: CacheMode,
  ): Promise<Upstream> {
    const v4 = /\/graphql\/?$/.test(url.split('?')[0]);
    await this.throttle(hash, v4, method);
    await this.slot();
    const started = Date.now();
    try {
      const res = await fetch(this.base + url, { method, headers, body, signal: AbortSignal.timeout(this.opts.requestTimeoutMs), redirect: 'manual' });
      const buf = Buffer.from(await res.arrayBuffer());
      const outHeaders = [...res.headers.entries()];
      this.duration.observe({ token_hash: hash, path: pathLabel, status: String(res.status), user_agent: ua }, (Date.now() - started) / 1000);
      this.collectTokenUsage(res.headers, hash, v4);
      return { status: res.status, headers: outHeaders, body: buf, mode };
    } catch (e) {
      if ((e as Error).name === 'TimeoutError') {
        this.timeouts.observe({ token_hash: hash, path: pathLabel, user_agent: ua }, (Date.now() - started) / 1000);
        return { status: 503, headers: [['content-type', 'text/plain']], body: Buffer.from(`ghproxy timed out after ${this.opts.requestTimeoutMs / 1000}s`), mode: 'ERROR' };
      }
      throw e;
    } finally {
      this.release();
    }
  }

  private collectTokenUsage(h: Headers, hash: string, v4: boolean): void {
    const remaining = h.get('x-ratelimit-remaining');
    if (remaining === null) return;
    const api = v4 ? 'v4' : 'v3';
    this.tokenUsage.set({ token_hash: hash, api_version: api }, Number(remaining));
    const reset = Number(h.get('x-ratelimit-reset'));
    if (Number.isFinite(reset)) this.tokenReset.set({ token_hash: hash, api_version: api }, (reset * 1000 - Date.now()) * 1e6);
  }

  /** Spaces requests of one token and API version; never waits longer than the max delay (then sends at once). */
  private async throttle(hash: string, v4: boolean, method: string): Promise<void> {
    const t = this.opts.throttling;
    if (!t || t.ms === 0 || t.getMs === 0) return;
    const spacing = v4 ? t.v4Ms || t.ms : method === 'GET' ? t.getMs : t.ms;
    const key = `${hash}\n${v4 ? 'v4' : 'v3'}`;
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot.get(key) ?? 0);
    const waitMs = slot - now;
    const maxDelay = v4 ? t.maxDelayV4Ms : t.maxDelayMs;
    const labels = { token_hash: hash, api: v4 ? 'v4' : 'v3', request_type: method };
    if (waitMs > maxDelay) {
      this.wait.observe(labels, 0);
      return;
    }
    this.nextSlot.set(key, slot + spacing);
    this.wait.observe(labels, waitMs / 1000);
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
  }

  private slot(): Promise<void> {
    if (this.running < this.opts.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(() => {
      this.running++;
      resolve();
    }));
  }

  private release(): void {
    this.running--;
    this.queue.shift()?.();
  }
}

function forwardHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined || DROP.has(k)) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function readAll(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
