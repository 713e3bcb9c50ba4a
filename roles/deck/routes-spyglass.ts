// Spyglass job pages (/view/<provider>/<bucket>/<dir>), raw artifacts (/artifact/…), job history
// (/job-history/…) and live logs (/log, /live-log).
import type express from 'express';
import { isFinalState, type ProwJob } from '../../src/api/prowjob.js';
import { cachedTemplate } from '../../src/report/template.js';
import { ObjectNotFoundError } from '../../src/storage/types.js';
import { ownValue } from '../../src/own-key.js';
import {
  ArtifactError,
  artifactKey,
  encodePath,
  listArtifacts,
  readLimited,
  resolveJobDir,
  viewPath,
  type JobDir,
} from './artifacts.js';
import { offeredActions } from './auth.js';
import { sizeLimit, type DeckDeps } from './deps.js';
import { escapeHtml, page } from './html.js';
import { LENS_TITLES, renderBuildLogs, renderJUnitFiles, renderMetadata, selectLenses } from './lenses.js';
import { renderCoverage, renderHtmlFrames, renderLinks, renderPodInfo } from './lenses-extra.js';
import { followFile } from './live-log.js';
import { pageContext, query } from './session.js';
import { formatDuration, formatTime } from './web/time.js';

/** The wildcard part of a route as one path. */
function wildcard(req: express.Request): string {
  const p = (req.params as Record<string, string | string[] | undefined>).path;
  return Array.isArray(p) ? p.join('/') : (p ?? '');
}

function sendError(res: express.Response, e: unknown, deps: DeckDeps): void {
  if (e instanceof ArtifactError) {
    res.status(e.status).type('text').send(e.message);
    return;
  }
  if (e instanceof ObjectNotFoundError) {
    res.status(404).type('text').send('Not found.');
    return;
  }
  deps.logger.warn('deck request failed', { error: e });
  res.status(500).type('text').send('Internal error; see the deck logs.');
}

/** The job's directory two levels up from a build: `logs/<job>` or `pr-logs/pull/<org_repo>/<pr>/<job>`. */
function historyPathOf(job: JobDir): string | undefined {
  const segs = job.dir.split('/');
  if (segs.length < 2) return undefined;
  if (segs[0] === 'pr-logs' && segs[1] === 'pull') {
    const name = segs[segs.length - 2];
    return name ? ['pr-logs', 'directory', name].join('/') : undefined;
  }
  return segs.slice(0, -1).join('/');
}

function jobForDir(deps: DeckDeps, jobName: string | undefined, buildId: string | undefined): ProwJob | undefined {
  if (!jobName || !buildId) return undefined;
  return deps.jobs.list().find((pj) => pj.spec.job === jobName && pj.status.build_id === buildId);
}

function actionButtons(pj: ProwJob, deps: DeckDeps): string {
  const name = escapeHtml(pj.metadata.name);
  const job = escapeHtml(pj.spec.job);
  const offered = offeredActions(deps.config(), { signIn: deps.oauth !== undefined, rerunCreatesJob: deps.rerunCreatesJob });
  const own = pj.spec.rerun_auth_config?.allow_anyone === true;
  let html = '';
  if (offered.rerun || (own && deps.rerunCreatesJob)) {
    html += `<button type="button" data-rerun="${name}" data-job="${job}" data-mode="latest">Rerun (latest config)</button> `;
    html += `<button type="button" data-rerun="${name}" data-job="${job}" data-mode="original">Rerun (original)</button> `;
  } else {
    // As upstream without --rerun-creates-job: the job to create, for `prow mkpj`-style or kubectl use.
    html += `<a class="rerun-yaml" href="/rerun?prowjob=${name}&amp;mode=latest" title="Deck creates reruns with --rerun-creates-job (and --cookie-secret of 32+ bytes)">Rerun YAML</a> `;
  }
  if (!isFinalState(pj.status.state) && (offered.abort || own)) html += `<button type="button" data-abort="${name}" data-job="${job}">Abort</button>`;
  return `<span class="actions">${html}</span>`;
}

