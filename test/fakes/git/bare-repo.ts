// Real bare git repositories for tests and the fake GitHub: commits with given files (no working tree kept),
// refs (branches, `refs/pull/N/head`), diffs as GitHub reports them, and the three GitHub merge methods.
// Everything runs through the git CLI (src/git/exec.ts) so clones and fetches by the code under test are real.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { git, GitError } from '../../../src/git/exec.js';

/** Identity for commits made by fixtures (CI machines have no git identity configured). */
export const TEST_GIT_IDENTITY: NodeJS.ProcessEnv = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_COMMITTER_NAME: 'Test Committer',
  GIT_COMMITTER_EMAIL: 'committer@example.com',
};

export interface GitPerson {
  name: string;
  email: string;
}

/** Files of a commit: path → content; `null` deletes the path. */
export type FileChanges = Record<string, string | null>;

export interface CommitOptions {
  /** Files to write (relative paths) or delete (null) on top of the parent's tree. */
  files: FileChanges;
  message?: string;
  /** Parent commit (sha or ref). Defaults to the current tip of `ref` when it exists; none makes a root commit. */
  parent?: string;
  /** Extra parents (a merge commit). */
  extraParents?: string[];
  /** Ref to move to the new commit, e.g. `refs/heads/main` or `main` (a bare name means a branch). */
  ref?: string;
  author?: GitPerson;
  committer?: GitPerson;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: GitPerson & { date: string };
  committer: GitPerson & { date: string };
}

export interface ChangedFile {
  filename: string;
  status: 'added' | 'removed' | 'modified';
  additions: number;
  deletions: number;
  changes: number;
  /** Unified diff hunks (absent for binary files), as GitHub's `patch` field. */
  patch?: string;
}

export type MergeMethod = 'merge' | 'squash' | 'rebase';

export class MergeConflictError extends Error {
  constructor(readonly base: string, readonly head: string) {
    super(`merge conflict between ${base} and ${head}`);
    this.name = 'MergeConflictError';
  }
}

const SEP = '\x00';
const REC = '\x1e';
const LOG_FORMAT = ['%H', '%T', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%B'].join('%x00') + '%x1e';

function personEnv(author?: GitPerson, committer?: GitPerson): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...TEST_GIT_IDENTITY };
  if (author) {
    env.GIT_AUTHOR_NAME = author.name;
    env.GIT_AUTHOR_EMAIL = author.email;
  }
  if (committer) {
    env.GIT_COMMITTER_NAME = committer.name;
    env.GIT_COMMITTER_EMAIL = committer.email;
  }
  return env;
}

