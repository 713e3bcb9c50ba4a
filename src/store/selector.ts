// Kubernetes label selectors (the `labelSelector` query parameter syntax of k8s.io/apimachinery/pkg/labels):
// `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a`, `!a`, `a>5`, `a<5`, comma-separated and ANDed.
export type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' }
  | { key: string; op: 'gt' | 'lt'; value: number };

export class LabelSelectorError extends Error {
  constructor(selector: string, why: string) {
    super(`invalid label selector "${selector}": ${why}`);
    this.name = 'LabelSelectorError';
  }
}

export interface LabelSelector {
  readonly requirements: readonly Requirement[];
  matches(labels: Record<string, string> | undefined): boolean;
}

// Label keys: optional DNS-subdomain prefix and a name; values: up to 63 of [A-Za-z0-9-_.]. We accept the
// same character set for parsing and leave length checks to the object validation.
const TOKEN = /^[A-Za-z0-9][-A-Za-z0-9_./]*$/;
const VALUE = /^[-A-Za-z0-9_.]*$/;

export function parseSelector(selector: string | undefined): LabelSelector {
  const requirements: Requirement[] = [];
  const src = selector?.trim() ?? '';
  let i = 0;
  const fail = (why: string): never => {
    throw new LabelSelectorError(src, why);
  };
  const skipSpace = (): void => {
    while (i < src.length && src[i] === ' ') i++;
  };
  const readWord = (): string => {
    skipSpace();
    const start = i;
    while (i < src.length && !' ,()=!<>'.includes(src[i]!)) i++;
    return src.slice(start, i);
  };
  const checkKey = (k: string): string => (TOKEN.test(k) ? k : fail(`bad key "${k}"`));
  const checkValue = (v: string): string => (VALUE.test(v) ? v : fail(`bad value "${v}"`));

  while (src.length > 0) {
    skipSpace();
    if (src[i] === '!') {
      i++;
      requirements.push({ key: checkKey(readWord()), op: '!exists' });
    } else {
      const key = checkKey(readWord());
      skipSpace();
      const rest = src.slice(i);
      if (i >= src.length || src[i] === ',') {
        requirements.push({ key, op: 'exists' });
      } else if (rest.startsWith('==') || rest.startsWith('=') || rest.startsWith('!=')) {
        const op = rest.startsWith('!=') ? 'notin' : 'in';
        i += rest.startsWith('=') && !rest.startsWith('==') ? 1 : 2;
        requirements.push({ key, op, values: [checkValue(readWord())] });
      } else if (rest.startsWith('>') || rest.startsWith('<')) {
        i++;
        const raw = readWord();
        if (!/^-?\d+$/.test(raw)) fail(`"${raw}" is not an integer`);
        requirements.push({ key, op: rest.startsWith('>') ? 'gt' : 'lt', value: Number(raw) });
      } else {
        const word = readWord();
        if (word !== 'in' && word !== 'notin') fail(`unexpected "${word || src[i]}" after "${key}"`);
        skipSpace();
        if (src[i] !== '(') fail(`expected "(" after "${word}"`);
        i++;
        const values: string[] = [];
        for (;;) {
          values.push(checkValue(readWord()));
          skipSpace();
          if (src[i] === ',') { i++; continue; }
          if (src[i] === ')') { i++; break; }
          fail('unterminated value set');
        }
        requirements.push({ key, op: word === 'in' ? 'in' : 'notin', values });
      }
    }
    skipSpace();
    if (i >= src.length) break;
    if (src[i] !== ',') fail(`unexpected "${src[i]}" at ${i}`);
    i++;
    if (i >= src.length) fail('trailing comma');
  }
  return new ParsedSelector(requirements);
}

class ParsedSelector implements LabelSelector {
  constructor(readonly requirements: readonly Requirement[]) {}

  matches(labels: Record<string, string> | undefined): boolean {
    const l = labels ?? {};
    for (const r of this.requirements) {
      const has = Object.prototype.hasOwnProperty.call(l, r.key);
      const v = has ? l[r.key]! : undefined;
      switch (r.op) {
        case 'in': if (v === undefined || !r.values.includes(v)) return false; break;
        case 'notin': if (v !== undefined && r.values.includes(v)) return false; break;
        case 'exists': if (!has) return false; break;
        case '!exists': if (has) return false; break;
        case 'gt':
        case 'lt': {
          if (v === undefined || !/^-?\d+$/.test(v)) return false;
          const n = Number(v);
          if (r.op === 'gt' ? !(n > r.value) : !(n < r.value)) return false;
        }
      }
    }
    return true;
  }
}

/** Renders `{a: 'b', c: 'd'}` as `a=b,c=d`. */
export function selectorFromLabels(labels: Record<string, string>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
}
