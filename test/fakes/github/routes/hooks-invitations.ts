// Webhooks of orgs and repositories, and the bot's pending invitations to repositories and orgs. Kept beside the
// rest of the state, per GitHubState, and seeded or read by tests through the functions below:
//   hooksOf(gh.state, 'org') / hooksOf(gh.state, 'org/repo')  → the stored hooks (secrets included, for assertions)
//   inviteToRepo(gh.state, 'org', 'repo', 'bot', 'admin'); inviteToOrg(gh.state, 'org', 'bot', 'admin')
// As GitHub: a hook's secret is never shown (`********`); accepting a repo invitation makes the invitee a
// collaborator with its permission, accepting an org invitation makes it a member.
import type express from 'express';
import { GitHubError, notFound, type Permission } from '../model.js';
import { body, intParam, param, queryString, requireViewer, sendPage, strList } from '../http-helpers.js';
import type { GitHubState } from '../state.js';
import type { RouteContext } from './context.js';

export interface HookRec {
  id: number;
  name: string;
  active: boolean;
  events: string[];
  config: { url: string; content_type: string; insecure_ssl: string; secret?: string };
  createdAt: string;
  updatedAt: string;
}

interface RepoInvitationRec {
  id: number;
  org: string;
  repo: string;
  invitee: string;
  permission: Permission;
}

interface Extra {
  hooks: Map<string, HookRec[]>;
  repoInvitations: RepoInvitationRec[];
  orgInvitations: { org: string; invitee: string; role: 'admin' | 'member' }[];
}

const extras = new WeakMap<GitHubState, Extra>();

function extraOf(state: GitHubState): Extra {
  let e = extras.get(state);
  if (!e) {
    e = { hooks: new Map(), repoInvitations: [], orgInvitations: [] };
    extras.set(state, e);
  }
  return e;
}

/** The hooks of `org` or `org/repo` (live records). */
export function hooksOf(state: GitHubState, key: string): HookRec[] {
  const e = extraOf(state);
  const k = key.toLowerCase();
  let list = e.hooks.get(k);
  if (!list) {
    list = [];
    e.hooks.set(k, list);
  }
  return list;
}

export function inviteToRepo(state: GitHubState, org: string, repo: string, invitee: string, permission: Permission = 'write'): number {
  state.repo(org, repo);
  state.ensureUser(invitee);
  const id = state.id();
  extraOf(state).repoInvitations.push({ id, org, repo, invitee: invitee.toLowerCase(), permission });
  return id;
}

export function inviteToOrg(state: GitHubState, org: string, invitee: string, role: 'admin' | 'member' = 'member'): void {
  state.ensureOrg(org);
  state.ensureUser(invitee);
  extraOf(state).orgInvitations.push({ org, invitee: invitee.toLowerCase(), role });
}

/** The pending invitations to `org` (live records: the org-admin routes add to them). */
export function orgInvitationsOf(state: GitHubState, org: string): { org: string; invitee: string; role: 'admin' | 'member' }[] {
  return extraOf(state).orgInvitations.filter((i) => i.org.toLowerCase() === org.toLowerCase());
}

/** Pending invitations left for `invitee` (repos as org/repo, orgs by login). */
export function pendingInvitations(state: GitHubState, invitee: string): { repos: string[]; orgs: string[] } {
  const e = extraOf(state);
  const who = invitee.toLowerCase();
  return {
    repos: e.repoInvitations.filter((i) => i.invitee === who).map((i) => `${i.org}/${i.repo}`),
    orgs: e.orgInvitations.filter((i) => i.invitee === who).map((i) => i.org),
  };
}

