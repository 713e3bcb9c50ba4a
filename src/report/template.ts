// Go text/template, the subset Prow configs use in report templates (`report_template`, `report_templates`,
// Slack's `report_template`): text, `{{.Field.Chain}}`, `{{if}}`/`{{else if}}`/`{{else}}`/`{{end}}`, `{{with}}`,
// `{{range}}` (with `$i, $e :=`), variables (`$`, `$x := …`), pipelines (`a | b`), parentheses, string/number/bool
// literals, `{{- -}}` trimming, `{{/* comments */}}`, and the builtins and, or, not, len, index, eq, ne, lt, le,
// gt, ge, print, printf, println, html, urlquery.
//
// Data are JSON objects (a ProwJob as stored). Go field names resolve to JSON keys by comparing names without case
// and underscores (`.Spec.Refs.BaseSHA` → `spec.refs.base_sha`, `.Status.URL` → `status.url`); `ObjectMeta` and
// its embedded fields (`.Name`, `.Labels`) resolve into `metadata`. An absent field is Go's zero value: empty.

import { ownValue } from '../own-key.js';

type Value = unknown;

interface Pos { src: string; at: number }

type Arg =
  | { kind: 'field'; base: 'dot' | { variable: string } | null; chain: string[] }
  | { kind: 'literal'; value: Value }
  | { kind: 'ident'; name: string }
  | { kind: 'pipe'; pipe: Pipeline };

interface Command { args: Arg[] }
interface Pipeline { decl: string[]; declOp?: ':=' | '='; cmds: Command[] }

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline }
  | { kind: 'if' | 'with'; pipe: Pipeline; body: Node[]; otherwise: Node[] }
  | { kind: 'range'; pipe: Pipeline; body: Node[]; otherwise: Node[] };

export class TemplateError extends Error {
  constructor(message: string) {
    super(`template: ${message}`);
    this.name = 'TemplateError';
  }
}

/** Valid Go that this renderer does not implement (`define`, `template`, `block`, `break`, `continue`). */
export class UnsupportedTemplateError extends TemplateError {}

// ---- lexing of the template into text and actions -------------------------------------------------------------

interface RawAction { text: string; at: number }
type Piece = { kind: 'text'; text: string } | { kind: 'action'; action: RawAction };

function splitPieces(src: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    let text = open === -1 ? src.slice(i) : src.slice(i, open);
    if (trimNext) text = text.replace(/^\s+/, '');
    trimNext = false;
    if (open === -1) {
      if (text) pieces.push({ kind: 'text', text });
      break;
    }
    let start = open + 2;
    if (src.startsWith('- ', start) || src.startsWith('-\t', start) || src.startsWith('-\n', start)) {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    if (text) pieces.push({ kind: 'text', text });
    const close = findClose(src, start);
    if (close === -1) throw new TemplateError(`unclosed action at offset ${open}`);
    let inner = src.slice(start, close);
    if (/\s-$/.test(inner)) {
      inner = inner.slice(0, -1);
      trimNext = true;
    }
    pieces.push({ kind: 'action', action: { text: inner, at: open } });
    i = close + 2;
  }
  return pieces;
}

/** The `}}` closing an action, skipping over quoted strings and comments. */
function findClose(src: string, from: number): number {
  let i = from;
  while (i < src.length) {
    const c = src[i];
    if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      if (end === -1) return -1;
      i = end + 2;
    } else if (c === '"' || c === '`' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += c !== '`' && src[j] === '\\' ? 2 : 1;
      i = j + 1;
    } else if (src.startsWith('}}', i)) {
      return i;
    } else {
      i++;
    }
  }
  return -1;
}

// ---- tokens inside an action ----------------------------------------------------------------------------------

type Token =
  | { t: 'field'; chain: string[] } // `.` is an empty chain
  | { t: 'var'; name: string; chain: string[] }
  | { t: 'ident'; name: string }
  | { t: 'string'; value: string }
  | { t: 'number'; value: number }
  | { t: 'punct'; value: '(' | ')' | '|' | ',' | ':=' | '=' };

