// Walking a directory tree for the utilities. Secrets to censor: symlinks are followed, as Kubernetes mounts secret
// keys as links into `..data` (the `..`-prefixed bookkeeping entries are skipped). Artifacts to upload: confined to
// their directory, whatever links the job left there.
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir);
    } catch {
      return;
    }
    for (const name of entries) {
      if (name.startsWith('..')) continue;
      const p = path.join(dir, name);
      const s = await stat(p).catch(() => undefined);
      if (s?.isDirectory()) await walk(p);
      else if (s?.isFile()) out.push(p);
    }
  };
  await walk(root);
  return out.sort();
}

export interface ConfinedFile {
  /** Where the file is listed under `root` (what its upload key is made from). */
  path: string;
  /** The file itself, with every link resolved: always inside `root`. */
  source: string;
}

/**
 * The files under `root` as a job left them, for upload: a symlink counts only when what it points at is a file
 * inside `root` (so a link to the GitHub token, to `/` or to `../..` is skipped), and linked directories are not
 * entered (they would either leave `root` or list files twice).
 */
export async function listFilesWithin(root: string): Promise<ConfinedFile[]> {
  const realRoot = await realpath(root).catch(() => undefined);
  if (!realRoot) return [];
  const out: ConfinedFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push({ path: p, source: p });
      else if (e.isSymbolicLink()) {
        const target = await insideRealFile(p, realRoot);
        if (target) out.push({ path: p, source: target });
      }
    }
  };
  await walk(realRoot);
  return out.map((f) => ({ path: path.join(root, path.relative(realRoot, f.path)), source: f.source })).sort((a, b) => a.path.localeCompare(b.path));
}

/** The real path of `p` when it is a regular file inside `realRoot` right now; undefined otherwise. */
export async function insideRealFile(p: string, realRoot: string): Promise<string | undefined> {
  const target = await realpath(p).catch(() => undefined);
  if (!target || !target.startsWith(realRoot + path.sep)) return undefined;
  const s = await lstat(target).catch(() => undefined);
  return s?.isFile() ? target : undefined;
}
