// Shaping a PR's history on the fake GitHub the way people do: merging the base branch in, force-pushing.
import type { FakeGitHub } from '../fakes/github/index.js';

/** Pushes a new commit to `base`, then merges it into PR `number` with a merge commit (the PR's new head). */
export async function mergeBaseIntoPull(gh: FakeGitHub, org: string, repo: string, number: number, actor: string): Promise<string> {
  const pull = gh.issue(org, repo, number).pull!;
  const file = `base-${number}-${Date.now()}.txt`;
  const baseSha = await gh.pushCommit(org, repo, pull.baseRef, { [file]: 'base\n' });
  const sha = await gh.state.repo(org, repo).git.commit({
    parent: pull.headSha, extraParents: [baseSha], files: { [file]: 'base\n' }, message: `Merge branch '${pull.baseRef}' into ${pull.headRef}`,
  });
  return gh.pushToPullRequest(org, repo, number, { headSha: sha }, actor);
}

/** Replaces PR `number`'s history with one commit on the base tip (a force-push after a rebase). */
export async function forcePushPull(gh: FakeGitHub, org: string, repo: string, number: number, actor: string, opts: { message?: string; files?: Record<string, string> } = {}): Promise<string> {
  const pull = gh.issue(org, repo, number).pull!;
  const base = await gh.branchSha(org, repo, pull.baseRef);
  const sha = await gh.state.repo(org, repo).git.commit({
    parent: base!, files: opts.files ?? { [`rebased-${number}.txt`]: 'x\n' }, message: opts.message ?? 'Rebased work',
    author: gh.state.gitPerson(actor),
  });
  return gh.pushToPullRequest(org, repo, number, { headSha: sha }, actor);
}
