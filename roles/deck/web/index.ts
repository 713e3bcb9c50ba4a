// The job list (/): every ProwJob from /prowjobs.js, filtered in the browser with the filters kept in the URL,
// rendered as a virtual table (only the rows in view exist in the DOM), refreshed in place.
import { abort, el, formatDuration, formatTime, pageData, rerun, type ProwJobLite } from './common.js';

const ROW_HEIGHT = 28;
const OVERSCAN = 20;
const STATES = ['triggered', 'pending', 'success', 'failure', 'aborted', 'error'];
const TYPES = ['presubmit', 'postsubmit', 'periodic', 'batch'];
const ICONS: Record<string, string> = {
  triggered: '◌', pending: '●', success: '✔', failure: '✖', aborted: '⊘', error: '⚠', scheduling: '◌',
};

interface Row {
  pj: ProwJobLite;
  repo: string;
  pull: string;
  author: string;
  title: string;
}

interface Filters {
  type: string;
  repo: string;
  state: string;
  job: string;
  author: string;
  pull: string;
}
const FILTER_KEYS: (keyof Filters)[] = ['type', 'repo', 'state', 'job', 'author', 'pull'];

let rows: Row[] = [];
let shown: Row[] = [];
let etag = '';
const filters: Filters = readFilters();

function readFilters(): Filters {
  const q = new URLSearchParams(location.search);
  const f = {} as Filters;
  for (const k of FILTER_KEYS) f[k] = q.get(k) ?? '';
  return f;
}

function writeFilters(): void {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (filters[k]) q.set(k, filters[k]);
  const qs = q.toString();
  history.replaceState(null, '', qs ? `?${qs}` : location.pathname);
}

function toRow(pj: ProwJobLite): Row {
  const refs = pj.spec.refs ?? pj.spec.extra_refs?.[0];
  const pull = pj.spec.refs?.pulls?.[0];
  return {
    pj,
    repo: refs ? `${refs.org}/${refs.repo}` : '',
    pull: pj.spec.type === 'batch' ? 'batch' : pull ? String(pull.number) : '',
    author: pull?.author ?? '',
    title: pull?.title ?? '',
  };
}

/** `*` in the job filter matches anything; otherwise the filter is a substring. */
function jobMatcher(pattern: string): (name: string) => boolean {
  if (!pattern) return () => true;
  if (!pattern.includes('*')) return (name) => name.includes(pattern);
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (name) => re.test(name);
}

function applyFilters(): void {
  const matchJob = jobMatcher(filters.job);
  shown = rows.filter(
    (r) =>
      (!filters.type || r.pj.spec.type === filters.type) &&
      (!filters.repo || r.repo === filters.repo) &&
      (!filters.state || r.pj.status.state === filters.state) &&
      (!filters.author || r.author === filters.author) &&
      (!filters.pull || r.pull === filters.pull) &&
      matchJob(r.pj.spec.job),
  );
  const count = document.getElementById('job-count');
  if (count) count.textContent = `${shown.length} of ${rows.length} jobs`;
  renderHistogram();
  renderWindow(true);
}

const BUCKETS = 40;
const BAR_HEIGHT = 40;

/** Upstream's job histogram: the shown jobs by start time, one stacked bar per time slice, coloured by state. */
function renderHistogram(): void {
  const bars = document.querySelector<HTMLElement>('#histogram .bars');
  const legend = document.querySelector<HTMLElement>('#histogram .legend');
  if (!bars || !legend) return;
  const times = shown.map((r) => Date.parse(r.pj.status.startTime ?? '')).filter((t) => Number.isFinite(t));
  const counts = new Map<string, number>();
  for (const r of shown) counts.set(r.pj.status.state ?? 'triggered', (counts.get(r.pj.status.state ?? 'triggered') ?? 0) + 1);
  const min = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - min);
  const buckets: Map<string, number>[] = Array.from({ length: BUCKETS }, () => new Map());
  for (const r of shown) {
    const t = Date.parse(r.pj.status.startTime ?? '');
    if (!Number.isFinite(t)) continue;
    const b = buckets[Math.min(BUCKETS - 1, Math.floor(((t - min) / span) * BUCKETS))];
    const st = r.pj.status.state ?? 'triggered';
    b?.set(st, (b.get(st) ?? 0) + 1);
  }
  const tallest = Math.max(1, ...buckets.map((b) => [...b.values()].reduce((a, n) => a + n, 0)));
  bars.replaceChildren(...buckets.map((b) => {
    const bar = el('div', { className: 'bar' });
    const total = [...b.values()].reduce((a, n) => a + n, 0);
    bar.title = total ? [...b].map(([st, n]) => `${n} ${st}`).join(', ') : '';
    for (const st of STATES) {
      const n = b.get(st);
      if (!n) continue;
      const seg = el('span', { className: `seg ${st}` });
      seg.style.height = `${Math.max(1, Math.round((n / tallest) * BAR_HEIGHT))}px`;
      bar.append(seg);
    }
    return bar;
  }));
  legend.replaceChildren(...STATES.filter((st) => counts.get(st)).map((st) => {
    const b = el('button', { className: `legend-item ${st}`, text: `${ICONS[st] ?? ''} ${st} ${counts.get(st) ?? 0}` });
    b.type = 'button';
    b.dataset.state = st;
    b.setAttribute('aria-pressed', String(filters.state === st));
    b.title = filters.state === st ? 'Show every state' : `Show only ${st} jobs`;
    b.addEventListener('click', () => {
      filters.state = filters.state === st ? '' : st;
      const sel = document.querySelector<HTMLSelectElement>('select[name="state"]');
      if (sel) sel.value = filters.state;
      writeFilters();
      applyFilters();
      document.querySelector<HTMLButtonElement>(`#histogram button[data-state="${st}"]`)?.focus();
    });
    return b;
  }));
}

