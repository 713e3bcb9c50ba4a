// The HTTP layer under octokit: every GitHub request goes through `GitHubTransport.fetch`, which adds auth,
// spends client-side rate-limit tokens, serves unchanged resources from an ETag cache (a 304 is free), retries
// 5xx and network errors with backoff, waits out secondary rate limits (Retry-After), falls over to the next
// --github-endpoint when one is unreachable, and in dry-run mode never sends a write (a REST call other than
// GET/HEAD, or a GraphQL mutation).
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { systemClock } from '../clock.js';
import type { Logger } from '../runtime/logger.js';
import { isGraphQLMutation } from './actions.js';
import { Answer, AnswerHeaders, asResponse, headerRecord } from './answer.js';
import { nodeFetch } from './node-fetch.js';
import type { TokenBucket } from './throttle.js';

export interface RetryPolicy {
  /** Retries after the first attempt for 5xx and network errors. */
  maxRetries: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Longest wait for a rate limit (Retry-After or reset) before giving up and returning the error. */
  maxRateLimitWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 5, initialBackoffMs: 1_000, maxBackoffMs: 30_000, maxRateLimitWaitMs: 5 * 60_000 };

export interface TransportOptions {
  /** REST API bases in order of preference (--github-endpoint); requests are built against the first. */
  endpoints: string[];
  /** The GraphQL URL: POSTs to it are reads unless the document is a mutation. */
  graphqlEndpoint: string;
  logger: Logger;
  /** Client-side throttle shared by every client of the process; undefined: none. */
  throttle?: TokenBucket;
  cacheSize?: number;
  retry?: Partial<RetryPolicy>;
  dryRun?: boolean;
}

interface CachedResponse {
  etag: string;
  status: number;
  headers: AnswerHeaders;
  bytes: Buffer;
}

export interface TransportStats {
  requests: number;
  cacheHits: number;
  retries: number;
}

export type AuthHeader = () => Promise<string | undefined>;

export class GitHubTransport {
  readonly endpoints: string[];
  readonly stats: TransportStats = { requests: 0, cacheHits: 0, retries: 0 };
  private preferred = 0;
  private readonly cache: LRUCache<string, CachedResponse>;
  private readonly retry: RetryPolicy;

  constructor(private readonly opts: TransportOptions) {
    if (opts.endpoints.length === 0) throw new Error('at least one GitHub endpoint is required');
    this.endpoints = opts.endpoints.map((e) => e.replace(/\/+$/, ''));
    this.cache = new LRUCache({ max: opts.cacheSize ?? 10_000 });
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
  }

  /** A fetch for octokit's `request.fetch` that authenticates with `auth` (answers are `Answer`s, see answer.ts). */
  fetchWith(auth: AuthHeader): typeof fetch {
    // Octokit passes the URL as a string; a Request is read by its url without touching the global Request (undici).
    return async (input, init) => asResponse(await this.send(typeof input === 'string' || input instanceof URL ? String(input) : input.url, init ?? {}, auth));
  }

