// GET /search/issues: issues and pull requests by GitHub's search syntax (see search-query.ts).
import type express from 'express';
import { GitHubError } from '../model.js';
import { queryString, sendPage } from '../http-helpers.js';
import { IssueSearch } from '../search-query.js';
import type { RouteContext } from './context.js';

/** GitHub returns at most 1000 results for any search. */
const MAX_RESULTS = 1000;

export function searchRoutes(app: express.Express, ctx: RouteContext): void {
  const search = new IssueSearch(ctx.state);
  app.get('/search/issues', (req, res) => {
    const q = queryString(req, 'q');
    if (!q) throw new GitHubError(422, 'Validation Failed', [{ resource: 'Search', field: 'q', code: 'missing' }]);
    const found = search.run(q, queryString(req, 'sort'), queryString(req, 'order'));
    const items = found.slice(0, MAX_RESULTS).map(({ repo, issue }) => ({ ...ctx.shapes.issue(repo, issue), score: 1 }));
    sendPage(req, res, ctx.urls.api, items, (page) => ({ total_count: found.length, incomplete_results: false, items: page }));
  });
}
