// The GraphQL v4 types the project queries, as resolver objects over the fake's state: Query (search, viewer,
// user, organization, repository, rateLimit), PullRequest, Issue, Commit (status, statusCheckRollup,
// checkSuites), Repository, User/Bot/Organization, Label, Milestone, connections with cursors.
import type { GitHubState } from '../state.js';
import type { IssueRec, MergeQueueEntryRec, RepoRec } from '../model.js';
import { mergeQueueRule, requiredChecks } from '../rulesets.js';
import { nodeId, type Urls } from '../shapes.js';
import { IssueSearch } from '../search-query.js';
import type { RateBucket } from '../middleware.js';
import { FieldError, type Args, type GqlObject, type Resolved } from './execute.js';
import { MUTATIONS } from './mutations/index.js';
import { ProjectsV2Graph } from './projects-v2.js';

const cursorOf = (i: number): string => Buffer.from(`cursor:v2:${i}`).toString('base64');
const indexOf = (c: unknown): number => {
  if (typeof c !== 'string') return -1;
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(c, 'base64').toString('utf8'));
  if (!m) throw new FieldError(`\`${c}\` does not appear to be a valid cursor.`, 'INVALID_CURSOR_ARGUMENTS');
  return Number(m[1]);
};

/** A Relay connection over `items` honouring first/last/after/before, as GitHub's (first or last ≤ 100). */
export function connection<T>(typename: string, items: T[], args: Args, toNode: (t: T) => Resolved): GqlObject {
  const first = typeof args.first === 'number' ? args.first : undefined;
  const last = typeof args.last === 'number' ? args.last : undefined;
  if ((first ?? 0) > 100 || (last ?? 0) > 100) throw new FieldError(`Requesting ${first ?? last} records on the \`${typename}\` connection exceeds the \`${first !== undefined ? 'first' : 'last'}\` limit of 100 records.`, 'EXCESSIVE_PAGINATION');
  let start = args.after !== undefined && args.after !== null ? indexOf(args.after) + 1 : 0;
  let end = args.before !== undefined && args.before !== null ? indexOf(args.before) : items.length;
  if (first !== undefined) end = Math.min(end, start + first);
  if (last !== undefined) start = Math.max(start, end - last);
  const slice = items.slice(start, end).map((item, i) => ({ item, index: start + i }));
  return {
    __typename: `${typename}Connection`,
    totalCount: items.length,
    nodes: slice.map((s) => toNode(s.item)),
    edges: slice.map((s) => ({ __typename: `${typename}Edge`, cursor: cursorOf(s.index), node: toNode(s.item) })),
    pageInfo: {
      __typename: 'PageInfo',
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice.length ? cursorOf(slice[0].index) : null,
      endCursor: slice.length ? cursorOf(slice[slice.length - 1].index) : null,
    },
  };
}

function memo<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
}

const upper = (s: string | null): string | null => (s === null ? null : s.toUpperCase());

export class GraphQLSchema {
  private readonly search: IssueSearch;
  readonly projectsV2: ProjectsV2Graph;

  constructor(private readonly state: GitHubState, private readonly urls: Urls, private readonly rate: RateBucket) {
    this.search = new IssueSearch(state);
    this.projectsV2 = new ProjectsV2Graph(state.projectsV2, urls, (r, i) => (i.pull ? this.pullRequest(r, i) : this.issue(r, i)), (login) => this.state.orgs.has(login.toLowerCase()));
  }

