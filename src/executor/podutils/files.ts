// Walking a directory tree for the utilities (artifacts to upload, secrets to censor). Symlinks are followed,
// as Kubernetes mounts secret keys as links into `..data`; the `..`-prefixed bookkeeping entries are skipped.
import { readdir, stat } from 'node:fs/promises';
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