  private async send(url: string, init: RequestInit, auth: AuthHeader): Promise<Answer> {
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = headerRecord(init.headers);
    const authorization = await auth();
    if (authorization) headers.authorization = authorization;

    const write = method !== 'GET' && method !== 'HEAD' && (url !== this.opts.graphqlEndpoint || isGraphQLMutation(init.body));
    if (this.opts.dryRun && write) {
      this.opts.logger.info('dry-run: not sending GitHub write', { method, url });
      // A GraphQL client expects `data`; an empty object reads as "nothing returned" rather than as an error.
      const body = url === this.opts.graphqlEndpoint ? '{"data":{}}' : '{}';
      return new Answer({ status: 200, url, headers: new AnswerHeaders({ 'content-type': 'application/json' }), bytes: Buffer.from(body) });
    }

    // The media type is part of the key: one URL answers JSON, a diff or a patch depending on Accept.
    const cacheKey = method === 'GET' ? `${identity(authorization)} ${headers.accept ?? ''} ${url}` : undefined;
    const cached = cacheKey ? this.cache.get(cacheKey) : undefined;
    if (cached) headers['if-none-match'] = cached.etag;

    let attempt = 0;
    for (;;) {
      await this.opts.throttle?.acquire();
      this.stats.requests++;
      let res: Answer;
      try {
        res = await this.fetchAnyEndpoint(url, { ...init, method, headers });
      } catch (e) {
        if (attempt >= this.retry.maxRetries) throw e;
        await this.backoff(attempt++, method, url, String((e as Error).cause ?? e));
        continue;
      }
      if (res.status === 304 && cached) {
        // GitHub does not count a 304 against the rate limit; neither do we.
        this.opts.throttle?.refund();
        this.stats.cacheHits++;
        return new Answer({ status: cached.status, url, headers: cached.headers, bytes: cached.bytes });
      }
      if (res.status >= 500 && attempt < this.retry.maxRetries) {
        await res.body?.cancel();
        await this.backoff(attempt++, method, url, `HTTP ${res.status}`);
        continue;
      }
      if ((res.status === 403 || res.status === 429) && attempt < this.retry.maxRetries) {
        const waitMs = rateLimitWait(res);
        if (waitMs !== undefined && waitMs <= this.retry.maxRateLimitWaitMs) {
          this.opts.logger.warn('GitHub rate limit hit; waiting', { method, url, waitMs });
          await res.body?.cancel();
          await systemClock.sleep(waitMs);
          attempt++;
          this.stats.retries++;
          continue;
        }
      }
      const etag = res.headers.get('etag');
      // Answers are read whole and never changed, so the cache keeps this one's parts (its bytes copied only when
      // they are a slice of a larger buffer, which the cache would otherwise keep alive whole).
      if (cacheKey && res.status === 200 && etag && res.body) {
        const b = res.body.bytes;
        this.cache.set(cacheKey, { etag, status: res.status, headers: res.headers, bytes: b.byteLength < b.buffer.byteLength ? Buffer.from(b) : b });
      }
      return res;
    }
  }

  /** Sends to the preferred endpoint; on a network error, tries the others in order and prefers the one that answered. */
  private async fetchAnyEndpoint(url: string, init: RequestInit): Promise<Answer> {
    const base = this.endpoints.find((e) => url.startsWith(e));
    if (base === undefined || this.endpoints.length === 1) return nodeFetch(url, init);
    const path = url.slice(base.length);
    let lastError: unknown;
    for (let i = 0; i < this.endpoints.length; i++) {
      const idx = (this.preferred + i) % this.endpoints.length;
      try {
        const res = await nodeFetch(this.endpoints[idx] + path, init);
        this.preferred = idx;
        return res;
      } catch (e) {
        lastError = e;
      }
    }
    throw lastError;
  }

  private async backoff(attempt: number, method: string, url: string, reason: string): Promise<void> {
    const ms = Math.min(this.retry.initialBackoffMs * 2 ** attempt, this.retry.maxBackoffMs);
    this.stats.retries++;
    this.opts.logger.warn('GitHub request failed; retrying', { method, url, reason, attempt: attempt + 1, backoffMs: ms });
    await systemClock.sleep(ms);
  }
}

/** How long GitHub tells us to wait, or undefined when the 403/429 is not a rate limit. */
function rateLimitWait(res: Answer): number | undefined {
  const retryAfter = res.headers.get('retry-after');
  if (retryAfter !== null && /^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  if (res.headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - Date.now()) + 1000;
  }
  const text = res.body?.text() ?? '';
  // Secondary limits without Retry-After: GitHub asks to wait at least a minute.
  if (/secondary rate limit|abuse detection/i.test(text)) return 60_000;
  return undefined;
}

function identity(authorization: string | undefined): string {
  return authorization ? createHash('sha256').update(authorization).digest('hex').slice(0, 16) : 'anonymous';
}
