// A bare origin repository made with the git CLI: `main` with two commits and pull requests under
// refs/pull/<n>/head, each adding one file on top of the first commit.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { git } from '../../../src/git/exec.js';

export const IDENTITY: NodeJS.ProcessEnv = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

export interface Origin {
  root: string;
  /** The bare repository (use as clone_uri). */
  bare: string;
  baseSha: string;
  pulls: Record<number, string>;
  cleanup(): Promise<void>;
}

export async function makeOrigin(pullFiles: Record<number, string> = { 1: 'feature.txt' }): Promise<Origin> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'origin-'));
  const work = path.join(root, 'work');
  const bare = path.join(root, 'origin.git');
  const g = (args: string[], cwd = work) => git(args, { cwd, env: IDENTITY });
  await git(['init', '-q', '-b', 'main', work]);
  await writeFile(path.join(work, 'README.md'), 'hello\n');
  await g(['add', '.']);
  await g(['commit', '-q', '-m', 'initial']);
  const first = (await g(['rev-parse', 'HEAD'])).stdout.trim();
  await writeFile(path.join(work, 'base.txt'), 'base\n');
  await g(['add', '.']);
  await g(['commit', '-q', '-m', 'second on main']);
  const baseSha = (await g(['rev-parse', 'HEAD'])).stdout.trim();
  const pulls: Record<number, string> = {};
  for (const [n, file] of Object.entries(pullFiles)) {
    await g(['checkout', '-q', '-b', `pr${n}`, first]);
    await writeFile(path.join(work, file), `pull ${n}\n`);
    await g(['add', '.']);
    await g(['commit', '-q', '-m', `pull ${n}`]);
    pulls[Number(n)] = (await g(['rev-parse', 'HEAD'])).stdout.trim();
  }
  await g(['checkout', '-q', 'main']);
  await git(['clone', '-q', '--bare', work, bare]);
  for (const [n, sha] of Object.entries(pulls)) await git(['update-ref', `refs/pull/${n}/head`, sha], { cwd: bare });
  return { root, bare, baseSha, pulls, cleanup: () => rm(root, { recursive: true, force: true }) };
}
