// The fake GitHub's state and every change to it. REST routes and the test-facing FakeGitHub methods both go
// through these mutations, so a change made by a test and one made by the code under test emit the same webhook.
import type { FileChanges, GitRepos, MergeMethod } from '../git/index.js';
import { MergeConflictError } from '../git/index.js';
import type { PullLive } from './shapes.js';
import { ProjectsV2 } from './projects-v2.js';
import { MergeQueues, type MergeGroup } from './merge-queue.js';
import { mergeQueueRule } from './rulesets.js';
import {
  GitHubError,
  notFound,
  validationFailed,
  PERMISSION_RANK,
  type CheckRunRec,
  type CommentRec,
  type InstallationRec,
  type IssueEventRec,
  type IssueRec,
  type LabelRec,
  type MilestoneRec,
  type OrgRec,
  type Permission,
  type PullRec,
  type RepoRec,
  type ReviewCommentRec,
  type ReviewRec,
  type ReviewState,
  type StatusRec,
  type StatusState,
  type TeamRec,
  type TokenRec,
  type UserRec,
} from './model.js';

/** A webhook event raised by a state change: the event name (X-GitHub-Event) and its payload builder input. */
export type StateEvent =
  | { event: 'pull_request'; action: string; repo: RepoRec; issue: IssueRec; actor: string; label?: string; extra?: Record<string, unknown> }
  | { event: 'issues'; action: string; repo: RepoRec; issue: IssueRec; actor: string; label?: string; extra?: Record<string, unknown> }
  | { event: 'issue_comment'; action: 'created' | 'edited' | 'deleted'; repo: RepoRec; issue: IssueRec; comment: CommentRec; actor: string; changes?: Record<string, unknown> }
  | { event: 'pull_request_review'; action: 'submitted' | 'dismissed'; repo: RepoRec; issue: IssueRec; review: ReviewRec; actor: string }
  | { event: 'pull_request_review_comment'; action: 'created'; repo: RepoRec; issue: IssueRec; comment: ReviewCommentRec; actor: string }
  | { event: 'push'; repo: RepoRec; ref: string; before: string; after: string; actor: string }
  | { event: 'status'; repo: RepoRec; sha: string; status: StatusRec; actor: string }
  | { event: 'merge_group'; action: 'checks_requested' | 'destroyed'; reason?: string; repo: RepoRec; group: MergeGroup; actor: string };

export interface OpenPullRequestOptions {
  author: string;
  title?: string;
  body?: string;
  base?: string;
  /** Head branch name (default `pr-<n>`). */
  head?: string;
  /** Files of the head commit, on top of the base branch tip (or of `headSha`'s tree when given). */
  files?: FileChanges;
  /** Use an existing commit instead of making one. */
  headSha?: string;
  message?: string;
  draft?: boolean;
  labels?: string[];
  milestone?: number;
  /** A PR from a fork (`owner/name`): `head` is a branch of that repository. */
  headRepo?: string;
}

const ZERO_SHA = '0000000000000000000000000000000000000000';

