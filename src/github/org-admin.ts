// Organization administration (what peribolos changes): org settings, org memberships, teams and their members,
// team permissions on repositories, and creating or editing an org's repositories.
import type { components } from '@octokit/openapi-types';
import { PER_PAGE, type RestContext } from './rest.js';
import type { OrgInvitation } from './orgs.js';
import type { FullRepository } from './repos.js';

export type OrgFull = components['schemas']['organization-full'];
export type TeamFull = components['schemas']['team-full'];
export type TeamSimple = components['schemas']['team'];
export type OrgMembership = components['schemas']['org-membership'];
/** GitHub's repository permission names for a team grant. */
export type TeamRepoPermission = 'pull' | 'triage' | 'push' | 'maintain' | 'admin';
/** A repository as listed for a team: its permissions are the team's on it. */
export type TeamRepo = components['schemas']['team-repository'];

/** Org settings peribolos manages (PATCH /orgs/{org}). */
export interface OrgSettings {
  billing_email?: string;
  company?: string;
  email?: string;
  name?: string;
  description?: string;
  location?: string;
  has_organization_projects?: boolean;
  has_repository_projects?: boolean;
  default_repository_permission?: 'read' | 'write' | 'admin' | 'none';
  members_can_create_repositories?: boolean;
}

export interface TeamRequest {
  name: string;
  description?: string;
  privacy?: 'closed' | 'secret';
  /** null: no parent (a top-level team). */
  parent_team_id?: number | null;
}

/** Repository settings peribolos manages (POST /orgs/{org}/repos and PATCH /repos/{owner}/{repo}). */
export interface RepoSettings {
  name?: string;
  description?: string;
  homepage?: string;
  private?: boolean;
  has_issues?: boolean;
  has_projects?: boolean;
  has_wiki?: boolean;
  allow_squash_merge?: boolean;
  allow_merge_commit?: boolean;
  allow_rebase_merge?: boolean;
  squash_merge_commit_title?: 'PR_TITLE' | 'COMMIT_OR_PR_TITLE';
  squash_merge_commit_message?: 'PR_BODY' | 'COMMIT_MESSAGES' | 'BLANK';
  default_branch?: string;
  archived?: boolean;
  auto_init?: boolean;
  gitignore_template?: string;
  license_template?: string;
}

export interface OrgAdminAPI {
  getOrg(org: string): Promise<OrgFull>;
  editOrg(org: string, settings: OrgSettings): Promise<OrgFull>;
  /** Adds (or invites) a user, or changes their role. `state: pending` means an invitation was sent. */
  updateOrgMembership(org: string, user: string, role: 'admin' | 'member'): Promise<OrgMembership>;
  removeOrgMembership(org: string, user: string): Promise<void>;
  createTeam(org: string, team: TeamRequest): Promise<TeamFull>;
  editTeam(org: string, slug: string, team: Partial<TeamRequest>): Promise<TeamFull>;
  deleteTeam(org: string, slug: string): Promise<void>;
  /** Adds (or invites) a user to a team, or changes their team role. */
  updateTeamMembership(org: string, slug: string, user: string, role: 'member' | 'maintainer'): Promise<{ state: string; role: string }>;
  removeTeamMembership(org: string, slug: string, user: string): Promise<void>;
  listTeamInvitations(org: string, slug: string): Promise<OrgInvitation[]>;
  listTeamRepos(org: string, slug: string): Promise<TeamRepo[]>;
  setTeamRepoPermission(org: string, slug: string, repo: string, permission: TeamRepoPermission): Promise<void>;
  removeTeamRepo(org: string, slug: string, repo: string): Promise<void>;
  createOrgRepo(org: string, settings: RepoSettings & { name: string }): Promise<FullRepository>;
  updateRepo(org: string, repo: string, settings: RepoSettings): Promise<FullRepository>;
}

export function orgAdminApi({ octokit }: RestContext): OrgAdminAPI {
  return {
    async getOrg(org) {
      return (await octokit.request('GET /orgs/{org}', { org })).data;
    },
    async editOrg(org, settings) {
      return (await octokit.request('PATCH /orgs/{org}', { org, ...settings })).data;
    },
    async updateOrgMembership(org, user, role) {
      return (await octokit.request('PUT /orgs/{org}/memberships/{username}', { org, username: user, role })).data;
    },
    async removeOrgMembership(org, user) {
      await octokit.request('DELETE /orgs/{org}/memberships/{username}', { org, username: user });
    },
    async createTeam(org, team) {
      const { parent_team_id, ...rest } = team;
      return (await octokit.request('POST /orgs/{org}/teams', { org, ...rest, ...(parent_team_id ? { parent_team_id } : {}) })).data;
    },
    async editTeam(org, slug, team) {
      return (await octokit.request('PATCH /orgs/{org}/teams/{team_slug}', { org, team_slug: slug, ...team })).data;
    },
    async deleteTeam(org, slug) {
      await octokit.request('DELETE /orgs/{org}/teams/{team_slug}', { org, team_slug: slug });
    },
    async updateTeamMembership(org, slug, user, role) {
      const r = await octokit.request('PUT /orgs/{org}/teams/{team_slug}/memberships/{username}', { org, team_slug: slug, username: user, role });
      return { state: r.data.state, role: r.data.role };
    },
    async removeTeamMembership(org, slug, user) {
      await octokit.request('DELETE /orgs/{org}/teams/{team_slug}/memberships/{username}', { org, team_slug: slug, username: user });
    },
    async listTeamInvitations(org, slug) {
      return octokit.paginate('GET /orgs/{org}/teams/{team_slug}/invitations', { org, team_slug: slug, per_page: PER_PAGE });
    },
    async listTeamRepos(org, slug) {
      return (await octokit.paginate('GET /orgs/{org}/teams/{team_slug}/repos', { org, team_slug: slug, per_page: PER_PAGE })) as TeamRepo[];
    },
    async setTeamRepoPermission(org, slug, repo, permission) {
      await octokit.request('PUT /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}', { org, team_slug: slug, owner: org, repo, permission });
    },
    async removeTeamRepo(org, slug, repo) {
      await octokit.request('DELETE /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}', { org, team_slug: slug, owner: org, repo });
    },
    async createOrgRepo(org, settings) {
      return (await octokit.request('POST /orgs/{org}/repos', { org, ...settings })).data as FullRepository;
    },
    async updateRepo(org, repo, settings) {
      return (await octokit.request('PATCH /repos/{owner}/{repo}', { owner: org, repo, ...settings })).data as FullRepository;
    },
  };
}
