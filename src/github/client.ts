// The narrow, typed GitHub facade that plugins and roles use: each method is one thing Prow does on GitHub, named
// as upstream's client names it. Everything goes through octokit over GitHubTransport (auth, throttle, cache,
// retries).
import { Octokit, RequestError } from 'octokit';
import type {
  CombinedStatus,
  Issue,
  IssueComment,
  Label,
  MergeDetails,
  PullRequest,
  PullRequestFile,
  Hook,
  HookRequest,
  Repo,
  RepoInvitation,
  RepoPermission,
  Status,
  Team,
  User,
} from './types.js';

export class GitHubClientError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'GitHubClientError';
  }
}

export function isNotFound(e: unknown): boolean {
  return e instanceof RequestError && e.status === 404;
}

interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string }[];
}

export class GitHubClient {
  constructor(private readonly octokit: Octokit, private readonly graphqlEndpoint: string) {}

  // ---- issues and comments ----

  async getIssue(org: string, repo: string, number: number): Promise<Issue> {
    const r = await this.octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner: org, repo, issue_number: number });
    return r.data as unknown as Issue;
  }

  async createComment(org: string, repo: string, number: number, body: string): Promise<IssueComment> {
    const r = await this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: org, repo, issue_number: number, body });
    return r.data as unknown as IssueComment;
  }

  async listIssueComments(org: string, repo: string, number: number): Promise<IssueComment[]> {
    const data = await this.octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: org, repo, issue_number: number, per_page: 100 });
    return data as unknown as IssueComment[];
  }

  async editComment(org: string, repo: string, commentId: number, body: string): Promise<void> {
    await this.octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { owner: org, repo, comment_id: commentId, body });
  }

  async deleteComment(org: string, repo: string, commentId: number): Promise<void> {
    await this.octokit.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', { owner: org, repo, comment_id: commentId });
  }

  // ---- labels ----

  async getIssueLabels(org: string, repo: string, number: number): Promise<Label[]> {
    const data = await this.octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/labels', { owner: org, repo, issue_number: number, per_page: 100 });
    return data as unknown as Label[];
  }

  async getRepoLabels(org: string, repo: string): Promise<Label[]> {
    const data = await this.octokit.paginate('GET /repos/{owner}/{repo}/labels', { owner: org, repo, per_page: 100 });
    return data as unknown as Label[];
  }

  async addLabels(org: string, repo: string, number: number, labels: string[]): Promise<void> {
    await this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { owner: org, repo, issue_number: number, labels });
  }

  async addLabel(org: string, repo: string, number: number, label: string): Promise<void> {
    await this.addLabels(org, repo, number, [label]);
  }

  /** Removing a label the issue does not have is not an error (as upstream). */
  async removeLabel(org: string, repo: string, number: number, label: string): Promise<void> {
    try {
      await this.octokit.request('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', { owner: org, repo, issue_number: number, name: label });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  // ---- statuses ----

  async createStatus(org: string, repo: string, sha: string, status: Status): Promise<void> {
    await this.octokit.request('POST /repos/{owner}/{repo}/statuses/{sha}', {
      owner: org,
      repo,
      sha,
      state: status.state,
      context: status.context,
      ...(status.description ? { description: status.description } : {}),
      ...(status.target_url ? { target_url: status.target_url } : {}),
    });
  }

  /** The combined status of a ref, every page of statuses merged. */
  async getCombinedStatus(org: string, repo: string, ref: string): Promise<CombinedStatus> {
    let page = 1;
    let combined: CombinedStatus | undefined;
    for (;;) {
      const r = await this.octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/status', { owner: org, repo, ref, per_page: 100, page });
      const data = r.data as unknown as CombinedStatus & { total_count?: number };
      if (!combined) combined = { sha: data.sha, state: data.state, statuses: [...data.statuses] };
      else combined.statuses.push(...data.statuses);
      if (data.statuses.length < 100 || (data.total_count !== undefined && combined.statuses.length >= data.total_count)) return combined;
      page++;
    }
  }

  // ---- pull requests ----

  async getPullRequest(org: string, repo: string, number: number): Promise<PullRequest> {
    const r = await this.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: org, repo, pull_number: number });
    return r.data as unknown as PullRequest;
  }

  async getPullRequests(org: string, repo: string, state: 'open' | 'closed' | 'all' = 'open'): Promise<PullRequest[]> {
    const data = await this.octokit.paginate('GET /repos/{owner}/{repo}/pulls', { owner: org, repo, state, per_page: 100 });
    return data as unknown as PullRequest[];
  }

  /** The files a pull request changes (upstream's GetPullRequestChanges). */
  async getPullRequestChanges(org: string, repo: string, number: number): Promise<PullRequestFile[]> {
    const data = await this.octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { owner: org, repo, pull_number: number, per_page: 100 });
    return data as unknown as PullRequestFile[];
  }

  async merge(org: string, repo: string, number: number, details: MergeDetails = {}): Promise<void> {
    await this.octokit.request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', { owner: org, repo, pull_number: number, ...details });
  }

  async requestReview(org: string, repo: string, number: number, logins: string[]): Promise<void> {
    await this.octokit.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', { owner: org, repo, pull_number: number, reviewers: logins });
  }

  async unrequestReview(org: string, repo: string, number: number, logins: string[]): Promise<void> {
    await this.octokit.request('DELETE /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', { owner: org, repo, pull_number: number, reviewers: logins });
  }

  // ---- assignees ----

  async assignIssue(org: string, repo: string, number: number, logins: string[]): Promise<void> {
    await this.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/assignees', { owner: org, repo, issue_number: number, assignees: logins });
  }

  async unassignIssue(org: string, repo: string, number: number, logins: string[]): Promise<void> {
    await this.octokit.request('DELETE /repos/{owner}/{repo}/issues/{issue_number}/assignees', { owner: org, repo, issue_number: number, assignees: logins });
  }

  // ---- people ----

  async isMember(org: string, user: string): Promise<boolean> {
    return this.exists(() => this.octokit.request('GET /orgs/{org}/members/{username}', { org, username: user }));
  }

  async isCollaborator(org: string, repo: string, user: string): Promise<boolean> {
    return this.exists(() => this.octokit.request('GET /repos/{owner}/{repo}/collaborators/{username}', { owner: org, repo, username: user }));
  }

  async getUserPermission(org: string, repo: string, user: string): Promise<RepoPermission> {
    try {
      const r = await this.octokit.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', { owner: org, repo, username: user });
      return (r.data as { permission: RepoPermission }).permission;
    } catch (e) {
      if (isNotFound(e)) return 'none';
      throw e;
    }
  }

  async listCollaborators(org: string, repo: string): Promise<User[]> {
    const data = await this.octokit.paginate('GET /repos/{owner}/{repo}/collaborators', { owner: org, repo, per_page: 100 });
    return data as unknown as User[];
  }

  async listOrgMembers(org: string): Promise<User[]> {
    const data = await this.octokit.paginate('GET /orgs/{org}/members', { org, per_page: 100 });
    return data as unknown as User[];
  }

  async listTeams(org: string): Promise<Team[]> {
    const data = await this.octokit.paginate('GET /orgs/{org}/teams', { org, per_page: 100 });
    return data as unknown as Team[];
  }

  async listTeamMembersBySlug(org: string, teamSlug: string): Promise<User[]> {
    const data = await this.octokit.paginate('GET /orgs/{org}/teams/{team_slug}/members', { org, team_slug: teamSlug, per_page: 100 });
    return data as unknown as User[];
  }

  // ---- repositories and contents ----

  async getRepo(org: string, repo: string): Promise<Repo> {
    const r = await this.octokit.request('GET /repos/{owner}/{repo}', { owner: org, repo });
    return r.data as unknown as Repo;
  }

  /** The SHA a ref (`heads/main`, `tags/v1`) points at. */
  async getRef(org: string, repo: string, ref: string): Promise<string> {
    const r = await this.octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { owner: org, repo, ref });
    return (r.data as { object: { sha: string } }).object.sha;
  }

  /** A file's content at `ref` (default branch when omitted); undefined when the file does not exist. */
  async getFile(org: string, repo: string, filePath: string, ref?: string): Promise<Buffer | undefined> {
    try {
      const r = await this.octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { owner: org, repo, path: filePath, ...(ref ? { ref } : {}) });
      const data = r.data as { type?: string; content?: string; encoding?: string };
      if (data.type !== 'file' || data.content === undefined) throw new GitHubClientError(`${org}/${repo}/${filePath} is not a file`);
      return Buffer.from(data.content, (data.encoding ?? 'base64') as BufferEncoding);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  // ---- GraphQL ----

  async query<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const r = await this.octokit.request(`POST ${this.graphqlEndpoint}`, { query, variables });
    const body = r.data as GraphQLResponse<T>;
    if (body.errors && body.errors.length > 0) throw new GitHubClientError(`GraphQL: ${body.errors.map((e) => e.message).join('; ')}`);
    if (body.data === undefined) throw new GitHubClientError('GraphQL: response without data');
    return body.data;
  }

  // ---- branch protection, webhooks, invitations (branchprotector, hmac, invitations-accepter) ----

  /** Every repository of an org (or, when `org` is a user, of that user). */
  async listOrgRepos(org: string): Promise<Repo[]> {
    try {
      return (await this.octokit.paginate('GET /orgs/{org}/repos', { org, per_page: 100 })) as unknown as Repo[];
    } catch (e) {
      if (!isNotFound(e)) throw e;
      return (await this.octokit.paginate('GET /users/{username}/repos', { username: org, per_page: 100 })) as unknown as Repo[];
    }
  }

  async listBranches(org: string, repo: string): Promise<{ name: string; protected: boolean }[]> {
    const data = await this.octokit.paginate('GET /repos/{owner}/{repo}/branches', { owner: org, repo, per_page: 100 });
    return (data as { name: string; protected?: boolean }[]).map((b) => ({ name: b.name, protected: b.protected === true }));
  }

  /** GitHub's protection of a branch (its read shape), undefined when the branch is not protected. */
  async getBranchProtection(org: string, repo: string, branch: string): Promise<Record<string, unknown> | undefined> {
    try {
      const r = await this.octokit.request('GET /repos/{owner}/{repo}/branches/{branch}/protection', { owner: org, repo, branch });
      return r.data as unknown as Record<string, unknown>;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async updateBranchProtection(org: string, repo: string, branch: string, request: Record<string, unknown>): Promise<void> {
    await this.octokit.request('PUT /repos/{owner}/{repo}/branches/{branch}/protection', { owner: org, repo, branch, ...request } as never);
  }

  async removeBranchProtection(org: string, repo: string, branch: string): Promise<void> {
    await this.octokit.request('DELETE /repos/{owner}/{repo}/branches/{branch}/protection', { owner: org, repo, branch });
  }

  /** Webhooks of an org (`repo` undefined) or of a repository. */
  async listHooks(org: string, repo?: string): Promise<Hook[]> {
    const data = repo
      ? await this.octokit.paginate('GET /repos/{owner}/{repo}/hooks', { owner: org, repo, per_page: 100 })
      : await this.octokit.paginate('GET /orgs/{org}/hooks', { org, per_page: 100 });
    return data as unknown as Hook[];
  }

  async createHook(org: string, repo: string | undefined, hook: HookRequest): Promise<number> {
    const body = { name: 'web', active: hook.active ?? true, events: hook.events, config: hook.config };
    const r = repo
      ? await this.octokit.request('POST /repos/{owner}/{repo}/hooks', { owner: org, repo, ...body })
      : await this.octokit.request('POST /orgs/{org}/hooks', { org, ...body });
    return (r.data as { id: number }).id;
  }

  async editHook(org: string, repo: string | undefined, id: number, hook: HookRequest): Promise<void> {
    const body = { active: hook.active ?? true, events: hook.events, config: hook.config };
    if (repo) await this.octokit.request('PATCH /repos/{owner}/{repo}/hooks/{hook_id}', { owner: org, repo, hook_id: id, ...body });
    else await this.octokit.request('PATCH /orgs/{org}/hooks/{hook_id}', { org, hook_id: id, ...body });
  }

  async deleteHook(org: string, repo: string | undefined, id: number): Promise<void> {
    if (repo) await this.octokit.request('DELETE /repos/{owner}/{repo}/hooks/{hook_id}', { owner: org, repo, hook_id: id });
    else await this.octokit.request('DELETE /orgs/{org}/hooks/{hook_id}', { org, hook_id: id });
  }

  /** The bot's pending repository invitations. */
  async listRepoInvitations(): Promise<RepoInvitation[]> {
    return (await this.octokit.paginate('GET /user/repository_invitations', { per_page: 100 })) as unknown as RepoInvitation[];
  }

  async acceptRepoInvitation(id: number): Promise<void> {
    await this.octokit.request('PATCH /user/repository_invitations/{invitation_id}', { invitation_id: id });
  }

  /** Orgs the bot has a pending membership (invitation) in, with the role offered. */
  async listPendingOrgInvitations(): Promise<{ org: string; role: string }[]> {
    const data = await this.octokit.paginate('GET /user/memberships/orgs', { state: 'pending', per_page: 100 });
    return (data as { role: string; organization: { login: string } }[]).map((m) => ({ org: m.organization.login, role: m.role }));
  }

  async acceptOrgInvitation(org: string): Promise<void> {
    await this.octokit.request('PATCH /user/memberships/orgs/{org}', { org, state: 'active' });
  }

  // ---- the bot itself ----

  async getUser(): Promise<User> {
    const r = await this.octokit.request('GET /user');
    return r.data as unknown as User;
  }

  private async exists(req: () => Promise<unknown>): Promise<boolean> {
    try {
      await req();
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }
}