async function renderView(deps: DeckDeps, job: JobDir): Promise<{ title: string; body: string }> {
  const config = deps.config();
  const limit = sizeLimit(config);
  const artifacts = await listArtifacts(job);
  const names = artifacts.map((a) => a.name);
  if (names.length === 0) throw new ArtifactError(404, 'No artifacts found for this job.');
  const segs = job.dir.split('/');
  const buildId = segs[segs.length - 1];
  const jobName = segs[segs.length - 2];
  const pj = jobForDir(deps, jobName, buildId);
  const base = `/artifact/${encodePath(viewPath(job))}`;

  const sections: string[] = [];
  for (const lens of selectLenses(config.deck?.spyglass?.lenses, names)) {
    let inner = '';
    if (lens.name === 'metadata') {
      const files = new Map<string, string>();
      for (const f of lens.files) files.set(f, (await readLimited(job, f, Math.min(limit, 5_000_000))).text);
      inner = renderMetadata(files);
    } else if (lens.name === 'buildlog') {
      const logs = [];
      for (const f of lens.files) {
        const r = await readLimited(job, f, limit);
        logs.push({ name: f, text: r.text, skipped: r.skipped, rawUrl: `${base}/${encodePath(f)}` });
      }
      inner = renderBuildLogs(logs, lens.config);
    } else if (lens.name === 'junit') {
      const files = [];
      for (const f of lens.files) {
        const size = artifacts.find((a) => a.name === f)?.size ?? 0;
        if (size > limit) continue;
        files.push({ name: f, text: (await readLimited(job, f, limit)).text });
      }
      inner = renderJUnitFiles(files);
    } else {
      const files = [];
      for (const f of lens.files) files.push({ name: f, text: (await readLimited(job, f, Math.min(limit, 20_000_000))).text, url: `/html-artifact/${encodePath(viewPath(job))}/${encodePath(f)}` });
      if (lens.name === 'podinfo') inner = files.map((f) => renderPodInfo(f.text)).join('');
      else if (lens.name === 'links') inner = renderLinks(files);
      else if (lens.name === 'html') inner = renderHtmlFrames(files);
      else if (lens.name === 'coverage') inner = renderCoverage(files);
    }
    sections.push(`<section class="lens lens-${lens.name}"><h2>${escapeHtml(ownValue(LENS_TITLES, lens.name) ?? lens.name)}</h2><div class="lens-body">${inner}</div></section>`);
  }

  const history = historyPathOf(job);
  const links: string[] = [];
  if (history) links.push(`<a href="/job-history/${escapeHtml(encodePath(viewPath({ ...job, dir: history })))}">Job history</a>`);
  if (pj) {
    links.push(`<a href="/prowjob?prowjob=${escapeHtml(encodeURIComponent(pj.metadata.name))}">ProwJob YAML</a>`);
    if (!isFinalState(pj.status.state) && pj.status.build_id) {
      links.push(`<a href="/live-log?job=${escapeHtml(encodeURIComponent(pj.spec.job))}&amp;id=${escapeHtml(encodeURIComponent(pj.status.build_id))}">Live log</a>`);
    }
  }
  const state = pj?.status.state;
  const artifactList = artifacts
    .map((a) => `<li><a href="${escapeHtml(`${base}/${encodePath(a.name)}`)}">${escapeHtml(a.name)}</a>${a.size === undefined ? '' : ` <small>${a.size} bytes</small>`}</li>`)
    .join('');
  const body = `<div class="job-header"><h1>${escapeHtml(jobName ?? '')} <small>#${escapeHtml(buildId ?? '')}</small></h1>${
    state ? `<span class="result ${escapeHtml(state)}" data-state="${escapeHtml(state)}">${escapeHtml(state)}</span>` : ''
  }<span class="links">${links.join('')}</span>${pj ? actionButtons(pj, deps) : ''}</div>
${sections.join('\n')}
<section class="lens"><h2>Artifacts</h2><div class="lens-body"><ul class="artifacts">${artifactList}</ul></div></section>`;
  return { title: `${jobName ?? ''} #${buildId ?? ''}`, body };
}

interface HistoryRow {
  id: string;
  link: string;
  started?: number;
  finished?: number;
  result?: string;
}

const HISTORY_PAGE = 20;

