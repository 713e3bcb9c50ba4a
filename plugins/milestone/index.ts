// The milestone plugin: `/milestone <title>` or `/milestone clear` from a member of the repo's milestone
// maintainers team (`repo_milestone`) sets or clears the or PR's milestone.
import { isMilestoneMaintainer, notMaintainerMessage, REPO_MILESTONE_SECTION, repoMilestoneFor, type RepoMilestone } from '../shared/milestone-maintainers.js';
import { definePlugin, type CommandSpec } from '../types.js';

const MILESTONE: CommandSpec = {
  regex: /^\/milestone\s+(.+?)\s*$/m,
  usage: '/milestone <version> or /milestone clear',
  description: 'Updates the milestone for an issue or PR',
  examples: ['/milestone v1.10', '/milestone v1.9', '/milestone clear'],
  whoCanUse: 'Members of the milestone maintainers GitHub team can use the \'/milestone\' command.',
};

const CLEAR = 'clear';

export const milestone = definePlugin<RepoMilestone>({
  name: 'milestone',
  description: 'The milestone plugin allows members of a configurable GitHub team to set the milestone on an issue or pull request.',
  config: {
    sections: [REPO_MILESTONE_SECTION],
    resolve: (pc, { org, repo }) => repoMilestoneFor(pc, org, repo),
    describe: (m) => `The milestone maintainers team is the GitHub team "${m.maintainers_team ?? ''}" with ID: ${m.maintainers_id ?? 0}.`,
  },
  commands: [MILESTONE],
  handlers: {
    genericComment: async (ctx) => {
      const e = ctx.event;
      if (e.action !== 'created') return;
      const m = ctx.matches(MILESTONE)[0];
      if (!m) return;
      const { org, repo } = ctx;
      if (!(await isMilestoneMaintainer(ctx.github, org, ctx.settings, e.user.login))) {
        await ctx.respond(notMaintainerMessage(org, ctx.settings, 'set the milestone', '/milestone'));
        return;
      }
      const wanted = m[1]!;
      if (wanted === CLEAR) {
        await ctx.github.setMilestone(org, repo, e.number, null);
        return;
      }
      const milestones = await ctx.github.listMilestones(org, repo);
      const found = milestones.find((x) => x.title === wanted);
      if (!found) {
        const titles = milestones.map((x) => `\`${x.title}\``).sort();
        await ctx.respond(`The provided milestone is not valid for this repository. Milestones in this repository: [${titles.join(', ')}]\n\nUse \`/milestone ${CLEAR}\` to clear the milestone.`);
        return;
      }
      await ctx.github.setMilestone(org, repo, e.number, found.number);
    },
  },
});
