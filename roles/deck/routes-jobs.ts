// The job list (/), /prowjobs.js, /prowjob (YAML) and /badge.svg.
import type express from 'express';
import { toYaml } from '../../src/config/yaml.js';
import { offeredActions } from './auth.js';
import { badgeMatcher, latestFinished, renderBadge } from './badge.js';
import type { DeckDeps } from './deps.js';
import { escapeHtml, page } from './html.js';
import { parseOmit } from './jobs.js';
import { pageContext, query } from './session.js';

const COLUMNS: [string, string][] = [
  ['state', 'State'], ['actions', 'Actions'], ['job', 'Job'], ['type', 'Type'], ['repo', 'Repository'], ['pr', 'PR'],
  ['author', 'Author'], ['started', 'Started'], ['duration', 'Duration'],
];

export function mountJobRoutes(app: express.Express, deps: DeckDeps): void {
  app.get('/', (req, res) => {
    const cols = COLUMNS.map(([k]) => `<col class="col-${k}">`).join('');
    const head = COLUMNS.map(([, label]) => `<th>${escapeHtml(label)}</th>`).join('');
    const body = `<h1>Prow Status</h1><div id="filters" role="search" aria-label="Filter jobs"></div>
<figure id="histogram" aria-label="Job states over time"><div class="bars"></div><figcaption class="legend"></figcaption></figure>
<div id="job-count" aria-live="polite">Loading jobs…</div>
<div id="scroller"><table id="jobs"><caption class="visually-hidden">ProwJobs, newest first</caption><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead><tbody></tbody></table></div>`;
    const actions = offeredActions(deps.config(), { signIn: deps.oauth !== undefined, rerunCreatesJob: deps.rerunCreatesJob });
    res.type('html').send(page({ title: 'Prow Status', body, current: '/', scripts: ['index.js'], data: { refreshMs: deps.listRefreshMs, actions }, ...pageContext(req, res, deps) }));
  });

  app.get('/prowjobs.js', async (req, res) => {
    const omit = parseOmit(query(req, 'omit'));
    const list = deps.jobs.listBody(omit);
    const etag = `"${list.generation}-${[...omit].sort().join(',')}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    const v = query(req, 'var');
    if (v !== undefined) {
      if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(v)) {
        res.status(400).type('text').send('invalid var name');
        return;
      }
      res.type('application/javascript').send(`var ${v} = ${list.body.toString('utf8')};`);
      return;
    }
    res.type('application/json');
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      res.setHeader('Content-Encoding', 'gzip');
      res.send(await list.gzip());
      return;
    }
    res.send(list.body);
  });

  app.get('/prowjob', (req, res) => {
    const name = query(req, 'prowjob');
    if (!name) {
      res.status(400).type('text').send('Missing prowjob query parameter.');
      return;
    }
    const pj = deps.jobs.get(name);
    if (!pj) {
      res.status(404).type('text').send(`ProwJob ${name} not found.`);
      return;
    }
    res.type('text/plain').send(toYaml(pj));
  });

  app.get('/badge.svg', (req, res) => {
    const jobs = query(req, 'jobs') ?? '';
    const badge = renderBadge(jobs ? latestFinished(deps.jobs.list(), badgeMatcher(jobs)) : []);
    res.setHeader('Cache-Control', 'no-cache');
    res.type('image/svg+xml').send(badge.svg);
  });
}