  root(viewer: string | undefined): GqlObject {
    return {
      __typename: 'Query',
      viewer: () => {
        if (!viewer) throw new FieldError('This endpoint requires you to be authenticated.');
        return this.actor(viewer);
      },
      user: (a) => {
        const u = this.state.users.get(String(a.login).toLowerCase());
        if (!u || u.type === 'Organization') throw new FieldError(`Could not resolve to a User with the login of '${String(a.login)}'.`, 'NOT_FOUND');
        return this.actor(u.login);
      },
      organization: (a) => {
        const o = this.state.orgs.get(String(a.login).toLowerCase());
        if (!o) throw new FieldError(`Could not resolve to an Organization with the login of '${String(a.login)}'.`, 'NOT_FOUND');
        return this.actor(o.login);
      },
      repositoryOwner: (a) => {
        const u = this.state.users.get(String(a.login).toLowerCase());
        return u && u.type !== 'Bot' ? this.actor(u.login) : null;
      },
      repository: (a) => {
        const r = this.state.repos.get(`${String(a.owner)}/${String(a.name)}`.toLowerCase());
        if (!r) throw new FieldError(`Could not resolve to a Repository with the name '${String(a.owner)}/${String(a.name)}'.`, 'NOT_FOUND');
        return this.repository(r);
      },
      search: (a) => {
        if (a.type !== 'ISSUE' && a.type !== 'USER') throw new FieldError(`The fake GitHub searches types ISSUE and USER only, not ${String(a.type)}`);
        if (a.first === undefined && a.last === undefined) throw new FieldError('You must provide a `first` or `last` value to properly paginate the `search` connection.', 'MISSING_PAGINATION_BOUNDARIES');
        if (a.type === 'USER') {
          // Users whose public email is the query (what the bugzilla plugin asks to find a QA contact).
          const q = String(a.query ?? '').toLowerCase();
          const users = [...this.state.users.values()].filter((u) => u.type === 'User' && u.email !== null && u.email.toLowerCase() === q);
          return { ...connection('Search', users, a, (u) => this.actor(u.login)), __typename: 'SearchResultItemConnection', userCount: users.length };
        }
        const found = this.search.run(String(a.query ?? ''));
        const conn = connection('Search', found, a, ({ repo, issue }) => (issue.pull ? this.pullRequest(repo, issue) : this.issue(repo, issue)));
        return { ...conn, __typename: 'SearchResultItemConnection', issueCount: found.length };
      },
      node: (a) => {
        const project = this.projectsV2.node(a.id);
        if (project) return project;
        const found = this.state.issueByNodeId(String(a.id ?? ''));
        if (!found) throw new FieldError(`Could not resolve to a node with the global id of '${String(a.id)}'`, 'NOT_FOUND');
        return found.issue.pull ? this.pullRequest(found.repo, found.issue) : this.issue(found.repo, found.issue);
      },
      rateLimit: {
        __typename: 'RateLimit',
        cost: 1,
        limit: this.rate.limit,
        remaining: this.rate.remaining,
        used: this.rate.limit - this.rate.remaining,
        nodeCount: 1,
        resetAt: new Date(this.rate.reset * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
    };
  }

  /** The Mutation type: every entry of MUTATIONS, each called with its `input` argument. */
  mutationRoot(viewer: string): GqlObject {
    const root: GqlObject = { __typename: 'Mutation' };
    for (const [name, mutation] of Object.entries(MUTATIONS)) {
      root[name] = (a: Args) => {
        if (typeof a.input !== 'object' || a.input === null) throw new FieldError(`Argument 'input' on Field '${name}' has an invalid value.`, 'argumentLiteralsIncompatible');
        return mutation(a.input as Args, { state: this.state, schema: this, viewer });
      };
    }
    return root;
  }

  actor(login: string): GqlObject {
    const u = this.state.users.get(login.toLowerCase()) ?? this.state.ensureUser(login);
    const kind = u.type === 'Organization' ? 'Organization' : u.type === 'Bot' ? 'Bot' : 'User';
    const display = kind === 'Bot' ? u.login.replace(/\[bot\]$/, '') : u.login;
    const obj: GqlObject = {
      __typename: kind,
      __implements: ['Actor', 'Node', 'RepositoryOwner'],
      id: nodeId(kind, u.id),
      databaseId: u.id,
      login: display,
      name: u.name,
      email: u.email ?? '',
      url: `${this.urls.html}/${u.login}`,
      avatarUrl: `${this.urls.html}/avatars/${u.login}`,
    };
    if (kind === 'Organization') {
      const org = this.state.org(u.login);
      obj.membersWithRole = (a) => connection('OrganizationMember', [...org.members.keys()], a, (l) => this.actor(l));
      obj.teams = (a) => connection('Team', org.teams, a, (t) => ({ __typename: 'Team', id: nodeId('Team', t.id), databaseId: t.id, name: t.name, slug: t.slug, description: t.description, members: (ma: Args) => connection('TeamMember', [...t.members.keys()], ma, (l) => this.actor(l)) }));
    }
    if (kind === 'User') {
      obj.status = u.limitedAvailability === undefined ? null : { __typename: 'UserStatus', indicatesLimitedAvailability: u.limitedAvailability, message: u.limitedAvailability ? 'Busy' : null };
    }
    if (kind !== 'Bot') {
      Object.assign(obj, this.projectsV2.ownerFields(u.login));
      obj.repositories = (a) => connection('Repository', [...this.state.repos.values()].filter((r) => r.owner.toLowerCase() === u.login.toLowerCase()), a, (r) => this.repository(r));
    }
    return obj;
  }

  repository(r: RepoRec): GqlObject {
    const full = `${r.owner}/${r.name}`;
    const branchRef = (name: string): GqlObject => ({
      __typename: 'Ref',
      id: nodeId('Ref', r.id),
      name,
      prefix: 'refs/heads/',
      target: async () => {
        const sha = await r.git.resolve(`refs/heads/${name}`);
        return sha ? this.commit(r, sha) : null;
      },
    });
    return {
      __typename: 'Repository',
      __implements: ['Node'],
      id: nodeId('Repository', r.id),
      databaseId: r.id,
      name: r.name,
      nameWithOwner: full,
      owner: this.actor(r.owner),
      url: `${this.urls.html}/${full}`,
      description: r.description,
      isArchived: r.archived,
      isPrivate: r.private,
      isFork: r.fork,
      defaultBranchRef: branchRef(r.defaultBranch),
      mergeCommitAllowed: true,
      squashMergeAllowed: true,
      rebaseMergeAllowed: true,
      ref: async (a) => {
        const q = String(a.qualifiedName ?? '');
        const name = q.replace(/^refs\/heads\//, '');
        return (await r.git.resolve(`refs/heads/${name}`)) ? branchRef(name) : null;
      },
      pullRequest: (a) => {
        const i = r.issues.get(Number(a.number));
        if (!i?.pull) throw new FieldError(`Could not resolve to a PullRequest with the number of ${String(a.number)}.`, 'NOT_FOUND');
        return this.pullRequest(r, i);
      },
      issue: (a) => {
        const i = r.issues.get(Number(a.number));
        if (!i || i.pull) throw new FieldError(`Could not resolve to an Issue with the number of ${String(a.number)}.`, 'NOT_FOUND');
        return this.issue(r, i);
      },
      issueOrPullRequest: (a) => {
        const i = r.issues.get(Number(a.number));
        if (!i) throw new FieldError(`Could not resolve to an issue or pull request with the number of ${String(a.number)}.`, 'NOT_FOUND');
        return i.pull ? this.pullRequest(r, i) : this.issue(r, i);
      },
      pullRequests: (a) => {
        const states = Array.isArray(a.states) ? (a.states as string[]) : undefined;
        const labels = Array.isArray(a.labels) ? (a.labels as string[]) : undefined;
        const prs = [...r.issues.values()].filter(
          (i) =>
            i.pull &&
            (!states || states.includes(i.pull.merged ? 'MERGED' : i.state.toUpperCase())) &&
            (a.baseRefName === undefined || a.baseRefName === null || i.pull.baseRef === a.baseRefName) &&
            (a.headRefName === undefined || a.headRefName === null || i.pull.headRef === a.headRefName) &&
            (!labels || labels.some((l) => i.labels.includes(l))),
        );
        return connection('PullRequest', prs, a, (i) => this.pullRequest(r, i));
      },
      labels: (a) => connection('Label', r.labels.map((l) => l.name), a, (l) => this.label(r, l)),
      milestones: (a) => connection('Milestone', r.milestones, a, (m) => this.milestone(r, m.number)),
      mergeQueue: (a) => this.mergeQueue(r, typeof a.branch === 'string' ? a.branch : r.defaultBranch),
    };
  }

  /** A branch's merge queue; null where no ruleset or branch protection requires one (as GitHub answers). */
  mergeQueue(r: RepoRec, branch: string): GqlObject | null {
    const rule = mergeQueueRule(r, branch);
    if (!rule) return null;
    const entries = (): MergeQueueEntryRec[] => r.mergeQueues.get(branch) ?? [];
    return {
      __typename: 'MergeQueue',
      __implements: ['Node'],
      id: nodeId('MergeQueue', r.id),
      url: `${this.urls.html}/${r.owner}/${r.name}/queue/${branch}`,
      configuration: { __typename: 'MergeQueueConfiguration', mergeMethod: String(rule.merge_method ?? 'MERGE'), mergingStrategy: rule.grouping_strategy === 'HEADGREEN' ? 'HEADGREEN' : 'ALLGREEN', maximumEntriesToBuild: Number(rule.max_entries_to_build ?? 5) },
      entries: (a) => connection('MergeQueueEntry', entries(), a, (e) => this.mergeQueueEntry(r, e, entries().indexOf(e) + 1)),
    };
  }

  mergeQueueEntry(r: RepoRec, e: MergeQueueEntryRec, position: number): GqlObject {
    return {
      __typename: 'MergeQueueEntry',
      __implements: ['Node'],
      id: nodeId('MergeQueueEntry', e.id),
      position,
      state: e.state,
      enqueuedAt: e.enqueuedAt,
      enqueuer: this.actor(e.enqueuer),
      jump: false,
      solo: false,
      estimatedTimeToMerge: null,
      headCommit: () => (e.headSha ? this.commit(r, e.headSha) : null),
      baseCommit: () => (e.baseSha ? this.commit(r, e.baseSha) : null),
      pullRequest: () => this.pullRequest(r, this.state.pull(r, e.number)),
    };
  }

  label(r: RepoRec, name: string): GqlObject {
    const l = this.state.label(r, name);
    return { __typename: 'Label', id: nodeId('Label', l?.id ?? 0), name, color: l?.color ?? 'ededed', description: l?.description ?? null };
  }

  milestone(r: RepoRec, number: number | null): GqlObject | null {
    const m = r.milestones.find((x) => x.number === number);
    if (!m) return null;
    return { __typename: 'Milestone', id: nodeId('Milestone', m.id), number: m.number, title: m.title, description: m.description, state: m.state.toUpperCase() };
  }

  private issueCommon(r: RepoRec, i: IssueRec, kind: 'Issue' | 'PullRequest'): GqlObject {
    const path = kind === 'PullRequest' ? 'pull' : 'issues';
    return {
      __typename: kind,
      __implements: ['Node', 'SearchResultItem', 'Assignable', 'Labelable', 'Comment'],
      id: nodeId(kind, i.id),
      databaseId: i.id,
      number: i.number,
      title: i.title,
      body: i.body ?? '',
      bodyText: i.body ?? '',
      url: `${this.urls.html}/${r.owner}/${r.name}/${path}/${i.number}`,
      permalink: `${this.urls.html}/${r.owner}/${r.name}/${path}/${i.number}`,
      closed: i.state === 'closed',
      closedAt: i.closedAt,
      createdAt: i.createdAt,
      updatedAt: i.updatedAt,
      locked: i.locked,
      author: this.actor(i.user),
      authorAssociation: this.authorAssociation(r, i.user),
      repository: () => this.repository(r),
      projectItems: this.projectsV2.projectItems(i),
      labels: (a) => connection('Label', i.labels, a, (l) => this.label(r, l)),
      assignees: (a) => connection('User', i.assignees, a, (l) => this.actor(l)),
      milestone: this.milestone(r, i.milestone),
      comments: (a) => connection('IssueComment', r.comments.filter((c) => c.issueNumber === i.number), a, (c) => ({
        __typename: 'IssueComment',
        id: nodeId('IssueComment', c.id),
        databaseId: c.id,
        body: c.body,
        author: this.actor(c.user),
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
      })),
    };
  }

  private authorAssociation(r: RepoRec, login: string): string {
    if (r.owner.toLowerCase() === login.toLowerCase()) return 'OWNER';
    if (this.state.isOrgMember(r.owner, login)) return 'MEMBER';
    if (r.collaborators.has(login.toLowerCase())) return 'COLLABORATOR';
    return 'NONE';
  }

  issue(r: RepoRec, i: IssueRec): GqlObject {
    return { ...this.issueCommon(r, i, 'Issue'), state: i.state.toUpperCase(), stateReason: upper(i.stateReason), isPinned: Boolean(i.pinned) };
  }

  pullRequest(r: RepoRec, i: IssueRec): GqlObject {
    const p = i.pull;
    if (!p) throw new Error(`#${i.number} is not a pull request`);
    const live = memo(() => this.state.pullLive(r, p, i.state === 'open'));
    const commits = memo(async () => r.git.commitsBetween((await live()).baseSha, p.headSha));
    const mergeable = async (): Promise<string> => {
      const m = (await live()).mergeable;
      return m === null ? 'UNKNOWN' : m ? 'MERGEABLE' : 'CONFLICTING';
    };
    const ref = (name: string, sha: () => Promise<string>): GqlObject => ({
      __typename: 'Ref',
      id: nodeId('Ref', i.id),
      name,
      prefix: 'refs/heads/',
      target: async () => this.commit(r, await sha()),
    });
    return {
      ...this.issueCommon(r, i, 'PullRequest'),
      state: p.merged ? 'MERGED' : i.state.toUpperCase(),
      merged: p.merged,
      mergedAt: p.mergedAt,
      mergedBy: p.mergedBy ? this.actor(p.mergedBy) : null,
      isDraft: p.draft,
      baseRefName: p.baseRef,
      headRefName: p.headRef,
      headRefOid: p.headSha,
      baseRefOid: async () => (await live()).baseSha,
      baseRef: ref(p.baseRef, async () => (await live()).baseSha),
      headRef: ref(p.headRef, async () => p.headSha),
      baseRepository: () => this.repository(r),
      headRepository: () => this.repository(r),
      headRepositoryOwner: this.actor(r.owner),
      isCrossRepository: false,
      maintainerCanModify: p.maintainerCanModify,
      mergeable,
      canBeRebased: async () => (await mergeable()) === 'MERGEABLE',
      mergeStateStatus: async () => {
        if (p.draft) return 'DRAFT';
        const m = await mergeable();
        if (m === 'CONFLICTING') return 'DIRTY';
        if (m === 'UNKNOWN') return 'UNKNOWN';
        // Branch protection GitHub enforces: required reviews not approved, or a required check not passing.
        const protection = r.protection.get(p.baseRef) as { required_pull_request_reviews?: unknown } | undefined;
        if (protection?.required_pull_request_reviews && this.state.reviewDecision(r, i) !== 'APPROVED') return 'BLOCKED';
        const passing = new Set(this.state.latestStatuses(r, p.headSha).filter((s) => s.state === 'success').map((s) => s.context));
        if (requiredChecks(r, p.baseRef).some((c) => !passing.has(c))) return 'BLOCKED';
        return this.state.combinedState(this.state.latestStatuses(r, p.headSha)) === 'success' ? 'CLEAN' : 'UNSTABLE';
      },
      reviewDecision: this.state.reviewDecision(r, i),
      additions: async () => (await live()).additions,
      deletions: async () => (await live()).deletions,
      changedFiles: async () => (await live()).changedFiles,
      mergeCommit: p.mergeCommitSha ? () => this.commit(r, p.mergeCommitSha!) : null,
      commits: async (a) => connection('PullRequestCommit', await commits(), a, (c) => ({ __typename: 'PullRequestCommit', id: nodeId('PullRequestCommit', i.id), commit: this.commit(r, c.sha) })),
      files: async (a) => {
        const files = await r.git.changedFiles((await live()).baseSha, p.headSha);
        return connection('PullRequestChangedFile', files, a, (f) => ({ __typename: 'PullRequestChangedFile', path: f.filename, additions: f.additions, deletions: f.deletions, changeType: f.status === 'added' ? 'ADDED' : f.status === 'removed' ? 'DELETED' : 'MODIFIED' }));
      },
      reviews: (a) => {
        const states = Array.isArray(a.states) ? (a.states as string[]) : undefined;
        const reviews = p.reviews.filter((rv) => !states || states.includes(rv.state));
        return connection('PullRequestReview', reviews, a, (rv) => ({
          __typename: 'PullRequestReview',
          id: nodeId('PullRequestReview', rv.id),
          databaseId: rv.id,
          author: this.actor(rv.user),
          state: rv.state,
          body: rv.body,
          submittedAt: rv.submittedAt,
          createdAt: rv.submittedAt,
          commit: this.commit(r, rv.commitId),
          authorAssociation: this.authorAssociation(r, rv.user),
        }));
      },
      reviewRequests: (a) => connection('ReviewRequest', p.requestedReviewers, a, (l) => ({ __typename: 'ReviewRequest', requestedReviewer: this.actor(l) })),
      isInMergeQueue: () => this.state.mergeQueues.entryOf(r, i) !== undefined,
      mergeQueueEntry: () => {
        const found = this.state.mergeQueues.entryOf(r, i);
        return found ? this.mergeQueueEntry(r, found.entry, found.position) : null;
      },
      mergeQueue: () => this.mergeQueue(r, p.baseRef),
    };
  }

  commit(r: RepoRec, sha: string): GqlObject {
    const info = memo(() => r.git.commitInfo(sha));
    const statuses = (): ReturnType<GitHubState['latestStatuses']> => this.state.latestStatuses(r, sha);
    const runs = (): typeof r.checkRuns => r.checkRuns.filter((c) => c.headSha === sha);
    const statusContext = (s: ReturnType<typeof statuses>[number]): GqlObject => ({
      __typename: 'StatusContext',
      id: nodeId('StatusContext', s.id),
      context: s.context,
      state: s.state.toUpperCase(),
      description: s.description,
      targetUrl: s.targetUrl,
      createdAt: s.createdAt,
      creator: this.actor(s.creator),
    });
    const checkRun = (c: (typeof r.checkRuns)[number]): GqlObject => ({
      __typename: 'CheckRun',
      id: nodeId('CheckRun', c.id),
      databaseId: c.id,
      name: c.name,
      status: c.status.toUpperCase(),
      conclusion: upper(c.conclusion),
      detailsUrl: c.detailsUrl,
      startedAt: c.startedAt,
      completedAt: c.completedAt,
      title: c.output.title,
      summary: c.output.summary,
    });
    return {
      __typename: 'Commit',
      __implements: ['Node', 'GitObject'],
      id: nodeId('Commit', parseInt(sha.slice(0, 8), 16)),
      oid: sha,
      abbreviatedOid: sha.slice(0, 7),
      url: `${this.urls.html}/${r.owner}/${r.name}/commit/${sha}`,
      message: async () => (await info())?.message ?? '',
      messageHeadline: async () => ((await info())?.message ?? '').split('\n')[0],
      committedDate: async () => (await info())?.committer.date ?? null,
      authoredDate: async () => (await info())?.author.date ?? null,
      pushedDate: async () => (await info())?.committer.date ?? null,
      status: () => {
        const s = statuses();
        if (s.length === 0) return null;
        return { __typename: 'Status', id: nodeId('Status', s[0].id), state: this.state.combinedState(s).toUpperCase(), contexts: s.map(statusContext), context: (a: Args) => {
          const found = s.find((x) => x.context === a.name);
          return found ? statusContext(found) : null;
        } };
      },
      statusCheckRollup: () => {
        const s = statuses();
        const c = runs();
        if (s.length === 0 && c.length === 0) return null;
        const failed = s.some((x) => x.state === 'failure' || x.state === 'error') || c.some((x) => x.conclusion !== null && !['success', 'neutral', 'skipped'].includes(x.conclusion));
        const pending = s.some((x) => x.state === 'pending') || c.some((x) => x.status !== 'completed');
        const items: GqlObject[] = [...c.map(checkRun), ...s.map(statusContext)];
        return { __typename: 'StatusCheckRollup', state: failed ? 'FAILURE' : pending ? 'PENDING' : 'SUCCESS', contexts: (a: Args) => connection('StatusCheckRollupContext', items, a, (x) => x) };
      },
      checkSuites: (a) => {
        const byApp = new Map<string, typeof r.checkRuns>();
        for (const c of runs()) byApp.set(c.app, [...(byApp.get(c.app) ?? []), c]);
        const suites = [...byApp.entries()].map(([app, list]) => {
          const done = list.every((x) => x.status === 'completed');
          const conclusion = !done ? null : list.every((x) => x.conclusion === 'success' || x.conclusion === 'neutral' || x.conclusion === 'skipped') ? 'SUCCESS' : 'FAILURE';
          return {
            __typename: 'CheckSuite',
            app: { __typename: 'App', name: app, slug: app },
            status: done ? 'COMPLETED' : 'IN_PROGRESS',
            conclusion,
            checkRuns: (ra: Args) => connection('CheckRun', list, ra, checkRun),
          } as GqlObject;
        });
        return connection('CheckSuite', suites, a, (x) => x);
      },
    };
  }
}
