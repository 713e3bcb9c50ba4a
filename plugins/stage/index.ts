// The stage plugin: `/stage alpha|beta|stable` keeps one stage/* label; `/remove-stage <stage>` removes it.
import { hasLabel } from '../shared/labels.js';
import { definePlugin, type CommandSpec } from '../types.js';

const STAGE_LABELS = ['stage/alpha', 'stage/beta', 'stage/stable'];

const STAGE: CommandSpec = {
  regex: /^\/(remove-)?stage (alpha|beta|stable)\s*$/im,
  usage: '/[remove-]stage <alpha|beta|stable>',
  description: 'Labels the stage of an issue as alpha/beta/stable',
  examples: ['/stage alpha', '/remove-stage alpha'],
  whoCanUse: 'Anyone can trigger this command.',
};

export const stage = definePlugin({
  name: 'stage',
  description: 'Label the stage of an issue as alpha/beta/stable',
  commands: [STAGE],
  handlers: {
    genericComment: async (ctx) => {
      if (ctx.event.action !== 'created') return;
      const { org, repo } = ctx;
      const number = ctx.event.number;
      for (const m of ctx.matches(STAGE)) {
        const remove = m[1] !== undefined;
        const wanted = `stage/${m[2]!.toLowerCase()}`;
        const labels = await ctx.github.getIssueLabels(org, repo, number);
        if (remove) {
          if (hasLabel(labels, wanted)) await ctx.github.removeLabel(org, repo, number, wanted);
          continue;
        }
        if (hasLabel(labels, wanted)) continue;
        for (const other of STAGE_LABELS) {
          if (other !== wanted && hasLabel(labels, other)) await ctx.github.removeLabel(org, repo, number, other);
        }
        await ctx.github.addLabel(org, repo, number, wanted);
      }
    },
  },
});
