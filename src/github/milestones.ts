// Milestones of a repository and the milestone of an issue or PR.
import type { components } from '@octokit/openapi-types';
import { PER_PAGE, type RestContext } from './rest.js';

export type Milestone = components['schemas']['milestone'];

export interface MilestonesAPI {
  listMilestones(org: string, repo: string, state?: 'open' | 'closed' | 'all'): Promise<Milestone[]>;
  /** Sets the issue's milestone by number; null clears it. */
  setMilestone(org: string, repo: string, number: number, milestone: number | null): Promise<void>;
}

export function milestonesApi({ octokit }: RestContext): MilestonesAPI {
  return {
    async listMilestones(org, repo, state = 'open') {
      return octokit.paginate('GET /repos/{owner}/{repo}/milestones', { owner: org, repo, state, per_page: PER_PAGE });
    },
    async setMilestone(org, repo, number, milestone) {
      await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner: org, repo, issue_number: number, milestone });
    },
  };
}
