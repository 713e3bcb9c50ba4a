// Pull requests: the PR itself, its files, commits, reviews, review comments and requested reviewers; merging,
// updating the branch and opening PRs.
import type { components } from '@octokit/openapi-types';
import { asHttpError } from './request-error.js';
import { PER_PAGE, type RestContext } from './rest.js';
import type { MergeDetails, PullRequest, PullRequestFile } from './types.js';

export type PullRequestReview = components['schemas']['pull-request-review'];
export type PullRequestReviewComment = components['schemas']['pull-request-review-comment'];
export type PullRequestCommit = components['schemas']['commit'];
export type ReviewEventKind = 'APPROVE' | 'REQUEST_CHANGES' | 'COMMENT';

export interface PullsAPI {
  getPullRequest(org: string, repo: string, number: number): Promise<PullRequest>;
  getPullRequests(org: string, repo: string, state?: 'open' | 'closed' | 'all'): Promise<PullRequest[]>;
  /** The files a pull request changes (upstream's GetPullRequestChanges). */
  getPullRequestChanges(org: string, repo: string, number: number): Promise<PullRequestFile[]>;
  listPullRequestCommits(org: string, repo: string, number: number): Promise<PullRequestCommit[]>;
  listReviews(org: string, repo: string, number: number): Promise<PullRequestReview[]>;
  createReview(
    org: string, repo: string, number: number,
    review: { event: ReviewEventKind; body?: string; commit_id?: string; comments?: { path: string; body: string; position?: number }[] },
  ): Promise<void>;
  listReviewComments(org: string, repo: string, number: number): Promise<PullRequestReviewComment[]>;
  /** Logins whose review is requested now. */
  listRequestedReviewers(org: string, repo: string, number: number): Promise<{ users: string[]; teams: string[] }>;
  requestReview(org: string, repo: string, number: number, logins: string[]): Promise<void>;
  /**
   * Requests reviews and returns the logins GitHub refused (upstream's MissingUsers). GitHub refuses the whole request
   * (422) when any login cannot review (not a collaborator, the PR's author) without saying which, so after a 422
   * each login is requested on its own, as upstream does.
   */
  requestReviewChecked(org: string, repo: string, number: number, logins: string[]): Promise<string[]>;
  unrequestReview(org: string, repo: string, number: number, logins: string[]): Promise<void>;
  merge(org: string, repo: string, number: number, details?: MergeDetails): Promise<void>;
  /** Merges the base branch into the PR's head (GitHub's "Update branch"); `expectedHeadSha` guards against races. */
  updateBranch(org: string, repo: string, number: number, expectedHeadSha?: string): Promise<void>;
  /** The PR's commits as `git format-patch` output (the `application/vnd.github.v3.patch` media type; upstream's GetPullRequestPatch). */
  getPullRequestPatch(org: string, repo: string, number: number): Promise<string>;
  createPullRequest(org: string, repo: string, pr: { title: string; head: string; base: string; body?: string; draft?: boolean; maintainer_can_modify?: boolean }): Promise<PullRequest>;
}

export function pullsApi({ octokit }: RestContext): PullsAPI {
  const request = (org: string, repo: string, number: number, logins: string[]): Promise<unknown> =>
    octokit.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', { owner: org, repo, pull_number: number, reviewers: logins });
  const refused = (e: unknown): boolean => asHttpError(e)?.status === 422;
  return {
    async getPullRequest(org, repo, number) {
      const r = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: org, repo, pull_number: number });
      return r.data as PullRequest;
    },
    async getPullRequests(org, repo, state = 'open') {
      return (await octokit.paginate('GET /repos/{owner}/{repo}/pulls', { owner: org, repo, state, per_page: PER_PAGE })) as PullRequest[];
    },
    async getPullRequestChanges(org, repo, number) {
      return (await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { owner: org, repo, pull_number: number, per_page: PER_PAGE })) as PullRequestFile[];
    },
    async listPullRequestCommits(org, repo, number) {
      return octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/commits', { owner: org, repo, pull_number: number, per_page: PER_PAGE });
    },
    async listReviews(org, repo, number) {
      return octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { owner: org, repo, pull_number: number, per_page: PER_PAGE });
    },
    async createReview(org, repo, number, review) {
      await octokit.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { owner: org, repo, pull_number: number, ...review });
    },
    async listReviewComments(org, repo, number) {
      return octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/comments', { owner: org, repo, pull_number: number, per_page: PER_PAGE });
    },
    async listRequestedReviewers(org, repo, number) {
      const r = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', { owner: org, repo, pull_number: number });
      return { users: r.data.users.map((u) => u.login), teams: r.data.teams.map((t) => t.slug) };
    },
    async requestReview(org, repo, number, logins) {
      await request(org, repo, number, logins);
    },
    async requestReviewChecked(org, repo, number, logins) {
      try {
        await request(org, repo, number, logins);
        return [];
      } catch (e) {
        if (!refused(e)) throw e;
      }
      if (logins.length === 1) return [...logins];
      const missing: string[] = [];
      for (const login of logins) {
        try {
          await request(org, repo, number, [login]);
        } catch (e) {
          if (!refused(e)) throw e;
          missing.push(login);
        }
      }
      return missing;
    },
    async unrequestReview(org, repo, number, logins) {
      await octokit.request('DELETE /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', { owner: org, repo, pull_number: number, reviewers: logins });
    },
    async merge(org, repo, number, details = {}) {
      await octokit.request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', { owner: org, repo, pull_number: number, ...details });
    },
    async updateBranch(org, repo, number, expectedHeadSha) {
      await octokit.request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/update-branch', {
        owner: org, repo, pull_number: number, ...(expectedHeadSha ? { expected_head_sha: expectedHeadSha } : {}),
      });
    },
    async getPullRequestPatch(org, repo, number) {
      const r = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: org, repo, pull_number: number, mediaType: { format: 'patch' } });
      return String(r.data as unknown);
    },
    async createPullRequest(org, repo, pr) {
      const r = await octokit.request('POST /repos/{owner}/{repo}/pulls', { owner: org, repo, ...pr });
      return r.data as PullRequest;
    },
  };
}
