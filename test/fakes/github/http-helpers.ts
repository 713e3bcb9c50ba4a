// Request helpers shared by the fake's routes: who is calling, Link-header pagination, and typed body fields.
import type express from 'express';
import { GitHubError, validationFailed } from './model.js';

/** The login behind the request's token (set by the auth middleware), or undefined when anonymous. */
export function viewerOf(res: express.Response): string | undefined {
  return res.locals.viewer as string | undefined;
}

/** The caller's login; 401 as GitHub when the request carries no credentials. */
export function requireViewer(res: express.Response): string {
  const v = viewerOf(res);
  if (!v) throw new GitHubError(401, 'Requires authentication');
  return v;
}

export function queryString(req: express.Request, name: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  return typeof v === 'string' ? v : undefined;
}

export function param(req: express.Request, name: string): string {
  const v = (req.params as Record<string, string | string[]>)[name];
  return Array.isArray(v) ? v.join('/') : v;
}

export function intParam(req: express.Request, name: string): number {
  const n = Number(param(req, name));
  if (!Number.isInteger(n) || n <= 0) throw new GitHubError(404, 'Not Found');
  return n;
}

export function body(req: express.Request): Record<string, unknown> {
  const b: unknown = req.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) throw new GitHubError(400, 'Problems parsing JSON');
  return b as Record<string, unknown>;
}

export function str(b: Record<string, unknown>, field: string, resource: string, required = false): string | undefined {
  const v = b[field];
  if (v === undefined || v === null) {
    if (required) throw validationFailed(resource, field, 'missing_field');
    return undefined;
  }
  if (typeof v !== 'string') throw new GitHubError(422, `Invalid request.\n\nFor '${field}', ${JSON.stringify(v)} is not a string.`);
  return v;
}

export function strList(b: Record<string, unknown>, field: string): string[] | undefined {
  const v = b[field];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new GitHubError(422, `Invalid request.\n\nFor '${field}', ${JSON.stringify(v)} is not an array of strings.`);
  return v as string[];
}

/**
 * Sends one page of `items` with GitHub's Link header (`per_page` default 30, max 100; `page` from 1).
 * `apiBase` makes the links absolute, as GitHub's are; `wrap` builds the body around the page (search results).
 */
export function sendPage<T>(req: express.Request, res: express.Response, apiBase: string, items: T[], wrap?: (page: T[]) => unknown): void {
  const perPage = Math.min(Math.max(Number(queryString(req, 'per_page') ?? 30) || 30, 1), 100);
  const page = Math.max(Number(queryString(req, 'page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (p: number): string => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query as Record<string, unknown>)) {
      if (k === 'page' || k === 'per_page') continue;
      for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string') q.append(k, x);
    }
    q.set('per_page', String(perPage));
    q.set('page', String(p));
    return `<${apiBase}${req.path}?${q.toString()}>`;
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`${link(page - 1)}; rel="prev"`);
  if (page < last) rels.push(`${link(page + 1)}; rel="next"`);
  if (page < last) rels.push(`${link(last)}; rel="last"`);
  if (page > 1) rels.push(`${link(1)}; rel="first"`);
  if (rels.length) res.setHeader('Link', rels.join(', '));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  res.json(wrap ? wrap(slice) : slice);
}
