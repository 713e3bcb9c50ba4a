// GitHub App endpoints: the app itself, installations and their lookup, and installation token exchange.
// All but /installation/repositories need a verified app JWT (see middleware.ts).
import { randomBytes } from 'node:crypto';
import type express from 'express';
import { GitHubError, notFound, type InstallationRec } from '../model.js';
import { intParam, param, sendPage } from '../http-helpers.js';
import type { AppConfig } from '../middleware.js';
import type { RouteContext } from './context.js';

const PERMISSIONS = { contents: 'write', issues: 'write', pull_requests: 'write', statuses: 'write', checks: 'write', members: 'read', metadata: 'read', organization_projects: 'write' };

function requireAppJwt(res: express.Response): void {
  if (!res.locals.appJwt) throw new GitHubError(401, 'A JSON web token could not be decoded');
}

export function appRoutes(app: express.Express, ctx: RouteContext, appConfig: AppConfig | undefined): void {
  const { state, shapes, urls } = ctx;
  if (!appConfig) return;
  const botLogin = `${appConfig.slug}[bot]`;
  state.ensureUser(botLogin, 'Bot');

  const installationJson = (i: InstallationRec): Record<string, unknown> => {
    const account = state.ensureUser(i.account);
    return {
      id: i.id,
      account: shapes.user(account.login),
      repository_selection: i.repositories ? 'selected' : 'all',
      access_tokens_url: `${urls.api}/app/installations/${i.id}/access_tokens`,
      repositories_url: `${urls.api}/installation/repositories`,
      html_url: `${urls.html}/organizations/${account.login}/settings/installations/${i.id}`,
      app_id: appConfig.id,
      app_slug: appConfig.slug,
      target_id: account.id,
      target_type: account.type === 'Organization' ? 'Organization' : 'User',
      permissions: PERMISSIONS,
      events: ['issue_comment', 'issues', 'pull_request', 'pull_request_review', 'push', 'status'],
      created_at: '2020-01-01T00:00:00Z',
      updated_at: '2020-01-01T00:00:00Z',
      single_file_name: null,
      suspended_at: null,
    };
  };

  app.get('/app', (_req, res) => {
    requireAppJwt(res);
    res.json({ id: appConfig.id, slug: appConfig.slug, name: appConfig.slug, owner: null, description: '', external_url: urls.html, html_url: `${urls.html}/apps/${appConfig.slug}`, permissions: PERMISSIONS, events: [], installations_count: state.installations.size });
  });

  app.get('/app/installations', (req, res) => {
    requireAppJwt(res);
    sendPage(req, res, urls.api, [...state.installations.values()].map(installationJson));
  });

  app.get('/app/installations/:id', (req, res) => {
    requireAppJwt(res);
    const i = state.installations.get(intParam(req, 'id'));
    if (!i) throw notFound();
    res.json(installationJson(i));
  });

  app.post('/app/installations/:id/access_tokens', (req, res) => {
    requireAppJwt(res);
    const i = state.installations.get(intParam(req, 'id'));
    if (!i) throw notFound();
    const token = `ghs_${randomBytes(18).toString('hex')}`;
    const expiresAt = Date.now() + 3600_000;
    state.tokens.set(token, { login: botLogin, installationId: i.id, expiresAt });
    res.status(201).json({ token, expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'), permissions: PERMISSIONS, repository_selection: i.repositories ? 'selected' : 'all' });
  });

  app.get('/repos/:owner/:repo/installation', (req, res) => {
    requireAppJwt(res);
    const repo = state.repo(param(req, 'owner'), param(req, 'repo'));
    const i = state.installationFor(repo.owner, `${repo.owner}/${repo.name}`);
    if (!i) throw notFound();
    res.json(installationJson(i));
  });

  app.get('/orgs/:org/installation', (req, res) => {
    requireAppJwt(res);
    const i = state.installationFor(param(req, 'org'));
    if (!i) throw notFound();
    res.json(installationJson(i));
  });

  app.get('/users/:login/installation', (req, res) => {
    requireAppJwt(res);
    const i = state.installationFor(param(req, 'login'));
    if (!i) throw notFound();
    res.json(installationJson(i));
  });

  app.get('/installation/repositories', (_req, res) => {
    const id = res.locals.installationId as number | undefined;
    const i = id === undefined ? undefined : state.installations.get(id);
    if (!i) throw new GitHubError(403, 'This endpoint can only be accessed with an installation access token');
    const repos = [...state.repos.values()].filter(
      (r) => r.owner.toLowerCase() === i.account.toLowerCase() && (!i.repositories || i.repositories.some((x) => x.toLowerCase() === `${r.owner}/${r.name}`.toLowerCase())),
    );
    res.json({ total_count: repos.length, repository_selection: i.repositories ? 'selected' : 'all', repositories: repos.map((r) => shapes.repo(r)) });
  });
}
