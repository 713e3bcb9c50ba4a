// Upstream's podinfo, links, html and coverage lenses.
import { escapeHtml, safeUrl } from './html.js';
import { formatTime } from './web/time.js';

interface ContainerStatus {
  name?: string;
  image?: string;
  ready?: boolean;
  restartCount?: number;
  state?: Record<string, { reason?: string; message?: string; exitCode?: number; startedAt?: string; finishedAt?: string } | undefined>;
}

interface PodInfo {
  pod?: {
    metadata?: { name?: string; namespace?: string };
    spec?: { nodeName?: string };
    status?: { phase?: string; reason?: string; message?: string; podIP?: string; initContainerStatuses?: ContainerStatus[]; containerStatuses?: ContainerStatus[] };
  };
  events?: { type?: string; reason?: string; message?: string; count?: number; lastTimestamp?: string; eventTime?: string }[];
}

function stateText(c: ContainerStatus): string {
  const [name, s] = Object.entries(c.state ?? {}).find(([, v]) => v !== undefined) ?? ['unknown', undefined];
  const bits = [name, s?.reason, s?.exitCode !== undefined ? `exit code ${s.exitCode}` : undefined, s?.message].filter(Boolean);
  return bits.join(', ');
}

/** podinfo.json (written by crier's podinfo step upstream: the Pod and its events). */
export function renderPodInfo(text: string): string {
  let info: PodInfo;
  try {
    info = JSON.parse(text) as PodInfo;
  } catch {
    return '<p class="error">podinfo.json is not valid JSON.</p>';
  }
  const pod = info.pod ?? {};
  const rows: [string, string | undefined][] = [
    ['Pod', pod.metadata?.name], ['Namespace', pod.metadata?.namespace], ['Node', pod.spec?.nodeName],
    ['Phase', pod.status?.phase], ['Reason', pod.status?.reason], ['Message', pod.status?.message], ['Pod IP', pod.status?.podIP],
  ];
  const meta = rows.filter(([, v]) => v).map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v ?? '')}</td></tr>`).join('');
  const containers = [...(pod.status?.initContainerStatuses ?? []).map((c) => ({ c, init: true })), ...(pod.status?.containerStatuses ?? []).map((c) => ({ c, init: false }))]
    .map(({ c, init }) => `<tr><td>${escapeHtml(c.name ?? '')}${init ? ' <small>(init)</small>' : ''}</td><td>${escapeHtml(c.image ?? '')}</td><td>${escapeHtml(stateText(c))}</td><td>${c.restartCount ?? 0}</td></tr>`)
    .join('');
  const events = (info.events ?? [])
    .map((e) => `<tr class="${e.type === 'Warning' ? 'warning' : ''}"><td>${escapeHtml(formatTime(e.lastTimestamp ?? e.eventTime))}</td><td>${escapeHtml(e.type ?? '')}</td><td>${escapeHtml(e.reason ?? '')}</td><td>${escapeHtml(e.message ?? '')}</td><td>${e.count ?? 1}</td></tr>`)
    .join('');
  return `<table class="metadata"><tbody>${meta}</tbody></table>
${containers ? `<h3>Containers</h3><div class="table-scroll"><table class="plain"><thead><tr><th>Name</th><th>Image</th><th>State</th><th>Restarts</th></tr></thead><tbody>${containers}</tbody></table></div>` : ''}
${events ? `<h3>Events</h3><div class="table-scroll"><table class="plain"><thead><tr><th>Last seen</th><th>Type</th><th>Reason</th><th>Message</th><th>Count</th></tr></thead><tbody>${events}</tbody></table></div>` : ''}`;
}

/** *.link.txt artifacts: each holds one URL; the link is named after the file. gs:// links open in the console. */
export function renderLinks(files: { name: string; text: string }[]): string {
  const items = files.map((f) => {
    const base = f.name.split('/').pop() ?? f.name;
    const label = base.replace(/\.link\.txt$/, '');
    let url = f.text.trim().split('\n')[0]?.trim() ?? '';
    if (url.startsWith('gs://')) url = `https://console.cloud.google.com/storage/browser/${url.slice(5)}`;
    const safe = safeUrl(url);
    return safe === '#'
      ? `<li>${escapeHtml(label)}: <code>${escapeHtml(url)}</code></li>`
      : `<li><a href="${escapeHtml(safe)}" rel="noopener noreferrer">${escapeHtml(label)}</a></li>`;
  });
  return `<ul class="links-lens">${items.join('')}</ul>`;
}

/** HTML artifacts, each in a sandboxed frame (no scripts, no same-origin access), titled by its <title>. */
export function renderHtmlFrames(files: { name: string; text: string; url: string }[]): string {
  return files
    .map((f, i) => {
      const title = /<title[^>]*>([^<]*)<\/title>/i.exec(f.text)?.[1]?.trim() || f.name;
      return `<details${i === 0 ? ' open' : ''}><summary>${escapeHtml(title)}</summary><iframe class="html-lens" sandbox="" src="${escapeHtml(f.url)}" title="${escapeHtml(title)}"></iframe></details>`;
    })
    .join('');
}

export interface CoverageFile {
  file: string;
  statements: number;
  covered: number;
}

/** A Go coverage profile (`mode: set` then `file:a.b,c.d stmts count` lines), summed per file. */
export function parseCoverage(text: string): { mode: string; files: CoverageFile[] } {
  const lines = text.split('\n');
  const mode = /^mode:\s*(\S+)/.exec(lines[0] ?? '')?.[1];
  if (!mode) throw new Error('not a Go coverage profile (no "mode:" line)');
  const byFile = new Map<string, CoverageFile>();
  for (const line of lines.slice(1)) {
    const m = /^(.+):\d+\.\d+,\d+\.\d+ (\d+) (\d+)$/.exec(line.trim());
    if (!m) continue;
    const f = byFile.get(m[1]!) ?? { file: m[1]!, statements: 0, covered: 0 };
    const n = Number(m[2]);
    f.statements += n;
    if (Number(m[3]) > 0) f.covered += n;
    byFile.set(f.file, f);
  }
  return { mode, files: [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file)) };
}

const pct = (covered: number, total: number): string => (total === 0 ? '—' : `${((covered / total) * 100).toFixed(1)}%`);

export function renderCoverage(files: { name: string; text: string }[]): string {
  return files
    .map((f) => {
      let cov: ReturnType<typeof parseCoverage>;
      try {
        cov = parseCoverage(f.text);
      } catch (e) {
        return `<p class="error">${escapeHtml(f.name)}: ${escapeHtml((e as Error).message)}</p>`;
      }
      const total = cov.files.reduce((a, x) => a + x.statements, 0);
      const covered = cov.files.reduce((a, x) => a + x.covered, 0);
      const rows = cov.files.map((x) => `<tr><td>${escapeHtml(x.file)}</td><td class="num">${pct(x.covered, x.statements)}</td><td class="num">${x.covered}/${x.statements}</td></tr>`).join('');
      return `<h3>${escapeHtml(f.name)} <small>(mode ${escapeHtml(cov.mode)})</small></h3>
<p class="coverage-total">Total: <b>${pct(covered, total)}</b> of ${total} statements</p>
<div class="table-scroll"><table class="plain coverage"><thead><tr><th>File</th><th>Coverage</th><th>Statements</th></tr></thead><tbody>${rows}</tbody></table></div>`;
    })
    .join('');
}
