// Which PRs merge cleanly together, with real git (upstream's pickNewBatch): a bare cache repository per repo,
// the base and heads fetched by SHA, each head merged in turn onto the result so far with `git merge-tree`; a head
// that conflicts is skipped. Nothing is checked out.
import path from 'node:path';
import { git, PROW_GIT_IDENTITY } from '../../src/git/exec.js';
import { ensureBareRepo, fetchCommits } from '../../src/git/objects.js';
import { RepoLocks } from '../../src/git/repo-locks.js';
import type { MergeMethod } from './types.js';

export class BatchGit {
  private readonly locks = new RepoLocks();

  constructor(private readonly cacheDir: string) {}

  /** Indices into `heads` of the PRs that merge onto `baseSha` one after another, at most `max` (0: no limit). */
  async mergeable(org: string, repo: string, remote: string, baseSha: string, heads: readonly { sha: string; method: MergeMethod }[], max: number): Promise<number[]> {
    return this.locks.run(`${org}/${repo}`, async () => {
      const dir = path.join(this.cacheDir, org, `${repo}.git`);
      await ensureBareRepo(dir);
      await fetchCommits(dir, remote, [baseSha, ...heads.map((h) => h.sha)]);
      const picked: number[] = [];
      let current = baseSha;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i]!.sha;
        let tree: string;
        try {
          tree = (await git(['merge-tree', '--write-tree', '--no-messages', current, head], { cwd: dir })).stdout.split('\n')[0]!.trim();
        } catch {
          continue; // a conflict: this PR stays out of the batch
        }
        current = (await git(['commit-tree', tree, '-p', current, '-p', head, '-m', `Merge ${head}`], { cwd: dir, env: PROW_GIT_IDENTITY })).stdout.trim();
        picked.push(i);
        if (max > 0 && picked.length >= max) break;
      }
      return picked;
    });
  }
}
