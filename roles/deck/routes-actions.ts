// Rerun and abort (POSTs, CSRF-checked, authorized by rerun auth configs), and GitHub OAuth sign-in.
import express from 'express';
import { toYaml } from '../../src/config/yaml.js';
import { isFinalState, type ProwJob } from '../../src/api/prowjob.js';
import { transition } from '../../src/api/state.js';
import { updateWithRetry } from '../../src/store/retry.js';
import { LOGIN_COOKIE, SESSION_COOKIE, canTrigger, cookie, rerunAuthConfigFor } from './auth.js';
import type { DeckDeps } from './deps.js';
import type { RerunMode } from './rerun.js';
import { query, requireCsrf, sessionOf } from './session.js';

/** The ?mode= of a rerun (default latest), or an error response sent. */
function modeOf(req: express.Request, res: express.Response): RerunMode | undefined {
  const v = query(req, 'mode');
  if (v === undefined || v === '' || v === 'latest') return 'latest';
  if (v === 'original') return 'original';
  res.status(400).type('text').send('mode must be latest or original');
  return undefined;
}

/** The job named by ?prowjob=, or an error response sent. */
function jobOf(req: express.Request, res: express.Response, deps: DeckDeps): ProwJob | undefined {
  const name = query(req, 'prowjob');
  if (!name) {
    res.status(400).type('text').send('Missing prowjob query parameter.');
    return undefined;
  }
  const pj = deps.jobs.get(name);
  if (!pj) res.status(404).type('text').send(`ProwJob ${name} not found.`);
  return pj;
}

async function authorized(req: express.Request, pj: ProwJob, deps: DeckDeps): Promise<{ ok: boolean; login?: string }> {
  const login = sessionOf(req, deps)?.login;
  const cfg = rerunAuthConfigFor(pj, deps.config());
  return { ok: await canTrigger(cfg, login, pj, deps.membership), ...(login ? { login } : {}) };
}

export function mountActionRoutes(app: express.Express, deps: DeckDeps): void {
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  const csrf = requireCsrf(deps);

  // GET shows the job a rerun would create, as upstream (for `kubectl create -f`).
  app.get('/rerun', (req, res) => {
    const pj = jobOf(req, res, deps);
    if (!pj) return;
    const mode = modeOf(req, res);
    if (!mode) return;
    try {
      res.type('text/plain').send(toYaml(deps.rerun.build(pj, mode, deps.config())));
    } catch (e) {
      res.status(400).type('text').send((e as Error).message);
    }
  });

  app.post('/rerun', form, csrf, async (req, res) => {
    const pj = jobOf(req, res, deps);
    if (!pj) return;
    const mode = modeOf(req, res);
    if (!mode) return;
    if (!deps.rerunCreatesJob) {
      res.status(405).type('text').send("Direct rerun feature is not enabled. Enable with the '--rerun-creates-job' flag (it needs --cookie-secret with a secret of 32+ bytes, e.g. from `openssl rand -base64 32`).");
      return;
    }
    const auth = await authorized(req, pj, deps);
    if (!auth.ok) {
      deps.logger.info('rerun refused', { prowjob: pj.metadata.name, user: auth.login ?? '' });
      res.status(auth.login ? 403 : 401).type('text').send(auth.login ? `${auth.login} is not authorized to rerun ${pj.spec.job}.` : 'You need to sign in with GitHub to rerun this job.');
      return;
    }
    let next: ProwJob;
    try {
      next = deps.rerun.build(pj, mode, deps.config());
    } catch (e) {
      res.status(400).type('text').send((e as Error).message);
      return;
    }
    if (deps.dryRun) {
      deps.logger.info('dry-run: not creating rerun', { prowjob: pj.metadata.name, user: auth.login ?? '' });
      res.type('text').send(`Dry run: would have created ${next.metadata.name}.`);
      return;
    }
    const created = await deps.store.create(next);
    deps.logger.info('rerun created', { prowjob: pj.metadata.name, rerun: created.metadata.name, mode, user: auth.login ?? '' });
    res.type('text').send(`Job successfully triggered: ${created.metadata.name}`);
  });

  app.post('/abort', form, csrf, async (req, res) => {
    const pj = jobOf(req, res, deps);
    if (!pj) return;
    const auth = await authorized(req, pj, deps);
    if (!auth.ok) {
      deps.logger.info('abort refused', { prowjob: pj.metadata.name, user: auth.login ?? '' });
      res.status(auth.login ? 403 : 401).type('text').send(auth.login ? `${auth.login} is not authorized to abort ${pj.spec.job}.` : 'You need to sign in with GitHub to abort this job.');
      return;
    }
    if (isFinalState(pj.status.state)) {
      res.status(400).type('text').send(`Cannot abort job ${pj.metadata.name}: it already finished (${pj.status.state ?? ''}).`);
      return;
    }
    if (deps.dryRun) {
      res.type('text').send(`Dry run: would have aborted ${pj.metadata.name}.`);
      return;
    }
    const who = auth.login ?? 'an anonymous user';
    await updateWithRetry(deps.store, pj.metadata.name, (cur) => {
      if (isFinalState(cur.status.state)) return false;
      // The controller-manager sees `aborted` and stops the process or Pod, as plank does.
      return transition(cur, 'aborted', { description: `Job was aborted by ${who}.` });
    });
    deps.logger.info('job aborted', { prowjob: pj.metadata.name, user: auth.login ?? '' });
    res.type('text').send(`Job ${pj.metadata.name} aborted.`);
  });

  if (deps.oauth && deps.cookies) mountOAuth(app, deps);
}

