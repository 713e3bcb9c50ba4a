// A stateful fake GitHub for tests and benchmarks: an express server on 127.0.0.1 that speaks REST v3 and
// GraphQL v4 with GitHub's shapes, status codes and errors, backed by real bare git repositories.
//
// START / STOP
//   const gh = await FakeGitHub.start({
//     botLogin: 'k8s-ci-robot',             // who a plain token is (default k8s-ci-robot)
//     tokens: { 'tok': 'k8s-ci-robot' },     // optional: only these tokens (and issued installation tokens) work
//     hookUrl: 'http://127.0.0.1:8888/hook', // optional: where webhooks go (or gh.setHook(url, secret) later)
//     hmacSecret: 'abc',                     // signs X-Hub-Signature-256 / X-Hub-Signature
//     app: { id: 1234, slug: 'prow-app', publicKeyPem },  // optional GitHub App: JWTs verified with RS256
//     rateLimits: { core: 1_000_000 },       // GitHub's limits by default (core 5000/h): raise them for benchmarks
//   });
//   gh.url          → REST base, for --github-endpoint and octokit's baseUrl
//   gh.graphqlUrl   → GraphQL endpoint, for --github-graphql-endpoint
//   await gh.stop() → flushes webhooks, closes the server, deletes the git repositories
//
// SEED STATE (no webhooks)
//   gh.addUser('alice', { email: 'a@example.com' }); gh.addToken('alice-token', 'alice'); gh.setUserStatus('alice', { limitedAvailability: true }) (GraphQL user.status)
//   gh.addOrg('org', { members: ['alice'], admins: ['root'] }); gh.addTeam('org', 'Reviewers', { members: ['bob'], repos: { 'org/repo': 'write' } });
//   await gh.createRepo('org', 'repo', { files: { 'OWNERS': 'approvers:\n- alice\n' }, defaultBranch: 'main' });
//   gh.addCollaborator('org', 'repo', 'bob', 'write'); gh.createLabel('org', 'repo', 'lgtm'); gh.createMilestone('org', 'repo', 'v1');
//   gh.createProjectV2('org', 'Roadmap', ['Todo', 'Done']) → a Project (v2) whose Status options are the columns
//                                (GraphQL: projectV2/projectsV2, projectItems, add/update/delete item mutations);
//                                gh.projectsOf('org', 'repo', 1) → { Roadmap: 'Todo' }
//   gh.setBranchProtection('org', 'repo', 'main', { required_pull_request_reviews: {…}, … });
//   gh.addRuleset('org', 'repo', { name, conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] } },
//     rules: [{ type: 'required_status_checks', parameters: { required_status_checks: [{ context: 'unit' }] } },
//             { type: 'merge_queue', parameters: { merge_method: 'MERGE' } }] })
//                                → GET /repos/o/r/rulesets(/:id), /rules/branches/:branch; a `merge_queue` rule (or
//                                branch protection's `required_merge_queue`) makes REST merges 405 "Changes must be
//                                made through the merge queue"
//   gh.addInstallation('org')  → installation id (GitHub App)
//   gh.addOAuthApp('client-id', 'secret'); gh.setOAuthLogin('alice') → /login/oauth/authorize redirects back with
//                                a code; /login/oauth/access_token exchanges it for alice's token (Deck sign-in)
//   App manifest flow: POST <url>/settings/apps/new?state=S (or /organizations/ORG/settings/apps/new) with the
//                                form field `manifest` creates an App and redirects to its redirect_url with a code;
//                                POST /app-manifests/CODE/conversions returns id, pem, webhook_secret, …;
//                                gh.manifests.apps lists the created Apps with their keys and secrets
//   gh.cloneUrl('org', 'repo') → file:// URL of the bare repository (a job's clone_uri); PR heads are
//                                refs/pull/N/head there, branches refs/heads/*.
//   gh.httpCloneUrl('org', 'repo') → <url>/org/repo.git served by `git http-backend`; the repo's html_url (a
//                                ProwJob's repo_link) clones too, as from github.com. A user may push there (Basic
//                                auth, the token as password) to repositories of their own account only (forks).
//   POST /repos/o/r/forks       → <viewer>/r, a fork with the parent's branches; a PR's `head: user:branch` then
//                                names the fork's branch. GET …/pulls/N with the patch media type → git format-patch.
//
// STATE CHANGES (each emits GitHub's webhook, signed, to the hook URL, and resolves once delivered)
//   const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.go': '…' }, title, base, head, labels, draft })
//   await gh.pushToPullRequest('org', 'repo', pr.number, { files })      → pull_request/synchronize
//   await gh.pushCommit('org', 'repo', 'main', { 'b.txt': '…' })        → push
//   await gh.comment('org', 'repo', pr.number, 'bob', '/lgtm')          → issue_comment/created (editComment, deleteComment)
//   await gh.review('org', 'repo', pr.number, 'bob', 'APPROVED')        → pull_request_review/submitted
//   await gh.addLabels('org', 'repo', pr.number, ['lgtm']) / removeLabel → pull_request/labeled, unlabeled
//   await gh.setStatus('org', 'repo', sha, { state: 'success', context: 'ci' }) → status
//   await gh.merge('org', 'repo', pr.number, { method: 'squash' })      → push + pull_request/closed
//   await gh.setIssueState(…, 'closed'), gh.editIssue(…, { title, body, base }), gh.createIssue(…)
//   await gh.setDraft('org', 'repo', pr.number, false)                  → pull_request/ready_for_review (true: converted_to_draft)
//   Assignees GitHub cannot assign (not collaborators or org members, past 10) are dropped without an error, as
//   GitHub does; review requests from non-collaborators or the author are refused with 422.
//   MERGE QUEUE: GraphQL enqueuePullRequest / dequeuePullRequest, PullRequest.mergeQueueEntry { position state },
//   Repository.mergeQueue(branch) / PullRequest.mergeQueue { entries }. Enqueueing builds the merge group with git on
//   gh-readonly-queue/<branch>/pr-<n>-<parent sha> and sends merge_group/checks_requested; once the branch's required
//   checks pass on the group head (and the groups before it merged) the base fast-forwards to it, the PR closes as
//   merged, merge_group/destroyed (reason merged); a failing required check or a dequeue sends destroyed (dequeued)
//   and rebuilds the groups after it (invalidated, then checks_requested). gh.mergeQueue(o, r, branch) lists the
//   entries; `await gh.mergeQueueIdle()` waits for the queue's work and its webhooks.
//   Changes made through the HTTP API by the code under test emit the same webhooks (without waiting);
//   `await gh.flush()` waits for every queued delivery.
//
// READ STATE AND RECORDED TRAFFIC
//   gh.issue(o, r, n) (PRs too: .pull holds head/base/merged/reviews), gh.comments(o, r, n), gh.statuses(o, r, sha),
//   gh.branchSha(o, r, 'main'), gh.state (everything), gh.deliveries (webhooks: event, action, payload, status),
//   gh.requests (method, path, query, body, headers, status, viewer), gh.requestsTo('POST', /\/comments$/),
//   gh.serverErrors (500s: bugs or unexpected requests), gh.setRateLimitRemaining(0) to exhaust the rate limit.
//
// HTTP BEHAVIOUR: 404 {"message":"Not Found","documentation_url":…}; 422 {"message":"Validation Failed","errors":[…]};
// 401 "Bad credentials"; Link-header pagination (per_page ≤ 100, page); ETag on GETs with 304 for a matching
// If-None-Match (not counted against the rate limit); X-RateLimit-* headers and 403 once exhausted; merges with
// merge/squash/rebase, `sha` guard → 409, conflicts → 405 "Pull Request is not mergeable"; GET /search/issues and
// GraphQL search(type: ISSUE) with Tide's qualifiers and search(type: USER) by public email; GitHub App token exchange and installation lookup
// (an installation token sees only its installation's repositories). gh.unmatched lists requests no route handled.
// GraphQL mutations (graphql/mutations/, one module per feature): convertPullRequestToDraft,
// markPullRequestReadyForReview, transferIssue (same owner, not PRs), pinIssue (at most 3 per repo), unpinIssue;
// PATCH check-runs/:id only by the app (login) that created the run.
export { FakeGitHub, type FakeGitHubOptions } from './server.js';
export { signPayload, type Delivery } from './webhooks.js';
export type { RecordedRequest, RateResource } from './middleware.js';
export type { OpenPullRequestOptions } from './state.js';
export type { ProjectV2Rec } from './projects-v2.js';
export type { IssueRec, PullRec, CommentRec, StatusRec, RepoRec, ReviewRec, Permission } from './model.js';
