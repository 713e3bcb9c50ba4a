// Who is asking, and may they rerun or abort this job.
// - Sessions: GitHub OAuth login stores the user's login (and token) in a cookie encrypted and authenticated
//   with a key derived from --cookie-secret (AES-256-GCM), so any Deck replica can read it and nobody can forge it.
// - CSRF: with a cookie secret of 32+ bytes, every POST needs a token bound to a per-browser nonce cookie
//   (X-CSRF-Token header or `gorilla.csrf.Token` form field), as upstream's gorilla/csrf setup.
// - Rerun auth: the job's own rerun_auth_config, else deck.default_rerun_auth_configs (most specific match),
//   else deck.rerun_auth_configs (org/repo, org, '*').
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ProwJob, RerunAuthConfig } from '../../src/api/prowjob.js';
import { entryMatches } from '../../src/config/entries.js';
import type { Config } from '../../src/config/types.js';
import { registerSecret } from '../../src/runtime/logger.js';

export const SESSION_COOKIE = 'deck_session';
export const LOGIN_COOKIE = 'github_login';
export const CSRF_COOKIE = 'deck_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FORM_FIELD = 'gorilla.csrf.Token';
const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

/** Reads --cookie-secret: base64 (as `openssl rand -base64 32` writes it) or raw bytes. */
export function readCookieSecret(file: string): Buffer {
  const raw = readFileSync(file, 'utf8').trim();
  if (raw === '') throw new Error(`cookie secret file ${file} is empty`);
  registerSecret(raw);
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(raw) && raw.length % 4 === 0) {
    const decoded = Buffer.from(raw, 'base64');
    if (decoded.length >= 32) return decoded;
  }
  return Buffer.from(raw, 'utf8');
}

export interface Session {
  login: string;
  /** The user's OAuth token (never sent to the browser in clear). */
  token: string;
  /** Expiry, ms since the epoch. */
  exp: number;
}

export class CookieCrypto {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(secret: Buffer) {
    this.encKey = createHmac('sha256', secret).update('deck session encryption').digest();
    this.macKey = createHmac('sha256', secret).update('deck csrf').digest();
  }

  sealSession(login: string, token: string, now = Date.now()): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify({ login, token, exp: now + SESSION_TTL_MS } satisfies Session)), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  openSession(value: string | undefined, now = Date.now()): Session | undefined {
    if (!value) return undefined;
    try {
      const buf = Buffer.from(value, 'base64url');
      if (buf.length < 29) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', this.encKey, buf.subarray(0, 12));
      decipher.setAuthTag(buf.subarray(12, 28));
      const json = Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8');
      const s = JSON.parse(json) as Session;
      return typeof s.login === 'string' && typeof s.exp === 'number' && s.exp > now ? s : undefined;
    } catch {
      return undefined;
    }
  }

  private mac(purpose: string, value: string): Buffer {
    return createHmac('sha256', this.macKey).update(`${purpose}\0${value}`).digest();
  }

  /** A new nonce cookie value: `<nonce>.<mac>`. */
  newCsrfCookie(): string {
    const nonce = randomBytes(18).toString('base64url');
    return `${nonce}.${this.mac('nonce', nonce).toString('base64url')}`;
  }

  /** The nonce of a cookie value this Deck issued, else undefined. */
  csrfNonce(cookie: string | undefined): string | undefined {
    if (!cookie) return undefined;
    const [nonce, sig] = cookie.split('.');
    if (!nonce || !sig) return undefined;
    return safeEqual(Buffer.from(sig, 'base64url'), this.mac('nonce', nonce)) ? nonce : undefined;
  }

  csrfToken(nonce: string): string {
    return this.mac('token', nonce).toString('base64url');
  }

  checkCsrf(cookie: string | undefined, token: string | undefined): boolean {
    const nonce = this.csrfNonce(cookie);
    if (!nonce || !token) return false;
    return safeEqual(Buffer.from(token, 'utf8'), Buffer.from(this.csrfToken(nonce), 'utf8'));
  }

  /** OAuth `state`: a nonce and where to go after login, authenticated. */
  sealState(dest: string): string {
    const body = Buffer.from(JSON.stringify({ n: randomBytes(12).toString('base64url'), d: dest })).toString('base64url');
    return `${body}.${this.mac('state', body).toString('base64url')}`;
  }

  openState(state: string | undefined): string | undefined {
    if (!state) return undefined;
    const [body, sig] = state.split('.');
    if (!body || !sig || !safeEqual(Buffer.from(sig, 'base64url'), this.mac('state', body))) return undefined;
    try {
      const d = (JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { d?: unknown }).d;
      return typeof d === 'string' ? d : undefined;
    } catch {
      return undefined;
    }
  }
}

