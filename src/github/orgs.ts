// Organizations and teams: members, teams and their members by slug, membership, invitations, and users.
import type { components } from '@octokit/openapi-types';
import { exists, isNotFound, orUndefined, PER_PAGE, type RestContext } from './rest.js';
import type { Repo, Team, User } from './types.js';

export type OrgInvitation = components['schemas']['organization-invitation'];
export type TeamMembership = components['schemas']['team-membership'];

export interface OrgsAPI {
  isMember(org: string, user: string): Promise<boolean>;
  listOrgMembers(org: string, role?: 'all' | 'admin' | 'member'): Promise<User[]>;
  listOrgInvitations(org: string): Promise<OrgInvitation[]>;
  listTeams(org: string): Promise<Team[]>;
  listTeamMembersBySlug(org: string, teamSlug: string, role?: 'all' | 'member' | 'maintainer'): Promise<User[]>;
  /** Members of a team by its numeric ID (GitHub's legacy `GET /teams/{id}/members`). */
  listTeamMembersById(teamId: number, role?: 'all' | 'member' | 'maintainer'): Promise<User[]>;
  /** undefined when the user is not in the team. */
  getTeamMembershipBySlug(org: string, teamSlug: string, user: string): Promise<TeamMembership | undefined>;
  /** Every repository of an org (or, when `org` is a user, of that user). */
  listOrgRepos(org: string): Promise<Repo[]>;
  /** The authenticated user (the bot). */
  getUser(): Promise<User>;
  /** A user's public profile (its `name` is what webhooks leave out). */
  getUserByLogin(login: string): Promise<User & { name?: string | null }>;
}

export function orgsApi({ octokit }: RestContext): OrgsAPI {
  return {
    async getUserByLogin(login) {
      return (await octokit.request('GET /users/{username}', { username: login })).data as User & { name?: string | null };
    },
    isMember: (org, user) => exists(() => octokit.request('GET /orgs/{org}/members/{username}', { org, username: user })),
    async listOrgMembers(org, role = 'all') {
      return (await octokit.paginate('GET /orgs/{org}/members', { org, role, per_page: PER_PAGE })) as User[];
    },
    async listOrgInvitations(org) {
      return octokit.paginate('GET /orgs/{org}/invitations', { org, per_page: PER_PAGE });
    },
    async listTeams(org) {
      return (await octokit.paginate('GET /orgs/{org}/teams', { org, per_page: PER_PAGE })) as Team[];
    },
    async listTeamMembersBySlug(org, teamSlug, role = 'all') {
      return (await octokit.paginate('GET /orgs/{org}/teams/{team_slug}/members', { org, team_slug: teamSlug, role, per_page: PER_PAGE })) as User[];
    },
    async listTeamMembersById(teamId, role = 'all') {
      return (await octokit.paginate('GET /teams/{team_id}/members', { team_id: teamId, role, per_page: PER_PAGE })) as User[];
    },
    async getTeamMembershipBySlug(org, teamSlug, user) {
      const r = await orUndefined(() => octokit.request('GET /orgs/{org}/teams/{team_slug}/memberships/{username}', { org, team_slug: teamSlug, username: user }));
      return r?.data;
    },
    async listOrgRepos(org) {
      try {
        return (await octokit.paginate('GET /orgs/{org}/repos', { org, per_page: PER_PAGE })) as unknown as Repo[];
      } catch (e) {
        if (!isNotFound(e)) throw e;
        return (await octokit.paginate('GET /users/{username}/repos', { username: org, per_page: PER_PAGE })) as unknown as Repo[];
      }
    },
    async getUser() {
      const r = await octokit.request('GET /user');
      return r.data as User;
    },
  };
}
