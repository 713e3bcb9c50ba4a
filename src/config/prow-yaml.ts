// Reading a repository's own job config: every *.yaml/*.yml under `.prow/` (the directory wins; files a `.prowignore`
// matches are left out) or else `.prow.yaml`.
// Symlinks inside `.prow/` may point only at files inside `.prow/`; a symlinked `.prow.yaml` is refused. The files
// come from a git tree (inrepoconfig) or from a directory on disk (`prow checkconfig --prow-yaml-repo-name`).
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import type { Postsubmit, Preset, Presubmit } from './types.js';
import { checkSchema } from './schema-check.js';
import { dropNulls } from './load.js';
import { parseConfigYaml } from './yaml.js';
import { PROW_IGNORE_FILE, prowIgnoreMatcher } from './prowignore.js';
import type { ConfigProblem } from './errors.js';

export const IN_REPO_CONFIG_FILE = '.prow.yaml';
export const IN_REPO_CONFIG_DIR = '.prow';

export interface ProwYAML {
  presets: Preset[];
  presubmits: Presubmit[];
  postsubmits: Postsubmit[];
}

/** One path in the repo: a regular file, or a symlink with its target as written. */
export interface RepoFile {
  path: string;
  symlinkTarget?: string;
}

export class ProwYAMLError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.file ? `${p.file}: ` : ''}${p.path ? `${p.path}: ` : ''}${p.message}`).join('; '));
    this.name = 'ProwYAMLError';
  }
}

const isYaml = (p: string): boolean => p.endsWith('.yaml') || p.endsWith('.yml');

/** The files to parse, in path order, each mapped to the path whose content it has (symlinks resolved). */
export function selectProwYAMLFiles(files: readonly RepoFile[]): { path: string; contentPath: string }[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const inDir = files.filter((f) => f.path.startsWith(`${IN_REPO_CONFIG_DIR}/`)).sort((a, b) => (a.path < b.path ? -1 : 1));
  if (inDir.length > 0) {
    const out: { path: string; contentPath: string }[] = [];
    for (const f of inDir) {
      if (!isYaml(f.path)) continue;
      let contentPath = f.path;
      let hops = 0;
      let cur: RepoFile | undefined = f;
      while (cur?.symlinkTarget !== undefined) {
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(cur.path), cur.symlinkTarget));
        if (cur.symlinkTarget.startsWith('/') || !resolved.startsWith(`${IN_REPO_CONFIG_DIR}/`)) {
          throw new ProwYAMLError([{ severity: 'error', kind: 'io', file: f.path, path: '', message: `symlink points outside ${IN_REPO_CONFIG_DIR}/ (${cur.symlinkTarget}); refused` }]);
        }
        if (++hops > 20) throw new ProwYAMLError([{ severity: 'error', kind: 'io', file: f.path, path: '', message: 'too many levels of symlinks' }]);
        contentPath = resolved;
        cur = byPath.get(resolved);
        if (!cur) throw new ProwYAMLError([{ severity: 'error', kind: 'io', file: f.path, path: '', message: `symlink target ${resolved} does not exist` }]);
      }
      out.push({ path: f.path, contentPath });
    }
    return out;
  }
  const file = byPath.get(IN_REPO_CONFIG_FILE);
  if (!file) return [];
  if (file.symlinkTarget !== undefined) {
    throw new ProwYAMLError([{ severity: 'error', kind: 'io', file: IN_REPO_CONFIG_FILE, path: '', message: 'a symlinked .prow.yaml is refused' }]);
  }
  return [{ path: IN_REPO_CONFIG_FILE, contentPath: IN_REPO_CONFIG_FILE }];
}

/**
 * Parses and schema-checks the selected files and concatenates them. Errors throw ProwYAMLError; unknown fields
 * come back as warnings (errors when `strict`).
 */
export async function parseProwYAML(
  files: readonly RepoFile[],
  read: (contentPath: string) => Promise<string>,
  strict = false,
): Promise<{ prowYAML: ProwYAML; warnings: ConfigProblem[] }> {
  const out: ProwYAML = { presets: [], presubmits: [], postsubmits: [] };
  const problems: ConfigProblem[] = [];
  const selected = selectProwYAMLFiles(files);
  const ignored = await prowIgnored(files, selected, read);
  for (const f of selected) {
    if (ignored(f.path)) continue;
    let doc: unknown;
    try {
      doc = parseConfigYaml(await read(f.contentPath)) ?? {};
    } catch (e) {
      problems.push({ severity: 'error', kind: 'parse', file: f.path, path: '', message: `failed to unmarshal: ${(e as Error).message.split('\n')[0]}` });
      continue;
    }
    dropNulls(doc);
    for (const p of checkSchema('prow-yaml', doc, f.path)) problems.push(strict && p.kind === 'unknown-field' ? { ...p, severity: 'error' } : p);
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) continue;
    const part = doc as Partial<ProwYAML>;
    for (const j of [...(part.presubmits ?? []), ...(part.postsubmits ?? [])]) j.source_path = f.path;
    out.presets.push(...(part.presets ?? []));
    out.presubmits.push(...(part.presubmits ?? []));
    out.postsubmits.push(...(part.postsubmits ?? []));
  }
  if (problems.some((p) => p.severity === 'error')) throw new ProwYAMLError(problems);
  return { prowYAML: out, warnings: problems };
}

/** In `.prow/` mode, the `.prowignore` files of the listing (the root's and those under `.prow/`, not symlinks). */
async function prowIgnored(files: readonly RepoFile[], selected: readonly { path: string }[], read: (contentPath: string) => Promise<string>): Promise<(path: string) => boolean> {
  if (!selected.some((f) => f.path.startsWith(`${IN_REPO_CONFIG_DIR}/`))) return () => false;
  const ignoreFiles = files.filter((f) => f.symlinkTarget === undefined && (f.path === PROW_IGNORE_FILE || f.path.endsWith(`/${PROW_IGNORE_FILE}`)));
  if (ignoreFiles.length === 0) return () => false;
  return prowIgnoreMatcher(await Promise.all(ignoreFiles.map(async (f) => ({ path: f.path, content: await read(f.path) }))));
}

/** The candidate files of a checkout on disk (for checkconfig), with symlinks reported as such. */
export async function listProwYAMLFilesOnDisk(dir: string): Promise<RepoFile[]> {
  const out: RepoFile[] = [];
  const visit = async (rel: string): Promise<void> => {
    const abs = path.join(dir, rel);
    let st;
    try {
      st = await lstat(abs);
    } catch {
      return;
    }
    if (st.isSymbolicLink()) out.push({ path: rel, symlinkTarget: await readlink(abs) });
    else if (st.isFile()) out.push({ path: rel });
    else if (st.isDirectory()) for (const e of await readdir(abs)) await visit(path.posix.join(rel, e));
  };
  await visit(IN_REPO_CONFIG_DIR);
  await visit(IN_REPO_CONFIG_FILE);
  await visit(PROW_IGNORE_FILE);
  return out;
}

/** Reads `.prow/` or `.prow.yaml` from a directory on disk. */
export async function readProwYAMLFromDir(dir: string, strict = false): Promise<{ prowYAML: ProwYAML; warnings: ConfigProblem[] }> {
  return parseProwYAML(await listProwYAMLFilesOnDisk(dir), (p) => readFile(path.join(dir, p), 'utf8'), strict);
}
