// Go (RE2) regular expressions → JavaScript RegExp. Upstream configs are full of RE2 syntax Node 20 rejects or reads
// differently: inline flags (`(?m)`, `(?i)`, `(?s)`, `(?U)`, also mid-pattern and as `(?i:…)` groups), `(?P<name>…)`,
// `\A` `\z`, `\Q…\E`, POSIX classes, `\pL`. The pattern is tokenised and re-emitted in JS `u`-mode syntax with RE2's
// meaning made explicit, so flags can apply to part of a pattern:
//   - `.` is `[^\n]` (or anything under `s`), `^`/`$` are text anchors (or line anchors around `\n` under `m`);
//   - `i` on the whole pattern becomes the JS `i` flag; on part of it, letters become `[aA]` classes;
//   - `\s` is RE2's `[\t\n\f\r ]`, `U` swaps greedy and lazy repeats.
// Backreferences, lookarounds and other syntax RE2 does not have are rejected with the reason and position.
// Inside brackets `\S` keeps JavaScript's meaning (it also excludes Unicode spaces, which RE2's does not).
import { LRUCache } from 'lru-cache';
import { ownValue } from '../own-key.js';

export class GoRegexError extends Error {
  constructor(readonly pattern: string, reason: string) {
    super(`error parsing regexp: ${reason}: \`${pattern}\``);
    this.name = 'GoRegexError';
  }
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`\\{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

// RE2's Perl classes (ASCII only, unlike JavaScript's \s).
const PERL_SPACE = '\\t\\n\\f\\r ';

const GENERAL_CATEGORIES = new Set([
  'C', 'Cc', 'Cf', 'Co', 'Cs', 'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn', 'N', 'Nd', 'Nl', 'No',
  'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs',
]);

const SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/'.split(''));

function escapeLiteral(ch: string, inClass: boolean): string {
  if (SYNTAX_CHARS.has(ch) || (inClass && ch === '-')) return `\\${ch}`;
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  return ch;
}

function caseVariants(ch: string): string[] {
  const lower = ch.toLowerCase();
  const upper = ch.toUpperCase();
  const out = new Set([ch]);
  if ([...lower].length === 1) out.add(lower);
  if ([...upper].length === 1) out.add(upper);
  return [...out];
}

/** A literal character outside brackets, case-expanded when `i` applies only here. */
function emitChar(ch: string, expandCase: boolean): string {
  if (expandCase) {
    const v = caseVariants(ch);
    if (v.length > 1) return `[${v.map((c) => escapeLiteral(c, true)).join('')}]`;
  }
  return escapeLiteral(ch, false);
}

export interface TranslatedRegex {
  source: string;
  flags: string;
}

class Translator {
  private pos = 0;
  private readonly out: string[] = [];
  private readonly globalI: boolean;

  constructor(private readonly re: string) {
    // `i` for the whole pattern (leading flag group, never switched off) maps to the JS flag.
    const lead = /^\(\?([imsU]+)\)/.exec(re);
    this.globalI = lead !== null && lead[1]!.includes('i') && !/\(\?[imsU]*-[imsU]*i/.test(re);
  }

  private fail(reason: string): never {
    throw new GoRegexError(this.re, reason);
  }

  translate(): TranslatedRegex {
    const flags: Flags = { i: false, m: false, s: false, U: false };
    this.parseSequence(flags, 0);
    if (this.pos < this.re.length) this.fail('unexpected )');
    return { source: this.out.join(''), flags: this.globalI ? 'iu' : 'u' };
  }

  private expandCase(flags: Flags): boolean {
    return flags.i && !this.globalI;
  }

  /** Parses until an unmatched `)` or the end; flags set by `(?x)` last until the end of the enclosing group. */
  private parseSequence(flags: Flags, depth: number): void {
    let canRepeat = false;
    while (this.pos < this.re.length) {
      const ch = this.re[this.pos]!;
      if (ch === ')') {
        if (depth === 0) this.fail('unexpected )');
        return;
      }
      if (ch === '|') {
        this.out.push('|');
        this.pos++;
        canRepeat = false;
        continue;
      }
      if (ch === '*' || ch === '+' || ch === '?' || (ch === '{' && /^\{\d+(,\d*)?\}/.test(this.re.slice(this.pos)))) {
        if (!canRepeat) this.fail(`missing argument to repetition operator: \`${ch}\``);
        this.parseRepeat(flags);
        canRepeat = false;
        continue;
      }
      canRepeat = this.parseAtom(flags, depth);
    }
    if (depth > 0) this.fail('missing closing )');
  }

  private parseRepeat(flags: Flags): void {
    const ch = this.re[this.pos]!;
    let op: string;
    if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.re.slice(this.pos))!;
      const min = Number(m[1]);
      const max = m[3] === undefined || m[3] === '' ? min : Number(m[3]);
      if (min > 1000 || max > 1000 || (m[2] !== undefined && m[3] !== '' && max < min)) this.fail(`invalid repeat count: \`${m[0]}\``);
      op = m[0];
    } else {
      op = ch;
    }
    this.pos += op.length;
    let lazy = false;
    if (this.re[this.pos] === '?') {
      lazy = true;
      this.pos++;
    }
    const next = this.re[this.pos];
    if (next === '*' || next === '+' || next === '?') this.fail(`invalid nested repetition operator: \`${op}${lazy ? '?' : ''}${next}\``);
    if (flags.U) lazy = !lazy;
    this.out.push(op + (lazy ? '?' : ''));
  }

  /** Returns whether a repetition operator may follow what was parsed. */
  private parseAtom(flags: Flags, depth: number): boolean {
    const ch = this.re[this.pos]!;
    switch (ch) {
      case '(':
        return this.parseGroup(flags, depth);
      case '[':
        this.parseClass(flags);
        return true;
      case '.':
        this.pos++;
        this.out.push(flags.s ? '[\\s\\S]' : '[^\\n]');
        return true;
      case '^':
        this.pos++;
        this.out.push(flags.m ? '(?<=^|\\n)' : '^');
        return false;
      case '$':
        this.pos++;
        this.out.push(flags.m ? '(?=$|\\n)' : '$');
        return false;
      case '\\':
        return this.parseEscape(flags);
      default: {
        const cp = String.fromCodePoint(this.re.codePointAt(this.pos)!);
        this.pos += cp.length;
        this.out.push(emitChar(cp, this.expandCase(flags)));
        return true;
      }
    }
  }

  private parseGroup(flags: Flags, depth: number): boolean {
    const rest = this.re.slice(this.pos);
    const named = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(rest);
    if (named) {
      this.pos += named[0].length;
      this.out.push(`(?<${named[1]}>`);
      this.parseSequence({ ...flags }, depth + 1);
      this.closeGroup();
      return true;
    }
    if (rest.startsWith('(?')) {
      const fm = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(rest);
      if (!fm) this.fail(`invalid or unsupported Perl syntax: \`${rest.slice(0, 3)}\``);
      const next = { ...flags };
      for (const [letters, value] of [[fm[1]!, true], [fm[2] ?? '', false]] as const) {
        for (const f of letters) {
          if (f !== 'i' && f !== 'm' && f !== 's' && f !== 'U') this.fail(`invalid or unsupported Perl syntax: \`${fm[0]}\``);
          next[f] = value;
        }
      }
      if (fm[2] === '' || (fm[3] === ')' && fm[1] === '' && fm[2] === undefined)) this.fail(`invalid or unsupported Perl syntax: \`${fm[0]}\``);
      this.pos += fm[0].length;
      if (fm[3] === ')') {
        // `(?flags)` changes the flags of everything after it in the enclosing group.
        Object.assign(flags, next);
        return false;
      }
      this.out.push('(?:');
      this.parseSequence(next, depth + 1);
      this.closeGroup();
      return true;
    }
    this.pos++;
    this.out.push('(');
    this.parseSequence({ ...flags }, depth + 1);
    this.closeGroup();
    return true;
  }

  private closeGroup(): void {
    if (this.re[this.pos] !== ')') this.fail('missing closing )');
    this.pos++;
    this.out.push(')');
  }

  /** `\x` outside brackets. */
  private parseEscape(flags: Flags): boolean {
    const rest = this.re.slice(this.pos);
    const c = rest[1];
    if (c === undefined) this.fail('trailing backslash at end of expression');
    if (c === 'Q') {
      const end = rest.indexOf('\\E', 2);
      const lit = end < 0 ? rest.slice(2) : rest.slice(2, end);
      this.pos += end < 0 ? rest.length : end + 2;
      for (const cp of lit) this.out.push(emitChar(cp, this.expandCase(flags)));
      return lit.length > 0;
    }
    switch (c) {
      case 'A':
        this.pos += 2;
        this.out.push('^');
        return false;
      case 'z':
        this.pos += 2;
        this.out.push('$');
        return false;
      case 'b':
      case 'B':
        this.pos += 2;
        this.out.push(`\\${c}`);
        return false;
      case 's':
        this.pos += 2;
        this.out.push(`[${PERL_SPACE}]`);
        return true;
      case 'S':
        this.pos += 2;
        this.out.push(`[^${PERL_SPACE}]`);
        return true;
      default: {
        const item = this.classEscape(flags);
        this.out.push(item.set ? item.text : emitChar(item.text, this.expandCase(flags)));
        return true;
      }
    }
  }

  /**
   * An escape that may appear inside or outside brackets. `set` escapes come back as JS syntax valid in a class
   * (`\d`, `\p{L}`); literal ones come back as the character itself.
   */
  private classEscape(flags: Flags): { text: string; set: boolean } {
    const rest = this.re.slice(this.pos);
    const c = rest[1]!;
    const simple: Record<string, string> = { a: '\x07', f: '\f', t: '\t', n: '\n', r: '\r', v: '\v' };
    if (c in simple) {
      this.pos += 2;
      return { text: simple[c]!, set: false };
    }
    if (c === 'd' || c === 'D' || c === 'w' || c === 'W') {
      this.pos += 2;
      return { text: `\\${c}`, set: true };
    }
    if (c === 's' || c === 'S') {
      this.pos += 2;
      return { text: c === 's' ? PERL_SPACE : '\\S', set: true };
    }
    if (c === 'x') {
      const m = /^\\x(\{([0-9A-Fa-f]{1,6})\}|[0-9A-Fa-f]{2})/.exec(rest);
      if (!m) this.fail(`invalid escape sequence: \`${rest.slice(0, 4)}\``);
      this.pos += m[0].length;
      const cp = parseInt(m[2] ?? m[1]!, 16);
      if (cp > 0x10ffff) this.fail(`invalid escape sequence: \`${m[0]}\``);
      return { text: String.fromCodePoint(cp), set: false };
    }
    if (c >= '0' && c <= '7') {
      // RE2 reads \0, \01… \777 as octal, but \1-\9 alone would be backreferences, which RE2 does not have.
      const m = /^\\([0-7]{1,3})/.exec(rest)!;
      if (c !== '0' && m[1]!.length < 2) this.fail(`invalid escape sequence: \`\\${c}\` (backreferences are not supported)`);
      this.pos += m[0].length;
      return { text: String.fromCodePoint(parseInt(m[1]!, 8)), set: false };
    }
    if (c === 'p' || c === 'P') {
      const m = /^\\[pP](\{(\^?)([A-Za-z_]+)\}|([A-Za-z]))/.exec(rest);
      if (!m) this.fail(`invalid character class range: \`${rest.slice(0, 3)}\``);
      this.pos += m[0].length;
      const name = m[3] ?? m[4]!;
      const negated = (c === 'P') !== (m[2] === '^');
      if (flags.i && !this.globalI) this.fail(`Unicode classes under a partial (?i) cannot be translated: \`${m[0]}\``);
      const body = name === 'Any' ? 'Any' : GENERAL_CATEGORIES.has(name) ? name : `Script=${name}`;
      try {
        new RegExp(`\\p{${body}}`, 'u');
      } catch {
        this.fail(`invalid character class range: \`${m[0]}\``);
      }
      return { text: `\\${negated ? 'P' : 'p'}{${body}}`, set: true };
    }
    if (/[A-Za-z0-9]/.test(c)) this.fail(`invalid escape sequence: \`\\${c}\``);
    // Any escaped punctuation is that character.
    const cp = String.fromCodePoint(rest.codePointAt(1)!);
    this.pos += 1 + cp.length;
    return { text: cp, set: false };
  }

  private parseClass(flags: Flags): void {
    const start = this.pos;
    this.pos++;
    let negated = false;
    if (this.re[this.pos] === '^') {
      negated = true;
      this.pos++;
    }
    const items: string[] = [];
    let first = true;
    const expand = this.expandCase(flags);
    while (true) {
      if (this.pos >= this.re.length) this.fail(`missing closing ]: \`${this.re.slice(start)}\``);
      const ch = this.re[this.pos]!;
      if (ch === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.re.slice(this.pos));
      if (posix) {
        const set = ownValue(POSIX, posix[2]!);
        if (set === undefined) this.fail(`invalid character class range: \`${posix[0]}\``);
        if (posix[1] === '^') this.fail(`negated POSIX classes inside brackets cannot be translated: \`${posix[0]}\``);
        this.pos += posix[0].length;
        items.push(expand && (posix[2] === 'lower' || posix[2] === 'upper') ? POSIX.alpha! : set);
        continue;
      }
      const lo = this.classChar(flags);
      if (lo.set) {
        items.push(lo.text);
        continue;
      }
      if (this.re[this.pos] === '-' && this.re[this.pos + 1] !== ']' && this.pos + 1 < this.re.length) {
        this.pos++;
        const hi = this.classChar(flags);
        if (hi.set) this.fail(`invalid character class range: \`${lo.text}-${hi.text}\``);
        if (hi.text.codePointAt(0)! < lo.text.codePointAt(0)!) this.fail(`invalid character class range: \`${lo.text}-${hi.text}\``);
        items.push(`${escapeLiteral(lo.text, true)}-${escapeLiteral(hi.text, true)}`);
        if (expand) items.push(...this.foldRange(lo.text, hi.text));
        continue;
      }
      items.push(expand ? caseVariants(lo.text).map((v) => escapeLiteral(v, true)).join('') : escapeLiteral(lo.text, true));
    }
    this.out.push(`[${negated ? '^' : ''}${items.join('')}]`);
  }

  private classChar(flags: Flags): { text: string; set: boolean } {
    if (this.re[this.pos] === '\\') {
      if (this.re[this.pos + 1] === undefined) this.fail('trailing backslash at end of expression');
      return this.classEscape(flags);
    }
    const cp = String.fromCodePoint(this.re.codePointAt(this.pos)!);
    this.pos += cp.length;
    return { text: cp, set: false };
  }

  /** The other-case ranges of an ASCII letter range, for a partial `(?i)`. */
  private foldRange(lo: string, hi: string): string[] {
    const a = lo.codePointAt(0)!;
    const b = hi.codePointAt(0)!;
    const out: string[] = [];
    for (const [from, to, shift] of [[65, 90, 32], [97, 122, -32]] as const) {
      const s = Math.max(a, from);
      const e = Math.min(b, to);
      if (s <= e) out.push(`${String.fromCharCode(s + shift)}-${String.fromCharCode(e + shift)}`);
    }
    if (b > 127 && /\p{L}/u.test(String.fromCodePoint(Math.max(a, 128)))) {
      this.fail(`non-ASCII ranges under a partial (?i) cannot be translated: \`${lo}-${hi}\``);
    }
    return out;
  }
}

