// Git object operations on a bare cache repository: fetch commits by SHA, merge commits into a tree without a
// worktree (`git merge-tree --write-tree`, git ≥ 2.38), list and read files at a tree. Used where only a few files
// at a merged state are needed (inrepoconfig), so nothing is ever checked out.
import { mkdir, stat } from 'node:fs/promises';
import { git, GitError, PROW_GIT_IDENTITY, type GitOptions } from './exec.js';

export interface TreeEntry {
  /** Octal mode as git prints it: 100644 file, 100755 executable, 120000 symlink, 160000 submodule. */
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  oid: string;
  path: string;
}

/** Creates a bare repository at `dir` unless one is there. */
export async function ensureBareRepo(dir: string): Promise<void> {
  try {
    await stat(`${dir}/HEAD`);
    return;
  } catch {
    // Not there yet.
  }
  await mkdir(dir, { recursive: true });
  await git(['init', '--bare', '--quiet', dir]);
  // Fetched commits have no refs; automatic gc must never prune them mid-use.
  await git(['config', 'gc.auto', '0'], { cwd: dir });
}

async function hasCommit(repoDir: string, sha: string): Promise<boolean> {
  try {
    await git(['cat-file', '-e', `${sha}^{commit}`], { cwd: repoDir });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes every commit in `shas` present in the repo: fetched by SHA from `remote`, or, when the server refuses
 * unadvertised SHAs, with all branches and pull request heads.
 */
export async function fetchCommits(repoDir: string, remote: string, shas: readonly string[], opts: GitOptions = {}): Promise<void> {
  const missing: string[] = [];
  for (const sha of shas) if (!(await hasCommit(repoDir, sha))) missing.push(sha);
  if (missing.length === 0) return;
  const base = ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', remote];
  try {
    await git([...base, ...missing], { ...opts, cwd: repoDir });
  } catch {
    await git([...base, '+refs/heads/*:refs/remotes/origin/*', '+refs/pull/*/head:refs/pull/*/head'], { ...opts, cwd: repoDir });
  }
  for (const sha of missing) {
    if (!(await hasCommit(repoDir, sha))) throw new Error(`commit ${sha} is not in ${remote}`);
  }
}

/**
 * The tree of `base` with every head merged in turn, as a merge commit would have it. Returns a commit-ish whose
 * tree is the result (base itself when there are no heads). Conflicts are an error naming the head.
 */
export async function mergeHeads(repoDir: string, base: string, heads: readonly string[]): Promise<string> {
  let current = base;
  for (const head of heads) {
    let tree: string;
    try {
      tree = (await git(['merge-tree', '--write-tree', '--no-messages', current, head], { cwd: repoDir })).stdout.split('\n')[0]!.trim();
    } catch (e) {
      const detail = e instanceof GitError && e.code === 1 ? 'merge conflict' : (e as Error).message;
      throw new Error(`failed to merge ${head} into ${base}: ${detail}`);
    }
    current = (await git(['commit-tree', tree, '-p', current, '-p', head, '-m', `Merge ${head}`], { cwd: repoDir, env: PROW_GIT_IDENTITY })).stdout.trim();
  }
  return current;
}

/** Entries under `paths` (files and symlinks, recursively) at a commit or tree. */
export async function listTree(repoDir: string, treeish: string, paths: readonly string[]): Promise<TreeEntry[]> {
  const out = (await git(['ls-tree', '-r', '-z', '--full-tree', treeish, '--', ...paths], { cwd: repoDir })).stdout;
  return out
    .split('\0')
    .filter((l) => l !== '')
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode, type, oid] = line.slice(0, tab).split(' ') as [string, TreeEntry['type'], string];
      return { mode, type, oid, path: line.slice(tab + 1) };
    });
}

/** A blob's content as UTF-8 text. */
export async function readBlob(repoDir: string, oid: string): Promise<string> {
  return (await git(['cat-file', 'blob', oid], { cwd: repoDir })).stdout;
}
