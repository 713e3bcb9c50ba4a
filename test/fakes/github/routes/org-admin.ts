// Organization administration as peribolos uses it: org settings, memberships (a user who is not yet a member is
// invited, as GitHub does), teams (create, edit with nesting and privacy, delete), team memberships and team
// permissions on repositories.
import type express from 'express';
import { GitHubError, notFound, validationFailed, type OrgRec, type Permission, type TeamRec } from '../model.js';
import { body, param, requireViewer, sendPage, str } from '../http-helpers.js';
import { inviteToOrg, orgInvitationsOf } from './hooks-invitations.js';
import type { RouteContext } from './context.js';

const ORG_SETTINGS = [
  'billing_email', 'company', 'email', 'name', 'description', 'location', 'has_organization_projects', 'has_repository_projects',
  'default_repository_permission', 'members_can_create_repositories',
];
const TEAM_PERMISSION: Record<string, Permission> = { pull: 'read', triage: 'triage', push: 'write', maintain: 'maintain', admin: 'admin' };

/** Team invitations (a user invited to a team who is not yet an org member), per team id. */
const teamInvitations = new WeakMap<TeamRec, string[]>();

export function orgAdminRoutes(app: express.Express, ctx: RouteContext): void {
  const { state, shapes, urls } = ctx;

  const requireOrgAdmin = (res: express.Response, org: OrgRec): void => {
    const viewer = requireViewer(res).toLowerCase();
    if (org.members.get(viewer) !== 'admin') throw new GitHubError(403, 'You must be an admin to do that.');
  };

  const setParent = (org: OrgRec, team: TeamRec, parent: unknown): void => {
    if (parent === null) {
      delete team.parentId;
      return;
    }
    if (parent === undefined) return;
    const p = org.teams.find((t) => t.id === parent);
    if (!p || p === team) throw validationFailed('Team', 'parent_team_id', 'invalid');
    if (team.privacy === 'secret') throw new GitHubError(422, 'A team with a parent must be closed (visible).');
    team.parentId = p.id;
  };

  app.patch('/orgs/:org', (req, res) => {
    const org = state.org(param(req, 'org'));
    requireOrgAdmin(res, org);
    const b = body(req);
    org.settings = { ...org.settings };
    for (const k of ORG_SETTINGS) if (b[k] !== undefined) org.settings[k] = b[k];
    res.json(shapes.org(org));
  });

  app.get('/orgs/:org/invitations', (req, res) => {
    const org = state.org(param(req, 'org'));
    requireOrgAdmin(res, org);
    sendPage(req, res, urls.api, orgInvitationsOf(state, org.login).map((i, n) => ({ id: n + 1, login: state.user(i.invitee).login, role: i.role === 'admin' ? 'admin' : 'direct_member' })));
  });

  app.put('/orgs/:org/memberships/:login', (req, res) => {
    const org = state.org(param(req, 'org'));
    requireOrgAdmin(res, org);
    const user = state.user(param(req, 'login'));
    const role = str(body(req), 'role', 'Membership') === 'admin' ? 'admin' : 'member';
    const login = user.login.toLowerCase();
    if (org.members.has(login)) {
      org.members.set(login, role);
      res.json({ state: 'active', role, organization: shapes.org(org), user: shapes.user(user.login) });
      return;
    }
    const pending = orgInvitationsOf(state, org.login).find((i) => i.invitee === login);
    if (pending) pending.role = role;
    else inviteToOrg(state, org.login, login, role);
    res.json({ state: 'pending', role, organization: shapes.org(org), user: shapes.user(user.login) });
  });

  app.delete('/orgs/:org/memberships/:login', (req, res) => {
    const org = state.org(param(req, 'org'));
    requireOrgAdmin(res, org);
    const login = param(req, 'login').toLowerCase();
    if (!org.members.delete(login)) throw notFound();
    for (const t of org.teams) t.members.delete(login);
    res.status(204).end();
  });

  app.post('/orgs/:org/teams', (req, res) => {
    const org = state.org(param(req, 'org'));
    requireOrgAdmin(res, org);
    const b = body(req);
    const name = str(b, 'name', 'Team', true) ?? '';
    if (org.teams.some((t) => t.name.toLowerCase() === name.toLowerCase())) throw validationFailed('Team', 'name', 'already_exists');
    const team = state.addTeam(org.login, name, { description: str(b, 'description', 'Team') ?? '' });
    // GitHub: a new top-level team is secret unless told otherwise; a nested one is closed.
    team.privacy = (str(b, 'privacy', 'Team') as TeamRec['privacy'] | undefined) ?? (b.parent_team_id ? 'closed' : 'secret');
    setParent(org, team, b.parent_team_id ?? undefined);
    res.status(201).json(shapes.team(org, team));
  });

  app.patch('/orgs/:org/teams/:slug', (req, res) => {
    const org = state.org(param(req, 'org'));
    requireOrgAdmin(res, org);
    const team = state.team(org.login, param(req, 'slug'));
    const b = body(req);
    const name = str(b, 'name', 'Team');
    if (name !== undefined) team.name = name;
    const description = str(b, 'description', 'Team');
    if (description !== undefined) team.description = description;
    const privacy = str(b, 'privacy', 'Team');
    if (privacy === 'closed' || privacy === 'secret') team.privacy = privacy;
    else if (privacy !== undefined) throw validationFailed('Team', 'privacy', 'invalid');
    setParent(org, team, b.parent_team_id);
    res.json(shapes.team(org, team));
  });

  app.delete('/orgs/:org/teams/:slug', (req, res) => {
    const org = state.org(param(req, 'org'));
    requireOrgAdmin(res, org);
    const team = state.team(org.login, param(req, 'slug'));
    // As GitHub: deleting a team deletes its child teams too.
    const doomed = new Set<number>([team.id]);
    for (let grew = true; grew;) {
      grew = false;
      for (const t of org.teams) if (t.parentId !== undefined && doomed.has(t.parentId) && !doomed.has(t.id)) { doomed.add(t.id); grew = true; }
    }
    org.teams = org.teams.filter((t) => !doomed.has(t.id));
    res.status(204).end();
  });

  app.put('/orgs/:org/teams/:slug/memberships/:login', (req, res) => {
    const org = state.org(param(req, 'org'));
    requireOrgAdmin(res, org);
    const team = state.team(org.login, param(req, 'slug'));
    const user = state.user(param(req, 'login'));
    const login = user.login.toLowerCase();
    const role = str(body(req), 'role', 'Membership') === 'maintainer' ? 'maintainer' : 'member';
    if (!org.members.has(login)) {
      const list = teamInvitations.get(team) ?? [];
      if (!list.includes(login)) list.push(login);
      teamInvitations.set(team, list);
      res.json({ url: `${urls.api}/orgs/${org.login}/teams/${team.slug}/memberships/${user.login}`, role, state: 'pending' });
      return;
    }
    team.members.set(login, role);
    res.json({ url: `${urls.api}/orgs/${org.login}/teams/${team.slug}/memberships/${user.login}`, role, state: 'active' });
  });

  app.delete('/orgs/:org/teams/:slug/memberships/:login', (req, res) => {
    const org = state.org(param(req, 'org'));
    requireOrgAdmin(res, org);
    const team = state.team(org.login, param(req, 'slug'));
    if (!team.members.delete(param(req, 'login').toLowerCase())) throw notFound();
    res.status(204).end();
  });

  app.get('/orgs/:org/teams/:slug/invitations', (req, res) => {
    const org = state.org(param(req, 'org'));
    requireOrgAdmin(res, org);
    const team = state.team(org.login, param(req, 'slug'));
    sendPage(req, res, urls.api, (teamInvitations.get(team) ?? []).map((l, n) => ({ id: n + 1, login: state.user(l).login, role: 'direct_member' })));
  });

  app.put('/orgs/:org/teams/:slug/repos/:owner/:repo', (req, res) => {
    const org = state.org(param(req, 'org'));
    requireOrgAdmin(res, org);
    const team = state.team(org.login, param(req, 'slug'));
    const repo = state.repo(param(req, 'owner'), param(req, 'repo'));
    const permission = TEAM_PERMISSION[str(body(req), 'permission', 'Team') ?? 'push'];
    if (!permission) throw validationFailed('Team', 'permission', 'invalid');
    team.repos.set(`${repo.owner}/${repo.name}`.toLowerCase(), permission);
    res.status(204).end();
  });

  app.delete('/orgs/:org/teams/:slug/repos/:owner/:repo', (req, res) => {
    const org = state.org(param(req, 'org'));
    requireOrgAdmin(res, org);
    const team = state.team(org.login, param(req, 'slug'));
    if (!team.repos.delete(`${param(req, 'owner')}/${param(req, 'repo')}`.toLowerCase())) throw notFound();
    res.status(204).end();
  });
}