function stateCell(state: string): HTMLTableCellElement {
  const td = el('td', { className: `state ${state}`, title: state });
  td.dataset.state = state;
  td.append(el('span', { className: 'icon', text: ICONS[state] ?? '?' }));
  return td;
}

interface PageData {
  refreshMs?: number;
  /** Which buttons can work on this Deck (see offeredActions on the server). */
  actions?: { rerun: boolean; abort: boolean; rerunCreatesJob: boolean };
}
const data = pageData<PageData>() ?? {};

function actionsCell(pj: ProwJobLite): HTMLTableCellElement {
  const td = el('td', { className: 'actions' });
  const anyone = pj.spec.rerun_auth_config?.allow_anyone === true;
  if (data.actions?.rerun || (anyone && data.actions?.rerunCreatesJob)) {
    const rerunBtn = el('button', { className: 'rerun', text: '↻', title: `Rerun ${pj.spec.job}` });
    rerunBtn.type = 'button';
    rerunBtn.setAttribute('aria-label', `Rerun ${pj.spec.job}`);
    rerunBtn.addEventListener('click', () => {
      if (confirm(`Rerun ${pj.spec.job} with the latest job config?`)) void rerun(pj.metadata.name, 'latest').then(refresh);
    });
    td.append(rerunBtn);
  }
  if ((data.actions?.abort || anyone) && (pj.status.state === 'pending' || pj.status.state === 'triggered')) {
    const abortBtn = el('button', { className: 'abort', text: '✕', title: `Abort ${pj.spec.job}` });
    abortBtn.setAttribute('aria-label', `Abort ${pj.spec.job}`);
    abortBtn.type = 'button';
    abortBtn.addEventListener('click', () => {
      if (confirm(`Abort ${pj.spec.job}?`)) void abort(pj.metadata.name).then(refresh);
    });
    td.append(abortBtn);
  }
  return td;
}

/**
 * The job's page. A status.url that is a Spyglass link (…/view/…) opens on this Deck, whatever host and port
 * plank.job_url_prefix_config names (it is written for GitHub, and may name another address than the one in use).
 */
export function jobLink(pj: ProwJobLite): string {
  const url = pj.status.url;
  if (!url) return `/prowjob?prowjob=${encodeURIComponent(pj.metadata.name)}`;
  const at = url.indexOf('/view/');
  return at >= 0 && /^https?:\/\/[^/]+\//i.test(url) ? url.slice(at) : url;
}

function renderRow(r: Row): HTMLTableRowElement {
  const { pj } = r;
  const tr = el('tr');
  tr.dataset.name = pj.metadata.name;
  const pull = pj.spec.refs?.pulls?.[0];
  const prCell = el('td', { className: 'pr' });
  if (pull) {
    const link = pull.link || (pj.spec.refs?.repo_link ? `${pj.spec.refs.repo_link}/pull/${pull.number}` : '');
    prCell.append(link ? el('a', { href: link, text: String(pull.number), title: r.title }) : el('span', { text: String(pull.number), title: r.title }));
  } else if (r.pull) prCell.textContent = r.pull;
  const authorCell = el('td', { className: 'author' });
  if (pull?.author_link) authorCell.append(el('a', { href: pull.author_link, text: r.author }));
  else authorCell.textContent = r.author;
  const start = pj.status.startTime;
  const end = pj.status.completionTime ? Date.parse(pj.status.completionTime) : Date.now();
  tr.append(
    stateCell(pj.status.state ?? 'triggered'),
    actionsCell(pj),
    el('td', { className: 'job' }, [el('a', { href: jobLink(pj), text: pj.spec.job, title: pj.status.description ?? '' })]),
    el('td', { className: 'type', text: pj.spec.type }),
    el('td', { className: 'repo', text: r.repo }),
    prCell,
    authorCell,
    el('td', { className: 'started', text: formatTime(start) }),
    el('td', { className: 'duration', text: start ? formatDuration(end - Date.parse(start)) : '' }),
  );
  return tr;
}