export function hookInvitationRoutes(app: express.Express, ctx: RouteContext): void {
  const { state, urls } = ctx;

  const hookJson = (base: string, h: HookRec): Record<string, unknown> => ({
    type: base.includes('/repos/') ? 'Repository' : 'Organization',
    id: h.id,
    name: h.name,
    active: h.active,
    events: h.events,
    config: { url: h.config.url, content_type: h.config.content_type, insecure_ssl: h.config.insecure_ssl, ...(h.config.secret ? { secret: '********' } : {}) },
    created_at: h.createdAt,
    updated_at: h.updatedAt,
    url: `${base}/hooks/${h.id}`,
    ping_url: `${base}/hooks/${h.id}/pings`,
  });

  const keyOf = (req: express.Request): { key: string; base: string } => {
    if (req.params.repo !== undefined) {
      const repo = state.repo(param(req, 'owner'), param(req, 'repo'));
      return { key: `${repo.owner}/${repo.name}`, base: `${urls.api}/repos/${repo.owner}/${repo.name}` };
    }
    const org = state.org(param(req, 'org'));
    return { key: org.login, base: `${urls.api}/orgs/${org.login}` };
  };

  const hookFields = (b: Record<string, unknown>, h?: HookRec): Pick<HookRec, 'active' | 'events' | 'config'> => {
    const config = (b.config ?? h?.config) as Record<string, unknown> | undefined;
    const url = config?.url;
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new GitHubError(422, 'Validation Failed', [{ resource: 'Hook', field: 'url', code: 'custom', message: 'url is not a valid URL' }]);
    const events = strList(b, 'events') ?? h?.events ?? ['push'];
    return {
      active: typeof b.active === 'boolean' ? b.active : h?.active ?? true,
      events,
      config: {
        url,
        content_type: typeof config?.content_type === 'string' ? config.content_type : 'form',
        insecure_ssl: typeof config?.insecure_ssl === 'string' ? config.insecure_ssl : '0',
        ...(typeof config?.secret === 'string' ? { secret: config.secret } : {}),
      },
    };
  };

  const list = (req: express.Request, res: express.Response): void => {
    requireViewer(res);
    const { key, base } = keyOf(req);
    sendPage(req, res, urls.api, hooksOf(state, key).map((h) => hookJson(base, h)));
  };
  const create = (req: express.Request, res: express.Response): void => {
    requireViewer(res);
    const { key, base } = keyOf(req);
    const hooks = hooksOf(state, key);
    const fields = hookFields(body(req));
    if (hooks.some((h) => h.config.url === fields.config.url)) {
      throw new GitHubError(422, 'Validation Failed', [{ resource: 'Hook', code: 'custom', message: `Hook already exists on this ${key.includes('/') ? 'repository' : 'organization'}` }]);
    }
    const now = new Date().toISOString();
    const h: HookRec = { id: state.id(), name: 'web', ...fields, createdAt: now, updatedAt: now };
    hooks.push(h);
    res.status(201).json(hookJson(base, h));
  };
  const find = (req: express.Request): { hooks: HookRec[]; h: HookRec; base: string } => {
    const { key, base } = keyOf(req);
    const hooks = hooksOf(state, key);
    const h = hooks.find((x) => x.id === intParam(req, 'id'));
    if (!h) throw notFound();
    return { hooks, h, base };
  };
  const edit = (req: express.Request, res: express.Response): void => {
    requireViewer(res);
    const { h, base } = find(req);
    Object.assign(h, hookFields(body(req), h), { updatedAt: new Date().toISOString() });
    res.json(hookJson(base, h));
  };
  const remove = (req: express.Request, res: express.Response): void => {
    requireViewer(res);
    const { hooks, h } = find(req);
    hooks.splice(hooks.indexOf(h), 1);
    res.status(204).end();
  };
  for (const prefix of ['/repos/:owner/:repo', '/orgs/:org']) {
    app.get(`${prefix}/hooks`, list);
    app.post(`${prefix}/hooks`, create);
    app.get(`${prefix}/hooks/:id`, (req, res) => {
      requireViewer(res);
      const { h, base } = find(req);
      res.json(hookJson(base, h));
    });
    app.patch(`${prefix}/hooks/:id`, edit);
    app.delete(`${prefix}/hooks/:id`, remove);
  }

  app.get('/user/repository_invitations', (req, res) => {
    const viewer = requireViewer(res).toLowerCase();
    const mine = extraOf(state).repoInvitations.filter((i) => i.invitee === viewer);
    sendPage(req, res, urls.api, mine.map((i) => ({
      id: i.id,
      repository: { name: i.repo, full_name: `${i.org}/${i.repo}`, owner: { login: i.org } },
      invitee: { login: i.invitee },
      permissions: i.permission,
    })));
  });

  app.patch('/user/repository_invitations/:id', (req, res) => {
    const viewer = requireViewer(res).toLowerCase();
    const e = extraOf(state);
    const i = e.repoInvitations.find((x) => x.id === intParam(req, 'id') && x.invitee === viewer);
    if (!i) throw notFound();
    e.repoInvitations.splice(e.repoInvitations.indexOf(i), 1);
    state.addCollaborator(i.org, i.repo, i.invitee, i.permission);
    res.status(204).end();
  });

  app.get('/user/memberships/orgs', (req, res) => {
    const viewer = requireViewer(res).toLowerCase();
    const wanted = queryString(req, 'state');
    const pending = extraOf(state).orgInvitations.filter((i) => i.invitee === viewer)
      .map((i) => ({ state: 'pending', role: i.role, organization: { login: i.org } }));
    const active = [...state.orgs.values()].filter((o) => o.members.has(viewer))
      .map((o) => ({ state: 'active', role: o.members.get(viewer), organization: { login: o.login } }));
    sendPage(req, res, urls.api, [...pending, ...active].filter((m) => !wanted || m.state === wanted));
  });

  app.patch('/user/memberships/orgs/:org', (req, res) => {
    const viewer = requireViewer(res).toLowerCase();
    if (body(req).state !== 'active') throw new GitHubError(422, 'Validation Failed', [{ resource: 'Membership', field: 'state', code: 'invalid' }]);
    const e = extraOf(state);
    const i = e.orgInvitations.find((x) => x.org.toLowerCase() === param(req, 'org').toLowerCase() && x.invitee === viewer);
    if (!i) throw new GitHubError(403, 'You must be invited to this organization');
    e.orgInvitations.splice(e.orgInvitations.indexOf(i), 1);
    state.addOrgMember(i.org, i.invitee, i.role);
    res.json({ state: 'active', role: i.role, organization: { login: i.org } });
  });
}
