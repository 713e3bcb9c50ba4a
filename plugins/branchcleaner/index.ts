// branchcleaner: deletes the head branch of a merged PR whose head is in the same repository (never a fork's),
// unless `branch_cleaner.preserved_branches` for the org or org/repo names it (exactly or as a Go regexp, as
// upstream matches).
import { goRegexMatch } from '../../src/config/goregex.js';
import { definePlugin } from '../types.js';
import { BRANCH_CLEANER } from './section.js';

export interface BranchCleaner {
  preserved_branches?: Record<string, string[]>;
}

/** The preserved branches that apply to org/repo (the repo's, then the org's). */
type Preserved = string[];

function matches(pattern: string, branch: string): boolean {
  if (pattern === branch) return true;
  try {
    return goRegexMatch(pattern, branch);
  } catch {
    return false;
  }
}

export const branchcleaner = definePlugin<Preserved>({
  name: 'branchcleaner',
  description: "The branchcleaner plugin automatically deletes source branches for merged PRs between two branches on the same repository. This is helpful to keep repos that don't allow forking clean.",
  config: {
    sections: [BRANCH_CLEANER],
    resolve: (pc, { org, repo }) => {
      const pb = (pc.branch_cleaner as BranchCleaner | undefined)?.preserved_branches ?? {};
      return [...(pb[`${org}/${repo}`] ?? []), ...(pb[org] ?? [])];
    },
    describe: (preserved, where) => `The preserved branches for repo ${where} is [${preserved.join(' ')}]`,
  },
  handlers: {
    async pullRequest(ctx) {
      const pr = ctx.event.pull_request;
      if (ctx.action !== 'closed' || !pr.merged) return;
      if (!pr.head.repo || pr.base.repo.full_name !== pr.head.repo.full_name) return;
      if (ctx.settings.some((p) => matches(p, pr.head.ref))) return;
      try {
        await ctx.github.deleteRef(ctx.org, ctx.repo, `heads/${pr.head.ref}`);
      } catch (e) {
        throw new Error(`failed to delete branch ${pr.head.ref} on repo ${ctx.org}/${ctx.repo} after Pull Request #${pr.number} got merged: ${(e as Error).message}`);
      }
    },
  },
});
