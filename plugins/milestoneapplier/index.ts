// The milestoneapplier plugin: sets the milestone configured for a PR's base branch (`milestone_applier`, keyed
// by org/repo then branch) when the PR merges, and already when it is opened against a branch other than the
// default one.
import type { PluginsConfig } from '../../src/config/types.js';
import { definePlugin } from '../types.js';
import { SECTION } from './section.js';

export type BranchToMilestone = Record<string, string>;

const branchesFor = (pc: PluginsConfig, org: string, repo: string): BranchToMilestone | undefined =>
  (pc.milestone_applier as Record<string, BranchToMilestone> | undefined)?.[`${org}/${repo}`];

export const milestoneapplier = definePlugin<BranchToMilestone | undefined>({
  name: 'milestoneapplier',
  description: 'The milestoneapplier plugin automatically applies the configured milestone for the base branch after a PR is merged. If a PR targets a non-default branch, it also adds the milestone when the PR is opened.',
  config: {
    sections: [SECTION],
    resolve: (pc, { org, repo }) => branchesFor(pc, org, repo),
    describe: (b) => `The configured branches and milestones for this repo are:\n${Object.entries(b ?? {}).map(([br, m]) => `- \`${br}\`: \`${m}\``).join('\n')}`,
  },
  handlers: {
    pullRequest: async (ctx) => {
      const pr = ctx.event.pull_request;
      const wanted = ctx.settings?.[pr.base.ref];
      if (wanted === undefined || pr.milestone?.title === wanted) return;
      const merged = ctx.action === 'closed' && pr.merged === true;
      const onDefaultBranch = pr.base.repo.default_branch === pr.base.ref;
      if (!merged && (onDefaultBranch || ctx.action !== 'opened')) return;
      const found = (await ctx.github.listMilestones(ctx.org, ctx.repo)).find((m) => m.title === wanted);
      if (!found) throw new Error(`The configured milestone ${wanted} for ${pr.base.ref} branch does not exist in the ${ctx.org}/${ctx.repo} repo`);
      await ctx.github.setMilestone(ctx.org, ctx.repo, pr.number, found.number);
    },
  },
});
