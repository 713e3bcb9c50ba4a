// What every route module gets: the state, the JSON shapes, and a few lookups shared between routes.
import type express from 'express';
import type { IssueRec, RepoRec } from '../model.js';
import type { GitHubState } from '../state.js';
import type { Json, Shapes, Urls } from '../shapes.js';
import { param } from '../http-helpers.js';

export interface RouteContext {
  state: GitHubState;
  shapes: Shapes;
  urls: Urls;
}

/** The repository named by `:owner/:repo` (404 when missing). */
export function repoOf(ctx: RouteContext, req: express.Request): RepoRec {
  return ctx.state.repo(param(req, 'owner'), param(req, 'repo'));
}

/** A pull request with the fields computed from git (mergeable, base sha, diff stats). */
export async function pullJson(ctx: RouteContext, repo: RepoRec, issue: IssueRec): Promise<Json> {
  if (!issue.pull) throw new Error(`#${issue.number} is not a pull request`);
  const open = issue.state === 'open';
  return ctx.shapes.pull(repo, issue, await ctx.state.pullLive(repo, issue.pull, open));
}
