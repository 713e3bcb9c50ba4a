// The OWNERS a PR is judged by: those of its base commit. A webhook's pull_request.base.sha may be absent in a
// hand-made or trimmed payload; then the base branch's tip is asked for (upstream always reads the branch tip).
import type { RepoOwners } from '../../src/owners/repo-owners.js';
import type { HandlerContext } from '../types.js';

export async function ownersAtBase(ctx: Pick<HandlerContext<unknown, unknown>, 'github' | 'org' | 'repo' | 'owners'>, pr: { base: { ref: string; sha?: string | undefined } }): Promise<RepoOwners> {
  const sha = pr.base.sha || (await ctx.github.getRef(ctx.org, ctx.repo, `heads/${pr.base.ref}`));
  return ctx.owners(sha);
}