function mountOAuth(app: express.Express, deps: DeckDeps): void {
  const oauth = deps.oauth;
  const cookies = deps.cookies;
  if (!oauth || !cookies) return;
  const secure = !deps.allowInsecure;

  app.get('/github-login', (req, res) => {
    const dest = query(req, 'dest');
    const state = cookies.sealState(dest && dest.startsWith('/') && !dest.startsWith('//') ? dest : oauth.finalRedirectUrl);
    res.append('Set-Cookie', cookie('deck_oauth_state', state, { secure, maxAgeSec: 600 }));
    const u = new URL('/login/oauth/authorize', oauth.webBase);
    u.searchParams.set('client_id', oauth.clientId);
    u.searchParams.set('redirect_uri', oauth.redirectUrl);
    u.searchParams.set('state', state);
    if (oauth.scopes.length > 0) u.searchParams.set('scope', oauth.scopes.join(' '));
    res.redirect(302, u.toString());
  });

  app.get('/github-login/redirect', async (req, res) => {
    const state = query(req, 'state');
    const code = query(req, 'code');
    const expected = (req.headers.cookie ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith('deck_oauth_state='));
    const dest = cookies.openState(state);
    if (!state || !code || !dest || expected !== `deck_oauth_state=${encodeURIComponent(state)}`) {
      res.status(400).type('text').send('Invalid OAuth state; sign in again.');
      return;
    }
    try {
      const tokenRes = await fetch(new URL('/login/oauth/access_token', oauth.webBase), {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify({ client_id: oauth.clientId, client_secret: oauth.clientSecret, code, redirect_uri: oauth.redirectUrl, state }),
        signal: AbortSignal.timeout(15_000),
      });
      const tok = (await tokenRes.json()) as { access_token?: string; error?: string };
      if (!tok.access_token) throw new Error(`token exchange failed: ${tok.error ?? tokenRes.status}`);
      const userRes = await fetch(`${oauth.apiBase.replace(/\/+$/, '')}/user`, {
        headers: { Authorization: `token ${tok.access_token}`, Accept: 'application/vnd.github+json' },
        signal: AbortSignal.timeout(15_000),
      });
      const user = (await userRes.json()) as { login?: string };
      if (!userRes.ok || !user.login) throw new Error(`reading the GitHub user failed: ${userRes.status}`);
      res.append('Set-Cookie', cookie(SESSION_COOKIE, cookies.sealSession(user.login, tok.access_token), { secure }));
      res.append('Set-Cookie', cookie(LOGIN_COOKIE, user.login, { secure, httpOnly: false }));
      res.append('Set-Cookie', cookie('deck_oauth_state', '', { secure, maxAgeSec: 0 }));
      deps.logger.info('signed in', { user: user.login });
      res.redirect(302, dest);
    } catch (e) {
      deps.logger.warn('GitHub sign-in failed', { error: e });
      res.status(502).type('text').send('GitHub sign-in failed.');
    }
  });

  app.get('/github-logout', (_req, res) => {
    res.append('Set-Cookie', cookie(SESSION_COOKIE, '', { secure, maxAgeSec: 0 }));
    res.append('Set-Cookie', cookie(LOGIN_COOKIE, '', { secure, httpOnly: false, maxAgeSec: 0 }));
    res.redirect(302, '/');
  });
}