async function readJson<T>(job: JobDir, key: string): Promise<T | undefined> {
  try {
    return JSON.parse((await job.storage.read(key)).toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

async function renderHistory(job: JobDir, olderThan: string | undefined): Promise<{ title: string; body: string }> {
  const prefix = job.dir ? `${job.dir}/` : '';
  const entries = await job.storage.list(prefix, { delimiter: '/' });
  // logs/<job>/<build>/ directories, or pr-logs/directory/<job>/<build>.txt links to them.
  const ids = new Map<string, string>();
  for (const e of entries) {
    const rest = e.key.slice(prefix.length).replace(/\/$/, '');
    const m = /^(\d+)(\.txt)?$/.exec(rest);
    if (!m || !m[1]) continue;
    if (e.isDir && !m[2]) ids.set(m[1], `${prefix}${m[1]}`);
    else if (!e.isDir && m[2]) ids.set(m[1], `link:${e.key}`);
  }
  const sorted = [...ids.keys()].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : BigInt(b) < BigInt(a) ? -1 : 0));
  const start = olderThan ? sorted.findIndex((id) => BigInt(id) < BigInt(olderThan)) : 0;
  const pageIds = start < 0 ? [] : sorted.slice(start, start + HISTORY_PAGE);
  const rows: HistoryRow[] = [];
  for (const id of pageIds) {
    let dir = ids.get(id) ?? '';
    if (dir.startsWith('link:')) {
      // The link file holds the build directory's URL (…/pr-logs/pull/…/<build>); keep it inside this bucket.
      const target = (await job.storage.read(dir.slice(5)).catch(() => Buffer.alloc(0))).toString('utf8').trim();
      const m = /(pr-logs\/pull\/.*)$/.exec(target);
      if (!m || !m[1]) continue;
      dir = m[1].replace(/\/+$/, '');
    }
    const started = await readJson<{ timestamp?: number }>(job, `${dir}/started.json`);
    const finished = await readJson<{ timestamp?: number; result?: string; passed?: boolean }>(job, `${dir}/finished.json`);
    rows.push({
      id,
      link: `/view/${encodePath(viewPath({ ...job, dir }))}`,
      ...(started?.timestamp ? { started: started.timestamp } : {}),
      ...(finished?.timestamp ? { finished: finished.timestamp } : {}),
      ...(finished ? { result: finished.result ?? (finished.passed ? 'SUCCESS' : 'FAILURE') } : {}),
    });
  }
  const name = job.dir.split('/').pop() ?? '';
  const tr = rows
    .map((r) => {
      const dur = r.started && r.finished ? formatDuration((r.finished - r.started) * 1000) : '';
      const res = r.result ?? 'Pending';
      return `<tr><td><a href="${escapeHtml(r.link)}">${escapeHtml(r.id)}</a></td><td class="result ${escapeHtml(res.toLowerCase())}">${escapeHtml(res)}</td><td>${r.started ? escapeHtml(formatTime(r.started)) : ''}</td><td>${escapeHtml(dur)}</td></tr>`;
    })
    .join('');
  const here = `/job-history/${encodePath(viewPath(job))}`;
  const last = pageIds[pageIds.length - 1];
  const pager: string[] = [];
  if (olderThan) pager.push(`<a href="${escapeHtml(here)}">Newest</a>`);
  if (last && start + HISTORY_PAGE < sorted.length) pager.push(`<a href="${escapeHtml(`${here}?buildId=${encodeURIComponent(last)}`)}">Older runs</a>`);
  const body = `<h1>History of ${escapeHtml(name)}</h1><p>${sorted.length} runs</p>
<table class="history"><thead><tr><th>Build</th><th>Result</th><th>Started</th><th>Duration</th></tr></thead><tbody>${tr}</tbody></table>
<p class="pager">${pager.join('')}</p>`;
  return { title: `History of ${name}`, body };
}

/** deck.spyglass.announcement, a Go template with .ArtifactPath (`bucket/path/to/job/`); shown as text. */
function renderAnnouncement(source: string | undefined, job: JobDir): string | undefined {
  if (!source) return undefined;
  try {
    return cachedTemplate(source).execute({ ArtifactPath: `${job.bucketName}/${job.dir}/` });
  } catch {
    return source;
  }
}

export function mountSpyglassRoutes(app: express.Express, deps: DeckDeps): void {
  app.get('/view/*path', async (req, res) => {
    try {
      const job = resolveJobDir(wildcard(req), deps.config(), deps.storage);
      const { title, body } = await renderView(deps, job);
      const announcement = renderAnnouncement(deps.config().deck?.spyglass?.announcement, job);
      res.type('html').send(page({ title, body, scripts: ['spyglass.js'], ...(announcement ? { announcement } : {}), ...pageContext(req, res, deps) }));
    } catch (e) {
      sendError(res, e, deps);
    }
  });

  // Raw artifacts: always plain text, sandboxed, never sniffed as HTML, at most size_limit bytes. The html lens
  // frames .html artifacts from /html-artifact/: HTML, but sandboxed (an opaque origin, no scripts, nothing fetched).
  const serveArtifact = (asHtml: boolean): express.RequestHandler => async (req, res) => {
    try {
      const job = resolveJobDir(wildcard(req), deps.config(), deps.storage);
      const key = artifactKey({ ...job, dir: '' }, job.dir);
      if (asHtml && !/\.html?$/i.test(key)) throw new ArtifactError(404, 'Not an HTML artifact.');
      const attrs = await job.storage.stat(key);
      if (!attrs) throw new ArtifactError(404, 'Not found.');
      const limit = sizeLimit(deps.config());
      res.setHeader('Content-Type', asHtml ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (asHtml) {
        res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'");
        res.setHeader('X-Frame-Options', 'SAMEORIGIN');
      } else {
        res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
      }
      const stream = await job.storage.stream(key, attrs.size > limit ? { offset: 0, length: limit } : undefined);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    } catch (e) {
      sendError(res, e, deps);
    }
  };
  app.get('/artifact/*path', serveArtifact(false));
  app.get('/html-artifact/*path', serveArtifact(true));

  app.get('/job-history/*path', async (req, res) => {
    try {
      const job = resolveJobDir(wildcard(req), deps.config(), deps.storage);
      const older = query(req, 'buildId');
      if (older !== undefined && !/^\d+$/.test(older)) throw new ArtifactError(400, 'buildId must be a number');
      const { title, body } = await renderHistory(job, older);
      res.type('html').send(page({ title, body, ...pageContext(req, res, deps) }));
    } catch (e) {
      sendError(res, e, deps);
    }
  });

  app.get('/live-log', (req, res) => {
    const job = query(req, 'job') ?? '';
    const id = query(req, 'id') ?? '';
    const body = `<h1>${escapeHtml(job)} <small>#${escapeHtml(id)}</small></h1><p id="log-status">Connecting…</p><pre id="log"></pre>`;
    res.type('html').send(page({ title: `${job} #${id}`, body, scripts: ['log.js'], data: { job, id }, ...pageContext(req, res, deps) }));
  });

  app.get('/log', async (req, res) => {
    const jobName = query(req, 'job');
    const id = query(req, 'id');
    if (!jobName || !id) {
      res.status(400).type('text').send('Missing job or id query parameter.');
      return;
    }
    const pj = jobForDir(deps, jobName, id);
    if (!pj) {
      res.status(404).type('text').send(`No job ${jobName} with build ID ${id}.`);
      return;
    }
    try {
      const ac = new AbortController();
      res.on('close', () => ac.abort());
      const streaming = (): void => {
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Cache-Control', 'no-cache');
      };
      // A job running as a Pod: its log comes from the build cluster while it runs.
      if (deps.podLogs) {
        streaming();
        if (await deps.podLogs.follow(pj, res, { signal: ac.signal, limit: sizeLimit(deps.config()) })) {
          res.end();
          return;
        }
      }
      const file = await deps.logs.locate(pj);
      if (!file) {
        res.status(404).type('text').send('No log for this job yet.');
        return;
      }
      streaming();
      res.flushHeaders();
      const name = pj.metadata.name;
      await followFile(file, res, { current: () => deps.jobs.get(name), limit: sizeLimit(deps.config()), signal: ac.signal });
      res.end();
    } catch (e) {
      if (!res.headersSent) sendError(res, e, deps);
      else res.destroy();
    }
  });
}