export function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Parses a Cookie header. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    try {
      out[k] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      out[k] = part.slice(i + 1).trim();
    }
  }
  return out;
}

export function cookie(name: string, value: string, opts: { secure: boolean; httpOnly?: boolean; maxAgeSec?: number }): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Lax'];
  if (opts.httpOnly !== false) parts.push('HttpOnly');
  if (opts.secure) parts.push('Secure');
  if (opts.maxAgeSec !== undefined) parts.push(`Max-Age=${opts.maxAgeSec}`);
  return parts.join('; ');
}

// ---- rerun authorization ----

function refsOf(pj: ProwJob): { org: string; repo: string } | undefined {
  return pj.spec.refs ?? pj.spec.extra_refs?.[0];
}

/** The auth config that applies to a job (undefined: nobody may rerun it). */
export function rerunAuthConfigFor(pj: ProwJob, config: Config): RerunAuthConfig | undefined {
  if (pj.spec.rerun_auth_config) return pj.spec.rerun_auth_config;
  const refs = refsOf(pj);
  const orgRepo = refs ? `${refs.org}/${refs.repo}` : '';
  const deck = config.deck ?? {};
  const entries = deck.default_rerun_auth_configs ?? [];
  if (entries.length > 0) {
    // The matching entry with the most specification wins: org/repo beats org beats '*'; a cluster adds one.
    let best: { score: number; cfg: RerunAuthConfig | undefined } | undefined;
    for (const e of entries) {
      if (!entryMatches(e, orgRepo, pj.spec.cluster ?? 'default')) continue;
      const repo = e.repo ?? '';
      const score = (repo === '' || repo === '*' ? 0 : repo.includes('/') ? 2 : 1) + (e.cluster && e.cluster !== '*' ? 1 : 0);
      if (!best || score > best.score) best = { score, cfg: e.rerun_auth_configs };
    }
    return best?.cfg;
  }
  const map = deck.rerun_auth_configs ?? {};
  return (orgRepo && map[orgRepo]) || (refs && map[refs.org]) || map['*'];
}

/**
 * Which buttons can ever work on this Deck: abort needs someone who may act (sign-in configured, or a rerun auth
 * config allowing anyone); rerun also needs --rerun-creates-job. A button that always fails is not shown.
 */
export function offeredActions(config: Config, opts: { signIn: boolean; rerunCreatesJob: boolean }): { rerun: boolean; abort: boolean; rerunCreatesJob: boolean } {
  const deck = config.deck ?? {};
  const anyone = Object.values(deck.rerun_auth_configs ?? {}).some((c) => c?.allow_anyone)
    || (deck.default_rerun_auth_configs ?? []).some((e) => e.rerun_auth_configs?.allow_anyone);
  const abort = opts.signIn || anyone;
  return { abort, rerun: abort && opts.rerunCreatesJob, rerunCreatesJob: opts.rerunCreatesJob };
}

/** GitHub membership lookups rerun auth needs (through the bot's client). */
export interface MembershipChecker {
  isOrgMember(org: string, user: string): Promise<boolean>;
  isTeamMember(org: string, slug: string, user: string): Promise<boolean>;
  /** Team by ID: looked up among the teams of `org` (the job's org). */
  isTeamIdMember(org: string, teamId: number, user: string): Promise<boolean>;
}

export async function canTrigger(cfg: RerunAuthConfig | undefined, user: string | undefined, pj: ProwJob, gh: MembershipChecker | undefined): Promise<boolean> {
  if (!cfg) return false;
  if (cfg.allow_anyone) return true;
  if (!user) return false;
  const lower = user.toLowerCase();
  if ((cfg.github_users ?? []).some((u) => u.toLowerCase() === lower)) return true;
  if (!gh) return false;
  for (const org of cfg.github_orgs ?? []) if (await gh.isOrgMember(org, user)) return true;
  for (const t of cfg.github_team_slugs ?? []) if (await gh.isTeamMember(t.org, t.slug, user)) return true;
  const org = refsOf(pj)?.org;
  if (org) for (const id of cfg.github_team_ids ?? []) if (await gh.isTeamIdMember(org, id, user)) return true;
  return false;
}
