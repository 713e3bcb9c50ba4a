// Pull requests: list/get/create/update, files and commits from git, merge, reviews and requested reviewers.
import type express from 'express';
import { GitHubError, notFound, validationFailed, type ReviewState } from '../model.js';
import { body, intParam, queryString, requireViewer, sendPage, str, strList } from '../http-helpers.js';
import { pullJson, repoOf, type RouteContext } from './context.js';
import type { MergeMethod } from '../../git/index.js';

const REVIEW_EVENTS: Record<string, ReviewState> = { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED' };

/** GitHub lists at most this many files of a pull request. */
const MAX_LISTED_FILES = 3000;

export function pullRoutes(app: express.Express, ctx: RouteContext): void {
  const { state, shapes, urls } = ctx;

  app.get('/repos/:owner/:repo/pulls', async (req, res) => {
    const repo = repoOf(ctx, req);
    const st = queryString(req, 'state') ?? 'open';
    const base = queryString(req, 'base');
    const head = queryString(req, 'head');
    const pulls = [...repo.issues.values()].filter(
      (i) =>
        i.pull &&
        (st === 'all' || i.state === st) &&
        (!base || i.pull.baseRef === base) &&
        (!head || `${repo.owner}:${i.pull.headRef}`.toLowerCase() === head.toLowerCase()),
    );
    const dir = queryString(req, 'direction') ?? 'desc';
    const sort = queryString(req, 'sort') ?? 'created';
    pulls.sort((a, b) => {
      const ka = sort === 'updated' ? a.updatedAt : a.createdAt;
      const kb = sort === 'updated' ? b.updatedAt : b.createdAt;
      return ka === kb ? a.number - b.number : ka < kb ? -1 : 1;
    });
    if (dir === 'desc') pulls.reverse();
    // GitHub's list omits mergeability and diff stats (computed for a single PR only); base shas per branch.
    const baseShas = new Map<string, string>();
    for (const i of pulls) if (i.pull && !baseShas.has(i.pull.baseRef)) baseShas.set(i.pull.baseRef, (await repo.git.resolve(`refs/heads/${i.pull.baseRef}`)) ?? '');
    const out = pulls.map((i) => {
      const json = shapes.pull(repo, i, { mergeable: null, baseSha: i.pull?.baseShaAtMerge ?? baseShas.get(i.pull?.baseRef ?? '') ?? '', commits: 0, additions: 0, deletions: 0, changedFiles: 0 });
      for (const k of ['mergeable', 'rebaseable', 'mergeable_state', 'merged', 'merged_by', 'comments', 'review_comments', 'maintainer_can_modify', 'commits', 'additions', 'deletions', 'changed_files']) delete json[k];
      return json;
    });
    sendPage(req, res, urls.api, out);
  });

  app.post('/repos/:owner/:repo/pulls', async (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    const b = body(req);
    const title = str(b, 'title', 'PullRequest', true) ?? '';
    const headSpec = str(b, 'head', 'PullRequest', true) ?? '';
    const base = str(b, 'base', 'PullRequest', true) ?? '';
    const head = headSpec.includes(':') ? headSpec.split(':')[1]! : headSpec;
    const headOwner = headSpec.includes(':') ? headSpec.split(':')[0]! : repo.owner;
    // `user:branch` from another account: the branch is in that user's fork of this repository.
    const fork = headOwner.toLowerCase() === repo.owner.toLowerCase() ? undefined
      : [...state.repos.values()].find((r) => r.owner.toLowerCase() === headOwner.toLowerCase() && r.parent === `${repo.owner}/${repo.name}`);
    if (headOwner.toLowerCase() !== repo.owner.toLowerCase() && !fork) throw validationFailed('PullRequest', 'head', 'invalid');
    if (!(await (fork ?? repo).git.resolve(`refs/heads/${head}`))) throw validationFailed('PullRequest', 'head', 'invalid');
    if (!(await repo.git.resolve(`refs/heads/${base}`))) throw validationFailed('PullRequest', 'base', 'invalid');
    const headRepo = fork ? `${fork.owner}/${fork.name}` : undefined;
    const existing = [...repo.issues.values()].find((i) => i.pull && i.state === 'open' && i.pull.headRef === head && i.pull.headRepo === headRepo && i.pull.baseRef === base);
    if (existing) throw new GitHubError(422, 'Validation Failed', [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner}:${head}.` }]);
    const issue = await state.openPullRequest(repo, { author: actor, title, body: str(b, 'body', 'PullRequest'), base, head, draft: b.draft === true, ...(headRepo ? { headRepo } : {}) });
    res.status(201).json(await pullJson(ctx, repo, issue));
  });

  app.get('/repos/:owner/:repo/pulls/:number', async (req, res) => {
    const repo = repoOf(ctx, req);
    const issue = state.pull(repo, intParam(req, 'number'));
    if ((req.get('accept') ?? '').includes('patch')) {
      // The PR's own commits as `git format-patch` mails, from where it forked off its base (kept for merged PRs).
      const base = issue.pull.baseShaAtMerge ?? `refs/heads/${issue.pull.baseRef}`;
      const from = (await repo.git.mergeBase(base, issue.pull.headSha)) ?? base;
      const out = await repo.git.run(['format-patch', '--stdout', `${from}..${issue.pull.headSha}`]);
      res.type('text/plain').send(out.stdout);
      return;
    }
    if ((req.get('accept') ?? '').includes('diff')) {
      const out = await repo.git.run(['diff', `refs/heads/${issue.pull.baseRef}...${issue.pull.headSha}`]);
      res.type('text/plain').send(out.stdout);
      return;
    }
    res.json(await pullJson(ctx, repo, issue));
  });

  app.patch('/repos/:owner/:repo/pulls/:number', async (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    const b = body(req);
    const base = str(b, 'base', 'PullRequest');
    if (base && !(await repo.git.resolve(`refs/heads/${base}`))) throw validationFailed('PullRequest', 'base', 'invalid');
    const issue = state.updateIssue(
      repo,
      state.pull(repo, intParam(req, 'number')).number,
      { title: str(b, 'title', 'PullRequest'), body: str(b, 'body', 'PullRequest'), state: str(b, 'state', 'PullRequest'), base },
      actor,
    );
    res.json(await pullJson(ctx, repo, issue));
  });

  app.get('/repos/:owner/:repo/pulls/:number/files', async (req, res) => {
    const repo = repoOf(ctx, req);
    const issue = state.pull(repo, intParam(req, 'number'));
    const live = await state.pullLive(repo, issue.pull, false);
    // As GitHub: the listing stops at 3000 files (the PR's changed_files still counts them all).
    const files = (await repo.git.changedFiles(live.baseSha, issue.pull.headSha)).slice(0, MAX_LISTED_FILES);
    // One tree listing for the head commit, not one git call per file (a 500-file PR has 500).
    const blobs = await repo.git.blobShas(issue.pull.headSha);
    const out = [];
    for (const f of files) {
      const sha = f.status === 'removed' ? null : (blobs.get(f.filename) ?? null);
      out.push({
        sha,
        ...f,
        blob_url: `${urls.html}/${repo.owner}/${repo.name}/blob/${issue.pull.headSha}/${f.filename}`,
        raw_url: `${urls.html}/${repo.owner}/${repo.name}/raw/${issue.pull.headSha}/${f.filename}`,
        contents_url: `${urls.api}/repos/${repo.owner}/${repo.name}/contents/${f.filename}?ref=${issue.pull.headSha}`,
      });
    }
    sendPage(req, res, urls.api, out);
  });

  app.get('/repos/:owner/:repo/pulls/:number/commits', async (req, res) => {
    const repo = repoOf(ctx, req);
    const issue = state.pull(repo, intParam(req, 'number'));
    const live = await state.pullLive(repo, issue.pull, false);
    const commits = await repo.git.commitsBetween(live.baseSha, issue.pull.headSha);
    sendPage(req, res, urls.api, commits.map((c) => shapes.commit(repo, c)));
  });

  app.get('/repos/:owner/:repo/pulls/:number/merge', (req, res) => {
    const repo = repoOf(ctx, req);
    if (state.pull(repo, intParam(req, 'number')).pull.merged) res.status(204).end();
    else throw notFound();
  });

  app.put('/repos/:owner/:repo/pulls/:number/merge', async (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    const p = state.permissionOf(repo, actor);
    if (p === 'none' || p === 'read' || p === 'triage') throw new GitHubError(403, 'Resource not accessible by integration');
    const b = body(req);
    const method = (str(b, 'merge_method', 'PullRequest') ?? 'merge') as MergeMethod;
    const result = await state.mergePull(repo, intParam(req, 'number'), { method, sha: str(b, 'sha', 'PullRequest'), commitTitle: str(b, 'commit_title', 'PullRequest'), commitMessage: str(b, 'commit_message', 'PullRequest') }, actor);
    res.json(result);
  });

  app.get('/repos/:owner/:repo/pulls/:number/requested_reviewers', (req, res) => {
    const repo = repoOf(ctx, req);
    const issue = state.pull(repo, intParam(req, 'number'));
    res.json({ users: issue.pull.requestedReviewers.map((r) => shapes.user(r)), teams: issue.pull.requestedTeams.map((slug) => ({ slug, name: slug })) });
  });

  app.post('/repos/:owner/:repo/pulls/:number/requested_reviewers', async (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    const b = body(req);
    const issue = state.requestReviewers(repo, intParam(req, 'number'), strList(b, 'reviewers') ?? [], strList(b, 'team_reviewers') ?? [], actor);
    res.status(201).json(await pullJson(ctx, repo, issue));
  });

  app.delete('/repos/:owner/:repo/pulls/:number/requested_reviewers', async (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    const b = body(req);
    const issue = state.removeRequestedReviewers(repo, intParam(req, 'number'), strList(b, 'reviewers') ?? [], strList(b, 'team_reviewers') ?? [], actor);
    res.json(await pullJson(ctx, repo, issue));
  });

  app.get('/repos/:owner/:repo/pulls/:number/comments', (req, res) => {
    const repo = repoOf(ctx, req);
    const issue = state.pull(repo, intParam(req, 'number'));
    sendPage(req, res, urls.api, issue.pull.reviewComments.map((c) => shapes.reviewComment(repo, c)));
  });

  app.post('/repos/:owner/:repo/pulls/:number/comments', (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    const b = body(req);
    const comment = state.createReviewComment(repo, intParam(req, 'number'), actor, {
      body: str(b, 'body', 'PullRequestReviewComment', true) ?? '',
      path: str(b, 'path', 'PullRequestReviewComment') ?? '',
      line: typeof b.line === 'number' ? b.line : typeof b.position === 'number' ? b.position : undefined,
      commitId: str(b, 'commit_id', 'PullRequestReviewComment'),
      inReplyTo: typeof b.in_reply_to === 'number' ? b.in_reply_to : undefined,
    });
    res.status(201).json(shapes.reviewComment(repo, comment));
  });

  app.get('/repos/:owner/:repo/pulls/:number/reviews', (req, res) => {
    const repo = repoOf(ctx, req);
    const issue = state.pull(repo, intParam(req, 'number'));
    sendPage(req, res, urls.api, issue.pull.reviews.map((r) => shapes.review(repo, issue, r)));
  });

  app.post('/repos/:owner/:repo/pulls/:number/reviews', (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    const b = body(req);
    const event = str(b, 'event', 'PullRequestReview');
    const reviewState: ReviewState = event === undefined ? 'PENDING' : REVIEW_EVENTS[event];
    if (!reviewState) throw validationFailed('PullRequestReview', 'event', 'invalid');
    const issue = state.pull(repo, intParam(req, 'number'));
    const review = state.submitReview(repo, issue.number, actor, { state: reviewState, body: str(b, 'body', 'PullRequestReview'), commitId: str(b, 'commit_id', 'PullRequestReview') });
    res.json(shapes.review(repo, issue, review));
  });
}
