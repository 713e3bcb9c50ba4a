// Deck's PR dashboard, /pr (upstream's pr_status): a signed-in user's open pull requests (or `?query=`, as the
// `tide` context's link asks) with their Tide state, labels and job results. Without sign-in, `?author=` or
// `?query=` searches as the bot within the repos Tide covers; the page says how to turn sign-in on.
import type express from 'express';
import type { DeckDeps } from './deps.js';
import { escapeHtml, page, safeUrl } from './html.js';
import { searchPRStatus, type PRContext, type PRStatus } from './pr-status.js';
import { pageContext, query, sessionOf } from './session.js';

const contextLink = (c: PRContext, text: string): string => {
  const url = safeUrl(c.url);
  const label = `<span class="result ${escapeHtml(c.state)}">${escapeHtml(text)}</span>`;
  return url === '#' ? label : `<a href="${escapeHtml(url)}">${label}</a>`;
};

function prRow(pr: PRStatus): string {
  const tide = pr.tide
    ? `${contextLink(pr.tide, pr.tide.state === 'success' ? 'In merge pool' : 'Not in merge pool')}<div class="tide-desc">${escapeHtml(pr.tide.description)}</div>`
    : '<span class="empty">No Tide status</span>';
  const labels = pr.labels.map((l) => `<span class="pr-label">${escapeHtml(l)}</span>`).join(' ') || '—';
  const jobs = pr.jobs.map((j) => `<li>${contextLink(j, `${j.state === 'success' ? '✓' : j.state === 'pending' ? '•' : '✗'} ${j.name}`)}${j.description ? ` <span class="desc">${escapeHtml(j.description)}</span>` : ''}</li>`).join('');
  return `<tr><td><a href="${escapeHtml(safeUrl(pr.url))}">${escapeHtml(pr.repo)}#${pr.number}</a> ${escapeHtml(pr.title)}${pr.draft ? ' <span class="pr-label">draft</span>' : ''}` +
    `<div class="desc">${escapeHtml(pr.author)} → ${escapeHtml(pr.baseRef)}${pr.mergeable === 'CONFLICTING' ? ' · merge conflict' : ''}</div></td>` +
    `<td>${tide}</td><td>${labels}</td><td>${jobs ? `<ul class="jobs">${jobs}</ul>` : '—'}</td></tr>`;
}

function searchForm(q: string): string {
  return `<form method="get" action="/pr" class="pr-search"><label for="pr-query">GitHub search</label> ` +
    `<input id="pr-query" name="query" size="60" value="${escapeHtml(q)}" placeholder="is:pr state:open author:octocat"> <button type="submit">Search</button></form>`;
}

export function mountPRRoutes(app: express.Express, deps: DeckDeps): void {
  app.get('/pr', async (req, res) => {
    const render = (status: number, body: string): void => {
      res.status(status).type('html').send(page({ title: 'PR Status', current: '/pr', body: `<h1>PR Status</h1>${body}`, ...pageContext(req, res, deps) }));
    };
    const session = sessionOf(req, deps);
    const author = query(req, 'author')?.trim();
    let q = query(req, 'query')?.trim() ?? '';
    if (!q && author && /^[A-Za-z0-9-]+(\[bot\])?$/.test(author)) q = `is:pr state:open author:${author}`;
    if (!q && session) q = `is:pr state:open author:${session.login}`;
    const signIn = deps.oauth
      ? (session ? '' : `<p><a href="${escapeHtml(deps.loginUrl ?? '/github-login')}?dest=${encodeURIComponent(req.originalUrl)}">Sign in with GitHub</a> to see your own pull requests.</p>`)
      : '<p class="note">Sign-in is not configured, so this page cannot show <em>your</em> pull requests: start Deck with <code>--github-oauth-config-file</code> and <code>--cookie-secret</code> (see the README\'s Deck section). Meanwhile, search by author or with a GitHub query; only repositories Tide\'s queries cover are searched.</p>';
    if (!deps.prSearch) {
      render(503, '<p class="error">GitHub is not connected, so Deck cannot search pull requests: give Deck <code>--github-token-path</code> or a GitHub App.</p>');
      return;
    }
    if (!q) {
      render(200, `${signIn}${searchForm('')}`);
      return;
    }
    try {
      const prs = await searchPRStatus(deps.prSearch, deps.config(), q, session?.token);
      const table = prs.length
        ? `<div class="table-scroll"><table class="plain pr-status"><thead><tr><th scope="col">Pull request</th><th scope="col">Tide</th><th scope="col">Labels</th><th scope="col">Jobs</th></tr></thead><tbody>${prs.map(prRow).join('')}</tbody></table></div>`
        : '<p class="empty">No pull request matches.</p>';
      render(200, `${signIn}${searchForm(q)}${table}`);
    } catch (e) {
      deps.logger.warn('PR status search failed', { error: e });
      render(502, `${signIn}${searchForm(q)}<p class="error">GitHub's search failed; see Deck's log.</p>`);
    }
  });
}
