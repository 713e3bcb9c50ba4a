// Which changed files the size plugin skips, as upstream's genfiles and gitattributes packages decide:
// `.generated_files` at the repo root (`path`, `file-name`, `prefix`/`path-prefix`, `file-prefix` and
// `paths-from-repo` lines) and `.gitattributes` patterns marked `linguist-generated=true`.

/** A `.generated_files` group. */
export interface GeneratedFiles {
  paths: Set<string>;
  fileNames: Set<string>;
  pathPrefixes: string[];
  filePrefixes: string[];
}

export interface ParsedGeneratedFiles {
  group: GeneratedFiles;
  /** Files whose lines are further paths (`paths-from-repo`). */
  pathFiles: string[];
  /** Lines that are not one of the known forms (upstream's ParseError); the lines before them still count. */
  badLine?: string;
}

const meaningful = (text: string): string[] => text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));

export function parseGeneratedFiles(text: string): ParsedGeneratedFiles {
  const group: GeneratedFiles = { paths: new Set(), fileNames: new Set(), pathPrefixes: [], filePrefixes: [] };
  const pathFiles: string[] = [];
  for (const line of meaningful(text)) {
    const fields = line.split(/\s+/);
    if (fields.length !== 2) return { group, pathFiles, badLine: line };
    const [kind, value] = fields as [string, string];
    switch (kind) {
      case 'prefix':
      case 'path-prefix':
        group.pathPrefixes.push(value);
        break;
      case 'file-prefix':
        group.filePrefixes.push(value);
        break;
      // Upstream files `path` under file names too (it matches by base name); kept so results agree.
      case 'file-name':
      case 'path':
        group.fileNames.add(value);
        break;
      case 'paths-from-repo':
        pathFiles.push(value);
        break;
      default:
        return { group, pathFiles, badLine: line };
    }
  }
  return { group, pathFiles };
}

/** Adds the paths listed one per line in a `paths-from-repo` file. */
export function addPaths(group: GeneratedFiles, text: string): void {
  for (const line of meaningful(text)) group.paths.add(line);
}

export function isGenerated(group: GeneratedFiles, file: string): boolean {
  if (group.paths.has(file)) return true;
  if (group.pathPrefixes.some((p) => file.startsWith(p))) return true;
  const base = file.slice(file.lastIndexOf('/') + 1);
  return group.fileNames.has(base) || group.filePrefixes.some((p) => base.startsWith(p));
}

/** Go's filepath.Match for one path element: `*`, `?`, `[…]` (with `^`/`!` negation and ranges), `\` escapes. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\' && i + 1 < glob.length) out += `\\${glob[++i]!}`;
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) throw new Error(`syntax error in pattern: ${glob}`);
      let cls = glob.slice(i + 1, end);
      if (cls.startsWith('^') || cls.startsWith('!')) cls = `^${cls.slice(1)}`;
      out += `[${cls.replace(/\\(?!.)/g, '\\\\')}]`;
      i = end;
    } else out += c.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** One `.gitattributes` pattern, matched as upstream's gitattributes package does. */
export interface AttributePattern {
  match(file: string): boolean;
}

export function parseAttributePattern(raw: string): AttributePattern {
  if (raw.startsWith('!')) throw new Error(`negative patterns are forbidden: <${raw}>`);
  const p = raw.endsWith('\\ ') ? raw : raw.replace(/ +$/, '');
  if (p.endsWith('/')) throw new Error(`directory patterns are not matched recursively, use path/** instead: <${p}>`);
  const parts = p.split('/');
  if (parts.length === 1) {
    // A name pattern matches any element of the path.
    const re = globToRegExp(parts[0]!);
    return { match: (file) => file.split('/').some((e) => re.test(e)) };
  }
  return { match: (file) => pathMatch(parts, file.split('/')) };
}

function pathMatch(pattern: string[], pathIn: string[]): boolean {
  let path = pathIn;
  let matched = false;
  let canTraverse = false;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p === '') {
      canTraverse = false;
      continue;
    }
    if (p === '**') {
      if (i === pattern.length - 1) break;
      canTraverse = true;
      continue;
    }
    if (p.includes('**') || path.length === 0) return false;
    const re = globToRegExp(p);
    if (canTraverse) {
      canTraverse = false;
      matched = false;
      while (path.length > 0) {
        const e = path[0]!;
        path = path.slice(1);
        if (re.test(e)) {
          matched = true;
          break;
        }
      }
      if (!matched) return false;
    } else {
      if (!re.test(path[0]!)) return false;
      matched = true;
      path = path.slice(1);
    }
  }
  return matched;
}

/** The `linguist-generated=true` patterns of a `.gitattributes` file; a pattern that cannot be used is an error. */
export function linguistGenerated(text: string): AttributePattern[] {
  const out: AttributePattern[] = [];
  for (const line of meaningful(text)) {
    const fields = line.split(/\s+/);
    if (fields.length < 2 || !fields.slice(1).includes('linguist-generated=true')) continue;
    out.push(parseAttributePattern(fields[0]!));
  }
  return out;
}
