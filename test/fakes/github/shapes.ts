// GitHub's JSON shapes (REST v3 and webhook payloads), built from the fake's records. Field names and nesting
// follow GitHub's documentation and the reference webhook payloads.
import type { GitHubState } from './state.js';
import type { CheckRunRec, CommentRec, IssueEventRec, IssueRec, PullRec, ReviewCommentRec, LabelRec, MilestoneRec, OrgRec, RepoRec, ReviewRec, StatusRec, TeamRec, UserRec } from './model.js';

export interface Urls {
  /** REST base, e.g. http://127.0.0.1:1234 */
  api: string;
  /** Web base for html_url fields. */
  html: string;
  /** Clone URL of a repository. */
  clone(repo: RepoRec): string;
}

export type Json = Record<string, unknown>;

/** Pull request fields computed from the git repository. */
export interface PullLive {
  mergeable: boolean | null;
  baseSha: string;
  commits: number;
  additions: number;
  deletions: number;
  changedFiles: number;
}

export function nodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString('base64');
}

export class Shapes {
  constructor(private readonly state: GitHubState, private readonly urls: Urls) {}

  user(login: string | null): Json | null {
    if (login === null) return null;
    const u: UserRec = this.state.users.get(login.toLowerCase()) ?? this.state.ensureUser(login);
    const api = `${this.urls.api}/users/${u.login}`;
    return {
      login: u.login,
      id: u.id,
      node_id: nodeId(u.type === 'Organization' ? 'Organization' : 'User', u.id),
      avatar_url: `${this.urls.html}/avatars/${u.login}`,
      gravatar_id: '',
      url: api,
      html_url: `${this.urls.html}/${u.login}`,
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`,
      repos_url: `${api}/repos`,
      events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`,
      type: u.type,
      site_admin: false,
    };
  }

  /** GET /users/:u adds profile fields. */
  userProfile(login: string): Json {
    const u = this.state.user(login);
    return { ...this.user(u.login), name: u.name, email: u.email, company: null, blog: '', location: null, bio: null, public_repos: 0, followers: 0, following: 0, created_at: '2020-01-01T00:00:00Z', updated_at: '2020-01-01T00:00:00Z' };
  }

  org(o: OrgRec): Json {
    const api = `${this.urls.api}/orgs/${o.login}`;
    return {
      login: o.login,
      id: o.id,
      node_id: nodeId('Organization', o.id),
      url: api,
      repos_url: `${api}/repos`,
      events_url: `${api}/events`,
      hooks_url: `${api}/hooks`,
      issues_url: `${api}/issues`,
      members_url: `${api}/members{/member}`,
      public_members_url: `${api}/public_members{/member}`,
      avatar_url: `${this.urls.html}/avatars/${o.login}`,
      description: null,
      // GitHub's defaults for a new org.
      name: null, company: null, email: null, location: null, billing_email: null,
      has_organization_projects: true, has_repository_projects: true, default_repository_permission: 'read', members_can_create_repositories: true,
      ...o.settings,
    };
  }