function tokenize(text: string, pos: Pos): Token[] {
  const out: Token[] = [];
  let i = 0;
  const fail = (msg: string): never => {
    throw new TemplateError(`${msg} in action at offset ${pos.at}: {{${text}}}`);
  };
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    if (text.startsWith(':=', i)) { out.push({ t: 'punct', value: ':=' }); i += 2; continue; }
    if ('()|,='.includes(c)) { out.push({ t: 'punct', value: c as '(' | ')' | '|' | ',' | '=' }); i++; continue; }
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) fail('unterminated string');
      try {
        out.push({ t: 'string', value: JSON.parse(text.slice(i, j + 1)) as string });
      } catch {
        fail('bad string literal');
      }
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = text.indexOf('`', i + 1);
      if (j === -1) fail('unterminated raw string');
      out.push({ t: 'string', value: text.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    const chainAt = (from: number): { chain: string[]; end: number } => {
      const m = /^(?:\.[A-Za-z_][A-Za-z0-9_]*)+/.exec(text.slice(from));
      if (!m) return { chain: [], end: from };
      return { chain: m[0].slice(1).split('.'), end: from + m[0].length };
    };
    if (c === '.') {
      const { chain, end } = chainAt(i);
      if (chain.length === 0) {
        out.push({ t: 'field', chain: [] });
        i++;
      } else {
        out.push({ t: 'field', chain });
        i = end;
      }
      continue;
    }
    if (c === '$') {
      const m = /^\$[A-Za-z0-9_]*/.exec(text.slice(i))!;
      const { chain, end } = chainAt(i + m[0].length);
      out.push({ t: 'var', name: m[0], chain });
      i = end;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(text.slice(i));
    if (num) { out.push({ t: 'number', value: Number(num[0]) }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (id) { out.push({ t: 'ident', name: id[0] }); i += id[0].length; continue; }
    fail(`unexpected "${c}"`);
  }
  return out;
}

// ---- parsing ----------------------------------------------------------------------------------------------------

class PipeParser {
  private i = 0;
  constructor(private readonly toks: Token[], private readonly where: string) {}

  private fail(msg: string): never {
    throw new TemplateError(`${msg} in ${this.where}`);
  }

  done(): boolean { return this.i >= this.toks.length; }

  pipeline(allowDecl: boolean): Pipeline {
    const decl: string[] = [];
    let declOp: ':=' | '=' | undefined;
    if (allowDecl) {
      // `$x :=`, `$i, $e :=`
      let j = this.i;
      const names: string[] = [];
      for (;;) {
        const tk = this.toks[j];
        if (tk?.t !== 'var' || tk.chain.length) break;
        names.push(tk.name);
        j++;
        const sep = this.toks[j];
        if (sep?.t === 'punct' && sep.value === ',') { j++; continue; }
        if (sep?.t === 'punct' && (sep.value === ':=' || sep.value === '=')) {
          decl.push(...names);
          declOp = sep.value;
          this.i = j + 1;
        }
        break;
      }
    }
    const cmds: Command[] = [this.command()];
    while (!this.done()) {
      const tk = this.toks[this.i];
      if (tk.t === 'punct' && tk.value === '|') { this.i++; cmds.push(this.command()); continue; }
      break;
    }
    return { decl, declOp, cmds };
  }

  private command(): Command {
    const args: Arg[] = [];
    while (!this.done()) {
      const tk = this.toks[this.i];
      if (tk.t === 'punct' && (tk.value === '|' || tk.value === ')')) break;
      args.push(this.operand());
    }
    if (args.length === 0) this.fail('missing value for command');
    return { args };
  }

  private operand(): Arg {
    const tk = this.toks[this.i++];
    switch (tk.t) {
      case 'field': return { kind: 'field', base: 'dot', chain: tk.chain };
      case 'var': return { kind: 'field', base: { variable: tk.name }, chain: tk.chain };
      case 'string': return { kind: 'literal', value: tk.value };
      case 'number': return { kind: 'literal', value: tk.value };
      case 'ident':
        if (tk.name === 'true' || tk.name === 'false') return { kind: 'literal', value: tk.name === 'true' };
        if (tk.name === 'nil') return { kind: 'literal', value: undefined };
        if (ownValue(FUNCS, tk.name) === undefined) this.fail(`function "${tk.name}" not defined`);
        return { kind: 'ident', name: tk.name };
      case 'punct': {
        if (tk.value !== '(') this.fail(`unexpected "${tk.value}"`);
        const pipe = this.pipeline(false);
        const close = this.toks[this.i++];
        if (close?.t !== 'punct' || close.value !== ')') this.fail('unclosed left paren');
        return { kind: 'pipe', pipe };
      }
    }
  }
}

type Frame = { kind: 'if' | 'with' | 'range'; node: Extract<Node, { kind: 'if' | 'with' | 'range' }>; inElse: boolean; chained: number };

function parse(src: string): Node[] {
  const root: Node[] = [];
  const stack: { frame: Frame | null; out: Node[] }[] = [{ frame: null, out: root }];
  const top = (): { frame: Frame | null; out: Node[] } => stack[stack.length - 1];

  const open = (kind: 'if' | 'with' | 'range', rest: Token[], where: string, chained: number): void => {
    const p = new PipeParser(rest, where);
    const pipe = p.pipeline(kind === 'range' || kind === 'with');
    if (!p.done()) throw new TemplateError(`unexpected tokens after pipeline in ${where}`);
    const node = { kind, pipe, body: [], otherwise: [] } as Extract<Node, { kind: 'if' | 'with' | 'range' }>;
    top().out.push(node);
    stack.push({ frame: { kind, node, inElse: false, chained }, out: node.body });
  };

  for (const piece of splitPieces(src)) {
    if (piece.kind === 'text') {
      top().out.push({ kind: 'text', text: piece.text });
      continue;
    }
    const { text, at } = piece.action;
    const trimmed = text.trim();
    if (trimmed.startsWith('/*')) {
      if (!trimmed.endsWith('*/')) throw new TemplateError(`unclosed comment at offset ${at}`);
      continue;
    }
    const where = `action at offset ${at}: {{${text}}}`;
    const toks = tokenize(text, { src, at });
    if (toks.length === 0) throw new TemplateError(`missing value for command in ${where}`);
    const head = toks[0];
    const keyword = head.t === 'ident' ? head.name : '';
    if (keyword === 'if' || keyword === 'with' || keyword === 'range') {
      open(keyword, toks.slice(1), where, 0);
    } else if (keyword === 'else') {
      const cur = top();
      if (!cur.frame || cur.frame.inElse) throw new TemplateError(`unexpected {{else}} in ${where}`);
      cur.frame.inElse = true;
      cur.out = cur.frame.node.otherwise;
      const next = toks[1];
      if (next?.t === 'ident' && (next.name === 'if' || next.name === 'with')) {
        // `{{else if x}}` is `{{else}}{{if x}}…{{end}}` whose {{end}} is shared with the outer block.
        open(next.name, toks.slice(2), where, cur.frame.chained + 1);
      } else if (toks.length > 1) {
        throw new TemplateError(`unexpected tokens after else in ${where}`);
      }
    } else if (keyword === 'end') {
      if (toks.length > 1) throw new TemplateError(`unexpected tokens after end in ${where}`);
      const cur = stack.pop();
      if (!cur?.frame) throw new TemplateError(`unexpected {{end}} in ${where}`);
      for (let n = cur.frame.chained; n > 0; n--) stack.pop();
    } else if (keyword === 'define' || keyword === 'template' || keyword === 'block' || keyword === 'break' || keyword === 'continue') {
      throw new UnsupportedTemplateError(`{{${keyword}}} is not supported in ${where}`);
    } else {
      const p = new PipeParser(toks, where);
      const pipe = p.pipeline(true);
      if (!p.done()) throw new TemplateError(`unexpected "${JSON.stringify(toks[0])}" in ${where}`);
      top().out.push({ kind: 'action', pipe });
    }
  }
  if (stack.length > 1) throw new TemplateError(`unexpected EOF: missing {{end}} for {{${stack[stack.length - 1].frame!.kind}}}`);
  return root;
}

// ---- evaluation -------------------------------------------------------------------------------------------------

const normalize = (name: string): string => name.replace(/_/g, '').toLowerCase();

function isRecord(v: Value): v is Record<string, Value> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function field(obj: Value, name: string): Value {
  if (obj === undefined || obj === null) return undefined;
  if (!isRecord(obj)) throw new TemplateError(`can't evaluate field ${name} in type ${goType(obj)}`);
  if (name in obj) return obj[name];
  if (name === 'ObjectMeta' && isRecord(obj.metadata)) return obj.metadata;
  if (name === 'TypeMeta') return obj;
  const want = normalize(name);
  for (const [k, v] of Object.entries(obj)) if (normalize(k) === want) return v;
  // Fields of an embedded ObjectMeta (`.Name`, `.Labels` on a ProwJob).
  if (isRecord(obj.metadata)) return field(obj.metadata, name);
  return undefined;
}

function goType(v: Value): string {
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

export function truthy(v: Value): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isRecord(v)) return Object.keys(v).length > 0;
  return true;
}

/** Formats a value as Go's fmt %v would for JSON-shaped data. */
export function formatValue(v: Value): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(' ')}]`;
  if (isRecord(v)) {
    return `map[${Object.keys(v).sort().map((k) => `${k}:${formatValue(v[k])}`).join(' ')}]`;
  }
  return String(v);
}

function compare(a: Value, b: Value, op: string): boolean {
  if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) {
    throw new TemplateError(`${op}: incompatible types for comparison`);
  }
  const x = a as number | string;
  const y = b as number | string;
  switch (op) {
    case 'lt': return x < y;
    case 'le': return x <= y;
    case 'gt': return x > y;
    default: return x >= y;
  }
}

function basicEqual(a: Value, b: Value): boolean {
  if (a === undefined || a === null) return b === undefined || b === null || b === '' || b === 0 || b === false;
  if (b === undefined || b === null) return basicEqual(b, a);
  if (typeof a !== typeof b) throw new TemplateError('eq: incompatible types for comparison');
  if (typeof a === 'object') throw new TemplateError('eq: non-comparable type');
  return a === b;
}

function sprintf(format: string, args: Value[]): string {
  let n = 0;
  return format.replace(/%([-+ 0#]*\d*(?:\.\d+)?)?([%vsdqtfx])/g, (_m, _flags: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (n >= args.length) return `%!${verb}(MISSING)`;
    const a = args[n++];
    switch (verb) {
      case 'q': return JSON.stringify(formatValue(a));
      case 'd': return typeof a === 'number' ? String(Math.trunc(a)) : `%!d(${goType(a)}=${formatValue(a)})`;
      case 'f': return typeof a === 'number' ? a.toFixed(6) : `%!f(${goType(a)}=${formatValue(a)})`;
      case 'x': return typeof a === 'number' ? a.toString(16) : Buffer.from(formatValue(a)).toString('hex');
      default: return formatValue(a);
    }
  });
}

const HTML_ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;' };

const FUNCS: Record<string, (args: Value[]) => Value> = {
  and: (a) => { for (const v of a) if (!truthy(v)) return v; return a[a.length - 1]; },
  or: (a) => { for (const v of a) if (truthy(v)) return v; return a[a.length - 1]; },
  not: (a) => !truthy(a[0]),
  len: (a) => {
    const v = a[0];
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (isRecord(v)) return Object.keys(v).length;
    if (v === undefined || v === null) return 0;
    throw new TemplateError(`len of type ${goType(v)}`);
  },
  index: (a) => {
    let v = a[0];
    for (const k of a.slice(1)) {
      if (Array.isArray(v) || typeof v === 'string') {
        if (typeof k !== 'number' || k < 0 || k >= v.length) throw new TemplateError(`index out of range: ${formatValue(k)}`);
        v = v[k];
      } else if (isRecord(v)) {
        v = v[String(k)];
      } else if (v === undefined || v === null) {
        throw new TemplateError('index of untyped nil');
      } else {
        throw new TemplateError(`can't index item of type ${goType(v)}`);
      }
    }
    return v;
  },
  eq: (a) => {
    if (a.length < 2) throw new TemplateError('eq: missing argument for comparison');
    return a.slice(1).some((b) => basicEqual(a[0], b));
  },
  ne: (a) => !basicEqual(a[0], a[1]),
  lt: (a) => compare(a[0], a[1], 'lt'),
  le: (a) => compare(a[0], a[1], 'le'),
  gt: (a) => compare(a[0], a[1], 'gt'),
  ge: (a) => compare(a[0], a[1], 'ge'),
  // Go's Sprint adds spaces between operands when neither is a string.
  print: (a) => a.map((v, i) => (i > 0 && typeof v !== 'string' && typeof a[i - 1] !== 'string' ? ' ' : '') + formatValue(v)).join(''),
  println: (a) => `${a.map(formatValue).join(' ')}\n`,
  printf: (a) => sprintf(formatValue(a[0]), a.slice(1)),
  html: (a) => a.map(formatValue).join('').replace(/[<>&'"]/g, (c) => HTML_ESCAPES[c]),
  urlquery: (a) => encodeURIComponent(a.map(formatValue).join('')).replace(/%20/g, '+'),
};

class Scope {
  private readonly vars: Map<string, Value>[];
  constructor(root: Value) {
    this.vars = [new Map([['$', root]])];
  }
  push(): void { this.vars.push(new Map()); }
  pop(): void { this.vars.pop(); }
  declare(name: string, v: Value): void { this.vars[this.vars.length - 1].set(name, v); }
  assign(name: string, v: Value): void {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].has(name)) { this.vars[i].set(name, v); return; }
    throw new TemplateError(`undefined variable: ${name}`);
  }
  get(name: string): Value {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].has(name)) return this.vars[i].get(name);
    throw new TemplateError(`undefined variable: ${name}`);
  }
}

