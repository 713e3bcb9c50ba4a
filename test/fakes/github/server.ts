// FakeGitHub: the HTTP server, its seeding API and its state-change API (see index.ts for the overview).
import express from 'express';
import { listen, type Listening } from '../capture/listen.js';
import { GitRepos, type FileChanges, type MergeMethod } from '../git/index.js';
import { GitHubError, type CommentRec, type IssueRec, type LabelRec, type MilestoneRec, type Permission, type RepoRec, type ReviewCommentRec, type MergeQueueEntryRec, type ReviewRec, type RulesetRec, type StatusRec, type StatusState, type TeamRec } from './model.js';
import { GitHubState, type OpenPullRequestOptions } from './state.js';
import { DEFAULT_STATUS_OPTIONS, type ProjectV2Rec } from './projects-v2.js';
import { Shapes, type Urls } from './shapes.js';
import { WebhookSender, type Delivery } from './webhooks.js';
import { authenticate, rateLimitAndEtags, recordRequests, type AppConfig, type RateBucket, type RateResource, type RecordedRequest } from './middleware.js';
import type { RouteContext } from './routes/context.js';
import { userOrgRoutes } from './routes/users-orgs.js';
import { orgAdminRoutes } from './routes/org-admin.js';
import { repoRoutes } from './routes/repos.js';
import { issueRoutes } from './routes/issues.js';
import { pullRoutes } from './routes/pulls.js';
import { statusRoutes } from './routes/statuses.js';
import { appRoutes } from './routes/app.js';
import { searchRoutes } from './routes/search.js';
import { reactionRoutes } from './routes/reactions.js';
import { graphqlRoutes } from './routes/graphql.js';
import { gitHttpRoutes } from './git-http.js';
import { oauthRoutes, type OAuthState } from './routes/oauth.js';
import { intakeRoutes } from './routes/intake.js';
import { hookInvitationRoutes } from './routes/hooks-invitations.js';
import { appManifestRoutes, type ManifestState } from './routes/app-manifests.js';
import { rulesetFromRequest, rulesetRoutes } from './routes/rulesets.js';

export interface FakeGitHubOptions {
  /** Login that plain tokens authenticate as (default `k8s-ci-robot`). */
  botLogin?: string;
  /** token → login. When given, any other token (except issued installation tokens) gets 401 Bad credentials. */
  tokens?: Record<string, string>;
  /** Where webhooks are POSTed (can be set later with setHook). */
  hookUrl?: string;
  /** HMAC secret for X-Hub-Signature(-256). */
  hmacSecret?: string;
  /** A GitHub App whose JWTs are accepted (RS256, verified with this public key). */
  app?: { id: number; slug?: string; publicKeyPem: string };
  /** Base for html_url fields (default: the server's own URL). */
  htmlUrl?: string;
  /** Rate limits per window (defaults: core 5000/hour, search 30/minute, graphql 5000/hour). */
  rateLimits?: Partial<Record<RateResource, number>>;
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  /** Requests no route of the fake handles (answered 404): an API the fake lacks, or a wrong path. */
  readonly unmatched: RecordedRequest[] = [];
  /** Errors thrown by routes (500s): a bug in the fake or an unexpected request. */
  readonly serverErrors: Error[] = [];
  readonly rateLimits: Record<RateResource, RateBucket>;
  private readonly oauth: OAuthState = { apps: new Map(), login: undefined, codes: new Map() };
  /** GitHub Apps created through the manifest flow (`appsFromManifests`), with their keys and secrets. */
  readonly manifests: ManifestState = { apps: [], codes: new Map(), user: () => this.oauth.login ?? this.state.botLogin };
  private readonly webhooks: WebhookSender;
  private readonly shapes: Shapes;
  private stopped = false;

  private constructor(
    readonly state: GitHubState,
    readonly git: GitRepos,
    private readonly listening: Listening,
    readonly url: string,
    private readonly opts: FakeGitHubOptions,
    urls: Urls,
  ) {
    this.shapes = new Shapes(state, urls);
    this.webhooks = new WebhookSender(state, this.shapes);
    this.webhooks.hookUrl = opts.hookUrl;
    this.webhooks.secret = opts.hmacSecret ?? '';
    state.onEvent = (e) => this.webhooks.enqueue(e);
    const limit = (r: RateResource, d: number, windowSec: number): RateBucket => ({ limit: opts.rateLimits?.[r] ?? d, remaining: opts.rateLimits?.[r] ?? d, reset: Math.floor(Date.now() / 1000) + windowSec, windowSec });
    this.rateLimits = { core: limit('core', 5000, 3600), search: limit('search', 30, 60), graphql: limit('graphql', 5000, 3600) };
  }