  repo(r: RepoRec): Json {
    const full = `${r.owner}/${r.name}`;
    const api = `${this.urls.api}/repos/${full}`;
    const openIssues = [...r.issues.values()].filter((i) => i.state === 'open').length;
    return {
      id: r.id,
      node_id: nodeId('Repository', r.id),
      name: r.name,
      full_name: full,
      owner: this.user(r.owner),
      private: r.private,
      html_url: `${this.urls.html}/${full}`,
      description: r.description,
      fork: r.fork,
      ...(r.parent ? { parent: { full_name: r.parent, name: r.parent.split('/')[1], owner: this.user(r.parent.split('/')[0]!) } } : {}),
      url: api,
      forks_url: `${api}/forks`,
      keys_url: `${api}/keys{/key_id}`,
      collaborators_url: `${api}/collaborators{/collaborator}`,
      teams_url: `${api}/teams`,
      hooks_url: `${api}/hooks`,
      issue_events_url: `${api}/issues/events{/number}`,
      events_url: `${api}/events`,
      assignees_url: `${api}/assignees{/user}`,
      branches_url: `${api}/branches{/branch}`,
      tags_url: `${api}/tags`,
      blobs_url: `${api}/git/blobs{/sha}`,
      git_tags_url: `${api}/git/tags{/sha}`,
      git_refs_url: `${api}/git/refs{/sha}`,
      trees_url: `${api}/git/trees{/sha}`,
      statuses_url: `${api}/statuses/{sha}`,
      languages_url: `${api}/languages`,
      stargazers_url: `${api}/stargazers`,
      contributors_url: `${api}/contributors`,
      subscribers_url: `${api}/subscribers`,
      subscription_url: `${api}/subscription`,
      commits_url: `${api}/commits{/sha}`,
      git_commits_url: `${api}/git/commits{/sha}`,
      comments_url: `${api}/comments{/number}`,
      issue_comment_url: `${api}/issues/comments{/number}`,
      contents_url: `${api}/contents/{+path}`,
      compare_url: `${api}/compare/{base}...{head}`,
      merges_url: `${api}/merges`,
      archive_url: `${api}/{archive_format}{/ref}`,
      downloads_url: `${api}/downloads`,
      issues_url: `${api}/issues{/number}`,
      pulls_url: `${api}/pulls{/number}`,
      milestones_url: `${api}/milestones{/number}`,
      notifications_url: `${api}/notifications{?since,all,participating}`,
      labels_url: `${api}/labels{/name}`,
      releases_url: `${api}/releases{/id}`,
      deployments_url: `${api}/deployments`,
      created_at: r.createdAt,
      updated_at: r.updatedAt,
      pushed_at: r.pushedAt,
      git_url: this.urls.clone(r),
      ssh_url: `git@localhost:${full}.git`,
      clone_url: this.urls.clone(r),
      svn_url: `${this.urls.html}/${full}`,
      homepage: null,
      size: 0,
      stargazers_count: 0,
      watchers_count: 0,
      language: null,
      has_issues: true,
      has_projects: true,
      has_downloads: true,
      has_wiki: true,
      has_pages: false,
      forks_count: 0,
      mirror_url: null,
      archived: r.archived,
      disabled: false,
      open_issues_count: openIssues,
      license: null,
      visibility: r.private ? 'private' : 'public',
      forks: 0,
      open_issues: openIssues,
      watchers: 0,
      default_branch: r.defaultBranch,
      allow_merge_commit: true,
      allow_squash_merge: true,
      allow_rebase_merge: true,
      ...r.settings,
    };
  }

