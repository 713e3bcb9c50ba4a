// Per-request identity: the signed-in GitHub user (from the encrypted session cookie) and the CSRF token
// every page carries for its POSTs.
import type express from 'express';
import { CSRF_COOKIE, CSRF_FORM_FIELD, CSRF_HEADER, SESSION_COOKIE, cookie, parseCookies } from './auth.js';
import type { DeckDeps } from './deps.js';

export function query(req: express.Request, name: string): string | undefined {
  const v = req.query[name];
  return typeof v === 'string' ? v : undefined;
}

export function cookiesOf(req: express.Request): Record<string, string> {
  return parseCookies(req.headers.cookie);
}

/** The signed-in user's login and token, if any. */
export function sessionOf(req: express.Request, deps: DeckDeps): { login: string; token: string } | undefined {
  const s = deps.cookies?.openSession(cookiesOf(req)[SESSION_COOKIE]);
  return s ? { login: s.login, token: s.token } : undefined;
}

/** The CSRF token for this browser, issuing its nonce cookie on first visit. */
export function csrfTokenFor(req: express.Request, res: express.Response, deps: DeckDeps): string | undefined {
  if (!deps.cookies || !deps.csrfRequired) return undefined;
  let value = cookiesOf(req)[CSRF_COOKIE];
  let nonce = deps.cookies.csrfNonce(value);
  if (!nonce) {
    value = deps.cookies.newCsrfCookie();
    nonce = deps.cookies.csrfNonce(value) as string;
    res.append('Set-Cookie', cookie(CSRF_COOKIE, value, { secure: !deps.allowInsecure }));
  }
  return deps.cookies.csrfToken(nonce);
}

/** What every page's layout shows: user, sign-in link, CSRF token. */
export interface PageContext {
  user?: string;
  loginUrl?: string;
  csrfToken?: string;
  branding?: { logo?: string; favicon?: string };
  extraNav?: [string, string][];
}

/** What every page's shell needs: the signed-in user, sign-in link, CSRF token, branding, extra navigation. */
export function pageContext(req: express.Request, res: express.Response, deps: DeckDeps): PageContext {
  const out: PageContext = {};
  const user = sessionOf(req, deps)?.login;
  if (user) out.user = user;
  if (deps.oauth && deps.loginUrl) out.loginUrl = deps.loginUrl;
  const token = csrfTokenFor(req, res, deps);
  if (token) out.csrfToken = token;
  const branding = deps.config().deck?.branding;
  if (branding?.logo || branding?.favicon) out.branding = { ...(branding.logo ? { logo: branding.logo } : {}), ...(branding.favicon ? { favicon: branding.favicon } : {}) };
  if (deps.githubApp?.offered()) out.extraNav = [['/github-app', 'Connect GitHub']];
  return out;
}

/** Middleware for POSTs: refuses a request without the right CSRF token when CSRF protection is on. */
export function requireCsrf(deps: DeckDeps): express.RequestHandler {
  return (req, res, next) => {
    // Whatever the cookie secret, a browser POST from another site is refused (its Origin names that site). An
    // opaque origin (`null`: sandboxed frames, data: and file: pages) is another site too.
    const origin = req.headers.origin;
    const forwarded = req.headers['x-forwarded-host'];
    const host = (typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined) || req.headers.host;
    if (origin !== undefined && (host === undefined || safeHost(origin) !== host)) {
      res.status(403).type('text').send('Forbidden - cross-origin request');
      return;
    }
    if (!deps.cookies || !deps.csrfRequired) {
      next();
      return;
    }
    const header = req.headers[CSRF_HEADER];
    const body = req.body as Record<string, unknown> | undefined;
    const token = typeof header === 'string' ? header : typeof body?.[CSRF_FORM_FIELD] === 'string' ? (body[CSRF_FORM_FIELD] as string) : undefined;
    if (!deps.cookies.checkCsrf(cookiesOf(req)[CSRF_COOKIE], token)) {
      res.status(403).type('text').send('Forbidden - CSRF token invalid');
      return;
    }
    next();
  };
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
