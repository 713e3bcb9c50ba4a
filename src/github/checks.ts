// Commit statuses (what Prow reports), check runs and check suites (what GitHub Actions and apps report).
import type { components } from '@octokit/openapi-types';
import { PER_PAGE, type RestContext } from './rest.js';
import type { CombinedStatus, Status } from './types.js';

export type CheckRun = components['schemas']['check-run'];
export type CheckSuite = components['schemas']['check-suite'];

export interface ChecksAPI {
  createStatus(org: string, repo: string, sha: string, status: Status): Promise<void>;
  /** The combined status of a ref, every page of statuses merged. */
  getCombinedStatus(org: string, repo: string, ref: string): Promise<CombinedStatus>;
  listCheckRuns(org: string, repo: string, ref: string): Promise<CheckRun[]>;
  listCheckSuites(org: string, repo: string, ref: string): Promise<CheckSuite[]>;
  /** Creates a check run (GitHub allows this to GitHub Apps only; a token gets 403). */
  createCheckRun(org: string, repo: string, run: NewCheckRun): Promise<void>;
  /** Updates a check run (GitHub allows this to the GitHub App that created it only). */
  updateCheckRun(org: string, repo: string, id: number, run: Partial<Omit<NewCheckRun, 'head_sha'>>): Promise<void>;
}

export interface NewCheckRun {
  name: string;
  head_sha: string;
  status?: 'queued' | 'in_progress' | 'completed';
  conclusion?: 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';
  details_url?: string;
  output?: { title: string; summary: string; text?: string };
}

export function checksApi({ octokit }: RestContext): ChecksAPI {
  return {
    async createStatus(org, repo, sha, status) {
      await octokit.request('POST /repos/{owner}/{repo}/statuses/{sha}', {
        owner: org, repo, sha, state: status.state, context: status.context,
        ...(status.description ? { description: status.description } : {}),
        ...(status.target_url ? { target_url: status.target_url } : {}),
      });
    },
    async getCombinedStatus(org, repo, ref) {
      let page = 1;
      let combined: CombinedStatus | undefined;
      for (;;) {
        const r = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/status', { owner: org, repo, ref, per_page: PER_PAGE, page });
        const data = r.data as unknown as CombinedStatus & { total_count?: number };
        if (!combined) combined = { sha: data.sha, state: data.state, statuses: [...data.statuses] };
        else combined.statuses.push(...data.statuses);
        if (data.statuses.length < PER_PAGE || (data.total_count !== undefined && combined.statuses.length >= data.total_count)) return combined;
        page++;
      }
    },
    async listCheckRuns(org, repo, ref) {
      return octokit.paginate('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { owner: org, repo, ref, per_page: PER_PAGE });
    },
    async createCheckRun(org, repo, run) {
      await octokit.request('POST /repos/{owner}/{repo}/check-runs', { owner: org, repo, ...run });
    },
    async updateCheckRun(org, repo, id, run) {
      await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { owner: org, repo, check_run_id: id, ...run });
    },
    async listCheckSuites(org, repo, ref) {
      return octokit.paginate('GET /repos/{owner}/{repo}/commits/{ref}/check-suites', { owner: org, repo, ref, per_page: PER_PAGE });
    },
  };
}