  /** A repository as GET /repos/:o/:r shows it to a given user (with `permissions`). */
  repoFor(r: RepoRec, viewer: string): Json {
    const p = this.state.permissionOf(r, viewer);
    const rank = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 }[p];
    return { ...this.repo(r), permissions: { admin: rank >= 5, maintain: rank >= 4, push: rank >= 3, triage: rank >= 2, pull: rank >= 1 || !r.private } };
  }

  label(r: RepoRec, name: string): Json {
    const l: LabelRec = this.state.label(r, name) ?? { id: 0, name, color: 'ededed', description: null };
    return {
      id: l.id,
      node_id: nodeId('Label', l.id),
      url: `${this.urls.api}/repos/${r.owner}/${r.name}/labels/${encodeURIComponent(l.name)}`,
      name: l.name,
      color: l.color,
      default: false,
      description: l.description,
    };
  }

  milestone(r: RepoRec, m: MilestoneRec | undefined): Json | null {
    if (!m) return null;
    const issues = [...r.issues.values()].filter((i) => i.milestone === m.number);
    return {
      url: `${this.urls.api}/repos/${r.owner}/${r.name}/milestones/${m.number}`,
      html_url: `${this.urls.html}/${r.owner}/${r.name}/milestone/${m.number}`,
      id: m.id,
      node_id: nodeId('Milestone', m.id),
      number: m.number,
      title: m.title,
      description: m.description,
      creator: null,
      open_issues: issues.filter((i) => i.state === 'open').length,
      closed_issues: issues.filter((i) => i.state === 'closed').length,
      state: m.state,
      created_at: r.createdAt,
      updated_at: r.createdAt,
      due_on: null,
      closed_at: null,
    };
  }

  issue(r: RepoRec, i: IssueRec): Json {
    const api = `${this.urls.api}/repos/${r.owner}/${r.name}`;
    const url = `${api}/issues/${i.number}`;
    const kind = i.pull ? 'pull' : 'issues';
    const out: Json = {
      url,
      repository_url: api,
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: `${this.urls.html}/${r.owner}/${r.name}/${kind}/${i.number}`,
      id: i.id,
      node_id: nodeId(i.pull ? 'PullRequest' : 'Issue', i.id),
      number: i.number,
      title: i.title,
      user: this.user(i.user),
      labels: i.labels.map((l) => this.label(r, l)),
      state: i.state,
      locked: i.locked,
      assignee: i.assignees.length ? this.user(i.assignees[0]) : null,
      assignees: i.assignees.map((a) => this.user(a)),
      milestone: this.milestone(r, r.milestones.find((m) => m.number === i.milestone)),
      comments: r.comments.filter((c) => c.issueNumber === i.number).length,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
      closed_at: i.closedAt,
      author_association: this.association(r, i.user),
      state_reason: i.stateReason,
      body: i.body,
    };
    if (i.pull) {
      out.draft = i.pull.draft;
      out.pull_request = {
        url: `${api}/pulls/${i.number}`,
        html_url: `${this.urls.html}/${r.owner}/${r.name}/pull/${i.number}`,
        diff_url: `${this.urls.html}/${r.owner}/${r.name}/pull/${i.number}.diff`,
        patch_url: `${this.urls.html}/${r.owner}/${r.name}/pull/${i.number}.patch`,
        merged_at: i.pull.mergedAt,
      };
    }
    return out;
  }

  /** A PR's head: the base repository's branch, or a fork's (`headRepo`). */
  private pullHead(r: RepoRec, p: PullRec, repoJson: Json): Json {
    const fork = p.headRepo ? this.state.repos.get(p.headRepo.toLowerCase()) : undefined;
    const owner = fork?.owner ?? r.owner;
    return { label: `${owner}:${p.headRef}`, ref: p.headRef, sha: p.headSha, user: this.user(owner), repo: fork ? this.repo(fork) : repoJson };
  }

  /** A pull request; `live` holds what is computed from the real repository (see FakeGitHub.pullJson). */
  pull(r: RepoRec, i: IssueRec, live: PullLive): Json {
    const mergeable = live.mergeable;
    const p = i.pull;
    if (!p) throw new Error(`#${i.number} is not a pull request`);
    const api = `${this.urls.api}/repos/${r.owner}/${r.name}`;
    const url = `${api}/pulls/${i.number}`;
    const html = `${this.urls.html}/${r.owner}/${r.name}/pull/${i.number}`;
    const mergeableState = p.merged || i.state === 'closed' ? 'unknown' : p.draft ? 'draft' : mergeable === false ? 'dirty' : mergeable === null ? 'unknown' : this.state.combinedState(this.state.latestStatuses(r, p.headSha)) === 'success' ? 'clean' : 'unstable';
    const repoJson = this.repo(r);
    return {
      url,
      id: i.id,
      node_id: nodeId('PullRequest', i.id),
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: `${api}/issues/${i.number}`,
      number: i.number,
      state: i.state,
      locked: i.locked,
      title: i.title,
      user: this.user(i.user),
      body: i.body,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
      closed_at: i.closedAt,
      merged_at: p.mergedAt,
      merge_commit_sha: p.mergeCommitSha,
      assignee: i.assignees.length ? this.user(i.assignees[0]) : null,
      assignees: i.assignees.map((a) => this.user(a)),
      requested_reviewers: p.requestedReviewers.map((a) => this.user(a)),
      requested_teams: p.requestedTeams.map((slug) => ({ slug, name: slug })),
      labels: i.labels.map((l) => this.label(r, l)),
      milestone: this.milestone(r, r.milestones.find((m) => m.number === i.milestone)),
      draft: p.draft,
      commits_url: `${url}/commits`,
      review_comments_url: `${url}/comments`,
      review_comment_url: `${api}/pulls/comments{/number}`,
      comments_url: `${api}/issues/${i.number}/comments`,
      statuses_url: `${api}/statuses/${p.headSha}`,
      head: this.pullHead(r, p, repoJson),
      base: { label: `${r.owner}:${p.baseRef}`, ref: p.baseRef, sha: live.baseSha, user: this.user(r.owner), repo: repoJson },
      _links: {
        self: { href: url },
        html: { href: html },
        issue: { href: `${api}/issues/${i.number}` },
        comments: { href: `${api}/issues/${i.number}/comments` },
        review_comments: { href: `${url}/comments` },
        review_comment: { href: `${api}/pulls/comments{/number}` },
        commits: { href: `${url}/commits` },
        statuses: { href: `${api}/statuses/${p.headSha}` },
      },
      author_association: this.association(r, i.user),
      auto_merge: null,
      merged: p.merged,
      mergeable,
      rebaseable: mergeable,
      mergeable_state: mergeableState,
      merged_by: this.user(p.mergedBy),
      comments: r.comments.filter((c) => c.issueNumber === i.number).length,
      review_comments: p.reviewComments.length,
      maintainer_can_modify: p.maintainerCanModify,
      commits: live.commits,
      additions: live.additions,
      deletions: live.deletions,
      changed_files: live.changedFiles,
    };
  }

  comment(r: RepoRec, c: CommentRec): Json {
    const api = `${this.urls.api}/repos/${r.owner}/${r.name}`;
    const issue = r.issues.get(c.issueNumber);
    return {
      url: `${api}/issues/comments/${c.id}`,
      html_url: `${this.urls.html}/${r.owner}/${r.name}/${issue?.pull ? 'pull' : 'issues'}/${c.issueNumber}#issuecomment-${c.id}`,
      issue_url: `${api}/issues/${c.issueNumber}`,
      id: c.id,
      node_id: nodeId('IssueComment', c.id),
      user: this.user(c.user),
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      author_association: this.association(r, c.user),
      body: c.body,
    };
  }

  review(r: RepoRec, i: IssueRec, rv: ReviewRec): Json {
    const html = `${this.urls.html}/${r.owner}/${r.name}/pull/${i.number}#pullrequestreview-${rv.id}`;
    return {
      id: rv.id,
      node_id: nodeId('PullRequestReview', rv.id),
      user: this.user(rv.user),
      body: rv.body,
      state: rv.state,
      html_url: html,
      pull_request_url: `${this.urls.api}/repos/${r.owner}/${r.name}/pulls/${i.number}`,
      author_association: this.association(r, rv.user),
      _links: { html: { href: html }, pull_request: { href: `${this.urls.api}/repos/${r.owner}/${r.name}/pulls/${i.number}` } },
      submitted_at: rv.submittedAt,
      commit_id: rv.commitId,
    };
  }

  reviewComment(r: RepoRec, c: ReviewCommentRec): Json {
    const api = `${this.urls.api}/repos/${r.owner}/${r.name}`;
    const html = `${this.urls.html}/${r.owner}/${r.name}/pull/${c.pullNumber}#discussion_r${c.id}`;
    return {
      url: `${api}/pulls/comments/${c.id}`,
      id: c.id,
      node_id: nodeId('PullRequestReviewComment', c.id),
      pull_request_review_id: null,
      diff_hunk: '',
      path: c.path,
      position: c.line,
      original_position: c.line,
      line: c.line,
      side: 'RIGHT',
      commit_id: c.commitId,
      original_commit_id: c.commitId,
      in_reply_to_id: c.inReplyTo ?? undefined,
      user: this.user(c.user),
      body: c.body,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      html_url: html,
      pull_request_url: `${api}/pulls/${c.pullNumber}`,
      author_association: this.association(r, c.user),
      _links: { self: { href: `${api}/pulls/comments/${c.id}` }, html: { href: html }, pull_request: { href: `${api}/pulls/${c.pullNumber}` } },
    };
  }

  issueEvent(r: RepoRec, number: number, e: IssueEventRec): Json {
    const out: Json = {
      id: e.id,
      node_id: nodeId('IssueEvent', e.id),
      url: `${this.urls.api}/repos/${r.owner}/${r.name}/issues/events/${e.id}`,
      actor: this.user(e.actor),
      event: e.event,
      commit_id: e.commitId ?? null,
      commit_url: e.commitId ? `${this.urls.api}/repos/${r.owner}/${r.name}/commits/${e.commitId}` : null,
      created_at: e.createdAt,
      issue_url: `${this.urls.api}/repos/${r.owner}/${r.name}/issues/${number}`,
    };
    if (e.label !== undefined) out.label = { name: e.label, color: this.state.label(r, e.label)?.color ?? 'ededed' };
    if (e.assignee !== undefined) out.assignee = this.user(e.assignee);
    return out;
  }

  status(r: RepoRec, sha: string, s: StatusRec): Json {
    return {
      url: `${this.urls.api}/repos/${r.owner}/${r.name}/statuses/${sha}`,
      avatar_url: null,
      id: s.id,
      node_id: nodeId('StatusContext', s.id),
      state: s.state,
      description: s.description,
      target_url: s.targetUrl,
      context: s.context,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
      creator: this.user(s.creator),
    };
  }

  combinedStatus(r: RepoRec, sha: string): Json {
    const statuses = this.state.latestStatuses(r, sha);
    return {
      state: this.state.combinedState(statuses),
      statuses: statuses.map((s) => this.status(r, sha, s)),
      sha,
      total_count: statuses.length,
      repository: this.repo(r),
      commit_url: `${this.urls.api}/repos/${r.owner}/${r.name}/commits/${sha}`,
      url: `${this.urls.api}/repos/${r.owner}/${r.name}/commits/${sha}/status`,
    };
  }

  checkRun(r: RepoRec, c: CheckRunRec): Json {
    return {
      id: c.id,
      node_id: nodeId('CheckRun', c.id),
      head_sha: c.headSha,
      external_id: c.externalId,
      url: `${this.urls.api}/repos/${r.owner}/${r.name}/check-runs/${c.id}`,
      html_url: `${this.urls.html}/${r.owner}/${r.name}/runs/${c.id}`,
      details_url: c.detailsUrl,
      status: c.status,
      conclusion: c.conclusion,
      started_at: c.startedAt,
      completed_at: c.completedAt,
      output: { ...c.output, annotations_count: 0, annotations_url: '' },
      name: c.name,
      check_suite: { id: c.id },
      app: { id: 1, slug: c.app, name: c.app },
      pull_requests: [],
    };
  }

  team(org: OrgRec, t: TeamRec): Json {
    return {
      id: t.id,
      node_id: nodeId('Team', t.id),
      url: `${this.urls.api}/orgs/${org.login}/teams/${t.slug}`,
      html_url: `${this.urls.html}/orgs/${org.login}/teams/${t.slug}`,
      name: t.name,
      slug: t.slug,
      description: t.description,
      privacy: t.privacy,
      permission: 'pull',
      members_url: `${this.urls.api}/orgs/${org.login}/teams/${t.slug}/members{/member}`,
      repositories_url: `${this.urls.api}/orgs/${org.login}/teams/${t.slug}/repos`,
      parent: ((p) => (p ? { id: p.id, slug: p.slug, name: p.name } : null))(org.teams.find((x) => x.id === t.parentId)),
    };
  }

  commit(r: RepoRec, c: { sha: string; tree: string; parents: string[]; message: string; author: { name: string; email: string; date: string }; committer: { name: string; email: string; date: string } }): Json {
    const api = `${this.urls.api}/repos/${r.owner}/${r.name}`;
    return {
      sha: c.sha,
      node_id: nodeId('Commit', parseInt(c.sha.slice(0, 8), 16)),
      url: `${api}/commits/${c.sha}`,
      html_url: `${this.urls.html}/${r.owner}/${r.name}/commit/${c.sha}`,
      commit: {
        url: `${api}/git/commits/${c.sha}`,
        author: c.author,
        committer: c.committer,
        message: c.message,
        tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
        comment_count: 0,
        verification: { verified: false, reason: 'unsigned', signature: null, payload: null },
      },
      author: this.userByEmail(c.author.email),
      committer: this.userByEmail(c.committer.email),
      parents: c.parents.map((p) => ({ sha: p, url: `${api}/commits/${p}`, html_url: `${this.urls.html}/${r.owner}/${r.name}/commit/${p}` })),
    };
  }

  /** GitHub links commit authors to accounts by email; the fake's noreply addresses name the login. */
  private userByEmail(email: string): Json | null {
    const m = /^(.+)@users\.noreply\.github\.com$/.exec(email);
    if (!m) return null;
    const u = this.state.users.get(m[1].toLowerCase()) ?? this.state.users.get(`${m[1]}[bot]`.toLowerCase());
    return u ? this.user(u.login) : null;
  }

  /** author_association as GitHub computes it (roughly): OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR or NONE. */
  association(r: RepoRec, login: string): string {
    if (r.owner.toLowerCase() === login.toLowerCase()) return 'OWNER';
    if (this.state.isOrgMember(r.owner, login)) return 'MEMBER';
    if (r.collaborators.has(login.toLowerCase())) return 'COLLABORATOR';
    if ([...r.issues.values()].some((i) => i.pull?.merged && i.user.toLowerCase() === login.toLowerCase())) return 'CONTRIBUTOR';
    return 'NONE';
  }
}