let lastWindow = '';

/** Renders only the rows in view, with spacer rows standing in for the rest. */
function renderWindow(force = false): void {
  const scroller = document.getElementById('scroller');
  const tbody = document.querySelector<HTMLTableSectionElement>('#jobs tbody');
  if (!scroller || !tbody) return;
  const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
  const visibleCount = Math.ceil(scroller.clientHeight / ROW_HEIGHT) + 2 * OVERSCAN;
  const last = Math.min(shown.length, first + visibleCount);
  const key = `${first}:${last}`;
  if (!force && key === lastWindow) return;
  lastWindow = key;
  const top = el('tr', { className: 'spacer' });
  top.style.height = `${first * ROW_HEIGHT}px`;
  const bottom = el('tr', { className: 'spacer' });
  bottom.style.height = `${(shown.length - last) * ROW_HEIGHT}px`;
  const frag = document.createDocumentFragment();
  frag.append(top);
  for (let i = first; i < last; i++) {
    const r = shown[i];
    if (r) frag.append(renderRow(r));
  }
  frag.append(bottom);
  // Keyboard users keep their place when the list refreshes: focus returns to the same control of the same job.
  const focused = document.activeElement instanceof HTMLElement && tbody.contains(document.activeElement) ? document.activeElement : undefined;
  const focusedRow = focused?.closest('tr')?.dataset.name;
  const focusedCell = focused?.closest('td')?.className;
  tbody.replaceChildren(frag);
  if (focusedRow && focusedCell) {
    const row = [...tbody.rows].find((r) => r.dataset.name === focusedRow);
    row?.querySelector<HTMLElement>(`td.${focusedCell.split(' ')[0] ?? ''} a, td.${focusedCell.split(' ')[0] ?? ''} button`)?.focus();
  }
}

function select(name: keyof Filters, label: string, options: string[]): HTMLLabelElement {
  const s = el('select');
  s.name = name;
  s.append(el('option', { text: `all ${label}s` }));
  (s.options[0] as HTMLOptionElement).value = '';
  for (const o of options) {
    const opt = el('option', { text: o });
    opt.value = o;
    s.append(opt);
  }
  s.value = filters[name];
  s.setAttribute('aria-label', `Filter by ${label}`);
  s.addEventListener('change', () => {
    filters[name] = s.value;
    writeFilters();
    applyFilters();
  });
  return el('label', {}, [s]);
}

function input(name: keyof Filters, placeholder: string): HTMLLabelElement {
  const i = el('input');
  i.name = name;
  i.placeholder = placeholder;
  i.setAttribute('aria-label', `Filter by ${placeholder}`);
  i.value = filters[name];
  i.addEventListener('input', () => {
    filters[name] = i.value.trim();
    writeFilters();
    applyFilters();
  });
  return el('label', {}, [i]);
}

function buildFilters(): void {
  const box = document.getElementById('filters');
  if (!box) return;
  const repos = [...new Set(rows.map((r) => r.repo).filter(Boolean))].sort();
  if (filters.repo && !repos.includes(filters.repo)) repos.push(filters.repo);
  box.replaceChildren(
    select('type', 'type', TYPES),
    select('repo', 'repo', repos),
    select('state', 'state', STATES),
    input('job', 'job name (* wildcard)'),
    input('author', 'author'),
    input('pull', 'PR'),
  );
}

async function refresh(): Promise<void> {
  const res = await fetch('/prowjobs.js?omit=annotations,labels,decoration_config,pod_spec', {
    headers: etag ? { 'If-None-Match': etag } : {},
  });
  if (res.status === 304) return;
  if (!res.ok) throw new Error(`loading jobs: ${res.status}`);
  etag = res.headers.get('ETag') ?? '';
  const data = (await res.json()) as { items: ProwJobLite[] };
  const firstLoad = rows.length === 0;
  rows = data.items.map(toRow);
  const focused = document.activeElement;
  if (firstLoad || !(focused instanceof HTMLInputElement || focused instanceof HTMLSelectElement)) buildFilters();
  applyFilters();
  document.body.dataset.loaded = 'true';
}

function main(): void {
  const scroller = document.getElementById('scroller');
  scroller?.addEventListener('scroll', () => requestAnimationFrame(() => renderWindow()), { passive: true });
  window.addEventListener('resize', () => renderWindow(true));
  const schedule = (): void => {
    setTimeout(() => {
      refresh().catch((e: unknown) => console.error(e)).finally(schedule);
    }, data.refreshMs ?? 30_000);
  };
  refresh().catch((e: unknown) => {
    const count = document.getElementById('job-count');
    if (count) count.textContent = (e as Error).message;
  }).finally(schedule);
}

main();
