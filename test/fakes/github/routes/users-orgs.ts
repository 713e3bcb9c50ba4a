// Users, organizations, membership, teams, collaborators and assignees.
import type express from 'express';
import { GitHubError, notFound, PERMISSION_RANK, type Permission } from '../model.js';
import { param, queryString, requireViewer, sendPage, body, str } from '../http-helpers.js';
import { repoOf, type RouteContext } from './context.js';

/** GitHub's legacy permission names (collaborator permission endpoint): maintain → write, triage → read. */
const LEGACY_PERMISSION: Record<Permission | 'none', string> = { admin: 'admin', maintain: 'write', write: 'write', triage: 'read', read: 'read', none: 'none' };

export function userOrgRoutes(app: express.Express, ctx: RouteContext): void {
  const { state, shapes, urls } = ctx;

  app.get('/user', (_req, res) => {
    res.json(shapes.userProfile(requireViewer(res)));
  });

  app.get('/users/:login', (req, res) => {
    res.json(shapes.userProfile(param(req, 'login')));
  });

  app.get('/orgs/:org', (req, res) => {
    res.json(shapes.org(state.org(param(req, 'org'))));
  });

  app.get('/orgs/:org/members', (req, res) => {
    const org = state.org(param(req, 'org'));
    const role = queryString(req, 'role') ?? 'all';
    const logins = [...org.members.entries()].filter(([, r]) => role === 'all' || r === role).map(([l]) => state.user(l).login);
    sendPage(req, res, urls.api, logins.map((l) => shapes.user(l)));
  });

  const isMember = (req: express.Request, res: express.Response): void => {
    const org = state.org(param(req, 'org'));
    if (org.members.has(param(req, 'login').toLowerCase())) res.status(204).end();
    else res.status(404).json(new GitHubError(404, 'User does not exist or is not a member of the organization').body());
  };
  app.get('/orgs/:org/members/:login', isMember);
  app.get('/orgs/:org/public_members/:login', isMember);

  app.get('/orgs/:org/memberships/:login', (req, res) => {
    const org = state.org(param(req, 'org'));
    const role = org.members.get(param(req, 'login').toLowerCase());
    if (!role) throw notFound();
    res.json({ url: `${urls.api}/orgs/${org.login}/memberships/${param(req, 'login')}`, state: 'active', role, organization: shapes.org(org), user: shapes.user(param(req, 'login')) });
  });

  app.get('/orgs/:org/teams', (req, res) => {
    const org = state.org(param(req, 'org'));
    sendPage(req, res, urls.api, org.teams.map((t) => shapes.team(org, t)));
  });

  app.get('/orgs/:org/teams/:slug', (req, res) => {
    const org = state.org(param(req, 'org'));
    res.json(shapes.team(org, state.team(org.login, param(req, 'slug'))));
  });

  app.get('/orgs/:org/teams/:slug/members', (req, res) => {
    const team = state.team(param(req, 'org'), param(req, 'slug'));
    const role = queryString(req, 'role') ?? 'all';
    const logins = [...team.members.entries()].filter(([, r]) => role === 'all' || r === role).map(([l]) => state.user(l).login);
    sendPage(req, res, urls.api, logins.map((l) => shapes.user(l)));
  });

  // The legacy endpoint by team ID (upstream's ListTeamMembers, used for repo_milestone.maintainers_id).
  app.get('/teams/:id/members', (req, res) => {
    const id = Number(param(req, 'id'));
    const team = [...state.orgs.values()].flatMap((o) => o.teams).find((t) => t.id === id);
    if (!team) throw notFound();
    const role = queryString(req, 'role') ?? 'all';
    const logins = [...team.members.entries()].filter(([, r]) => role === 'all' || r === role).map(([l]) => state.user(l).login);
    sendPage(req, res, urls.api, logins.map((l) => shapes.user(l)));
  });

  app.get('/orgs/:org/teams/:slug/memberships/:login', (req, res) => {
    const team = state.team(param(req, 'org'), param(req, 'slug'));
    const role = team.members.get(param(req, 'login').toLowerCase());
    if (!role) throw notFound();
    res.json({ url: `${urls.api}/orgs/${param(req, 'org')}/teams/${team.slug}/memberships/${param(req, 'login')}`, role, state: 'active' });
  });

  app.get('/orgs/:org/teams/:slug/repos', (req, res) => {
    const team = state.team(param(req, 'org'), param(req, 'slug'));
    const repos = [...team.repos.keys()].map((full) => {
      const [o, r] = full.split('/');
      return state.repo(o, r);
    });
    sendPage(req, res, urls.api, repos.map((r) => {
      const role = team.repos.get(`${r.owner}/${r.name}`.toLowerCase())!;
      const rank = PERMISSION_RANK[role];
      return { ...shapes.repo(r), role_name: role, permissions: { admin: rank >= 5, maintain: rank >= 4, push: rank >= 3, triage: rank >= 2, pull: rank >= 1 } };
    }));
  });

  app.get('/orgs/:org/repos', (req, res) => {
    const org = state.org(param(req, 'org'));
    const repos = [...state.repos.values()].filter((r) => r.owner.toLowerCase() === org.login.toLowerCase());
    sendPage(req, res, urls.api, repos.map((r) => shapes.repo(r)));
  });

  app.get('/users/:login/repos', (req, res) => {
    const login = state.user(param(req, 'login')).login;
    const repos = [...state.repos.values()].filter((r) => r.owner.toLowerCase() === login.toLowerCase() && !r.private);
    sendPage(req, res, urls.api, repos.map((r) => shapes.repo(r)));
  });

  app.get('/user/repos', (req, res) => {
    const viewer = requireViewer(res);
    const repos = [...state.repos.values()].filter((r) => state.permissionOf(r, viewer) !== 'none');
    sendPage(req, res, urls.api, repos.map((r) => shapes.repoFor(r, viewer)));
  });

  app.get('/repos/:owner/:repo/collaborators', (req, res) => {
    const repo = repoOf(ctx, req);
    const logins = new Set<string>([...repo.collaborators.keys()]);
    const org = state.orgs.get(repo.owner.toLowerCase());
    for (const [l, role] of org?.members ?? []) if (role === 'admin') logins.add(l);
    for (const t of org?.teams ?? []) if (t.repos.has(`${repo.owner}/${repo.name}`.toLowerCase())) for (const m of t.members.keys()) logins.add(m);
    const out = [...logins].map((l) => {
      const p = state.permissionOf(repo, l);
      const rank = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 }[p];
      return { ...shapes.user(state.user(l).login), permissions: { admin: rank >= 5, maintain: rank >= 4, push: rank >= 3, triage: rank >= 2, pull: rank >= 1 }, role_name: p };
    });
    sendPage(req, res, urls.api, out);
  });

  app.get('/repos/:owner/:repo/collaborators/:login', (req, res) => {
    const repo = repoOf(ctx, req);
    if (state.permissionOf(repo, param(req, 'login')) !== 'none') res.status(204).end();
    else throw notFound();
  });

  app.put('/repos/:owner/:repo/collaborators/:login', (req, res) => {
    const repo = repoOf(ctx, req);
    state.user(param(req, 'login'));
    const permission = (str(body(req), 'permission', 'Collaborator') ?? 'push').replace('push', 'write').replace('pull', 'read') as Permission;
    state.addCollaborator(repo.owner, repo.name, param(req, 'login'), permission);
    res.status(204).end();
  });

  app.get('/repos/:owner/:repo/collaborators/:login/permission', (req, res) => {
    const repo = repoOf(ctx, req);
    const user = state.user(param(req, 'login'));
    const p = state.permissionOf(repo, user.login);
    res.json({ permission: LEGACY_PERMISSION[p], role_name: p, user: shapes.user(user.login) });
  });

  app.get('/repos/:owner/:repo/assignees', (req, res) => {
    const repo = repoOf(ctx, req);
    const logins = [...state.users.values()].filter((u) => u.type !== 'Organization' && state.assignable(repo, u.login)).map((u) => u.login);
    sendPage(req, res, urls.api, logins.map((l) => shapes.user(l)));
  });

  app.get('/repos/:owner/:repo/assignees/:login', (req, res) => {
    const repo = repoOf(ctx, req);
    if (state.users.has(param(req, 'login').toLowerCase()) && state.assignable(repo, param(req, 'login'))) res.status(204).end();
    else throw notFound();
  });
}
