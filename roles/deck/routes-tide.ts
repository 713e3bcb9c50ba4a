// Deck's Tide pages, server-rendered from tide's own JSON (upstream Deck reads tide the same way, through
// --tide-url): /tide (the queries and each pool's PRs, action and blockers), /tide-history (the actions per pool),
// and /tide.js, /tide-history.js passed through (with ?var=) for scripts that read them.
import type express from 'express';
import type { DeckDeps } from './deps.js';
import { escapeHtml, page, safeUrl } from './html.js';
import { pageContext } from './session.js';

interface DeckPR { Title: string; Number: number; HeadRefOID: string; Mergeable: string }
interface Pool {
  Org: string; Repo: string; Branch: string; SuccessPRs: DeckPR[] | null; PendingPRs: DeckPR[] | null; MissingPRs: DeckPR[] | null;
  BatchPending: DeckPR[] | null; Action: string; Target: DeckPR[] | null; Blockers: { Number: number; Title: string; URL: string }[] | null; Error: string;
}
interface TideData { Queries?: string[]; Pools?: Pool[] }
interface HistoryRecord { time: string; action: string; baseSHA?: string; target?: { number: number; title?: string; sha: string }[]; err?: string }

async function fetchTide(deps: DeckDeps, path: string, search = ''): Promise<Response> {
  const base = deps.tideUrl?.();
  if (!base) throw new Error('no tide URL');
  return fetch(new URL(path + search, base.endsWith('/') ? base : `${base}/`), { signal: AbortSignal.timeout(10_000) });
}

const prLinks = (web: string, pool: Pool, prs: DeckPR[] | null): string =>
  (prs ?? []).map((p) => `<a href="${escapeHtml(web)}/${escapeHtml(pool.Org)}/${escapeHtml(pool.Repo)}/pull/${p.Number}" title="${escapeHtml(p.Title)}">#${p.Number}</a>`).join(' ') || '—';

function poolRow(web: string, p: Pool): string {
  const blockers = (p.Blockers ?? []).map((b) => `<a href="${escapeHtml(safeUrl(b.URL))}">#${b.Number} ${escapeHtml(b.Title)}</a>`).join(', ');
  return `<tr><td>${escapeHtml(`${p.Org}/${p.Repo}`)}</td><td>${escapeHtml(p.Branch)}</td><td>${escapeHtml(p.Action)}${p.Target?.length ? ` ${prLinks(web, p, p.Target)}` : ''}</td>` +
    `<td>${prLinks(web, p, p.SuccessPRs)}</td><td>${prLinks(web, p, p.PendingPRs)}</td><td>${prLinks(web, p, p.MissingPRs)}</td><td>${prLinks(web, p, p.BatchPending)}</td>` +
    `<td>${blockers || '—'}${p.Error ? ` <span class="error">${escapeHtml(p.Error)}</span>` : ''}</td></tr>`;
}

export function mountTideRoutes(app: express.Express, deps: DeckDeps): void {
  const render = (req: express.Request, res: express.Response, status: number, title: string, current: string, body: string): void => {
    res.status(status).type('html').send(page({ title, current, body, ...pageContext(req, res, deps) }));
  };
  const unavailable = (req: express.Request, res: express.Response, title: string, current: string, e?: unknown): void => {
    if (e) deps.logger.warn('fetching from tide failed', { error: e });
    render(req, res, deps.tideUrl?.() ? 502 : 404, title, current, `<h1>${title}</h1><p class="error">${deps.tideUrl?.()
      ? 'Could not reach tide; see Deck\'s log.' : 'Tide is not available: run the tide role in this process or pass <code>--tide-url</code>.'}</p>`);
  };

  app.get('/tide', async (req, res) => {
    try {
      const r = await fetchTide(deps, 'tide.js');
      if (!r.ok) throw new Error(`tide answered ${r.status}`);
      const data = (await r.json()) as TideData;
      const queries = (data.Queries ?? []).map((q) => `<li><code>${escapeHtml(q)}</code></li>`).join('');
      const pools = data.Pools ?? [];
      const table = pools.length
        ? `<div class="table-scroll"><table class="plain"><thead><tr><th scope="col">Repository</th><th scope="col">Branch</th><th scope="col">Action</th><th scope="col">Passing</th><th scope="col">Pending</th><th scope="col">Missing or failing</th><th scope="col">Batch running</th><th scope="col">Blockers</th></tr></thead><tbody>${pools.map((p) => poolRow(deps.githubApp?.webBase ?? 'https://github.com', p)).join('')}</tbody></table></div>`
        : '<p class="empty">No pull request is in a merge pool.</p>';
      render(req, res, 200, 'Tide', '/tide', `<h1>Tide</h1><p><a href="/tide-history">History</a></p><h2>Queries</h2>${queries ? `<ul>${queries}</ul>` : '<p class="empty">No tide queries are configured.</p>'}<h2>Merge pools</h2>${table}`);
    } catch (e) {
      unavailable(req, res, 'Tide', '/tide', deps.tideUrl?.() ? e : undefined);
    }
  });

  app.get('/tide-history', async (req, res) => {
    try {
      const r = await fetchTide(deps, 'history');
      if (!r.ok) throw new Error(`tide answered ${r.status}`);
      const history = (await r.json()) as Record<string, HistoryRecord[]>;
      const rows = Object.entries(history).sort(([a], [b]) => (a < b ? -1 : 1)).flatMap(([pool, recs]) => recs.map((rec) =>
        `<tr><td>${escapeHtml(rec.time)}</td><td>${escapeHtml(pool)}</td><td>${escapeHtml(rec.action)}</td><td>${(rec.target ?? []).map((t) => `#${t.number}`).join(' ')}</td><td><code>${escapeHtml((rec.baseSHA ?? '').slice(0, 8))}</code></td><td>${rec.err ? `<span class="error">${escapeHtml(rec.err)}</span>` : ''}</td></tr>`));
      const body = rows.length
        ? `<div class="table-scroll"><table class="plain"><thead><tr><th scope="col">Time</th><th scope="col">Pool</th><th scope="col">Action</th><th scope="col">Targets</th><th scope="col">Base</th><th scope="col">Error</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`
        : '<p class="empty">Tide has not acted yet.</p>';
      render(req, res, 200, 'Tide History', '/tide-history', `<h1>Tide History</h1><p><a href="/tide">Merge pools</a></p>${body}`);
    } catch (e) {
      unavailable(req, res, 'Tide History', '/tide-history', deps.tideUrl?.() ? e : undefined);
    }
  });

  for (const path of ['tide.js', 'tide-history.js']) {
    app.get(`/${path}`, async (req, res) => {
      try {
        const v = typeof req.query.var === 'string' ? `?var=${encodeURIComponent(req.query.var)}` : '';
        const r = await fetchTide(deps, path, v);
        res.status(r.status).type(r.headers.get('content-type') ?? 'application/json').send(await r.text());
      } catch (e) {
        if (deps.tideUrl?.()) deps.logger.warn('fetching from tide failed', { error: e });
        res.status(deps.tideUrl?.() ? 502 : 404).type('text').send('Tide is not available.');
      }
    });
  }
}
