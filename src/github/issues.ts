// Issues, their comments, assignees and reactions.
import type { components } from '@octokit/openapi-types';
import { PER_PAGE, type RestContext } from './rest.js';
import type { Issue, IssueComment } from './types.js';

export type Reaction = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes';

export interface IssuesAPI {
  getIssue(org: string, repo: string, number: number): Promise<Issue>;
  createIssue(org: string, repo: string, issue: { title: string; body?: string; labels?: string[]; assignees?: string[] }): Promise<Issue>;
  /** Opens or closes an issue or PR. */
  /** `stateReason` (issues only): why it was closed, e.g. 'not_planned'. */
  setIssueState(org: string, repo: string, number: number, state: 'open' | 'closed', stateReason?: 'completed' | 'not_planned' | 'reopened'): Promise<void>;
  editIssue(org: string, repo: string, number: number, patch: { title?: string; body?: string }): Promise<void>;
  createComment(org: string, repo: string, number: number, body: string): Promise<IssueComment>;
  listIssueComments(org: string, repo: string, number: number): Promise<IssueComment[]>;
  editComment(org: string, repo: string, commentId: number, body: string): Promise<void>;
  deleteComment(org: string, repo: string, commentId: number): Promise<void>;
  assignIssue(org: string, repo: string, number: number, logins: string[]): Promise<void>;
  /**
   * Assigns `logins` and returns those that are not assigned afterwards (upstream's MissingUsers): GitHub drops
   * users it cannot assign (not collaborators, not org members, over 10 assignees) without an error.
   */
  assignIssueChecked(org: string, repo: string, number: number, logins: string[]): Promise<string[]>;
  unassignIssue(org: string, repo: string, number: number, logins: string[]): Promise<void>;
  createCommentReaction(org: string, repo: string, commentId: number, reaction: Reaction): Promise<void>;
  createIssueReaction(org: string, repo: string, number: number, reaction: Reaction): Promise<void>;
  listCommentReactions(org: string, repo: string, commentId: number): Promise<components['schemas']['reaction'][]>;
  /** The issue's timeline of events (labeled, assigned, …), oldest first. */
  listIssueEvents(org: string, repo: string, number: number): Promise<IssueTimelineEvent[]>;
  /** Issues and PRs matching a search query (`is:pr repo:o/r author:u`), up to GitHub's 1000 results. */
  searchIssues(query: string): Promise<Issue[]>;
}

/** One issue event, as far as plugins read it. */
export interface IssueTimelineEvent {
  event: string;
  actor: { login: string } | null;
  label?: { name: string };
  created_at: string;
}

export function issuesApi({ octokit }: RestContext): IssuesAPI {
  return {
    async searchIssues(query) {
      // Paged by hand: octokit's paginate misreads search answers that lack a response URL.
      const out: Issue[] = [];
      for (let page = 1; out.length < 1000; page++) {
        const r = await octokit.request('GET /search/issues', { q: query, per_page: PER_PAGE, page });
        out.push(...(r.data.items as Issue[]));
        if (r.data.items.length < PER_PAGE) break;
      }
      return out;
    },
    async getIssue(org, repo, number) {
      const r = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner: org, repo, issue_number: number });
      return r.data as Issue;
    },
    async createIssue(org, repo, issue) {
      const r = await octokit.request('POST /repos/{owner}/{repo}/issues', { owner: org, repo, ...issue });
      return r.data as Issue;
    },
    async setIssueState(org, repo, number, state, stateReason) {
      await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner: org, repo, issue_number: number, state, ...(stateReason ? { state_reason: stateReason } : {}) });
    },
    async editIssue(org, repo, number, patch) {
      await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner: org, repo, issue_number: number, ...patch });
    },
    async createComment(org, repo, number, body) {
      const r = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: org, repo, issue_number: number, body });
      return r.data as IssueComment;
    },
    async listIssueComments(org, repo, number) {
      return (await octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: org, repo, issue_number: number, per_page: PER_PAGE })) as IssueComment[];
    },
    async editComment(org, repo, commentId, body) {
      await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { owner: org, repo, comment_id: commentId, body });
    },
    async deleteComment(org, repo, commentId) {
      await octokit.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', { owner: org, repo, comment_id: commentId });
    },
    async assignIssue(org, repo, number, logins) {
      await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/assignees', { owner: org, repo, issue_number: number, assignees: logins });
    },
    async assignIssueChecked(org, repo, number, logins) {
      const r = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/assignees', { owner: org, repo, issue_number: number, assignees: logins });
      const assigned = new Set((r.data.assignees ?? []).map((u) => u.login.toLowerCase()));
      return logins.filter((l) => !assigned.has(l.toLowerCase()));
    },
    async unassignIssue(org, repo, number, logins) {
      await octokit.request('DELETE /repos/{owner}/{repo}/issues/{issue_number}/assignees', { owner: org, repo, issue_number: number, assignees: logins });
    },
    async createCommentReaction(org, repo, commentId, reaction) {
      await octokit.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', { owner: org, repo, comment_id: commentId, content: reaction });
    },
    async createIssueReaction(org, repo, number, reaction) {
      await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/reactions', { owner: org, repo, issue_number: number, content: reaction });
    },
    async listCommentReactions(org, repo, commentId) {
      return octokit.paginate('GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', { owner: org, repo, comment_id: commentId, per_page: PER_PAGE });
    },
    async listIssueEvents(org, repo, number) {
      return (await octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/events', { owner: org, repo, issue_number: number, per_page: PER_PAGE })) as IssueTimelineEvent[];
    },
  };
}
