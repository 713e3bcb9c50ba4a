// The bot's own pending invitations to repositories and orgs (invitations-accepter).
import { PER_PAGE, type RestContext } from './rest.js';
import type { RepoInvitation } from './types.js';

export interface InvitationsAPI {
  listRepoInvitations(): Promise<RepoInvitation[]>;
  acceptRepoInvitation(id: number): Promise<void>;
  /** Orgs the bot has a pending membership (invitation) in, with the role offered. */
  listPendingOrgInvitations(): Promise<{ org: string; role: string }[]>;
  acceptOrgInvitation(org: string): Promise<void>;
}

export function invitationsApi({ octokit }: RestContext): InvitationsAPI {
  return {
    async listRepoInvitations() {
      return (await octokit.paginate('GET /user/repository_invitations', { per_page: PER_PAGE })) as unknown as RepoInvitation[];
    },
    async acceptRepoInvitation(id) {
      await octokit.request('PATCH /user/repository_invitations/{invitation_id}', { invitation_id: id });
    },
    async listPendingOrgInvitations() {
      const data = await octokit.paginate('GET /user/memberships/orgs', { state: 'pending', per_page: PER_PAGE });
      return data.map((m) => ({ org: m.organization.login, role: m.role }));
    },
    async acceptOrgInvitation(org) {
      await octokit.request('PATCH /user/memberships/orgs/{org}', { org, state: 'active' });
    },
  };
}
