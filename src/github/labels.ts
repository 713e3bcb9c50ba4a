// Labels of a repository and of an issue or PR.
import { isNotFound, PER_PAGE, type RestContext } from './rest.js';
import type { Label } from './types.js';

export interface LabelsAPI {
  getIssueLabels(org: string, repo: string, number: number): Promise<Label[]>;
  getRepoLabels(org: string, repo: string): Promise<Label[]>;
  addLabels(org: string, repo: string, number: number, labels: string[]): Promise<void>;
  addLabel(org: string, repo: string, number: number, label: string): Promise<void>;
  /** Removing a label the issue does not have is not an error (as upstream). */
  removeLabel(org: string, repo: string, number: number, label: string): Promise<void>;
  createRepoLabel(org: string, repo: string, label: { name: string; color: string; description?: string }): Promise<void>;
}

export function labelsApi({ octokit }: RestContext): LabelsAPI {
  const api: LabelsAPI = {
    async getIssueLabels(org, repo, number) {
      return (await octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/labels', { owner: org, repo, issue_number: number, per_page: PER_PAGE })) as Label[];
    },
    async getRepoLabels(org, repo) {
      return (await octokit.paginate('GET /repos/{owner}/{repo}/labels', { owner: org, repo, per_page: PER_PAGE })) as Label[];
    },
    async addLabels(org, repo, number, labels) {
      await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { owner: org, repo, issue_number: number, labels });
    },
    addLabel: (org, repo, number, label) => api.addLabels(org, repo, number, [label]),
    async removeLabel(org, repo, number, label) {
      try {
        await octokit.request('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', { owner: org, repo, issue_number: number, name: label });
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    },
    async createRepoLabel(org, repo, label) {
      await octokit.request('POST /repos/{owner}/{repo}/labels', { owner: org, repo, ...label });
    },
  };
  return api;
}