/** `main` → `refs/heads/main`; full refs stay as they are. */
export function fullRef(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/heads/${ref}`;
}

const SHA = /^[0-9a-f]{40}$/;
/** Memoized results kept per repository before the memo is emptied. */
const MEMO_LIMIT = 10_000;

export class BareRepo {
  /** Results for pairs of commit shas never change, so diffs and merge checks between shas are computed once. */
  private readonly memo = new Map<string, Promise<unknown>>();
  /** Shas `resolve` verified as commits (objects never change; nothing here prunes them). */
  private readonly knownCommits = new Set<string>();

  private constructor(readonly path: string) {}

  private once<T>(kind: string, a: string, b: string, compute: () => Promise<T>): Promise<T> {
    if (!SHA.test(a) || !SHA.test(b)) return compute();
    const key = `${kind}:${a}:${b}`;
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      p = compute();
      this.memo.set(key, p);
      p.catch(() => this.memo.delete(key));
    }
    return p;
  }

  /** Creates an empty bare repository at `dir` whose HEAD points to `defaultBranch`. */
  static async init(dir: string, defaultBranch = 'main'): Promise<BareRepo> {
    await mkdir(dir, { recursive: true });
    await git(['init', '--quiet', '--bare', `--initial-branch=${defaultBranch}`, dir]);
    return new BareRepo(dir);
  }

  /** Opens an existing bare repository. */
  static open(dir: string): BareRepo {
    return new BareRepo(dir);
  }

  /** A `file://` URL that `git clone`/`git fetch` accept (usable as a job's `clone_uri`). */
  get url(): string {
    return pathToFileURL(this.path).href;
  }

  run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string }> {
    return git(['--git-dir', this.path, ...args], { env: { ...TEST_GIT_IDENTITY, ...env } });
  }

  /** The commit sha `ref` (a sha, full ref, branch or tag name) points to, or null when it does not exist. */
  async resolve(ref: string): Promise<string | null> {
    // Branches and pull refs are read from the ref store the way git reads them; spawning `git rev-parse` for every
    // PR of every search cost the fake seconds per Tide sync. A commit sha, once verified, stays a commit.
    if (SHA.test(ref) && this.knownCommits.has(ref)) return ref;
    if (/^refs\/(heads|pull)\//.test(ref)) {
      const sha = await this.readRefFile(ref);
      if (sha !== undefined) return sha;
    }
    const candidates = ref.startsWith('refs/') || SHA.test(ref) ? [ref] : [`refs/heads/${ref}`, ref];
    for (const c of candidates) {
      try {
        const sha = (await this.run(['rev-parse', '--verify', '--quiet', `${c}^{commit}`])).stdout.trim();
        if (c === ref && SHA.test(ref)) this.knownCommits.add(ref);
        return sha;
      } catch (e) {
        if (!(e instanceof GitError)) throw e;
      }
    }
    return null;
  }

  /**
   * A branch or pull ref from the files backend: the loose ref file, else `packed-refs`; null when it is in neither.
   * Undefined when git must answer (a symbolic ref, or a ref store this does not read).
   */
  private async readRefFile(ref: string): Promise<string | null | undefined> {
    const read = async (file: string): Promise<string | undefined> => {
      try {
        return await readFile(path.join(this.path, file), 'utf8');
      } catch (e) {
        if (['ENOENT', 'ENOTDIR', 'EISDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) return undefined;
        throw e;
      }
    };
    const loose = await read(ref);
    if (loose !== undefined) {
      const sha = loose.trim();
      return SHA.test(sha) ? sha : undefined;
    }
    if (await read('reftable/tables.list') !== undefined) return undefined;
    const packed = await read('packed-refs');
    for (const line of (packed ?? '').split('\n')) {
      if (line.endsWith(` ${ref}`) && SHA.test(line.slice(0, 40))) return line.slice(0, 40);
    }
    return null;
  }

  async updateRef(ref: string, sha: string): Promise<void> {
    await this.run(['update-ref', fullRef(ref), sha]);
  }

  async deleteRef(ref: string): Promise<void> {
    await this.run(['update-ref', '-d', fullRef(ref)]);
  }

  /** Refs under a prefix (default: branches) with their shas. */
  async listRefs(prefix = 'refs/heads/'): Promise<{ ref: string; sha: string }[]> {
    const out = (await this.run(['for-each-ref', '--format=%(refname) %(objectname)', prefix])).stdout;
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [ref, sha] = line.split(' ');
        return { ref, sha };
      });
  }

  /**
   * Makes a commit with the given file changes on top of `parent` (or the tip of `ref`) without a working tree
   * kept around, and moves `ref` to it. Returns the new sha.
   */
  async commit(opts: CommitOptions): Promise<string> {
    const ref = opts.ref ? fullRef(opts.ref) : undefined;
    const parent = opts.parent !== undefined ? await this.mustResolve(opts.parent) : ref ? await this.resolve(ref) : null;
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'fake-git-commit-'));
    try {
      const env = { ...personEnv(opts.author, opts.committer), GIT_INDEX_FILE: path.join(tmp, 'index') };
      const work = path.join(tmp, 'work');
      await mkdir(work);
      const wt = ['--work-tree', work];
      await this.run(parent ? ['read-tree', parent] : ['read-tree', '--empty'], env);
      const added: string[] = [];
      const removed: string[] = [];
      for (const [file, content] of Object.entries(opts.files)) (content === null ? removed : added).push(file);
      // Directories once each, then the files in parallel batches: a commit of 10,000 files takes seconds, not minutes.
      await Promise.all([...new Set(added.map((f) => path.dirname(path.join(work, f))))].map((d) => mkdir(d, { recursive: true })));
      for (let i = 0; i < added.length; i += 256) {
        await Promise.all(added.slice(i, i + 256).map((f) => writeFile(path.join(work, f), opts.files[f]!)));
      }
      if (added.length > 0) await this.run([...wt, 'add', '--force', '--', ...added], env);
      if (removed.length > 0) await this.run([...wt, 'rm', '--cached', '--quiet', '--ignore-unmatch', '--', ...removed], env);
      const tree = (await this.run(['write-tree'], env)).stdout.trim();
      const parents = [...(parent ? [parent] : []), ...(await Promise.all((opts.extraParents ?? []).map((p) => this.mustResolve(p))))];
      const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-m', opts.message ?? 'commit'];
      const sha = (await this.run(args, env)).stdout.trim();
      if (ref) await this.updateRef(ref, sha);
      return sha;
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  async mustResolve(ref: string): Promise<string> {
    const sha = await this.resolve(ref);
    if (!sha) throw new Error(`${this.path}: no such ref or commit: ${ref}`);
    return sha;
  }

  /** A file's content at a ref, or null when the path is not a file there. */
  async readFile(ref: string, file: string): Promise<Buffer | null> {
    const sha = await this.resolve(ref);
    if (!sha) return null;
    try {
      const type = (await this.run(['cat-file', '-t', `${sha}:${file}`])).stdout.trim();
      if (type !== 'blob') return null;
      const out = await git(['--git-dir', this.path, 'cat-file', 'blob', `${sha}:${file}`], { maxBuffer: 256 * 1024 * 1024 });
      return Buffer.from(out.stdout, 'utf8');
    } catch (e) {
      if (e instanceof GitError) return null;
      throw e;
    }
  }

  /** Entries of a directory at a ref (`''` for the root), or null when it is not a directory. */
  async listDir(ref: string, dir: string): Promise<{ name: string; path: string; type: 'file' | 'dir'; sha: string; size: number }[] | null> {
    const sha = await this.resolve(ref);
    if (!sha) return null;
    const spec = dir === '' ? `${sha}^{tree}` : `${sha}:${dir}`;
    try {
      const type = (await this.run(['cat-file', '-t', spec])).stdout.trim();
      if (type !== 'tree') return null;
      const out = (await this.run(['ls-tree', '-l', spec])).stdout;
      return out
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [meta, name] = line.split('\t');
          const [, kind, objSha, size] = meta.split(/\s+/);
          return {
            name,
            path: dir === '' ? name : `${dir}/${name}`,
            type: kind === 'tree' ? ('dir' as const) : ('file' as const),
            sha: objSha,
            size: size === '-' ? 0 : Number(size),
          };
        });
    } catch (e) {
      if (e instanceof GitError) return null;
      throw e;
    }
  }

  /** The blob sha of a path at a ref. */
  async blobSha(ref: string, file: string): Promise<string | null> {
    try {
      return (await this.run(['rev-parse', '--verify', '--quiet', `${ref}:${file}`])).stdout.trim();
    } catch {
      return null;
    }
  }

  /** Every blob of a commit's tree: path → blob SHA (one git call, remembered per commit). */
  async blobShas(commit: string): Promise<Map<string, string>> {
    return this.once('blobs', commit, commit, async () => {
      const out = new Map<string, string>();
      for (const line of (await this.run(['ls-tree', '-r', '-z', commit])).stdout.split('\0')) {
        const m = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(line);
        if (m) out.set(m[2]!, m[1]!);
      }
      return out;
    });
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    try {
      return (await this.run(['merge-base', a, b])).stdout.trim();
    } catch {
      return null;
    }
  }

  async commitInfo(ref: string): Promise<CommitInfo | null> {
    const sha = await this.resolve(ref);
    if (!sha) return null;
    const out = (await this.run(['log', '-1', `--format=${LOG_FORMAT}`, sha])).stdout;
    return parseLog(out)[0] ?? null;
  }

  /** Commits reachable from head but not base, oldest first (as GitHub lists a pull request's commits). */
  async commitsBetween(base: string, head: string): Promise<CommitInfo[]> {
    return this.once('commits', base, head, () => this.listCommits(base, head));
  }

  private async listCommits(base: string, head: string): Promise<CommitInfo[]> {
    const out = (await this.run(['log', '--reverse', `--format=${LOG_FORMAT}`, `${base}..${head}`])).stdout;
    return parseLog(out);
  }

  /** Files changed between the merge base of base and head, and head (GitHub's three-dot diff). */
  async changedFiles(base: string, head: string): Promise<ChangedFile[]> {
    return this.once('files', base, head, () => this.diffFiles(base, head));
  }

  private async diffFiles(base: string, head: string): Promise<ChangedFile[]> {
    const range = `${base}...${head}`;
    const numstat = (await this.run(['diff', '--no-renames', '--numstat', range])).stdout;
    const status = (await this.run(['diff', '--no-renames', '--name-status', range])).stdout;
    const patches = splitPatches((await this.run(['diff', '--no-renames', '--no-color', range])).stdout);
    const statusOf = new Map<string, string>();
    for (const line of status.split('\n').filter(Boolean)) {
      const [s, file] = line.split('\t');
      statusOf.set(file, s);
    }
    return numstat
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [add, del, filename] = line.split('\t');
        const additions = add === '-' ? 0 : Number(add);
        const deletions = del === '-' ? 0 : Number(del);
        const s = statusOf.get(filename);
        const file: ChangedFile = {
          filename,
          status: s === 'A' ? 'added' : s === 'D' ? 'removed' : 'modified',
          additions,
          deletions,
          changes: additions + deletions,
        };
        const patch = patches.get(filename);
        if (patch !== undefined) file.patch = patch;
        return file;
      });
  }

  /** Whether head merges cleanly into base (no working tree needed). */
  async mergesCleanly(base: string, head: string): Promise<boolean> {
    return this.once('clean', base, head, () => this.tryMergeTree(base, head));
  }

  private async tryMergeTree(base: string, head: string): Promise<boolean> {
    try {
      await this.run(['merge-tree', '--write-tree', '--no-messages', base, head]);
      return true;
    } catch (e) {
      if (e instanceof GitError && e.code === 1) return false;
      throw e;
    }
  }

  /**
   * Merges `headRef` into `baseBranch` the way GitHub's merge button does and moves the branch.
   * Throws MergeConflictError (and changes nothing) when it does not apply cleanly. Returns the new tip.
   */
  async mergeInto(baseBranch: string, headRef: string, method: MergeMethod, message: string, committer?: GitPerson): Promise<string> {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'fake-git-merge-'));
    const env = personEnv(undefined, committer);
    const inClone = (args: string[]): Promise<{ stdout: string }> => git(args, { cwd: tmp, env });
    try {
      await git(['clone', '--quiet', '--no-checkout', this.path, tmp]);
      await inClone(['fetch', '--quiet', 'origin', `+${fullRef(headRef)}:refs/prow-fake/head`]);
      await inClone(['checkout', '--quiet', '-B', 'prow-fake-base', `origin/${baseBranch}`]);
      const base = (await inClone(['rev-parse', 'HEAD'])).stdout.trim();
      try {
        if (method === 'merge') {
          await inClone(['merge', '--quiet', '--no-ff', '-m', message, 'refs/prow-fake/head']);
        } else if (method === 'squash') {
          await inClone(['merge', '--quiet', '--squash', 'refs/prow-fake/head']);
          await inClone(['commit', '--quiet', '--allow-empty', '-m', message]);
        } else {
          await inClone(['checkout', '--quiet', '-B', 'prow-fake-rebase', 'refs/prow-fake/head']);
          await inClone(['rebase', '--quiet', '--force-rebase', 'prow-fake-base']);
        }
      } catch (e) {
        if (e instanceof GitError) throw new MergeConflictError(base, headRef);
        throw e;
      }
      const sha = (await inClone(['rev-parse', 'HEAD'])).stdout.trim();
      await inClone(['push', '--quiet', 'origin', `HEAD:refs/heads/${baseBranch}`]);
      return sha;
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
}

