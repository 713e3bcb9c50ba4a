// Repositories: metadata, refs, file contents at a ref, collaborators and permissions, branches, branch
// protection and rulesets.
import type { components } from '@octokit/openapi-types';
import { exists, GitHubClientError, isNotFound, orUndefined, PER_PAGE, type RestContext } from './rest.js';
import type { RepoPermission, User } from './types.js';

export type Branch = components['schemas']['short-branch'];
export type FullRepository = components['schemas']['full-repository'];
export type BranchProtection = components['schemas']['branch-protection'];
/** The rules that apply to a branch, from every ruleset (repo and org) that targets it. */
export type BranchRule = components['schemas']['repository-rule-detailed'];
export type Ruleset = components['schemas']['repository-ruleset'];
export type RepositoryCommit = components['schemas']['commit'];

export interface ReposAPI {
  /** The repository with every setting (description, homepage, has_*, allow_*_merge, …). */
  getRepo(org: string, repo: string): Promise<FullRepository>;
  /** The SHA a ref (`heads/main`, `tags/v1`) points at. */
  getRef(org: string, repo: string, ref: string): Promise<string>;
  /** One commit (upstream's GetSingleCommit): its tree (`commit.tree.sha`), parents, files and stats. */
  getSingleCommit(org: string, repo: string, sha: string): Promise<RepositoryCommit>;
  /** Deletes a ref (`heads/branch`, `tags/v1`). */
  deleteRef(org: string, repo: string, ref: string): Promise<void>;
  /** A file's content at `ref` (default branch when omitted); undefined when the file does not exist. */
  getFile(org: string, repo: string, filePath: string, ref?: string): Promise<Buffer | undefined>;
  isCollaborator(org: string, repo: string, user: string): Promise<boolean>;
  getUserPermission(org: string, repo: string, user: string): Promise<RepoPermission>;
  listCollaborators(org: string, repo: string): Promise<User[]>;
  listBranches(org: string, repo: string, onlyProtected?: boolean): Promise<Branch[]>;
  /** undefined when the branch is not protected. */
  getBranchProtection(org: string, repo: string, branch: string): Promise<BranchProtection | undefined>;
  listRulesets(org: string, repo: string): Promise<Ruleset[]>;
  listBranchRules(org: string, repo: string, branch: string): Promise<BranchRule[]>;
  /** Sets a branch's protection (the PUT request shape). */
  updateBranchProtection(org: string, repo: string, branch: string, request: Record<string, unknown>): Promise<void>;
  removeBranchProtection(org: string, repo: string, branch: string): Promise<void>;
  /** Forks `org/repo` into the authenticated user's account; returns the fork's name (GitHub may rename it, e.g. `repo-1`). */
  createFork(org: string, repo: string): Promise<string>;
}

export function reposApi({ octokit }: RestContext): ReposAPI {
  return {
    async getRepo(org, repo) {
      return (await octokit.request('GET /repos/{owner}/{repo}', { owner: org, repo })).data;
    },
    async getRef(org, repo, ref) {
      const r = await octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { owner: org, repo, ref });
      return r.data.object.sha;
    },
    async getSingleCommit(org, repo, sha) {
      const r = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}', { owner: org, repo, ref: sha });
      return r.data;
    },
    async deleteRef(org, repo, ref) {
      // Slashes stay path separators (heads/feature/x), as GitHub documents the ref.
      await octokit.request(`DELETE /repos/{owner}/{repo}/git/refs/${ref.split('/').map(encodeURIComponent).join('/')}`, { owner: org, repo });
    },
    async getFile(org, repo, filePath, ref) {
      try {
        const r = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { owner: org, repo, path: filePath, ...(ref ? { ref } : {}) });
        const data = r.data;
        if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) throw new GitHubClientError(`${org}/${repo}/${filePath} is not a file`);
        return Buffer.from(data.content, (data.encoding ?? 'base64') as BufferEncoding);
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    },
    isCollaborator: (org, repo, user) => exists(() => octokit.request('GET /repos/{owner}/{repo}/collaborators/{username}', { owner: org, repo, username: user })),
    async getUserPermission(org, repo, user) {
      const r = await orUndefined(() => octokit.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', { owner: org, repo, username: user }));
      return (r?.data.permission ?? 'none') as RepoPermission;
    },
    async listCollaborators(org, repo) {
      return (await octokit.paginate('GET /repos/{owner}/{repo}/collaborators', { owner: org, repo, per_page: PER_PAGE })) as User[];
    },
    async listBranches(org, repo, onlyProtected) {
      return octokit.paginate('GET /repos/{owner}/{repo}/branches', { owner: org, repo, per_page: PER_PAGE, ...(onlyProtected ? { protected: true } : {}) });
    },
    async getBranchProtection(org, repo, branch) {
      const r = await orUndefined(() => octokit.request('GET /repos/{owner}/{repo}/branches/{branch}/protection', { owner: org, repo, branch }));
      return r?.data;
    },
    async listRulesets(org, repo) {
      return octokit.paginate('GET /repos/{owner}/{repo}/rulesets', { owner: org, repo, per_page: PER_PAGE });
    },
    async updateBranchProtection(org, repo, branch, request) {
      await octokit.request('PUT /repos/{owner}/{repo}/branches/{branch}/protection', { owner: org, repo, branch, ...request } as never);
    },
    async removeBranchProtection(org, repo, branch) {
      await octokit.request('DELETE /repos/{owner}/{repo}/branches/{branch}/protection', { owner: org, repo, branch });
    },
    async createFork(org, repo) {
      const r = await octokit.request('POST /repos/{owner}/{repo}/forks', { owner: org, repo });
      return (r.data as { name: string }).name;
    },
    async listBranchRules(org, repo, branch) {
      return octokit.paginate('GET /repos/{owner}/{repo}/rules/branches/{branch}', { owner: org, repo, branch, per_page: PER_PAGE });
    },
  };
}
