// `.prowignore`: gitignore-syntax files that leave files under `.prow/` out of a repository's inrepoconfig, as
// upstream reads them (go-gitignore in repository mode): a `.prowignore` in any directory applies to the paths below
// it, deeper files and later lines win, `!` re-includes, a trailing `/` matches directories only, a pattern with a
// `/` before its end is anchored to its file's directory (otherwise it matches at any depth), `*`, `?`, `[…]` and
// `**` as git has them, and nothing below an ignored directory can be re-included.

export const PROW_IGNORE_FILE = '.prowignore';

interface Pattern {
  /** Directory of the .prowignore it comes from ('' for the repository root). */
  base: string;
  re: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

/** A glob (without its anchoring `/`) as a regex body: `*` and `?` within a path segment, `**` across segments. */
function globBody(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '\\' && i + 1 < glob.length) {
      out += glob[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (c === '*' && glob[i + 1] === '*' && (i === 0 || glob[i - 1] === '/') && (i + 2 === glob.length || glob[i + 2] === '/')) {
      // `**/` any leading directories, `/**` everything below, `/**/` zero or more directories.
      if (i + 2 === glob.length) out += '.*';
      else out += '(?:.*/)?';
      i += 2;
    } else if (c === '*') {
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) {
        out += '\\[';
        continue;
      }
      let cls = glob.slice(i + 1, end);
      if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
      out += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else {
      out += c.replace(/[.+^${}()|\\/]/g, '\\$&');
    }
  }
  return out;
}

function parsePatterns(base: string, text: string): Pattern[] {
  const out: Pattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.replace(/\/+$/, '');
    if (line === '') continue;
    const anchored = line.includes('/');
    line = line.replace(/^\//, '');
    out.push({ base, negate, dirOnly, re: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${globBody(line)}$`) });
  }
  return out;
}

/**
 * Whether a repository path is ignored by the given `.prowignore` files (`path` is each file's path in the
 * repository, `content` its text).
 */
export function prowIgnoreMatcher(files: readonly { path: string; content: string }[]): (path: string) => boolean {
  const dirOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
  // Shallower files first: a deeper .prowignore overrides, as the last matching line does.
  const sorted = [...files].sort((a, b) => a.path.split('/').length - b.path.split('/').length || (a.path < b.path ? -1 : 1));
  const patterns = sorted.flatMap((f) => parsePatterns(dirOf(f.path), f.content));
  const matches = (p: string, isDir: boolean): boolean => {
    let ignored = false;
    for (const pat of patterns) {
      if (pat.dirOnly && !isDir) continue;
      if (pat.base !== '' && !p.startsWith(`${pat.base}/`)) continue;
      if (pat.re.test(pat.base === '' ? p : p.slice(pat.base.length + 1))) ignored = !pat.negate;
    }
    return ignored;
  };
  return (p) => {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) if (matches(parts.slice(0, i).join('/'), true)) return true;
    return matches(p, false);
  };
}
