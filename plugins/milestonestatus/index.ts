// The milestonestatus plugin: `/status approved-for-milestone|in-progress|in-review` from a member of the repo's
// milestone maintainers team (`repo_milestone`, the milestone plugin's section) adds the matching status/* label.
import { isMilestoneMaintainer, notMaintainerMessage, repoMilestoneFor, type RepoMilestone } from '../shared/milestone-maintainers.js';
import { definePlugin, type CommandSpec } from '../types.js';

const STATUS: CommandSpec = {
  regex: /^\/status\s+(.+)$/m,
  usage: '/status (approved-for-milestone|in-progress|in-review)',
  description: 'Applies the \'status/\' label to a PR.',
  examples: ['/status approved-for-milestone', '/status in-progress', '/status in-review'],
  whoCanUse: 'Members of the milestone maintainers GitHub team can use the \'/status\' command. This team is specified in the config by providing the GitHub team\'s ID.',
};

const STATUS_LABELS: Record<string, string> = {
  'approved-for-milestone': 'status/approved-for-milestone',
  'in-progress': 'status/in-progress',
  'in-review': 'status/in-review',
};

export const milestonestatus = definePlugin<RepoMilestone>({
  name: 'milestonestatus',
  description: 'The milestonestatus plugin allows members of the milestone maintainers GitHub team to specify the \'status/*\' label that should apply to a pull request.',
  config: {
    sections: [],
    resolve: (pc, { org, repo }) => repoMilestoneFor(pc, org, repo),
    describe: (m) => `The milestone maintainers team is the GitHub team "${m.maintainers_team ?? ''}"`,
  },
  commands: [STATUS],
  handlers: {
    genericComment: async (ctx) => {
      const e = ctx.event;
      if (e.action !== 'created') return;
      const matches = ctx.matches(STATUS);
      if (matches.length === 0) return;
      if (!(await isMilestoneMaintainer(ctx.github, ctx.org, ctx.settings, e.user.login))) {
        // Upstream's reply here is the bare message (no @mention, no quote).
        await ctx.github.createComment(ctx.org, ctx.repo, e.number, notMaintainerMessage(ctx.org, ctx.settings, 'add status labels', '/status'));
        return;
      }
      for (const m of matches) {
        const l = STATUS_LABELS[m[1]!.trim()];
        if (l) await ctx.github.addLabel(ctx.org, ctx.repo, e.number, l);
      }
    },
  },
});
