// Cross-cutting behaviour of the fake's HTTP API: request recording, authentication (tokens, installation
// tokens and GitHub App JWTs), rate-limit headers and ETag/If-None-Match with 304s that cost nothing.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type express from 'express';
import { GitHubError } from './model.js';
import type { GitHubState } from './state.js';

export interface RecordedRequest {
  method: string;
  /** Path as sent, without the query string and still URL-encoded, e.g. `/repos/org/repo/issues/1/labels/do-not-merge%2Fhold`. */
  path: string;
  query: Record<string, string | string[]>;
  /** Parsed JSON body (undefined when none). */
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** Response status, set once the response is sent. */
  status?: number;
  /** The login the request authenticated as (undefined: anonymous). */
  viewer?: string;
}

export type RateResource = 'core' | 'search' | 'graphql';

export interface RateBucket {
  limit: number;
  remaining: number;
  /** Epoch seconds. */
  reset: number;
  /** Length of a rate-limit window in seconds (GitHub: an hour; search: a minute). */
  windowSec: number;
}

export interface AppConfig {
  id: number;
  slug: string;
  /** PEM public key that app JWTs (RS256) are verified with. */
  publicKeyPem: string;
}

export function recordRequests(log: RecordedRequest[]): express.RequestHandler {
  return (req, res, next) => {
    const rec: RecordedRequest = {
      method: req.method,
      path: req.path,
      query: req.query as Record<string, string | string[]>,
      body: req.body as unknown,
      headers: { ...req.headers },
    };
    log.push(rec);
    res.locals.record = rec;
    res.on('finish', () => {
      rec.status = res.statusCode;
      rec.viewer = res.locals.viewer as string | undefined;
    });
    next();
  };
}

function b64url(s: string): Buffer {
  return Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** Verifies an app JWT (RS256 signature, iss = app id, iat/exp window); throws GitHub's 401 when not valid. */
export function verifyAppJwt(token: string, app: AppConfig | undefined, key: KeyObject | undefined): void {
  const fail = (why: string): never => {
    throw new GitHubError(401, `A JSON web token could not be decoded (${why})`);
  };
  if (!app || !key) fail('no GitHub App is configured');
  const parts = token.split('.');
  if (parts.length !== 3) fail('malformed');
  let header: { alg?: string };
  let claims: { iss?: string | number; iat?: number; exp?: number };
  try {
    header = JSON.parse(b64url(parts[0]).toString('utf8')) as typeof header;
    claims = JSON.parse(b64url(parts[1]).toString('utf8')) as typeof claims;
  } catch {
    return fail('malformed');
  }
  if (header.alg !== 'RS256') fail(`alg ${String(header.alg)}`);
  if (!verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), key!, b64url(parts[2]))) fail('bad signature');
  if (String(claims.iss) !== String(app!.id)) fail('wrong issuer');
  const nowS = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp < nowS) throw new GitHubError(401, "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
  if (typeof claims.iat !== 'number' || claims.iat > nowS + 60) throw new GitHubError(401, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued");
  if (claims.exp - claims.iat > 600) throw new GitHubError(401, "'Expiration time' claim ('exp') is too far in the future");
}

/**
 * Sets `res.locals.viewer` (the login behind a token) and `res.locals.appJwt` (a verified app JWT).
 * Unknown tokens get 401 "Bad credentials" when `strict` (tokens were registered); otherwise any token is the bot.
 */
export function authenticate(state: GitHubState, opts: { strict: () => boolean; app?: AppConfig }): express.RequestHandler {
  const key = opts.app ? createPublicKey(opts.app.publicKeyPem) : undefined;
  return (req, res, next) => {
    const header = req.get('authorization');
    if (!header) return next();
    const m = /^(token|bearer)\s+(\S+)$/i.exec(header);
    if (!m) throw new GitHubError(401, 'Bad credentials');
    const token = m[2];
    if (token.startsWith('eyJ') && token.split('.').length === 3) {
      verifyAppJwt(token, opts.app, key);
      res.locals.appJwt = true;
      res.locals.viewer = `${opts.app!.slug}[bot]`;
      return next();
    }
    const rec = state.tokens.get(token);
    if (rec) {
      if (rec.expiresAt !== undefined && rec.expiresAt < Date.now()) throw new GitHubError(401, 'Bad credentials');
      res.locals.viewer = rec.login;
      res.locals.installationId = rec.installationId;
      return next();
    }
    if (opts.strict()) throw new GitHubError(401, 'Bad credentials');
    res.locals.viewer = state.botLogin;
    next();
  };
}

export function resourceOf(path: string): RateResource {
  if (path.startsWith('/search/')) return 'search';
  if (path === '/graphql' || path === '/api/graphql') return 'graphql';
  return 'core';
}

/**
 * Counts every request against its resource's bucket with X-RateLimit-* headers; 403 once exhausted (as
 * GitHub's primary rate limit). GET responses get an ETag; a matching If-None-Match answers 304 and is refunded.
 */
export function rateLimitAndEtags(buckets: Record<RateResource, RateBucket>): express.RequestHandler {
  return (req, res, next) => {
    if (req.path === '/rate_limit') return next();
    const resource = resourceOf(req.path);
    const bucket = buckets[resource];
    const nowS = Math.floor(Date.now() / 1000);
    if (bucket.reset <= nowS) {
      bucket.reset = nowS + bucket.windowSec;
      bucket.remaining = bucket.limit;
    }
    const setHeaders = (): void => {
      res.setHeader('X-RateLimit-Limit', String(bucket.limit));
      res.setHeader('X-RateLimit-Remaining', String(bucket.remaining));
      res.setHeader('X-RateLimit-Reset', String(bucket.reset));
      res.setHeader('X-RateLimit-Used', String(bucket.limit - bucket.remaining));
      res.setHeader('X-RateLimit-Resource', resource);
    };
    if (bucket.remaining <= 0) {
      setHeaders();
      throw new GitHubError(403, `API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.`, undefined, 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api');
    }
    bucket.remaining--;
    setHeaders();
    if (req.method === 'GET') {
      const json = res.json.bind(res);
      res.json = (b: unknown) => {
        if (res.statusCode !== 200) return json(b);
        const etag = `W/"${createHash('sha256').update(JSON.stringify(b)).digest('hex').slice(0, 40)}"`;
        res.setHeader('ETag', etag);
        res.setHeader('Cache-Control', 'private, max-age=60, s-maxage=60');
        res.setHeader('Vary', 'Accept, Authorization, Cookie, X-GitHub-OTP');
        const inm = req.get('if-none-match');
        if (inm && inm.split(',').map((x) => x.trim()).some((x) => x === etag || x === etag.slice(2))) {
          bucket.remaining++;
          setHeaders();
          res.status(304).end();
          return res;
        }
        return json(b);
      };
    }
    next();
  };
}
