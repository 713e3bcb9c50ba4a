// The fake GitHub's in-memory records. Shapes sent over the wire are built from these in shapes.ts.
import type { BareRepo } from '../git/index.js';

export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read';
export const PERMISSION_RANK: Record<Permission, number> = { read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

export interface UserRec {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
  name: string | null;
  email: string | null;
  /** The user's GitHub status says "busy" (limited availability); undefined: no status set. */
  limitedAvailability?: boolean;
}

export interface TeamRec {
  id: number;
  slug: string;
  name: string;
  description: string;
  privacy: 'closed' | 'secret';
  members: Map<string, 'member' | 'maintainer'>;
  repos: Map<string, Permission>;
  /** The parent team's id (nested teams). */
  parentId?: number;
}

export interface OrgRec {
  login: string;
  id: number;
  members: Map<string, 'admin' | 'member'>;
  teams: TeamRec[];
  /** Settings set through PATCH /orgs/:org (billing_email, company, has_organization_projects, …). */
  settings?: Record<string, unknown>;
}

export interface LabelRec {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface MilestoneRec {
  id: number;
  number: number;
  title: string;
  description: string | null;
  state: 'open' | 'closed';
}

export interface CommentRec {
  id: number;
  issueNumber: number;
  user: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

/** A review comment on a pull request's diff. */
export interface ReviewCommentRec {
  id: number;
  pullNumber: number;
  user: string;
  body: string;
  path: string;
  line: number | null;
  commitId: string;
  inReplyTo: number | null;
  createdAt: string;
  updatedAt: string;
}

/** An entry of an issue's timeline (GET /repos/:o/:r/issues/:n/events). */
export interface IssueEventRec {
  id: number;
  event: string;
  actor: string;
  createdAt: string;
  label?: string;
  assignee?: string;
  commitId?: string;
}

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

export interface ReviewRec {
  id: number;
  user: string;
  state: ReviewState;
  body: string;
  commitId: string;
  submittedAt: string;
}

export interface PullRec {
  /** Head branch name (kept in the base repository as refs/heads/<headRef>). */
  headRef: string;
  headSha: string;
  /** A PR from a fork: the fork (`owner/name`); its branch is not a branch of the base repository. */
  headRepo?: string;
  baseRef: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  /** The base branch tip when the PR was merged (diff stats of a merged PR are computed against it). */
  baseShaAtMerge: string | null;
  requestedReviewers: string[];
  requestedTeams: string[];
  reviews: ReviewRec[];
  reviewComments: ReviewCommentRec[];
  maintainerCanModify: boolean;
}

export interface IssueRec {
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: string;
  state: 'open' | 'closed';
  stateReason: string | null;
  labels: string[];
  assignees: string[];
  milestone: number | null;
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  events: IssueEventRec[];
  pull?: PullRec;
  /** Pinned to the repository (GraphQL pinIssue; at most three per repository). */
  pinned?: boolean;
}

export type StatusState = 'error' | 'failure' | 'pending' | 'success';

export interface StatusRec {
  id: number;
  state: StatusState;
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
  updatedAt: string;
}

export interface CheckRunRec {
  id: number;
  name: string;
  headSha: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  app: string;
}

/** A repository ruleset (`POST /repos/:o/:r/rulesets`): which branches it covers and the rules it enforces there. */
export interface RulesetRec {
  id: number;
  name: string;
  target: 'branch' | 'tag' | 'push';
  enforcement: 'active' | 'disabled' | 'evaluate';
  /** `ref_name.include` / `exclude`: `~DEFAULT_BRANCH`, `~ALL` or fnmatch patterns of full refs (`refs/heads/release/*`). */
  conditions: { ref_name: { include: string[]; exclude: string[] } };
  /** `required_status_checks`, `merge_queue`, `pull_request`, … with GitHub's `parameters`. */
  rules: { type: string; parameters?: Record<string, unknown> }[];
  createdAt: string;
  updatedAt: string;
}

/** A pull request in a branch's merge queue, with the merge group GitHub built for it. */
export interface MergeQueueEntryRec {
  id: number;
  number: number;
  enqueuer: string;
  enqueuedAt: string;
  /** The group's parent: the base branch tip, or the previous entry's group head. */
  baseSha: string;
  /** The group's head commit (the PR merged onto baseSha), on `headRef`. */
  headSha: string;
  /** `gh-readonly-queue/<branch>/pr-<n>-<baseSha>`. */
  headRef: string;
  state: 'AWAITING_CHECKS' | 'MERGEABLE' | 'UNMERGEABLE';
}

export interface RepoRec {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  archived: boolean;
  fork: boolean;
  /** For a fork: the repository it was forked from (`owner/name`). */
  parent?: string;
  description: string | null;
  defaultBranch: string;
  git: BareRepo;
  collaborators: Map<string, Permission>;
  labels: LabelRec[];
  milestones: MilestoneRec[];
  issues: Map<number, IssueRec>;
  /** The highest issue/PR number given out (numbers of issues transferred away are not reused). */
  lastIssueNumber?: number;
  comments: CommentRec[];
  /** Statuses per commit sha, oldest first. */
  statuses: Map<string, StatusRec[]>;
  checkRuns: CheckRunRec[];
  /** Branch protection settings as PUT (the request body), per branch. */
  protection: Map<string, Record<string, unknown>>;
  rulesets: RulesetRec[];
  /** Merge queue entries per base branch, first to merge first. */
  mergeQueues: Map<string, MergeQueueEntryRec[]>;
  /** Settings set through PATCH /repos/:o/:r or at creation (homepage, has_wiki, allow_squash_merge, …). */
  settings?: Record<string, unknown>;
  createdAt: string;
  pushedAt: string;
  updatedAt: string;
}

export interface InstallationRec {
  id: number;
  account: string;
  /** Repositories the installation can see (full names); undefined = all of the account's. */
  repositories?: string[];
}

export interface TokenRec {
  login: string;
  installationId?: number;
  expiresAt?: number;
}

/** An error with GitHub's status code and JSON body. */
export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: { resource?: string; field?: string; code: string; message?: string }[],
    readonly documentationUrl = 'https://docs.github.com/rest',
  ) {
    super(message);
    this.name = 'GitHubError';
  }

  body(): Record<string, unknown> {
    const b: Record<string, unknown> = { message: this.message };
    if (this.errors) b.errors = this.errors;
    b.documentation_url = this.documentationUrl;
    b.status = String(this.status);
    return b;
  }
}

export const notFound = (): GitHubError => new GitHubError(404, 'Not Found');
export const validationFailed = (resource: string, field: string, code: string, message?: string): GitHubError =>
  new GitHubError(422, 'Validation Failed', [{ resource, field, code, ...(message ? { message } : {}) }]);
