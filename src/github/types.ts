// GitHub objects as the REST API and webhooks spell them (snake_case). Only the fields Prow reads are typed;
// the rest of each payload is kept as it came.

export interface User {
  login: string;
  id?: number;
  type?: string;
  html_url?: string;
}

export interface Label {
  name: string;
  color?: string;
  description?: string | null;
}

export interface Repo {
  name: string;
  full_name: string;
  owner: User;
  html_url?: string;
  clone_url?: string;
  ssh_url?: string;
  default_branch?: string;
  private?: boolean;
  archived?: boolean;
}

export interface PullRequestBranch {
  ref: string;
  sha: string;
  label?: string;
  repo: Repo;
  user?: User;
}

export interface PullRequest {
  id?: number;
  number: number;
  html_url: string;
  title: string;
  body?: string | null;
  state: 'open' | 'closed' | string;
  draft?: boolean;
  merged?: boolean;
  mergeable?: boolean | null;
  user: User;
  labels: Label[];
  base: PullRequestBranch;
  head: PullRequestBranch;
  assignees?: User[];
  requested_reviewers?: User[];
  merge_commit_sha?: string | null;
  author_association?: string;
  /** Diff totals (all files, even past the 3000 the file listing shows). */
  additions?: number;
  deletions?: number;
  changed_files?: number;
  milestone?: { number: number; title: string } | null;
}

export interface Issue {
  id?: number;
  /** The GraphQL node ID (what mutations such as transferIssue and pinIssue take). */
  node_id?: string;
  number: number;
  html_url: string;
  title: string;
  body?: string | null;
  state: 'open' | 'closed' | string;
  user: User;
  labels: Label[];
  assignees?: User[];
  /** Present (with a url) when the issue is a pull request. */
  pull_request?: { url?: string; html_url?: string };
}

export interface IssueComment {
  id: number;
  body: string;
  user: User;
  html_url: string;
  created_at?: string;
  updated_at?: string;
}

export interface PullRequestFile {
  filename: string;
  status: string;
  additions?: number;
  deletions?: number;
  changes?: number;
  previous_filename?: string;
  patch?: string;
}

export type StatusState = 'error' | 'failure' | 'pending' | 'success';

export interface Status {
  state: StatusState;
  context: string;
  description?: string | null;
  target_url?: string | null;
}

export interface CombinedStatus {
  sha: string;
  state: StatusState | string;
  statuses: Status[];
}

export interface Review {
  id: number;
  user: User;
  body: string | null;
  state: string;
  html_url: string;
  submitted_at?: string;
}

export interface ReviewComment {
  id: number;
  body: string;
  user: User;
  html_url: string;
  path?: string;
}

export interface Team {
  id: number;
  name: string;
  slug: string;
  description?: string | null;
  privacy?: string;
  parent?: { id: number; slug: string } | null;
}

export interface Commit {
  id: string;
  message?: string;
  added?: string[];
  removed?: string[];
  modified?: string[];
}

export type RepoPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface MergeDetails {
  commit_title?: string;
  commit_message?: string;
  sha?: string;
  merge_method?: 'merge' | 'squash' | 'rebase';
}

/** A repository or org webhook. */
export interface Hook {
  id: number;
  name: string;
  active: boolean;
  events: string[];
  config: { url?: string; content_type?: string; insecure_ssl?: string; secret?: string };
}

export interface HookRequest {
  active?: boolean;
  events: string[];
  config: { url: string; content_type: 'json' | 'form'; insecure_ssl?: '0' | '1'; secret?: string };
}

/** An invitation of the bot to a repository (GET /user/repository_invitations). */
export interface RepoInvitation {
  id: number;
  repository: { full_name: string };
  permissions: string;
}
