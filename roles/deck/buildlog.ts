// The buildlog lens: a log rendered as numbered lines, with lines matching the highlight regexes marked,
// the uninteresting stretches between them folded, and ANSI colours kept.
import { compileGoRegex } from '../../src/config/goregex.js';
import { escapeHtml } from './html.js';

/** Upstream's defaults, tuned for Kubernetes test output. */
export const DEFAULT_HIGHLIGHT_REGEXES: readonly string[] = [
  'timed out',
  'ERROR:',
  '(FAIL|Failure \\[)\\b',
  'panic\\b',
  '^E\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d]',
];

/** Lines shown around each highlighted line. */
const CONTEXT_LINES = 5;
/** Stretches shorter than this are shown rather than folded. */
const MIN_LINES_SKIPPED = 5;
/** With nothing highlighted, the tail of the log stays visible. */
const TAIL_LINES = 100;

interface Segment {
  text: string;
  classes: string;
}

interface Sgr {
  fg?: number;
  bg?: number;
  bold: boolean;
}

// CSI sequences (colours and cursor movement), OSC sequences (titles, links) and other two-byte escapes.
const ESC = String.fromCharCode(0x1b);
const BEL = String.fromCharCode(0x07);
const ESCAPE_RE = new RegExp(`${ESC}\\[([0-9;?]*)([A-Za-z])|${ESC}\\][^${BEL}${ESC}]*(?:${BEL}|${ESC}\\\\)?|${ESC}[@-Z\\\\-_]`, 'g');

function sgrClasses(s: Sgr): string {
  const c: string[] = [];
  if (s.bold) c.push('ansi-bold');
  if (s.fg !== undefined) c.push(`ansi-fg-${s.fg}`);
  if (s.bg !== undefined) c.push(`ansi-bg-${s.bg}`);
  return c.join(' ');
}

function applySgr(state: Sgr, params: string): void {
  const codes = params === '' ? [0] : params.split(';').map((p) => Number(p) || 0);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] ?? 0;
    if (code === 0) {
      state.fg = undefined;
      state.bg = undefined;
      state.bold = false;
    } else if (code === 1) state.bold = true;
    else if (code === 22) state.bold = false;
    else if (code >= 30 && code <= 37) state.fg = code - 30;
    else if (code >= 90 && code <= 97) state.fg = code - 90 + 8;
    else if (code === 39) state.fg = undefined;
    else if (code >= 40 && code <= 47) state.bg = code - 40;
    else if (code >= 100 && code <= 107) state.bg = code - 100 + 8;
    else if (code === 49) state.bg = undefined;
    else if (code === 38 || code === 48) {
      // 256-colour and true-colour forms: keep the basic 16 colours, skip the rest.
      const mode = codes[i + 1];
      if (mode === 5) {
        const n = codes[i + 2] ?? 0;
        if (n < 16) {
          if (code === 38) state.fg = n;
          else state.bg = n;
        }
        i += 2;
      } else if (mode === 2) i += 4;
    }
  }
}

/** Splits one line into styled segments; escape sequences are removed from the text. */
export function parseAnsi(line: string, state: Sgr): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  ESCAPE_RE.lastIndex = 0;
  for (let m = ESCAPE_RE.exec(line); m; m = ESCAPE_RE.exec(line)) {
    if (m.index > last) out.push({ text: line.slice(last, m.index), classes: sgrClasses(state) });
    if (m[2] === 'm') applySgr(state, m[1] ?? '');
    last = m.index + m[0].length;
  }
  if (last < line.length) out.push({ text: line.slice(last), classes: sgrClasses(state) });
  return out;
}

