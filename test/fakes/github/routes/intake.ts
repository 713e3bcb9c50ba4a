// What prow needs to lose no event: the webhook deliveries API and redelivery (the App's hook, and the repo and org
// hooks: those created through the hooks API, or id 1, the fake's own), and the repository-wide listings a poller reads.
// Deliveries the fake could not send (the hook was down) are listed with GitHub's failure status, as GitHub does.
import type express from 'express';
import { GitHubError, notFound } from '../model.js';
import { intParam, param, queryString } from '../http-helpers.js';
import type { AppConfig } from '../middleware.js';
import type { Delivery, WebhookSender } from '../webhooks.js';
import { repoOf, type RouteContext } from './context.js';
import { hooksOf } from './hooks-invitations.js';

/** The fake's one web hook (X-GitHub-Hook-ID: 1). */
const HOOK_ID = 1;

/** One entry of `GET …/hooks/{id}/deliveries`, as GitHub shapes it. */
function deliverySummary(d: Delivery, repositoryId: number | null): Record<string, unknown> {
  const ok = d.status !== undefined && d.status >= 200 && d.status < 300;
  return {
    id: d.id,
    guid: d.guid,
    delivered_at: d.deliveredAt,
    redelivery: d.redelivery === true,
    duration: 0.01,
    status: ok ? 'OK' : d.status !== undefined ? `Invalid HTTP Response: ${d.status}` : 'failed to connect to host',
    status_code: d.status ?? 0,
    event: d.event,
    action: d.action ?? null,
    installation_id: null,
    repository_id: repositoryId,
    throttled_at: null,
  };
}

/** Newest first, cursor pagination (`per_page`, `cursor` = the id to continue below) with a Link rel="next". */
function sendDeliveries(req: express.Request, res: express.Response, apiBase: string, items: Delivery[], shape: (d: Delivery) => Record<string, unknown>): void {
  const perPage = Math.min(Math.max(Number(queryString(req, 'per_page') ?? 30) || 30, 1), 100);
  const cursor = Number(queryString(req, 'cursor') ?? 0);
  const sorted = items.filter((d) => d.deliveredAt !== undefined).sort((a, b) => b.id - a.id);
  const from = cursor > 0 ? sorted.filter((d) => d.id < cursor) : sorted;
  const page = from.slice(0, perPage);
  if (from.length > perPage) res.setHeader('Link', `<${apiBase}${req.path}?per_page=${perPage}&cursor=${page[page.length - 1].id}>; rel="next"`);
  res.json(page.map(shape));
}

export function intakeRoutes(app: express.Express, ctx: RouteContext, webhooks: WebhookSender, appConfig: AppConfig | undefined): void {
  const { state, shapes, urls } = ctx;

  const find = (items: Delivery[], id: number): Delivery => {
    const d = items.find((x) => x.id === id && x.deliveredAt !== undefined);
    if (!d) throw notFound();
    return d;
  };
  const redeliver = (items: Delivery[], id: number, res: express.Response): void => {
    webhooks.redeliver(find(items, id));
    res.status(202).json({});
  };
  // The fake's own hook (id 1, where it sends every webhook) or one created through the hooks API on that repo or org;
  // either way the deliveries listed are those about the repo or org (the fake sends each webhook once).
  const hookId = (req: express.Request, key: string): void => {
    const id = intParam(req, 'hook_id');
    if (id !== HOOK_ID && !hooksOf(state, key).some((h) => h.id === id)) throw notFound();
  };
  const ofRepo = (owner: string, name: string): Delivery[] =>
    webhooks.deliveries.filter((d) => d.repo?.owner.toLowerCase() === owner.toLowerCase() && d.repo.name.toLowerCase() === name.toLowerCase());
  const ofOrg = (org: string): Delivery[] => webhooks.deliveries.filter((d) => d.repo?.owner.toLowerCase() === org.toLowerCase());
  const repoId = (d: Delivery): number | null => {
    if (!d.repo) return null;
    try {
      return state.repo(d.repo.owner, d.repo.name).id;
    } catch {
      return null;
    }
  };

  // The App's own hook: every delivery, JWT only.
  const requireAppJwt = (res: express.Response): void => {
    if (!appConfig) throw notFound();
    if (!res.locals.appJwt) throw new GitHubError(401, 'A JSON web token could not be decoded');
  };
  app.get('/app/hook/config', (_req, res) => {
    requireAppJwt(res);
    res.json({ content_type: 'json', insecure_ssl: '0', url: webhooks.hookUrl ?? '', secret: '********' });
  });
  app.get('/app/hook/deliveries', (req, res) => {
    requireAppJwt(res);
    sendDeliveries(req, res, urls.api, webhooks.deliveries, (d) => deliverySummary(d, repoId(d)));
  });
  app.get('/app/hook/deliveries/:id', (req, res) => {
    requireAppJwt(res);
    res.json(deliverySummary(find(webhooks.deliveries, intParam(req, 'id')), null));
  });
  app.post('/app/hook/deliveries/:id/attempts', (req, res) => {
    requireAppJwt(res);
    redeliver(webhooks.deliveries, intParam(req, 'id'), res);
  });

  // Repository hooks (listed and managed by hooks-invitations.ts).
  app.get('/repos/:owner/:repo/hooks/:hook_id/deliveries', (req, res) => {
    const repo = repoOf(ctx, req);
    hookId(req, `${repo.owner}/${repo.name}`);
    sendDeliveries(req, res, urls.api, ofRepo(repo.owner, repo.name), (d) => deliverySummary(d, repo.id));
  });
  app.post('/repos/:owner/:repo/hooks/:hook_id/deliveries/:id/attempts', (req, res) => {
    const repo = repoOf(ctx, req);
    hookId(req, `${repo.owner}/${repo.name}`);
    redeliver(ofRepo(repo.owner, repo.name), intParam(req, 'id'), res);
  });

  // Organization hooks.
  const orgOf = (req: express.Request): string => {
    const org = state.orgs.get(param(req, 'org').toLowerCase());
    if (!org) throw notFound();
    hookId(req, org.login);
    return org.login;
  };
  app.get('/orgs/:org/hooks/:hook_id/deliveries', (req, res) => {
    sendDeliveries(req, res, urls.api, ofOrg(orgOf(req)), (d) => deliverySummary(d, repoId(d)));
  });
  app.post('/orgs/:org/hooks/:hook_id/deliveries/:id/attempts', (req, res) => {
    redeliver(ofOrg(orgOf(req)), intParam(req, 'id'), res);
  });

  // Review comments of a whole repository (`since`, sorted by creation), read by pollers; before /pulls/:number.
  app.get('/repos/:owner/:repo/pulls/comments', (req, res) => {
    const repo = repoOf(ctx, req);
    const since = queryString(req, 'since');
    const all = [...repo.issues.values()].flatMap((i) => i.pull?.reviewComments ?? []).filter((c) => !since || c.updatedAt >= since).sort((a, b) => a.id - b.id);
    res.json(all.map((c) => shapes.reviewComment(repo, c)));
  });
}