class Executor {
  private out = '';
  constructor(private readonly scope: Scope) {}

  run(nodes: Node[], dot: Value): string {
    this.walk(nodes, dot);
    return this.out;
  }

  private walk(nodes: Node[], dot: Value): void {
    for (const n of nodes) {
      switch (n.kind) {
        case 'text':
          this.out += n.text;
          break;
        case 'action': {
          const v = this.pipeline(n.pipe, dot);
          if (n.pipe.decl.length === 0) this.out += formatValue(v);
          break;
        }
        case 'if':
        case 'with': {
          this.scope.push();
          const v = this.pipeline(n.pipe, dot);
          if (truthy(v)) this.walk(n.body, n.kind === 'with' ? v : dot);
          else this.walk(n.otherwise, dot);
          this.scope.pop();
          break;
        }
        case 'range': {
          this.scope.push();
          const v = this.pipelineValue(n.pipe, dot);
          const entries: [Value, Value][] = Array.isArray(v)
            ? v.map((e, i) => [i, e])
            : isRecord(v)
              ? Object.keys(v).sort().map((k) => [k, v[k]])
              : typeof v === 'number'
                ? Array.from({ length: Math.max(0, v) }, (_, i) => [i, i])
                : v === undefined || v === null
                  ? []
                  : (() => { throw new TemplateError(`range can't iterate over ${formatValue(v)}`); })();
          if (entries.length === 0) this.walk(n.otherwise, dot);
          for (const [k, e] of entries) {
            if (n.pipe.decl.length === 1) this.scope.declare(n.pipe.decl[0], e);
            if (n.pipe.decl.length === 2) {
              this.scope.declare(n.pipe.decl[0], k);
              this.scope.declare(n.pipe.decl[1], e);
            }
            this.walk(n.body, e);
          }
          this.scope.pop();
          break;
        }
      }
    }
  }

