// Webhooks of an org or a repository (the hmac tool keeps them pointed at hook with the right secret).
import { PER_PAGE, type RestContext } from './rest.js';
import type { Hook, HookRequest } from './types.js';

export interface HooksAPI {
  /** Webhooks of an org (`repo` undefined) or of a repository. */
  listHooks(org: string, repo?: string): Promise<Hook[]>;
  createHook(org: string, repo: string | undefined, hook: HookRequest): Promise<number>;
  editHook(org: string, repo: string | undefined, id: number, hook: HookRequest): Promise<void>;
  deleteHook(org: string, repo: string | undefined, id: number): Promise<void>;
}

export function hooksApi({ octokit }: RestContext): HooksAPI {
  return {
    async listHooks(org, repo) {
      const data = repo
        ? await octokit.paginate('GET /repos/{owner}/{repo}/hooks', { owner: org, repo, per_page: PER_PAGE })
        : await octokit.paginate('GET /orgs/{org}/hooks', { org, per_page: PER_PAGE });
      return data as unknown as Hook[];
    },
    async createHook(org, repo, hook) {
      const body = { name: 'web', active: hook.active ?? true, events: hook.events, config: hook.config };
      const r = repo
        ? await octokit.request('POST /repos/{owner}/{repo}/hooks', { owner: org, repo, ...body })
        : await octokit.request('POST /orgs/{org}/hooks', { org, ...body });
      return r.data.id;
    },
    async editHook(org, repo, id, hook) {
      const body = { active: hook.active ?? true, events: hook.events, config: hook.config };
      if (repo) await octokit.request('PATCH /repos/{owner}/{repo}/hooks/{hook_id}', { owner: org, repo, hook_id: id, ...body });
      else await octokit.request('PATCH /orgs/{org}/hooks/{hook_id}', { org, hook_id: id, ...body });
    },
    async deleteHook(org, repo, id) {
      if (repo) await octokit.request('DELETE /repos/{owner}/{repo}/hooks/{hook_id}', { owner: org, repo, hook_id: id });
      else await octokit.request('DELETE /orgs/{org}/hooks/{hook_id}', { org, hook_id: id });
    },
  };
}
