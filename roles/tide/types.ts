// What Tide knows about a pull request: the fields of upstream's PullRequest GraphQL struct that its decisions read.

/** A status context or check run as Tide sees it (GraphQL StatusState). */
export type ContextState = 'SUCCESS' | 'PENDING' | 'FAILURE' | 'ERROR' | 'EXPECTED';

export interface Context {
  context: string;
  state: ContextState;
  description: string;
}

export type MergeMethod = 'merge' | 'squash' | 'rebase';

export interface TidePR {
  org: string;
  repo: string;
  number: number;
  title: string;
  body: string;
  author: string;
  baseRef: string;
  headRefName: string;
  headSha: string;
  mergeable: 'MERGEABLE' | 'CONFLICTING' | 'UNKNOWN';
  /** GitHub's own verdict (BLOCKED: branch protection, rulesets or required reviews stop the merge). */
  mergeStateStatus: string;
  canBeRebased: boolean;
  reviewDecision: string | null;
  labels: string[];
  milestone: string | null;
  updatedAt: string;
  /** The head commit's statuses and check runs (deduplicated); the `tide` context is among them. */
  contexts: Context[];
  /** The repository's page (https://<host>/<org>/<repo>): refs' repo_link, and `<url>.git` clones it. */
  repoUrl: string;
  /** The merge methods the repository allows (read with the search, so no REST call per repo). */
  allowed: Record<MergeMethod, boolean>;
  /** The GraphQL node ID (enqueuePullRequest takes it). */
  nodeId?: string;
  /** Where the PR is in its base branch's merge queue, when it is in one. */
  queue?: QueuePosition;
}

export interface QueuePosition {
  /** 1 merges next. */
  position: number;
  /** Entries in the queue. */
  total: number;
  /** GitHub's MergeQueueEntryState: QUEUED, AWAITING_CHECKS, MERGEABLE, UNMERGEABLE, LOCKED. */
  state: string;
}

export const prKey = (pr: { org: string; repo: string; number: number }): string => `${pr.org}/${pr.repo}#${pr.number}`;
export const poolKey = (org: string, repo: string, branch: string): string => `${org}/${repo}:${branch}`;