function parseLog(out: string): CommitInfo[] {
  return out
    .split(REC)
    .map((r) => r.replace(/^\n/, ''))
    .filter((r) => r.length > 0)
    .map((r) => {
      const [sha, tree, parents, an, ae, ad, cn, ce, cd, body] = r.split(SEP);
      return {
        sha,
        tree,
        parents: parents ? parents.split(' ') : [],
        message: (body ?? '').replace(/\n+$/, ''),
        author: { name: an, email: ae, date: ad },
        committer: { name: cn, email: ce, date: cd },
      };
    });
}

/** Splits `git diff` output into per-file hunks (from the first `@@`), keyed by path. */
function splitPatches(diff: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of diff.split(/^diff --git /m).slice(1)) {
    const header = /^a\/(.+?) b\/(.+)$/m.exec(part);
    if (!header) continue;
    const hunk = part.indexOf('\n@@');
    if (hunk < 0) continue;
    out.set(header[2], part.slice(hunk + 1).replace(/\n$/, ''));
  }
  return out;
}

/** A temp directory of bare repositories laid out as `<root>/<org>/<repo>.git`; `cleanup()` removes it all. */
export class GitRepos {
  private constructor(readonly root: string) {}

  static async create(): Promise<GitRepos> {
    return new GitRepos(await mkdtemp(path.join(os.tmpdir(), 'fake-git-repos-')));
  }

  pathOf(org: string, repo: string): string {
    return path.join(this.root, org, `${repo}.git`);
  }

  async init(org: string, repo: string, defaultBranch = 'main'): Promise<BareRepo> {
    return BareRepo.init(this.pathOf(org, repo), defaultBranch);
  }

  open(org: string, repo: string): BareRepo {
    return BareRepo.open(this.pathOf(org, repo));
  }

  async cleanup(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}