function renderSegments(segments: Segment[], match: [number, number] | undefined): string {
  let html = '';
  let pos = 0;
  for (const seg of segments) {
    const start = pos;
    const end = pos + seg.text.length;
    pos = end;
    const pieces: [string, boolean][] = [];
    if (match && match[0] < end && match[1] > start) {
      const a = Math.max(match[0], start) - start;
      const b = Math.min(match[1], end) - start;
      if (a > 0) pieces.push([seg.text.slice(0, a), false]);
      pieces.push([seg.text.slice(a, b), true]);
      if (b < seg.text.length) pieces.push([seg.text.slice(b), false]);
    } else pieces.push([seg.text, false]);
    for (const [text, isMatch] of pieces) {
      if (text === '') continue;
      let h = escapeHtml(text);
      if (isMatch) h = `<strong class="match">${h}</strong>`;
      html += seg.classes ? `<span class="${seg.classes}">${h}</span>` : h;
    }
  }
  return html;
}

export interface BuildLogOptions {
  /** The artifact's name, used in line anchors (`#build-log.txt:12`). */
  artifact: string;
  highlightRegexes?: readonly string[];
  /** Set when only the tail of a large log was read: line numbers then count from the first line shown. */
  truncatedBytes?: number;
}

export interface RenderedLog {
  html: string;
  highlightedLines: number;
  totalLines: number;
}

export function renderBuildLog(text: string, opts: BuildLogOptions): RenderedLog {
  const regexes = (opts.highlightRegexes && opts.highlightRegexes.length > 0 ? opts.highlightRegexes : DEFAULT_HIGHLIGHT_REGEXES).map(compileGoRegex);
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const state: Sgr = { bold: false };
  const segments = lines.map((l) => parseAnsi(l.endsWith('\r') ? l.slice(0, -1) : l, state));
  const plain = segments.map((segs) => segs.map((s) => s.text).join(''));
  const matches: ([number, number] | undefined)[] = plain.map((p) => {
    for (const re of regexes) {
      const m = re.exec(p);
      if (m) return [m.index, m.index + m[0].length];
    }
    return undefined;
  });

  // Lines near a highlighted line (or, without any, the tail) are shown; other runs are folded.
  const visible = new Uint8Array(lines.length);
  let highlighted = 0;
  matches.forEach((m, i) => {
    if (!m) return;
    highlighted++;
    for (let j = Math.max(0, i - CONTEXT_LINES); j <= Math.min(lines.length - 1, i + CONTEXT_LINES); j++) visible[j] = 1;
  });
  if (highlighted === 0) for (let j = Math.max(0, lines.length - TAIL_LINES); j < lines.length; j++) visible[j] = 1;

  const artifact = escapeHtml(opts.artifact);
  const lineHtml = (i: number): string => {
    const n = i + 1;
    const cls = matches[i] ? 'line highlighted' : 'line';
    return `<div class="${cls}" id="${artifact}:${n}" data-line="${n}"><a class="num" href="#${artifact}:${n}">${n}</a><span class="text">${renderSegments(segments[i] ?? [], matches[i])}</span></div>`;
  };

  const parts: string[] = [];
  if (opts.truncatedBytes) parts.push(`<div class="truncated">${opts.truncatedBytes} earlier bytes not shown (size limit)</div>`);
  let i = 0;
  while (i < lines.length) {
    if (visible[i]) {
      parts.push(lineHtml(i));
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && !visible[j]) j++;
    const run = j - i;
    if (run < MIN_LINES_SKIPPED) {
      for (let k = i; k < j; k++) parts.push(lineHtml(k));
    } else {
      const inner: string[] = [];
      for (let k = i; k < j; k++) inner.push(lineHtml(k));
      parts.push(`<div class="fold" data-from="${i + 1}" data-to="${j}"><button type="button" class="show-fold">Show ${run} hidden lines</button><div class="fold-lines" hidden>${inner.join('')}</div></div>`);
    }
    i = j;
  }
  return {
    html: `<div class="buildlog" data-artifact="${artifact}">${parts.join('')}</div>`,
    highlightedLines: highlighted,
    totalLines: lines.length,
  };
}
