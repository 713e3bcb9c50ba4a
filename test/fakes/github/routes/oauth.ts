// GitHub's web OAuth flow for sign-in (Deck): GET /login/oauth/authorize redirects straight back with a code for
// the login chosen by the test (no consent page); POST /login/oauth/access_token exchanges it for a token that
// the API accepts as that user. Errors as GitHub's: HTTP 200 with `{error, error_description, error_uri}`.
import { randomBytes } from 'node:crypto';
import type express from 'express';
import { GitHubError } from '../model.js';
import { body, queryString } from '../http-helpers.js';
import type { RouteContext } from './context.js';

export interface OAuthState {
  /** client_id → client_secret of the registered OAuth apps. */
  apps: Map<string, string>;
  /** Who signs in at the next authorize (undefined: the authorize answers 404, as for an unknown app). */
  login: string | undefined;
  /** Issued codes: code → { clientId, login, redirectUri }. */
  codes: Map<string, { clientId: string; login: string; redirectUri: string | undefined; scope: string }>;
}

export function oauthRoutes(app: express.Express, ctx: RouteContext, oauth: OAuthState): void {
  const oauthError = (res: express.Response, error: string, description: string): void => {
    res.json({ error, error_description: description, error_uri: 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors' });
  };

  app.get('/login/oauth/authorize', (req, res) => {
    const clientId = queryString(req, 'client_id') ?? '';
    if (!oauth.apps.has(clientId)) throw new GitHubError(404, 'Not Found');
    if (!oauth.login) throw new GitHubError(404, 'Not Found (no user signs in: call setOAuthLogin first)');
    const redirect = queryString(req, 'redirect_uri');
    if (!redirect) throw new GitHubError(400, 'redirect_uri is required by the fake GitHub');
    const code = randomBytes(10).toString('hex');
    oauth.codes.set(code, { clientId, login: oauth.login, redirectUri: redirect, scope: queryString(req, 'scope') ?? '' });
    const to = new URL(redirect);
    to.searchParams.set('code', code);
    const state = queryString(req, 'state');
    if (state !== undefined) to.searchParams.set('state', state);
    res.redirect(302, to.toString());
  });

  app.post('/login/oauth/access_token', (req, res) => {
    const b = body(req);
    const clientId = String(b.client_id ?? queryString(req, 'client_id') ?? '');
    const secret = String(b.client_secret ?? queryString(req, 'client_secret') ?? '');
    const code = String(b.code ?? queryString(req, 'code') ?? '');
    if (oauth.apps.get(clientId) !== secret) return oauthError(res, 'incorrect_client_credentials', 'The client_id and/or client_secret passed are incorrect.');
    const grant = oauth.codes.get(code);
    if (!grant || grant.clientId !== clientId) return oauthError(res, 'bad_verification_code', 'The code passed is incorrect or expired.');
    if (b.redirect_uri !== undefined && b.redirect_uri !== grant.redirectUri) return oauthError(res, 'redirect_uri_mismatch', 'The redirect_uri MUST match the registered callback URL for this application.');
    oauth.codes.delete(code);
    const token = `gho_${randomBytes(18).toString('hex')}`;
    ctx.state.tokens.set(token, { login: grant.login });
    const answer = { access_token: token, token_type: 'bearer', scope: grant.scope };
    if ((req.get('accept') ?? '').includes('application/json')) res.json(answer);
    else res.type('application/x-www-form-urlencoded').send(new URLSearchParams(answer).toString());
  });
}
