// The job page (/view/…): folded log stretches open on click, line numbers link to lines, shift-click pins a
// range in the URL (#build-log.txt:10-20), and rerun/abort buttons post with the CSRF token.
import { abort, rerun } from './common.js';

interface Range {
  artifact: string;
  from: number;
  to: number;
}

function parseHash(): Range | undefined {
  const m = /^#(.+):(\d+)(?:-(\d+))?$/.exec(decodeURIComponent(location.hash));
  if (!m) return undefined;
  const from = Number(m[2]);
  const to = m[3] ? Number(m[3]) : from;
  return { artifact: m[1] ?? '', from: Math.min(from, to), to: Math.max(from, to) };
}

function logOf(artifact: string): HTMLElement | undefined {
  for (const log of document.querySelectorAll<HTMLElement>('.buildlog')) if (log.dataset.artifact === artifact) return log;
  return undefined;
}

function openFold(fold: HTMLElement): void {
  const lines = fold.querySelector<HTMLElement>('.fold-lines');
  if (lines) lines.hidden = false;
  fold.querySelector('.show-fold')?.remove();
  fold.classList.add('open');
}

function showRange(range: Range | undefined, scroll: boolean): void {
  for (const l of document.querySelectorAll('.line.pinned')) l.classList.remove('pinned');
  if (!range) return;
  const log = logOf(range.artifact);
  if (!log) return;
  let firstLine: HTMLElement | undefined;
  for (const line of log.querySelectorAll<HTMLElement>('.line')) {
    const n = Number(line.dataset.line);
    if (n < range.from || n > range.to) continue;
    line.classList.add('pinned');
    const fold = line.closest<HTMLElement>('.fold');
    if (fold) openFold(fold);
    firstLine ??= line;
  }
  if (scroll) firstLine?.scrollIntoView({ block: 'center' });
}

let anchor: { artifact: string; line: number } | undefined;

function onClick(ev: MouseEvent): void {
  const target = ev.target as HTMLElement;
  const foldButton = target.closest<HTMLElement>('.show-fold');
  if (foldButton) {
    const fold = foldButton.closest<HTMLElement>('.fold');
    if (fold) openFold(fold);
    return;
  }
  const num = target.closest<HTMLAnchorElement>('.line a.num');
  if (!num) return;
  const line = num.closest<HTMLElement>('.line');
  const log = num.closest<HTMLElement>('.buildlog');
  if (!line || !log) return;
  ev.preventDefault();
  const artifact = log.dataset.artifact ?? '';
  const n = Number(line.dataset.line);
  let range: Range = { artifact, from: n, to: n };
  if (ev.shiftKey && anchor && anchor.artifact === artifact) {
    range = { artifact, from: Math.min(anchor.line, n), to: Math.max(anchor.line, n) };
  } else anchor = { artifact, line: n };
  const hash = range.from === range.to ? `#${artifact}:${range.from}` : `#${artifact}:${range.from}-${range.to}`;
  history.replaceState(null, '', hash);
  showRange(range, false);
}

function main(): void {
  document.addEventListener('click', onClick);
  const initial = parseHash();
  if (initial) anchor = { artifact: initial.artifact, line: initial.from };
  showRange(initial, true);
  window.addEventListener('hashchange', () => showRange(parseHash(), true));
  for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-rerun]')) {
    b.addEventListener('click', () => {
      const mode = b.dataset.mode === 'original' ? 'original' : 'latest';
      if (confirm(`Rerun ${b.dataset.job ?? ''} (${mode} config)?`)) void rerun(b.dataset.rerun ?? '', mode);
    });
  }
  for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-abort]')) {
    b.addEventListener('click', () => {
      if (confirm(`Abort ${b.dataset.job ?? ''}?`)) void abort(b.dataset.abort ?? '');
    });
  }
}

main();
