// Spyglass lenses: which lenses a job page shows (deck.spyglass.lenses: required_files, optional_files, lens
// config) and how each one renders its files. Deck has upstream's metadata, buildlog, junit, podinfo, links, html
// and coverage lenses (the last four in lenses-extra.ts); configured
// lenses with other names are left out of the page (and logged once at start).
import type { LensFileConfig } from '../../src/config/types.js';
import type { ProwJob } from '../../src/api/prowjob.js';
import { compileGoRegex } from '../../src/config/goregex.js';
import { renderBuildLog } from './buildlog.js';
import { escapeHtml, safeUrl } from './html.js';
import { parseJUnit, renderJUnit, type TestResult } from './junit.js';
import { formatDuration, formatTime } from './web/time.js';

export const KNOWN_LENSES = ['metadata', 'buildlog', 'junit', 'podinfo', 'links', 'html', 'coverage'] as const;

/** Used when deck.spyglass.lenses is empty: upstream's documented example set. */
export const DEFAULT_LENSES: LensFileConfig[] = [
  { lens: { name: 'metadata' }, required_files: ['^(?:started|finished)\\.json$'], optional_files: ['^(?:podinfo|prowjob)\\.json$'] },
  { lens: { name: 'buildlog' }, required_files: ['^build-log\\.txt$'] },
  { lens: { name: 'junit' }, required_files: ['^artifacts/(?:.*/)?junit.*\\.xml$'] },
];

export interface SelectedLens {
  name: string;
  config: unknown;
  files: string[];
}

/** The lenses whose required files are all present, each with the files it gets, in configured order. */
export function selectLenses(configured: LensFileConfig[] | undefined, artifacts: string[]): SelectedLens[] {
  const lenses = configured && configured.length > 0 ? configured : DEFAULT_LENSES;
  const out: SelectedLens[] = [];
  for (const l of lenses) {
    if (!(KNOWN_LENSES as readonly string[]).includes(l.lens.name)) continue;
    let required: RegExp[];
    let optional: RegExp[];
    try {
      required = (l.required_files ?? []).map(compileGoRegex);
      optional = (l.optional_files ?? []).map(compileGoRegex);
    } catch {
      continue;
    }
    if (!required.every((re) => artifacts.some((a) => re.test(a)))) continue;
    const files = artifacts.filter((a) => required.some((re) => re.test(a)) || optional.some((re) => re.test(a)));
    if (files.length === 0) continue;
    out.push({ name: l.lens.name, config: l.lens.config, files });
  }
  return out;
}

export const LENS_TITLES: Record<string, string> = {
  metadata: 'Metadata', buildlog: 'Build Log', junit: 'JUnit', podinfo: 'Pod Info', links: 'Links', html: 'HTML', coverage: 'Coverage',
};

interface Started {
  timestamp?: number;
  node?: string;
  pull?: string;
  'repo-version'?: string;
  repos?: Record<string, string>;
  metadata?: Record<string, unknown>;
}

interface Finished {
  timestamp?: number;
  passed?: boolean;
  result?: string;
  revision?: string;
  metadata?: Record<string, unknown>;
}

function parseJson<T>(text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function rows(pairs: [string, string | undefined][]): string {
  return pairs
    .filter((p): p is [string, string] => p[1] !== undefined && p[1] !== '')
    .map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`)
    .join('');
}

export function renderMetadata(files: Map<string, string>): string {
  const started = parseJson<Started>(files.get('started.json'));
  const finished = parseJson<Finished>(files.get('finished.json'));
  const pj = parseJson<ProwJob>(files.get('prowjob.json'));
  const result = finished?.result ?? (finished ? (finished.passed ? 'SUCCESS' : 'FAILURE') : 'Not finished');
  const startDate = started?.timestamp ? formatTime(started.timestamp) : undefined;
  const elapsed = started?.timestamp && finished?.timestamp ? formatDuration((finished.timestamp - started.timestamp) * 1000) : undefined;
  const refs = pj?.spec.refs;
  const pull = refs?.pulls?.[0];
  let html = `<table class="metadata"><tbody>${rows([
    ['Result', result],
    ['Job', pj?.spec.job],
    ['Type', pj?.spec.type],
    ['Repository', refs ? `${refs.org}/${refs.repo}` : undefined],
    ['Base ref', refs?.base_ref],
    ['Base SHA', refs?.base_sha],
    ['Started', startDate],
    ['Elapsed', elapsed],
    ['Node', started?.node],
    ['Revision', finished?.revision ?? started?.['repo-version']],
  ])}`;
  if (pull) {
    const link = pull.link ?? (refs?.repo_link ? `${refs.repo_link}/pull/${pull.number}` : undefined);
    html += `<tr><td>Pull request</td><td><a href="${escapeHtml(safeUrl(link))}">#${pull.number}</a> ${escapeHtml(pull.title ?? '')} by ${escapeHtml(pull.author)} (${escapeHtml(pull.sha.slice(0, 12))})</td></tr>`;
  }
  const md = { ...(started?.metadata ?? {}), ...(finished?.metadata ?? {}) };
  html += rows(Object.entries(md).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  return `${html}</tbody></table>`;
}

export interface BuildLogLensConfig {
  highlight_regexes?: string[];
  hide_raw_log?: boolean;
}

export function renderBuildLogs(files: { name: string; text: string; skipped: number; rawUrl: string }[], config: unknown): string {
  const cfg = (config ?? {}) as BuildLogLensConfig;
  return files
    .map((f) => {
      const log = renderBuildLog(f.text, { artifact: f.name, highlightRegexes: cfg.highlight_regexes, truncatedBytes: f.skipped });
      const raw = cfg.hide_raw_log ? '' : ` <a href="${escapeHtml(f.rawUrl)}">raw</a>`;
      return `<h3>${escapeHtml(f.name)} <small>(${log.totalLines} lines, ${log.highlightedLines} highlighted)</small>${raw}</h3>${log.html}`;
    })
    .join('');
}

export function renderJUnitFiles(files: { name: string; text: string }[]): string {
  const all: TestResult[] = [];
  const errors: string[] = [];
  for (const f of files) {
    try {
      all.push(...parseJUnit(f.text));
    } catch (e) {
      errors.push(`${f.name}: ${(e as Error).message}`);
    }
  }
  const errHtml = errors.map((e) => `<p class="error">Could not parse ${escapeHtml(e)}</p>`).join('');
  return errHtml + renderJUnit(all);
}