/** Translates an RE2 pattern into JS source and flags; throws GoRegexError with the reason. */
export function translateGoRegex(pattern: string): TranslatedRegex {
  const t = new Translator(pattern).translate();
  try {
    new RegExp(t.source, t.flags);
  } catch (e) {
    throw new GoRegexError(pattern, `translation is not a valid JavaScript regexp (${(e as Error).message})`);
  }
  return t;
}

const cache = new LRUCache<string, RegExp | GoRegexError>({ max: 10_000 });

/**
 * A JS RegExp with the meaning of the Go pattern (cached; compiled once per pattern). Like Go's MatchString it finds
 * a match anywhere unless the pattern anchors itself with `^…$`.
 */
export function compileGoRegex(pattern: string): RegExp {
  let hit = cache.get(pattern);
  if (hit === undefined) {
    try {
      const t = translateGoRegex(pattern);
      hit = new RegExp(t.source, t.flags);
    } catch (e) {
      hit = e instanceof GoRegexError ? e : new GoRegexError(pattern, String(e));
    }
    cache.set(pattern, hit);
  }
  if (hit instanceof GoRegexError) throw hit;
  return hit;
}

/** Whether the pattern matches somewhere in `s` (Go's regexp.MatchString). */
export function goRegexMatch(pattern: string, s: string): boolean {
  return compileGoRegex(pattern).test(s);
}
