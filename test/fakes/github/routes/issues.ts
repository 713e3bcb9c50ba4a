// Issues, comments, labels, assignees and milestones.
import type express from 'express';
import { GitHubError, notFound } from '../model.js';
import { body, intParam, param, queryString, requireViewer, sendPage, str, strList } from '../http-helpers.js';
import { repoOf, type RouteContext } from './context.js';
import type { IssueRec, RepoRec } from '../model.js';

/** Label names from a POST/PUT body: `{labels: [...]}`, a bare array, or `{labels: [{name}]}`. */
function labelNames(b: unknown): string[] {
  const raw = Array.isArray(b) ? b : (b as Record<string, unknown> | null)?.labels;
  if (!Array.isArray(raw)) throw new GitHubError(422, 'Invalid request.\n\nNo subschema in "anyOf" matched.');
  return raw.map((x: unknown) => {
    if (typeof x === 'string') return x;
    if (x && typeof x === 'object' && typeof (x as { name?: unknown }).name === 'string') return (x as { name: string }).name;
    throw new GitHubError(422, 'Invalid request.\n\nNo subschema in "anyOf" matched.');
  });
}

export function issueRoutes(app: express.Express, ctx: RouteContext): void {
  const { state, shapes, urls } = ctx;

  const sortIssues = (req: express.Request, issues: IssueRec[]): IssueRec[] => {
    const sort = queryString(req, 'sort') ?? 'created';
    const dir = queryString(req, 'direction') ?? 'desc';
    const key = (i: IssueRec): string => (sort === 'updated' ? i.updatedAt : sort === 'comments' ? String(i.number).padStart(10, '0') : i.createdAt);
    const sorted = [...issues].sort((a, b) => (key(a) === key(b) ? a.number - b.number : key(a) < key(b) ? -1 : 1));
    return dir === 'asc' ? sorted : sorted.reverse();
  };

  // Repo-wide comment routes come before /issues/:number so that "comments" is not read as a number.
  app.get('/repos/:owner/:repo/issues/comments', (req, res) => {
    const repo = repoOf(ctx, req);
    const since = queryString(req, 'since');
    const comments = repo.comments.filter((c) => !since || c.updatedAt >= since);
    sendPage(req, res, urls.api, comments.map((c) => shapes.comment(repo, c)));
  });

  app.get('/repos/:owner/:repo/issues/comments/:id', (req, res) => {
    const repo = repoOf(ctx, req);
    res.json(shapes.comment(repo, state.comment(repo, intParam(req, 'id'))));
  });

  app.patch('/repos/:owner/:repo/issues/comments/:id', (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    const c = state.comment(repo, intParam(req, 'id'));
    if (c.user.toLowerCase() !== actor.toLowerCase() && state.permissionOf(repo, actor) === 'none') throw new GitHubError(403, 'Must have admin rights to Repository.');
    res.json(shapes.comment(repo, state.editComment(repo, c.id, actor, str(body(req), 'body', 'IssueComment', true) ?? '')));
  });

  app.delete('/repos/:owner/:repo/issues/comments/:id', (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    state.deleteComment(repo, intParam(req, 'id'), actor);
    res.status(204).end();
  });

  app.get('/repos/:owner/:repo/issues', (req, res) => {
    const repo = repoOf(ctx, req);
    const st = queryString(req, 'state') ?? 'open';
    const labels = (queryString(req, 'labels') ?? '').split(',').filter(Boolean);
    const assignee = queryString(req, 'assignee');
    const creator = queryString(req, 'creator');
    const issues = [...repo.issues.values()].filter(
      (i) =>
        (st === 'all' || i.state === st) &&
        labels.every((l) => i.labels.some((x) => x.toLowerCase() === l.toLowerCase())) &&
        (!assignee || (assignee === 'none' ? i.assignees.length === 0 : assignee === '*' ? i.assignees.length > 0 : i.assignees.some((a) => a.toLowerCase() === assignee.toLowerCase()))) &&
        (!creator || i.user.toLowerCase() === creator.toLowerCase()),
    );
    sendPage(req, res, urls.api, sortIssues(req, issues).map((i) => shapes.issue(repo, i)));
  });

  app.post('/repos/:owner/:repo/issues', (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    const b = body(req);
    const milestone = typeof b.milestone === 'number' ? b.milestone : undefined;
    const issue = state.createIssue(repo, actor, {
      title: str(b, 'title', 'Issue', true) ?? '',
      body: str(b, 'body', 'Issue'),
      labels: b.labels === undefined ? undefined : labelNames(b),
      assignees: strList(b, 'assignees'),
      milestone,
    });
    res.status(201).json(shapes.issue(repo, issue));
  });

  app.get('/repos/:owner/:repo/issues/:number', (req, res) => {
    const repo = repoOf(ctx, req);
    res.json(shapes.issue(repo, state.issue(repo, intParam(req, 'number'))));
  });

  app.patch('/repos/:owner/:repo/issues/:number', (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    const b = body(req);
    const issue = state.updateIssue(
      repo,
      intParam(req, 'number'),
      {
        title: str(b, 'title', 'Issue'),
        body: b.body === null ? null : str(b, 'body', 'Issue'),
        state: str(b, 'state', 'Issue'),
        state_reason: str(b, 'state_reason', 'Issue'),
        milestone: b.milestone === null ? null : typeof b.milestone === 'number' ? b.milestone : undefined,
        labels: b.labels === undefined ? undefined : labelNames(b),
        assignees: strList(b, 'assignees'),
      },
      actor,
    );
    res.json(shapes.issue(repo, issue));
  });

  app.get('/repos/:owner/:repo/issues/:number/events', (req, res) => {
    const repo = repoOf(ctx, req);
    const issue = state.issue(repo, intParam(req, 'number'));
    sendPage(req, res, urls.api, issue.events.map((e) => shapes.issueEvent(repo, issue.number, e)));
  });

  app.get('/repos/:owner/:repo/issues/:number/comments', (req, res) => {
    const repo = repoOf(ctx, req);
    const number = intParam(req, 'number');
    state.issue(repo, number);
    const since = queryString(req, 'since');
    const comments = repo.comments.filter((c) => c.issueNumber === number && (!since || c.updatedAt >= since));
    sendPage(req, res, urls.api, comments.map((c) => shapes.comment(repo, c)));
  });

  app.post('/repos/:owner/:repo/issues/:number/comments', (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    const issue = state.issue(repo, intParam(req, 'number'));
    if (issue.locked && state.permissionOf(repo, actor) === 'none') throw new GitHubError(403, 'Unable to create comment because issue is locked.');
    const c = state.createComment(repo, issue.number, actor, str(body(req), 'body', 'IssueComment', true) ?? '');
    res.status(201).json(shapes.comment(repo, c));
  });

  // ---- labels ----

  const issueLabels = (repo: RepoRec, i: IssueRec): unknown[] => i.labels.map((l) => shapes.label(repo, l));

  app.get('/repos/:owner/:repo/labels', (req, res) => {
    const repo = repoOf(ctx, req);
    sendPage(req, res, urls.api, repo.labels.map((l) => shapes.label(repo, l.name)));
  });

  app.post('/repos/:owner/:repo/labels', (req, res) => {
    const repo = repoOf(ctx, req);
    requireViewer(res);
    const b = body(req);
    const l = state.createLabel(repo, { name: str(b, 'name', 'Label', true) ?? '', color: str(b, 'color', 'Label'), description: str(b, 'description', 'Label') });
    res.status(201).json(shapes.label(repo, l.name));
  });

  app.get('/repos/:owner/:repo/labels/:name', (req, res) => {
    const repo = repoOf(ctx, req);
    const l = state.label(repo, param(req, 'name'));
    if (!l) throw notFound();
    res.json(shapes.label(repo, l.name));
  });

  app.patch('/repos/:owner/:repo/labels/:name', (req, res) => {
    const repo = repoOf(ctx, req);
    requireViewer(res);
    const b = body(req);
    const l = state.updateLabel(repo, param(req, 'name'), { new_name: str(b, 'new_name', 'Label'), color: str(b, 'color', 'Label'), description: b.description === null ? null : str(b, 'description', 'Label') });
    res.json(shapes.label(repo, l.name));
  });

  app.delete('/repos/:owner/:repo/labels/:name', (req, res) => {
    const repo = repoOf(ctx, req);
    requireViewer(res);
    state.deleteLabel(repo, param(req, 'name'));
    res.status(204).end();
  });

  app.get('/repos/:owner/:repo/issues/:number/labels', (req, res) => {
    const repo = repoOf(ctx, req);
    sendPage(req, res, urls.api, issueLabels(repo, state.issue(repo, intParam(req, 'number'))));
  });

  app.post('/repos/:owner/:repo/issues/:number/labels', (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    res.json(issueLabels(repo, state.addLabels(repo, intParam(req, 'number'), labelNames(req.body), actor)));
  });

  app.put('/repos/:owner/:repo/issues/:number/labels', (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    res.json(issueLabels(repo, state.setLabels(repo, intParam(req, 'number'), labelNames(req.body), actor)));
  });

  app.delete('/repos/:owner/:repo/issues/:number/labels', (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    state.setLabels(repo, intParam(req, 'number'), [], actor);
    res.status(204).end();
  });

  app.delete('/repos/:owner/:repo/issues/:number/labels/:name', (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    res.json(issueLabels(repo, state.removeLabel(repo, intParam(req, 'number'), param(req, 'name'), actor)));
  });

  // ---- assignees ----

  app.post('/repos/:owner/:repo/issues/:number/assignees', (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    const issue = state.addAssignees(repo, intParam(req, 'number'), strList(body(req), 'assignees') ?? [], actor);
    res.status(201).json(shapes.issue(repo, issue));
  });

  app.delete('/repos/:owner/:repo/issues/:number/assignees', (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    const issue = state.removeAssignees(repo, intParam(req, 'number'), strList(body(req), 'assignees') ?? [], actor);
    res.json(shapes.issue(repo, issue));
  });

  // ---- milestones ----

  app.get('/repos/:owner/:repo/milestones', (req, res) => {
    const repo = repoOf(ctx, req);
    const st = queryString(req, 'state') ?? 'open';
    sendPage(req, res, urls.api, repo.milestones.filter((m) => st === 'all' || m.state === st).map((m) => shapes.milestone(repo, m)));
  });

  app.post('/repos/:owner/:repo/milestones', (req, res) => {
    const repo = repoOf(ctx, req);
    requireViewer(res);
    const b = body(req);
    const m = state.createMilestone(repo, str(b, 'title', 'Milestone', true) ?? '', str(b, 'description', 'Milestone') ?? null);
    res.status(201).json(shapes.milestone(repo, m));
  });
}