  /** Starts the fake on 127.0.0.1 and a free port. */
  static async start(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
    const git = await GitRepos.create();
    const state = new GitHubState(git, opts.botLogin ?? 'k8s-ci-robot');
    for (const [token, login] of Object.entries(opts.tokens ?? {})) {
      state.ensureUser(login);
      state.tokens.set(token, { login });
    }
    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false);
    const listening = await listen(app);
    const url = listening.url;
    const urls: Urls = { api: url, html: opts.htmlUrl ?? url, clone: (r: RepoRec) => `${url}/${r.owner}/${r.name}.git` };
    const fake = new FakeGitHub(state, git, listening, url, opts, urls);
    fake.mount(app, urls);
    return fake;
  }

  private mount(app: express.Express, urls: Urls): void {
    const appConfig: AppConfig | undefined = this.opts.app ? { id: this.opts.app.id, slug: this.opts.app.slug ?? 'prow-app', publicKeyPem: this.opts.app.publicKeyPem } : undefined;
    // Git over HTTP first: it streams its own bodies and takes Basic auth, which the API would refuse.
    gitHttpRoutes(app, this.git, (token) => {
      const rec = this.state.tokens.get(token);
      if (rec) return rec.expiresAt !== undefined && rec.expiresAt < Date.now() ? undefined : rec.login;
      return this.opts.tokens === undefined ? this.state.botLogin : undefined;
    });
    // Bodies are JSON whatever the content type says (as GitHub's API), except form posts (the OAuth flow).
    const isForm = (req: { headers: Record<string, unknown> }): boolean => String(req.headers['content-type'] ?? '').includes('x-www-form-urlencoded');
    app.use(express.json({ limit: '50mb', type: (req) => !isForm(req), strict: false }));
    app.use(express.urlencoded({ extended: false, type: isForm }));
    app.use(recordRequests(this.requests));
    app.use((_req, res, next) => {
      res.setHeader('X-GitHub-Media-Type', 'github.v3; format=json');
      res.setHeader('X-GitHub-Request-Id', `FAKE:${this.requests.length}`);
      next();
    });
    oauthRoutes(app, { state: this.state, shapes: this.shapes, urls }, this.oauth);
    appManifestRoutes(app, { state: this.state, shapes: this.shapes, urls }, this.manifests);
    app.get('/rate_limit', (_req, res) => {
      const r = (b: RateBucket): Record<string, number> => ({ limit: b.limit, remaining: b.remaining, reset: b.reset, used: b.limit - b.remaining });
      res.json({ resources: { core: r(this.rateLimits.core), search: r(this.rateLimits.search), graphql: r(this.rateLimits.graphql) }, rate: r(this.rateLimits.core) });
    });
    app.use(authenticate(this.state, { strict: () => this.opts.tokens !== undefined, app: appConfig }));
    app.use(rateLimitAndEtags(this.rateLimits));
    // An installation token sees only its installation's repositories (others are 404, as on GitHub).
    app.use('/repos/:owner/:repo', (req, res, next) => {
      const id = res.locals.installationId as number | undefined;
      if (id === undefined) return next();
      const inst = this.state.installations.get(id);
      const owner = String(req.params.owner);
      const full = `${owner}/${String(req.params.repo)}`;
      const covered = inst !== undefined && inst.account.toLowerCase() === owner.toLowerCase() && (!inst.repositories || inst.repositories.some((r) => r.toLowerCase() === full.toLowerCase()));
      if (!covered) throw new GitHubError(404, 'Not Found');
      next();
    });
    const ctx: RouteContext = { state: this.state, shapes: this.shapes, urls };
    appRoutes(app, ctx, appConfig);
    intakeRoutes(app, ctx, this.webhooks, appConfig);
    userOrgRoutes(app, ctx);
    orgAdminRoutes(app, ctx);
    repoRoutes(app, ctx);
    rulesetRoutes(app, ctx);
    reactionRoutes(app, ctx);
    issueRoutes(app, ctx);
    pullRoutes(app, ctx);
    statusRoutes(app, ctx);
    hookInvitationRoutes(app, ctx);
    searchRoutes(app, ctx);
    graphqlRoutes(app, ctx, this.rateLimits.graphql);
    app.use((_req, res) => {
      const rec = res.locals.record as RecordedRequest | undefined;
      if (rec) this.unmatched.push(rec);
      res.status(404).json(new GitHubError(404, 'Not Found').body());
    });
    app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      if (err instanceof GitHubError) {
        res.status(err.status).json(err.body());
        return;
      }
      const e = err as Error & { type?: string; status?: number };
      if (e.type === 'entity.parse.failed') {
        res.status(400).json({ message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/rest' });
        return;
      }
      this.serverErrors.push(e);
      res.status(500).json({ message: `fake GitHub error: ${e.message}` });
    });
  }

  /** The GraphQL endpoint (`--github-graphql-endpoint`). */
  get graphqlUrl(): string {
    return `${this.url}/graphql`;
  }

  /** Every webhook raised so far (with the hook's response status once sent). */
  get deliveries(): readonly Delivery[] {
    return this.webhooks.deliveries;
  }

  /** Points webhooks at a URL (e.g. the hook role's `/hook`) signed with `secret`. */
  setHook(url: string | undefined, secret = this.webhooks.secret): void {
    this.webhooks.hookUrl = url;
    this.webhooks.secret = secret;
  }

  /** Waits until every queued webhook was delivered (or failed). */
  flush(): Promise<void> {
    return this.webhooks.flush();
  }

  /** Recorded requests matching a method and a path (exact string or RegExp). */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  /** Sets how many requests are left in a rate-limit bucket (0 makes the next request fail with 403). */
  setRateLimitRemaining(remaining: number, resource: RateResource = 'core'): void {
    this.rateLimits[resource].remaining = remaining;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.webhooks.flush();
    await this.listening.close();
    await this.git.cleanup();
  }

  // ---- seeding (no webhooks) ----

  addUser(login: string, opts: { name?: string; email?: string } = {}): void {
    const u = this.state.ensureUser(login);
    if (opts.name !== undefined) u.name = opts.name;
    if (opts.email !== undefined) u.email = opts.email;
  }

  /** Sets the user's GitHub status: busy (limited availability) or not. */
  setUserStatus(login: string, opts: { limitedAvailability: boolean }): void {
    this.state.ensureUser(login).limitedAvailability = opts.limitedAvailability;
  }

  /** Registers a token (Authorization: token …) for a login. */
  addToken(token: string, login: string): void {
    this.state.ensureUser(login);
    this.state.tokens.set(token, { login });
  }

  addOrg(login: string, opts: { members?: string[]; admins?: string[] } = {}): void {
    this.state.ensureOrg(login);
    for (const m of opts.members ?? []) this.state.addOrgMember(login, m, 'member');
    for (const m of opts.admins ?? []) this.state.addOrgMember(login, m, 'admin');
  }

  addOrgMember(org: string, login: string, role: 'admin' | 'member' = 'member'): void {
    this.state.addOrgMember(org, login, role);
  }

  addTeam(org: string, name: string, opts: { slug?: string; members?: string[]; maintainers?: string[]; repos?: Record<string, Permission> } = {}): TeamRec {
    return this.state.addTeam(org, name, opts);
  }

  /** Creates a repository backed by a real bare git repo with an initial commit of `files` on the default branch. */
  createRepo(owner: string, name: string, opts: { files?: FileChanges; defaultBranch?: string; private?: boolean; archived?: boolean; description?: string } = {}): Promise<RepoRec> {
    return this.state.createRepo(owner, name, opts);
  }

  addCollaborator(owner: string, repo: string, login: string, permission: Permission = 'write'): void {
    this.state.addCollaborator(owner, repo, login, permission);
  }

  createLabel(owner: string, repo: string, name: string, color = 'ededed', description: string | null = null): LabelRec {
    return this.state.createLabel(this.state.repo(owner, repo), { name, color, description });
  }

  createMilestone(owner: string, repo: string, title: string): MilestoneRec {
    return this.state.createMilestone(this.state.repo(owner, repo), title);
  }

  /** A Project (v2) of an org or user; its Status options are the columns (`null`: no Status field). */
  createProjectV2(owner: string, title: string, columns: string[] | null = DEFAULT_STATUS_OPTIONS, opts: { closed?: boolean } = {}): ProjectV2Rec {
    this.state.ensureUser(owner);
    return this.state.projectsV2.create(owner, title, columns, opts);
  }

  /** The projects (title → Status column, null for no status) issue or PR `number` is in. */
  projectsOf(owner: string, repo: string, number: number): Record<string, string | null> {
    const issue = this.state.issue(this.state.repo(owner, repo), number);
    return Object.fromEntries(this.state.projectsV2.itemsOf(issue).map(({ project, item }) => [project.title, this.state.projectsV2.statusName(project, item)]));
  }

  /** Branch protection as `PUT …/branches/:b/protection` would set it. */
  setBranchProtection(owner: string, repo: string, branch: string, protection: Record<string, unknown>): void {
    this.state.repo(owner, repo).protection.set(branch, protection);
  }

  /**
   * A repository ruleset as `POST /repos/:o/:r/rulesets` makes it (`name`, `enforcement`, `conditions.ref_name`,
   * `rules` with GitHub's `parameters`), e.g. `{ type: 'merge_queue', parameters: { merge_method: 'MERGE' } }`.
   */
  addRuleset(owner: string, repo: string, ruleset: Record<string, unknown>): RulesetRec {
    const rs = rulesetFromRequest(this.state.id(), { enforcement: 'active', target: 'branch', ...ruleset });
    this.state.repo(owner, repo).rulesets.push(rs);
    return rs;
  }

  /** An installation of the configured GitHub App on an account (optionally limited to some repos). */
  addInstallation(account: string, opts: { id?: number; repositories?: string[] } = {}): number {
    const id = opts.id ?? this.state.id();
    this.state.ensureUser(account);
    this.state.installations.set(id, { id, account, repositories: opts.repositories });
    return id;
  }

  /** Registers an OAuth app (Deck's github-oauth-config client_id/client_secret). */
  addOAuthApp(clientId: string, clientSecret: string): void {
    this.oauth.apps.set(clientId, clientSecret);
  }

  /** Who signs in at the next /login/oauth/authorize (the fake has no consent page). */
  setOAuthLogin(login: string): void {
    this.state.ensureUser(login);
    this.oauth.login = login;
  }

  /** The `file://` URL of a repository's bare repo (a job's `clone_uri`; no server involved). */
  cloneUrl(owner: string, repo: string): string {
    return this.state.repo(owner, repo).git.url;
  }

  /** The smart-HTTP clone URL (`<url>/<owner>/<repo>.git`, as the repo's clone_url; html_url works too). */
  httpCloneUrl(owner: string, repo: string): string {
    const r = this.state.repo(owner, repo);
    return `${this.url}/${r.owner}/${r.name}.git`;
  }

  // ---- state changes: each emits its webhook(s) and resolves once they were delivered ----

  private async settle<T>(p: Promise<T> | T): Promise<T> {
    const v = await p;
    await this.webhooks.flush();
    return v;
  }

  /** Opens a PR whose head commit has `files` on top of the base branch. Emits pull_request/opened. */
  openPullRequest(owner: string, repo: string, opts: OpenPullRequestOptions): Promise<IssueRec> {
    return this.settle(this.state.openPullRequest(this.state.repo(owner, repo), opts));
  }

  /** Pushes a commit to a PR's head. Emits pull_request/synchronize. Returns the new head sha. */
  pushToPullRequest(owner: string, repo: string, number: number, opts: { files?: FileChanges; message?: string; headSha?: string }, actor?: string): Promise<string> {
    const r = this.state.repo(owner, repo);
    return this.settle(this.state.pushToPullRequest(r, number, opts, actor ?? this.state.pull(r, number).user));
  }

  /** Pushes a commit to a branch. Emits push. Returns the new sha. */
  pushCommit(owner: string, repo: string, branch: string, files: FileChanges, opts: { message?: string; actor?: string } = {}): Promise<string> {
    const actor = opts.actor ?? this.state.botLogin;
    return this.settle(this.state.pushCommit(this.state.repo(owner, repo), branch, { files, message: opts.message }, actor));
  }

  /** Comments on an issue or PR. Emits issue_comment/created. */
  comment(owner: string, repo: string, number: number, actor: string, body: string): Promise<CommentRec> {
    return this.settle(this.state.createComment(this.state.repo(owner, repo), number, actor, body));
  }

  editComment(owner: string, repo: string, id: number, actor: string, body: string): Promise<CommentRec> {
    return this.settle(this.state.editComment(this.state.repo(owner, repo), id, actor, body));
  }

  deleteComment(owner: string, repo: string, id: number, actor: string): Promise<void> {
    return this.settle(this.state.deleteComment(this.state.repo(owner, repo), id, actor));
  }

  /** Comments on a line of a PR's diff. Emits pull_request_review_comment/created. */
  reviewComment(owner: string, repo: string, number: number, actor: string, opts: { body: string; path: string; line?: number }): Promise<ReviewCommentRec> {
    return this.settle(this.state.createReviewComment(this.state.repo(owner, repo), number, actor, opts));
  }

  /** Submits a review. Emits pull_request_review/submitted. */
  review(owner: string, repo: string, number: number, actor: string, state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED', body = ''): Promise<ReviewRec> {
    return this.settle(this.state.submitReview(this.state.repo(owner, repo), number, actor, { state, body }));
  }

  /** Labels an issue or PR. Emits pull_request/labeled (or issues/labeled) per new label. */
  addLabels(owner: string, repo: string, number: number, labels: string[], actor = this.state.botLogin): Promise<IssueRec> {
    return this.settle(this.state.addLabels(this.state.repo(owner, repo), number, labels, actor));
  }

  removeLabel(owner: string, repo: string, number: number, label: string, actor = this.state.botLogin): Promise<IssueRec> {
    return this.settle(this.state.removeLabel(this.state.repo(owner, repo), number, label, actor));
  }

  /** Sets a commit status. Emits status. */
  setStatus(owner: string, repo: string, sha: string, status: { state: StatusState; context: string; description?: string; target_url?: string }, actor = this.state.botLogin): Promise<StatusRec> {
    return this.settle(this.state.createStatus(this.state.repo(owner, repo), sha, status, actor));
  }

  /** Merges a PR. Emits push and pull_request/closed. */
  merge(owner: string, repo: string, number: number, opts: { method?: MergeMethod; sha?: string } = {}, actor = this.state.botLogin): Promise<{ sha: string }> {
    return this.settle(this.state.mergePull(this.state.repo(owner, repo), number, opts, actor));
  }

  /** Closes (or reopens) an issue or PR. Emits closed / reopened. */
  setIssueState(owner: string, repo: string, number: number, state: 'open' | 'closed', actor = this.state.botLogin): Promise<IssueRec> {
    return this.settle(this.state.updateIssue(this.state.repo(owner, repo), number, { state }, actor));
  }

  /** Edits title/body of an issue or PR. Emits edited. */
  editIssue(owner: string, repo: string, number: number, patch: { title?: string; body?: string; base?: string }, actor: string): Promise<IssueRec> {
    return this.settle(this.state.updateIssue(this.state.repo(owner, repo), number, patch, actor));
  }

  /** Marks a PR ready for review (`draft` false) or converts it to a draft. Emits ready_for_review / converted_to_draft. */
  setDraft(owner: string, repo: string, number: number, draft: boolean, actor?: string): Promise<IssueRec> {
    const r = this.state.repo(owner, repo);
    return this.settle(this.state.setDraft(r, number, draft, actor ?? this.state.pull(r, number).user));
  }

  createIssue(owner: string, repo: string, author: string, opts: { title: string; body?: string; labels?: string[] }): Promise<IssueRec> {
    return this.settle(this.state.createIssue(this.state.repo(owner, repo), author, opts));
  }

  // ---- reading state ----

  issue(owner: string, repo: string, number: number): IssueRec {
    return this.state.issue(this.state.repo(owner, repo), number);
  }

  /** Comments on an issue or PR, oldest first. */
  comments(owner: string, repo: string, number: number): CommentRec[] {
    return this.state.repo(owner, repo).comments.filter((c) => c.issueNumber === number);
  }

  /** The latest status per context of a commit. */
  statuses(owner: string, repo: string, sha: string): StatusRec[] {
    return this.state.latestStatuses(this.state.repo(owner, repo), sha);
  }

  /** The merge queue of a branch, first to merge first. */
  mergeQueue(owner: string, repo: string, branch: string): readonly MergeQueueEntryRec[] {
    return this.state.repo(owner, repo).mergeQueues.get(branch) ?? [];
  }

  /** Waits until the merge queues finished their work (groups built, merges done) and its webhooks were delivered. */
  async mergeQueueIdle(): Promise<void> {
    await this.state.mergeQueues.idle();
    await this.webhooks.flush();
  }

  /** A branch's current sha (null when missing). */
  branchSha(owner: string, repo: string, branch: string): Promise<string | null> {
    return this.state.repo(owner, repo).git.resolve(`refs/heads/${branch}`);
  }
}