  /** Evaluates a pipeline and performs its declarations (range declares per element itself). */
  private pipeline(p: Pipeline, dot: Value): Value {
    const v = this.pipelineValue(p, dot);
    if (p.decl.length === 1) {
      if (p.declOp === '=') this.scope.assign(p.decl[0], v);
      else this.scope.declare(p.decl[0], v);
    }
    return v;
  }

  private pipelineValue(p: Pipeline, dot: Value): Value {
    let prev: Value;
    let first = true;
    for (const cmd of p.cmds) {
      prev = this.command(cmd, dot, first ? [] : [prev]);
      first = false;
    }
    return prev;
  }

  private command(cmd: Command, dot: Value, piped: Value[]): Value {
    const [head, ...rest] = cmd.args;
    if (head.kind === 'ident') {
      const args = [...rest.map((a) => this.arg(a, dot)), ...piped];
      return FUNCS[head.name](args);
    }
    if (rest.length > 0 || piped.length > 0) throw new TemplateError("can't give argument to non-function");
    return this.arg(head, dot);
  }

  private arg(a: Arg, dot: Value): Value {
    switch (a.kind) {
      case 'literal': return a.value;
      case 'pipe': return this.pipelineValue(a.pipe, dot);
      case 'ident': return FUNCS[a.name]([]);
      case 'field': {
        let v = a.base === 'dot' || a.base === null ? dot : this.scope.get(a.base.variable);
        for (const name of a.chain) v = field(v, name);
        return v;
      }
    }
  }
}

export interface GoTemplate {
  readonly source: string;
  execute(data: Value): string;
}

/** Parses a template once; `execute` may be called many times. Throws TemplateError on bad syntax. */
export function parseTemplate(source: string): GoTemplate {
  const nodes = parse(source);
  return {
    source,
    execute: (data: Value) => new Executor(new Scope(data)).run(nodes, data),
  };
}

/**
 * Why Go's text/template refuses to parse `source` (as upstream checks config templates at load), or undefined
 * when it parses. What only this renderer lacks is not a parse error: it fails when rendered.
 */
export function templateParseError(source: string): string | undefined {
  try {
    parse(source);
    return undefined;
  } catch (e) {
    if (e instanceof UnsupportedTemplateError || !(e instanceof TemplateError)) return undefined;
    return e.message;
  }
}

/** Parses and executes in one go. */
export function renderTemplate(source: string, data: Value): string {
  return parseTemplate(source).execute(data);
}

/** Parses a template once per source text (configs change rarely; reports are many). */
const cache = new Map<string, GoTemplate>();
export function cachedTemplate(source: string): GoTemplate {
  let t = cache.get(source);
  if (!t) {
    t = parseTemplate(source);
    cache.set(source, t);
  }
  return t;
}