export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class GitHubState {
  private nextId = 1000;
  readonly users = new Map<string, UserRec>();
  readonly orgs = new Map<string, OrgRec>();
  readonly repos = new Map<string, RepoRec>();
  readonly installations = new Map<number, InstallationRec>();
  readonly tokens = new Map<string, TokenRec>();
  /** Projects (v2) of every org and user. */
  readonly projectsV2 = new ProjectsV2(() => this.id());
  /** Called for every state change; the server turns them into webhook deliveries. */
  onEvent: (e: StateEvent) => void = () => undefined;
  readonly mergeQueues = new MergeQueues(this);

  constructor(readonly git: GitRepos, readonly botLogin: string) {
    this.ensureUser(botLogin);
  }

  id(): number {
    return this.nextId++;
  }

  /** Actions that GitHub also records on the issue's timeline (issue events). */
  private static readonly TIMELINE = new Set(['labeled', 'unlabeled', 'closed', 'reopened', 'assigned', 'unassigned', 'milestoned', 'demilestoned', 'review_requested', 'review_request_removed', 'renamed']);

  /** Every state change goes through here: records timeline events, then hands it to the webhook sender. */
  emit(e: StateEvent): void {
    if ((e.event === 'pull_request' || e.event === 'issues') && GitHubState.TIMELINE.has(e.action)) {
      const rec: IssueEventRec = { id: this.id(), event: e.action, actor: e.actor, createdAt: now() };
      if (e.label) rec.label = e.label;
      if (typeof e.extra?.assignee === 'string') rec.assignee = e.extra.assignee;
      if (e.action === 'closed' && e.issue.pull?.merged) {
        e.issue.events.push({ id: this.id(), event: 'merged', actor: e.actor, createdAt: rec.createdAt, commitId: e.issue.pull.mergeCommitSha ?? undefined });
      }
      e.issue.events.push(rec);
    }
    this.onEvent(e);
  }

  // ---- users, orgs, teams ----

  ensureUser(login: string, type: UserRec['type'] = login.endsWith('[bot]') ? 'Bot' : 'User'): UserRec {
    let u = this.users.get(login.toLowerCase());
    if (!u) {
      u = { login, id: this.id(), type, name: null, email: null };
      this.users.set(login.toLowerCase(), u);
    }
    return u;
  }

  user(login: string): UserRec {
    const u = this.users.get(login.toLowerCase());
    if (!u) throw notFound();
    return u;
  }

  ensureOrg(login: string): OrgRec {
    let o = this.orgs.get(login.toLowerCase());
    if (!o) {
      const u = this.ensureUser(login, 'Organization');
      o = { login, id: u.id, members: new Map(), teams: [] };
      this.orgs.set(login.toLowerCase(), o);
    }
    return o;
  }

  org(login: string): OrgRec {
    const o = this.orgs.get(login.toLowerCase());
    if (!o) throw notFound();
    return o;
  }

  addOrgMember(org: string, login: string, role: 'admin' | 'member' = 'member'): void {
    this.ensureUser(login);
    this.ensureOrg(org).members.set(login.toLowerCase(), role);
  }

  isOrgMember(org: string, login: string): boolean {
    return this.orgs.get(org.toLowerCase())?.members.has(login.toLowerCase()) ?? false;
  }

  addTeam(org: string, name: string, opts: { slug?: string; members?: string[]; maintainers?: string[]; repos?: Record<string, Permission>; description?: string } = {}): TeamRec {
    const o = this.ensureOrg(org);
    const slug = opts.slug ?? name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
    const team: TeamRec = { id: this.id(), slug, name, description: opts.description ?? '', privacy: 'closed', members: new Map(), repos: new Map() };
    for (const m of opts.members ?? []) {
      this.ensureUser(m);
      team.members.set(m.toLowerCase(), 'member');
    }
    for (const m of opts.maintainers ?? []) {
      this.ensureUser(m);
      team.members.set(m.toLowerCase(), 'maintainer');
    }
    for (const [r, p] of Object.entries(opts.repos ?? {})) team.repos.set(r.toLowerCase(), p);
    o.teams.push(team);
    return team;
  }

  team(org: string, slug: string): TeamRec {
    const t = this.org(org).teams.find((x) => x.slug === slug);
    if (!t) throw notFound();
    return t;
  }

  // ---- repos ----

  async createRepo(
    owner: string,
    name: string,
    opts: { files?: FileChanges; defaultBranch?: string; private?: boolean; archived?: boolean; description?: string; message?: string } = {},
  ): Promise<RepoRec> {
    const key = `${owner}/${name}`.toLowerCase();
    if (this.repos.has(key)) throw validationFailed('Repository', 'name', 'custom', 'name already exists on this account');
    const ownerUser = this.users.get(owner.toLowerCase());
    if (!ownerUser || ownerUser.type === 'Organization') this.ensureOrg(owner);
    const defaultBranch = opts.defaultBranch ?? 'main';
    const bare = await this.git.init(owner, name, defaultBranch);
    await bare.commit({ ref: defaultBranch, files: opts.files ?? { 'README.md': `# ${name}\n` }, message: opts.message ?? 'Initial commit' });
    const t = now();
    const repo: RepoRec = {
      id: this.id(),
      owner,
      name,
      private: opts.private ?? false,
      archived: opts.archived ?? false,
      fork: false,
      description: opts.description ?? null,
      defaultBranch,
      git: bare,
      collaborators: new Map(),
      labels: [],
      milestones: [],
      issues: new Map(),
      comments: [],
      statuses: new Map(),
      checkRuns: [],
      protection: new Map(),
      rulesets: [],
      mergeQueues: new Map(),
      createdAt: t,
      pushedAt: t,
      updatedAt: t,
    };
    this.repos.set(key, repo);
    return repo;
  }

  /** PATCH name: the repository answers to its new name (its git storage stays where it is). */
  renameRepo(repo: RepoRec, name: string): void {
    const key = `${repo.owner}/${name}`.toLowerCase();
    if (this.repos.has(key)) throw validationFailed('Repository', 'name', 'custom', 'name already exists on this account');
    this.repos.delete(`${repo.owner}/${repo.name}`.toLowerCase());
    repo.name = name;
    this.repos.set(key, repo);
  }

  /**
   * Forks `parent` into `owner`'s account as `POST /repos/:o/:r/forks` does: a new repository with the parent's
   * branches; an existing fork of `parent` is returned as it is, another repository of that name makes it `name-1`.
   */
  async forkRepo(parent: RepoRec, owner: string): Promise<RepoRec> {
    const parentName = `${parent.owner}/${parent.name}`;
    let name = parent.name;
    for (let i = 1; this.repos.has(`${owner}/${name}`.toLowerCase()); i++) {
      const existing = this.repos.get(`${owner}/${name}`.toLowerCase())!;
      if (existing.parent === parentName) return existing;
      name = `${parent.name}-${i}`;
    }
    this.ensureUser(owner);
    const bare = await this.git.init(owner, name, parent.defaultBranch);
    await bare.run(['fetch', '--quiet', parent.git.path, '+refs/heads/*:refs/heads/*']);
    const t = now();
    const repo: RepoRec = {
      id: this.id(), owner, name, private: parent.private, archived: false, fork: true, parent: parentName, description: parent.description,
      defaultBranch: parent.defaultBranch, git: bare, collaborators: new Map(), labels: [], milestones: [], issues: new Map(), comments: [],
      statuses: new Map(), checkRuns: [], protection: new Map(), rulesets: [], mergeQueues: new Map(), createdAt: t, pushedAt: t, updatedAt: t,
    };
    this.repos.set(`${owner}/${name}`.toLowerCase(), repo);
    return repo;
  }

  repo(owner: string, name: string): RepoRec {
    const r = this.repos.get(`${owner}/${name}`.toLowerCase());
    if (!r) throw notFound();
    return r;
  }

  addCollaborator(owner: string, name: string, login: string, permission: Permission = 'write'): void {
    this.ensureUser(login);
    this.repo(owner, name).collaborators.set(login.toLowerCase(), permission);
  }

  /** The effective permission of a user on a repo: org admin, direct collaborator, or team grant. */
  permissionOf(repo: RepoRec, login: string): Permission | 'none' {
    const l = login.toLowerCase();
    if (repo.owner.toLowerCase() === l) return 'admin';
    let best: Permission | undefined = repo.collaborators.get(l);
    const org = this.orgs.get(repo.owner.toLowerCase());
    if (org) {
      if (org.members.get(l) === 'admin') return 'admin';
      for (const t of org.teams) {
        const p = t.repos.get(`${repo.owner}/${repo.name}`.toLowerCase());
        if (p && t.members.has(l) && (!best || PERMISSION_RANK[p] > PERMISSION_RANK[best])) best = p;
      }
    }
    return best ?? 'none';
  }

  /** Pushes a commit with the given files onto a branch (created from the default branch when missing). */
  async pushCommit(repo: RepoRec, branch: string, opts: { files: FileChanges; message?: string; author?: string }, actor: string): Promise<string> {
    const before = (await repo.git.resolve(`refs/heads/${branch}`)) ?? ZERO_SHA;
    const parent = before === ZERO_SHA ? `refs/heads/${repo.defaultBranch}` : before;
    const sha = await repo.git.commit({ parent, ref: branch, files: opts.files, message: opts.message ?? `Update ${branch}`, author: this.gitPerson(opts.author ?? actor) });
    repo.pushedAt = now();
    // Mergeability of PRs against this branch is computed on every read, so nothing needs invalidating.
    this.emit({ event: 'push', repo, ref: `refs/heads/${branch}`, before, after: sha, actor });
    return sha;
  }

  gitPerson(login: string): { name: string; email: string } {
    return { name: login, email: `${login.replace(/\[bot\]$/, '')}@users.noreply.github.com` };
  }

  // ---- issues and pull requests ----

  issue(repo: RepoRec, number: number): IssueRec {
    const i = repo.issues.get(number);
    if (!i) throw notFound();
    return i;
  }

  /** The issue or PR with a GraphQL node ID (`nodeId('Issue'|'PullRequest', id)`), or undefined. */
  issueByNodeId(id: string): { repo: RepoRec; issue: IssueRec } | undefined {
    const m = /^(Issue|PullRequest):(\d+)$/.exec(Buffer.from(id, 'base64').toString('utf8'));
    if (!m) return undefined;
    const want = Number(m[2]);
    for (const repo of this.repos.values()) {
      for (const issue of repo.issues.values()) if (issue.id === want && (m[1] === 'PullRequest') === Boolean(issue.pull)) return { repo, issue };
    }
    return undefined;
  }

  /** The repository with a GraphQL node ID (`nodeId('Repository', id)`), or undefined. */
  repoByNodeId(id: string): RepoRec | undefined {
    const m = /^Repository:(\d+)$/.exec(Buffer.from(id, 'base64').toString('utf8'));
    if (!m) return undefined;
    for (const repo of this.repos.values()) if (repo.id === Number(m[1])) return repo;
    return undefined;
  }

  /**
   * Moves an issue (not a PR) to another repository of the same owner, as GitHub's transferIssue: it gets the next
   * number there, keeps its comments and assignees and the labels the destination has; its milestone is dropped.
   */
  transferIssue(from: RepoRec, number: number, to: RepoRec, actor: string): IssueRec {
    const issue = this.issue(from, number);
    if (issue.pull) throw validationFailed('Issue', 'issue', 'invalid');
    from.issues.delete(number);
    const moved: IssueRec = { ...issue, number: Math.max(to.issues.size, to.lastIssueNumber ?? 0) + 1, milestone: null, pinned: false, updatedAt: now() };
    to.lastIssueNumber = moved.number;
    moved.labels = issue.labels.filter((l) => to.labels.some((tl) => tl.name.toLowerCase() === l.toLowerCase()));
    to.issues.set(moved.number, moved);
    for (const c of from.comments.filter((c) => c.issueNumber === number)) {
      from.comments.splice(from.comments.indexOf(c), 1);
      to.comments.push({ ...c, issueNumber: moved.number });
    }
    this.emit({ event: 'issues', action: 'transferred', repo: from, issue, actor });
    this.emit({ event: 'issues', action: 'opened', repo: to, issue: moved, actor });
    return moved;
  }

  /** Pins or unpins an issue (GraphQL pinIssue/unpinIssue); a repository has at most three pinned issues. */
  setPinned(repo: RepoRec, number: number, pinned: boolean, actor: string): IssueRec {
    const issue = this.issue(repo, number);
    if (issue.pull) throw validationFailed('Issue', 'issue', 'invalid');
    if (Boolean(issue.pinned) === pinned) return issue;
    if (pinned && [...repo.issues.values()].filter((i) => i.pinned).length >= 3) throw validationFailed('PinnedIssue', 'issue', 'too_many');
    issue.pinned = pinned;
    issue.updatedAt = now();
    this.emit({ event: 'issues', action: pinned ? 'pinned' : 'unpinned', repo, issue, actor });
    return issue;
  }

  pull(repo: RepoRec, number: number): IssueRec & { pull: NonNullable<IssueRec['pull']> } {
    const i = repo.issues.get(number);
    if (!i || !i.pull) throw notFound();
    return i as IssueRec & { pull: NonNullable<IssueRec['pull']> };
  }

  private newIssue(repo: RepoRec, author: string, title: string, body: string | null): IssueRec {
    this.ensureUser(author);
    const number = Math.max(repo.issues.size, repo.lastIssueNumber ?? 0) + 1;
    repo.lastIssueNumber = number;
    const t = now();
    return {
      id: this.id(),
      number,
      title,
      body,
      user: author,
      state: 'open',
      stateReason: null,
      labels: [],
      assignees: [],
      milestone: null,
      locked: false,
      createdAt: t,
      updatedAt: t,
      closedAt: null,
      closedBy: null,
      events: [],
    };
  }

  createIssue(repo: RepoRec, author: string, opts: { title: string; body?: string; labels?: string[]; assignees?: string[]; milestone?: number }): IssueRec {
    if (!opts.title) throw validationFailed('Issue', 'title', 'missing_field');
    const issue = this.newIssue(repo, author, opts.title, opts.body ?? null);
    repo.issues.set(issue.number, issue);
    for (const l of opts.labels ?? []) issue.labels.push(this.ensureLabel(repo, l).name);
    issue.assignees = [...(opts.assignees ?? [])];
    issue.milestone = opts.milestone ?? null;
    this.emit({ event: 'issues', action: 'opened', repo, issue, actor: author });
    return issue;
  }

  async openPullRequest(repo: RepoRec, opts: OpenPullRequestOptions): Promise<IssueRec> {
    const base = opts.base ?? repo.defaultBranch;
    const baseSha = await repo.git.resolve(`refs/heads/${base}`);
    if (!baseSha) throw validationFailed('PullRequest', 'base', 'invalid');
    const issue = this.newIssue(repo, opts.author, opts.title ?? 'A pull request', opts.body ?? null);
    const headRef = opts.head ?? `pr-${issue.number}`;
    let headSha: string;
    if (opts.headRepo) {
      // A PR from a fork: its head commit is fetched (as GitHub keeps it under refs/pull/N/head); no branch here.
      const fork = this.repo(...(opts.headRepo.split('/') as [string, string]));
      const sha = await fork.git.resolve(`refs/heads/${headRef}`);
      if (!sha) throw validationFailed('PullRequest', 'head', 'invalid');
      await repo.git.run(['fetch', '--quiet', fork.git.path, sha]);
      headSha = sha;
    } else if (opts.headSha) {
      headSha = await repo.git.mustResolve(opts.headSha);
      await repo.git.updateRef(`refs/heads/${headRef}`, headSha);
    } else if (opts.files) {
      headSha = await repo.git.commit({ parent: baseSha, ref: headRef, files: opts.files, message: opts.message ?? issue.title, author: this.gitPerson(opts.author) });
    } else {
      const existing = await repo.git.resolve(`refs/heads/${headRef}`);
      if (!existing) throw validationFailed('PullRequest', 'head', 'invalid');
      headSha = existing;
    }
    if (headSha === baseSha) {
      throw new GitHubError(422, 'Validation Failed', [{ resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${headRef}` }]);
    }
    await repo.git.updateRef(`refs/pull/${issue.number}/head`, headSha);
    issue.pull = {
      headRef,
      headSha,
      ...(opts.headRepo ? { headRepo: opts.headRepo } : {}),
      baseRef: base,
      draft: opts.draft ?? false,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      baseShaAtMerge: null,
      requestedReviewers: [],
      requestedTeams: [],
      reviews: [],
      reviewComments: [],
      maintainerCanModify: true,
    };
    for (const l of opts.labels ?? []) issue.labels.push(this.ensureLabel(repo, l).name);
    issue.milestone = opts.milestone ?? null;
    repo.issues.set(issue.number, issue);
    this.emit({ event: 'pull_request', action: 'opened', repo, issue, actor: opts.author });
    return issue;
  }

  /** Pushes a new commit to a PR's head (a `synchronize` event). */
  async pushToPullRequest(repo: RepoRec, number: number, opts: { files?: FileChanges; message?: string; headSha?: string }, actor: string): Promise<string> {
    const issue = this.pull(repo, number);
    const before = issue.pull.headSha;
    const sha = opts.headSha
      ? await repo.git.mustResolve(opts.headSha)
      : await repo.git.commit({ parent: before, files: opts.files ?? {}, message: opts.message ?? 'Update', author: this.gitPerson(actor) });
    await repo.git.updateRef(`refs/heads/${issue.pull.headRef}`, sha);
    await repo.git.updateRef(`refs/pull/${number}/head`, sha);
    issue.pull.headSha = sha;
    issue.updatedAt = now();
    this.emit({ event: 'pull_request', action: 'synchronize', repo, issue, actor, extra: { before, after: sha } });
    // A new head leaves the merge queue, as on GitHub.
    if (this.mergeQueues.entryOf(repo, issue)) this.mergeQueues.dequeue(repo, number, actor).catch((e: unknown) => this.mergeQueues.errors.push(e as Error));
    return sha;
  }

  /** PATCH an issue or pull request: title, body, state, base, milestone, labels, assignees. */
  updateIssue(
    repo: RepoRec,
    number: number,
    patch: { title?: string; body?: string | null; state?: string; base?: string; milestone?: number | null; labels?: string[]; assignees?: string[]; state_reason?: string },
    actor: string,
  ): IssueRec {
    const issue = this.issue(repo, number);
    const kind = issue.pull ? 'pull_request' : 'issues';
    const changes: Record<string, unknown> = {};
    if (patch.title !== undefined && patch.title !== issue.title) {
      changes.title = { from: issue.title };
      issue.title = patch.title;
    }
    if (patch.body !== undefined && patch.body !== issue.body) {
      changes.body = { from: issue.body };
      issue.body = patch.body;
    }
    if (patch.base !== undefined && issue.pull && patch.base !== issue.pull.baseRef) {
      changes.base = { ref: { from: issue.pull.baseRef } };
      issue.pull.baseRef = patch.base;
    }
    if (patch.milestone !== undefined) {
      if (patch.milestone !== null && !repo.milestones.some((m) => m.number === patch.milestone)) throw validationFailed('Issue', 'milestone', 'invalid');
      issue.milestone = patch.milestone;
      this.emit({ event: 'issues', action: patch.milestone === null ? 'demilestoned' : 'milestoned', repo, issue, actor });
    }
    if (patch.labels !== undefined) this.setLabels(repo, number, patch.labels, actor);
    if (patch.assignees !== undefined) {
      const removed = issue.assignees.filter((a) => !patch.assignees?.includes(a));
      const added = patch.assignees.filter((a) => !issue.assignees.includes(a));
      if (removed.length) this.removeAssignees(repo, number, removed, actor);
      if (added.length) this.addAssignees(repo, number, added, actor);
    }
    issue.updatedAt = now();
    if (Object.keys(changes).length > 0) this.emit({ event: kind, action: 'edited', repo, issue, actor, extra: { changes } });
    if (patch.state === 'closed' && issue.state === 'open') {
      issue.state = 'closed';
      issue.closedAt = now();
      issue.closedBy = actor;
      issue.stateReason = issue.pull ? null : (patch.state_reason ?? 'completed');
      this.emit({ event: kind, action: 'closed', repo, issue, actor });
    } else if (patch.state === 'open' && issue.state === 'closed') {
      if (issue.pull?.merged) throw validationFailed('PullRequest', 'state', 'invalid', 'state cannot be changed. The pull request cannot be reopened.');
      issue.state = 'open';
      issue.closedAt = null;
      issue.stateReason = issue.pull ? null : 'reopened';
      this.emit({ event: kind, action: 'reopened', repo, issue, actor });
    }
    return issue;
  }

  /** Fields of a PR computed from git: base tip, commit count, diff stats and (optionally) mergeability. */
  async pullLive(repo: RepoRec, pull: Pick<PullRec, 'headSha' | 'baseRef' | 'baseShaAtMerge'>, withMergeable: boolean): Promise<PullLive> {
    const baseSha = pull.baseShaAtMerge ?? (await repo.git.resolve(`refs/heads/${pull.baseRef}`)) ?? '';
    const files = baseSha ? await repo.git.changedFiles(baseSha, pull.headSha) : [];
    return {
      mergeable: withMergeable && !pull.baseShaAtMerge && baseSha ? await repo.git.mergesCleanly(baseSha, pull.headSha) : null,
      baseSha,
      commits: baseSha ? (await repo.git.commitsBetween(baseSha, pull.headSha)).length : 0,
      additions: files.reduce((n, f) => n + f.additions, 0),
      deletions: files.reduce((n, f) => n + f.deletions, 0),
      changedFiles: files.length,
    };
  }

  /** Merges a PR as `PUT /repos/:o/:r/pulls/:n/merge` does; errors as GitHub's (405, 409, 422). */
  async mergePull(
    repo: RepoRec,
    number: number,
    opts: { method?: MergeMethod; sha?: string; commitTitle?: string; commitMessage?: string },
    actor: string,
  ): Promise<{ sha: string; merged: true; message: string }> {
    const issue = this.pull(repo, number);
    const pull = issue.pull;
    const method = opts.method ?? 'merge';
    if (!['merge', 'squash', 'rebase'].includes(method)) throw validationFailed('PullRequest', 'merge_method', 'invalid');
    if (pull.merged || issue.state !== 'open') throw new GitHubError(405, 'Pull Request is not mergeable');
    if (opts.sha !== undefined && opts.sha !== pull.headSha) throw new GitHubError(409, 'Head branch was modified. Review and try the merge again.');
    if (pull.draft) throw new GitHubError(405, 'Pull Request is still a draft');
    if (mergeQueueRule(repo, pull.baseRef)) throw new GitHubError(405, 'Changes must be made through the merge queue');
    const title = opts.commitTitle ?? (method === 'squash' ? `${issue.title} (#${number})` : `Merge pull request #${number} from ${issue.user}/${pull.headRef}`);
    const body = opts.commitMessage ?? (method === 'squash' ? '' : issue.title);
    const message = body ? `${title}\n\n${body}` : title;
    const before = await repo.git.mustResolve(`refs/heads/${pull.baseRef}`);
    let sha: string;
    try {
      sha = await repo.git.mergeInto(pull.baseRef, `refs/pull/${number}/head`, method, message, this.gitPerson(actor));
    } catch (e) {
      if (e instanceof MergeConflictError) throw new GitHubError(405, 'Pull Request is not mergeable');
      throw e;
    }
    const t = now();
    pull.merged = true;
    pull.mergedAt = t;
    pull.mergedBy = actor;
    pull.mergeCommitSha = sha;
    pull.baseShaAtMerge = before;
    issue.state = 'closed';
    issue.closedAt = t;
    issue.closedBy = actor;
    issue.updatedAt = t;
    repo.pushedAt = t;
    this.emit({ event: 'push', repo, ref: `refs/heads/${pull.baseRef}`, before, after: sha, actor });
    this.emit({ event: 'pull_request', action: 'closed', repo, issue, actor });
    return { sha, merged: true, message: 'Pull Request successfully merged' };
  }

  // ---- comments ----

  createComment(repo: RepoRec, number: number, actor: string, body: string): CommentRec {
    const issue = this.issue(repo, number);
    if (typeof body !== 'string' || body === '') throw validationFailed('IssueComment', 'body', 'missing_field');
    this.ensureUser(actor);
    const t = now();
    const comment: CommentRec = { id: this.id(), issueNumber: number, user: actor, body, createdAt: t, updatedAt: t };
    repo.comments.push(comment);
    issue.updatedAt = t;
    this.emit({ event: 'issue_comment', action: 'created', repo, issue, comment, actor });
    return comment;
  }

  comment(repo: RepoRec, id: number): CommentRec {
    const c = repo.comments.find((x) => x.id === id);
    if (!c) throw notFound();
    return c;
  }

  editComment(repo: RepoRec, id: number, actor: string, body: string): CommentRec {
    const c = this.comment(repo, id);
    if (typeof body !== 'string' || body === '') throw validationFailed('IssueComment', 'body', 'missing_field');
    const from = c.body;
    c.body = body;
    c.updatedAt = now();
    this.emit({ event: 'issue_comment', action: 'edited', repo, issue: this.issue(repo, c.issueNumber), comment: c, actor, changes: { body: { from } } });
    return c;
  }

  deleteComment(repo: RepoRec, id: number, actor: string): void {
    const c = this.comment(repo, id);
    repo.comments.splice(repo.comments.indexOf(c), 1);
    this.emit({ event: 'issue_comment', action: 'deleted', repo, issue: this.issue(repo, c.issueNumber), comment: c, actor });
  }

  // ---- labels ----

  label(repo: RepoRec, name: string): LabelRec | undefined {
    return repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
  }

  createLabel(repo: RepoRec, opts: { name: string; color?: string; description?: string | null }): LabelRec {
    if (!opts.name) throw validationFailed('Label', 'name', 'missing_field');
    if (this.label(repo, opts.name)) throw validationFailed('Label', 'name', 'already_exists');
    const l: LabelRec = { id: this.id(), name: opts.name, color: (opts.color ?? 'ededed').replace(/^#/, ''), description: opts.description ?? null };
    repo.labels.push(l);
    return l;
  }

  /** The repo label with that name, created (as GitHub does when labelling an issue) when missing. */
  ensureLabel(repo: RepoRec, name: string): LabelRec {
    return this.label(repo, name) ?? this.createLabel(repo, { name });
  }

  updateLabel(repo: RepoRec, name: string, patch: { new_name?: string; color?: string; description?: string | null }): LabelRec {
    const l = this.label(repo, name);
    if (!l) throw notFound();
    if (patch.new_name && patch.new_name !== l.name) {
      for (const i of repo.issues.values()) i.labels = i.labels.map((x) => (x === l.name ? patch.new_name! : x));
      l.name = patch.new_name;
    }
    if (patch.color !== undefined) l.color = patch.color.replace(/^#/, '');
    if (patch.description !== undefined) l.description = patch.description;
    return l;
  }

  deleteLabel(repo: RepoRec, name: string): void {
    const l = this.label(repo, name);
    if (!l) throw notFound();
    repo.labels.splice(repo.labels.indexOf(l), 1);
    for (const i of repo.issues.values()) i.labels = i.labels.filter((x) => x !== l.name);
  }

  addLabels(repo: RepoRec, number: number, names: string[], actor: string): IssueRec {
    const issue = this.issue(repo, number);
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string' || n === '')) throw validationFailed('Label', 'name', 'invalid');
    for (const n of names) {
      const l = this.ensureLabel(repo, n);
      if (issue.labels.includes(l.name)) continue;
      issue.labels.push(l.name);
      issue.updatedAt = now();
      this.emit({ event: issue.pull ? 'pull_request' : 'issues', action: 'labeled', repo, issue, actor, label: l.name });
    }
    return issue;
  }

  removeLabel(repo: RepoRec, number: number, name: string, actor: string): IssueRec {
    const issue = this.issue(repo, number);
    const idx = issue.labels.findIndex((x) => x.toLowerCase() === name.toLowerCase());
    if (idx < 0) throw new GitHubError(404, 'Label does not exist');
    const [removed] = issue.labels.splice(idx, 1);
    issue.updatedAt = now();
    this.emit({ event: issue.pull ? 'pull_request' : 'issues', action: 'unlabeled', repo, issue, actor, label: removed });
    return issue;
  }

  setLabels(repo: RepoRec, number: number, names: string[], actor: string): IssueRec {
    const issue = this.issue(repo, number);
    for (const l of [...issue.labels]) if (!names.some((n) => n.toLowerCase() === l.toLowerCase())) this.removeLabel(repo, number, l, actor);
    return this.addLabels(repo, number, names, actor);
  }

  // ---- milestones ----

  createMilestone(repo: RepoRec, title: string, description: string | null = null): MilestoneRec {
    if (!title) throw validationFailed('Milestone', 'title', 'missing_field');
    if (repo.milestones.some((m) => m.title === title)) throw validationFailed('Milestone', 'title', 'already_exists');
    const m: MilestoneRec = { id: this.id(), number: repo.milestones.length + 1, title, description, state: 'open' };
    repo.milestones.push(m);
    return m;
  }

  // ---- assignees and reviewers ----

  /** Whether the user can be assigned (collaborators and org members can; others are ignored as by GitHub). */
  assignable(repo: RepoRec, login: string): boolean {
    return this.permissionOf(repo, login) !== 'none' || this.isOrgMember(repo.owner, login);
  }

  addAssignees(repo: RepoRec, number: number, logins: string[], actor: string): IssueRec {
    const issue = this.issue(repo, number);
    for (const l of logins) {
      if (!this.users.has(l.toLowerCase()) || !this.assignable(repo, l) || issue.assignees.includes(this.user(l).login)) continue;
      // GitHub keeps at most 10 assignees and drops the rest without an error.
      if (issue.assignees.length >= 10) continue;
      issue.assignees.push(this.user(l).login);
      this.emit({ event: issue.pull ? 'pull_request' : 'issues', action: 'assigned', repo, issue, actor, extra: { assignee: l } });
    }
    return issue;
  }

  /** Marks a PR ready for review or turns it back into a draft (GitHub's GraphQL mutations), emitting the webhook. */
  setDraft(repo: RepoRec, number: number, draft: boolean, actor: string): IssueRec {
    const issue = this.pull(repo, number);
    if (issue.pull.draft === draft) return issue;
    issue.pull.draft = draft;
    issue.updatedAt = now();
    this.emit({ event: 'pull_request', action: draft ? 'converted_to_draft' : 'ready_for_review', repo, issue, actor });
    return issue;
  }

  removeAssignees(repo: RepoRec, number: number, logins: string[], actor: string): IssueRec {
    const issue = this.issue(repo, number);
    for (const l of logins) {
      const idx = issue.assignees.findIndex((a) => a.toLowerCase() === l.toLowerCase());
      if (idx < 0) continue;
      issue.assignees.splice(idx, 1);
      this.emit({ event: issue.pull ? 'pull_request' : 'issues', action: 'unassigned', repo, issue, actor, extra: { assignee: l } });
    }
    return issue;
  }

  requestReviewers(repo: RepoRec, number: number, reviewers: string[], teams: string[], actor: string): IssueRec {
    const issue = this.pull(repo, number);
    for (const r of reviewers) {
      if (!this.users.has(r.toLowerCase()) || !this.assignable(repo, r)) {
        throw new GitHubError(422, 'Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ' + `${repo.owner}/${repo.name} repository.`);
      }
      if (r.toLowerCase() === issue.user.toLowerCase()) throw new GitHubError(422, 'Review cannot be requested from pull request author.');
      const login = this.user(r).login;
      if (!issue.pull.requestedReviewers.includes(login)) issue.pull.requestedReviewers.push(login);
      this.emit({ event: 'pull_request', action: 'review_requested', repo, issue, actor, extra: { requested_reviewer: login } });
    }
    for (const t of teams) if (!issue.pull.requestedTeams.includes(t)) issue.pull.requestedTeams.push(t);
    return issue;
  }

  removeRequestedReviewers(repo: RepoRec, number: number, reviewers: string[], teams: string[], actor: string): IssueRec {
    const issue = this.pull(repo, number);
    for (const r of reviewers) {
      const idx = issue.pull.requestedReviewers.findIndex((x) => x.toLowerCase() === r.toLowerCase());
      if (idx < 0) continue;
      issue.pull.requestedReviewers.splice(idx, 1);
      this.emit({ event: 'pull_request', action: 'review_request_removed', repo, issue, actor, extra: { requested_reviewer: r } });
    }
    issue.pull.requestedTeams = issue.pull.requestedTeams.filter((t) => !teams.includes(t));
    return issue;
  }

  submitReview(repo: RepoRec, number: number, actor: string, opts: { state: ReviewState; body?: string; commitId?: string }): ReviewRec {
    const issue = this.pull(repo, number);
    if (opts.state === 'CHANGES_REQUESTED' && !opts.body) {
      throw new GitHubError(422, 'Unprocessable Entity', [{ code: 'custom', message: 'Body is required for CHANGES_REQUESTED' }]);
    }
    if (opts.state !== 'PENDING' && actor.toLowerCase() === issue.user.toLowerCase() && opts.state !== 'COMMENTED') {
      throw new GitHubError(422, 'Unprocessable Entity', [{ code: 'custom', message: 'Can not approve your own pull request' }]);
    }
    this.ensureUser(actor);
    const review: ReviewRec = { id: this.id(), user: this.user(actor).login, state: opts.state, body: opts.body ?? '', commitId: opts.commitId ?? issue.pull.headSha, submittedAt: now() };
    issue.pull.reviews.push(review);
    issue.pull.requestedReviewers = issue.pull.requestedReviewers.filter((r) => r.toLowerCase() !== actor.toLowerCase());
    issue.updatedAt = now();
    if (opts.state !== 'PENDING') this.emit({ event: 'pull_request_review', action: 'submitted', repo, issue, review, actor });
    return review;
  }

  /** A review comment on a line of the PR's diff (emits pull_request_review_comment/created). */
  createReviewComment(repo: RepoRec, number: number, actor: string, opts: { body: string; path: string; line?: number; commitId?: string; inReplyTo?: number }): ReviewCommentRec {
    const issue = this.pull(repo, number);
    if (!opts.body) throw validationFailed('PullRequestReviewComment', 'body', 'missing_field');
    if (!opts.path && opts.inReplyTo === undefined) throw validationFailed('PullRequestReviewComment', 'path', 'missing_field');
    this.ensureUser(actor);
    const t = now();
    const parent = opts.inReplyTo === undefined ? undefined : issue.pull.reviewComments.find((c) => c.id === opts.inReplyTo);
    if (opts.inReplyTo !== undefined && !parent) throw notFound();
    const comment: ReviewCommentRec = {
      id: this.id(),
      pullNumber: number,
      user: this.user(actor).login,
      body: opts.body,
      path: parent?.path ?? opts.path,
      line: parent?.line ?? opts.line ?? null,
      commitId: opts.commitId ?? issue.pull.headSha,
      inReplyTo: opts.inReplyTo ?? null,
      createdAt: t,
      updatedAt: t,
    };
    issue.pull.reviewComments.push(comment);
    this.emit({ event: 'pull_request_review_comment', action: 'created', repo, issue, comment, actor });
    return comment;
  }

  /** GitHub's reviewDecision: the latest APPROVED/CHANGES_REQUESTED review per user decides. */
  reviewDecision(repo: RepoRec, issue: IssueRec): 'APPROVED' | 'CHANGES_REQUESTED' | 'REVIEW_REQUIRED' | null {
    const latest = new Map<string, ReviewState>();
    for (const r of issue.pull?.reviews ?? []) {
      if (r.state === 'APPROVED' || r.state === 'CHANGES_REQUESTED' || r.state === 'DISMISSED') latest.set(r.user.toLowerCase(), r.state);
    }
    const states = [...latest.values()];
    if (states.includes('CHANGES_REQUESTED')) return 'CHANGES_REQUESTED';
    if (states.includes('APPROVED')) return 'APPROVED';
    const protection = issue.pull ? repo.protection.get(issue.pull.baseRef) : undefined;
    return protection?.required_pull_request_reviews ? 'REVIEW_REQUIRED' : null;
  }

  // ---- statuses and check runs ----

  createStatus(repo: RepoRec, sha: string, opts: { state: StatusState; context?: string; description?: string | null; target_url?: string | null }, actor: string): StatusRec {
    if (!['error', 'failure', 'pending', 'success'].includes(opts.state)) throw validationFailed('Status', 'state', 'custom', 'state is not included in the list');
    if (opts.description && opts.description.length > 140) throw validationFailed('Status', 'description', 'custom', 'description is too long (maximum is 140 characters)');
    const list = repo.statuses.get(sha) ?? [];
    const t = now();
    const context = opts.context ?? 'default';
    const previous = [...list].reverse().find((s) => s.context === context);
    const status: StatusRec = {
      id: this.id(),
      state: opts.state,
      context,
      description: opts.description ?? null,
      targetUrl: opts.target_url ?? null,
      creator: actor,
      createdAt: previous?.createdAt ?? t,
      updatedAt: t,
    };
    list.push(status);
    repo.statuses.set(sha, list);
    this.emit({ event: 'status', repo, sha, status, actor });
    this.mergeQueues.checksChanged(repo, sha);
    return status;
  }

  /** The latest status per context for a commit, newest first (as GitHub lists them). */
  latestStatuses(repo: RepoRec, sha: string): StatusRec[] {
    const seen = new Set<string>();
    const out: StatusRec[] = [];
    for (const s of [...(repo.statuses.get(sha) ?? [])].reverse()) {
      if (seen.has(s.context)) continue;
      seen.add(s.context);
      out.push(s);
    }
    return out;
  }

  combinedState(statuses: StatusRec[]): StatusState {
    if (statuses.some((s) => s.state === 'error' || s.state === 'failure')) return 'failure';
    if (statuses.length === 0 || statuses.some((s) => s.state === 'pending')) return 'pending';
    return 'success';
  }

  createCheckRun(repo: RepoRec, opts: Partial<CheckRunRec> & { name: string; headSha: string }, app: string): CheckRunRec {
    if (!opts.name) throw validationFailed('CheckRun', 'name', 'missing_field');
    const t = now();
    const run: CheckRunRec = {
      id: this.id(),
      name: opts.name,
      headSha: opts.headSha,
      status: opts.conclusion ? 'completed' : (opts.status ?? 'queued'),
      conclusion: opts.conclusion ?? null,
      startedAt: opts.startedAt ?? t,
      completedAt: opts.conclusion ? (opts.completedAt ?? t) : null,
      detailsUrl: opts.detailsUrl ?? null,
      externalId: opts.externalId ?? null,
      output: opts.output ?? { title: null, summary: null, text: null },
      app,
    };
    repo.checkRuns.push(run);
    this.mergeQueues.checksChanged(repo, run.headSha);
    return run;
  }

  /** Resolves a ref (branch, tag, sha, `refs/…`) to a commit sha or throws GitHub's 422/404. */
  async commitSha(repo: RepoRec, ref: string): Promise<string> {
    const sha = await repo.git.resolve(ref);
    if (!sha) throw new GitHubError(422, `No commit found for SHA: ${ref}`);
    return sha;
  }

  /** Installation whose account owns the repo (or the account), if any. */
  installationFor(account: string, repoFullName?: string): InstallationRec | undefined {
    for (const inst of this.installations.values()) {
      if (inst.account.toLowerCase() !== account.toLowerCase()) continue;
      if (repoFullName && inst.repositories && !inst.repositories.some((r) => r.toLowerCase() === repoFullName.toLowerCase())) continue;
      return inst;
    }
    return undefined;
  }
}
