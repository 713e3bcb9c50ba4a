// Secret censoring (decoration_config.censor_secrets): every value found in the secret directories, and its
// base64 form, is replaced in logs and artifacts before they are uploaded.
import { readFile } from 'node:fs/promises';
import { listFiles } from './files.js';

export const CENSORED = 'CENSORED';

/** Upstream ignores secrets shorter than this unless configured otherwise: they would censor ordinary text. */
export const DEFAULT_MINIMUM_SECRET_LENGTH = 1;

/** Reads every file under the directories, recursively. */
export async function loadSecrets(dirs: string[], minimumLength = DEFAULT_MINIMUM_SECRET_LENGTH): Promise<string[]> {
  const found = new Set<string>();
  for (const d of dirs) {
    for (const f of await listFiles(d)) {
      const v = (await readFile(f, 'utf8')).trim();
      if (v.length >= Math.max(1, minimumLength)) found.add(v);
    }
  }
  return [...found];
}

/** Censors the values and their base64 encodings in bytes; longest first so overlapping secrets go whole. */
export class Censor {
  private readonly needles: Buffer[];

  constructor(secrets: string[]) {
    const all = new Set<string>();
    for (const s of secrets) {
      if (s === '') continue;
      all.add(s);
      all.add(Buffer.from(s).toString('base64'));
    }
    this.needles = [...all].sort((a, b) => b.length - a.length).map((s) => Buffer.from(s));
  }

  get empty(): boolean {
    return this.needles.length === 0;
  }

  bytes(input: Buffer): Buffer {
    let out = input;
    for (const n of this.needles) out = replaceAll(out, n, Buffer.from(CENSORED));
    return out;
  }

  text(input: string): string {
    return this.empty ? input : this.bytes(Buffer.from(input)).toString('utf8');
  }
}

function replaceAll(hay: Buffer, needle: Buffer, repl: Buffer): Buffer {
  let at = hay.indexOf(needle);
  if (at < 0) return hay;
  const parts: Buffer[] = [];
  let from = 0;
  while (at >= 0) {
    parts.push(hay.subarray(from, at), repl);
    from = at + needle.length;
    at = hay.indexOf(needle, from);
  }
  parts.push(hay.subarray(from));
  return Buffer.concat(parts);
}

/** Go-style glob (`*`, `**`, `?`) to a RegExp matching a whole relative path. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Whether an artifact (path relative to the artifacts dir) is censored under include/exclude globs. */
export function shouldCensor(rel: string, include: string[] = [], exclude: string[] = []): boolean {
  if (exclude.some((g) => globToRegExp(g).test(rel))) return false;
  if (include.length === 0) return true;
  return include.some((g) => globToRegExp(g).test(rel));
}
