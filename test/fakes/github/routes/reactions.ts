// Reactions on issues, PRs and issue comments: POST adds one (201, or 200 when the user already reacted so), GET
// lists them. Kept per repository, apart from the issue and comment records.
import type express from 'express';
import { GitHubError } from '../model.js';
import type { RepoRec } from '../model.js';
import { body, intParam, requireViewer, sendPage } from '../http-helpers.js';
import { repoOf, type RouteContext } from './context.js';

const CONTENTS = new Set(['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes']);

interface ReactionRec {
  id: number;
  user: string;
  content: string;
  createdAt: string;
}

export function reactionRoutes(app: express.Express, ctx: RouteContext): void {
  const byRepo = new WeakMap<RepoRec, Map<string, ReactionRec[]>>();
  const listFor = (repo: RepoRec, subject: string): ReactionRec[] => {
    let m = byRepo.get(repo);
    if (!m) byRepo.set(repo, (m = new Map()));
    let l = m.get(subject);
    if (!l) m.set(subject, (l = []));
    return l;
  };
  const shape = (r: ReactionRec): unknown => ({ id: r.id, node_id: `REA_${r.id}`, user: ctx.shapes.user(r.user), content: r.content, created_at: r.createdAt });
  const add = (req: express.Request, res: express.Response, repo: RepoRec, subject: string): void => {
    const user = requireViewer(res);
    const content = (body(req) as { content?: unknown }).content;
    if (typeof content !== 'string' || !CONTENTS.has(content)) throw new GitHubError(422, 'Validation Failed', [{ resource: 'Reaction', field: 'content', code: 'invalid' }]);
    const list = listFor(repo, subject);
    const existing = list.find((r) => r.user === user && r.content === content);
    if (existing) {
      res.status(200).json(shape(existing));
      return;
    }
    const rec = { id: ctx.state.id(), user, content, createdAt: new Date().toISOString() };
    list.push(rec);
    res.status(201).json(shape(rec));
  };

  app.post('/repos/:owner/:repo/issues/comments/:id/reactions', (req, res) => {
    const repo = repoOf(ctx, req);
    const id = intParam(req, 'id');
    ctx.state.comment(repo, id);
    add(req, res, repo, `comment:${id}`);
  });
  app.get('/repos/:owner/:repo/issues/comments/:id/reactions', (req, res) => {
    const repo = repoOf(ctx, req);
    const id = intParam(req, 'id');
    ctx.state.comment(repo, id);
    sendPage(req, res, ctx.urls.api, listFor(repo, `comment:${id}`).map(shape));
  });
  app.post('/repos/:owner/:repo/issues/:number/reactions', (req, res) => {
    const repo = repoOf(ctx, req);
    const n = intParam(req, 'number');
    ctx.state.issue(repo, n);
    add(req, res, repo, `issue:${n}`);
  });
  app.get('/repos/:owner/:repo/issues/:number/reactions', (req, res) => {
    const repo = repoOf(ctx, req);
    const n = intParam(req, 'number');
    ctx.state.issue(repo, n);
    sendPage(req, res, ctx.urls.api, listFor(repo, `issue:${n}`).map(shape));
  });
}
