// shrug: `/shrug` adds the ¯\_(ツ)_/¯ label; `/unshrug` removes it with a shrug.
import { hasLabel } from '../shared/labels.js';
import { definePlugin, type CommandSpec } from '../types.js';

export const SHRUG = '¯\\_(ツ)_/¯';

const SHRUG_CMD: CommandSpec = { regex: /^\/(un)?shrug\s*$/im, usage: '/[un]shrug', description: SHRUG, examples: ['/shrug', '/unshrug'], whoCanUse: 'Anyone' };

export const shrug = definePlugin({
  name: 'shrug',
  description: SHRUG,
  commands: [SHRUG_CMD],
  handlers: {
    async genericComment(ctx) {
      if (ctx.event.action !== 'created') return;
      const m = ctx.matches(SHRUG_CMD);
      if (m.length === 0) return;
      // As upstream: /shrug anywhere in the comment wins over /unshrug.
      const want = m.some((x) => x[1] === undefined);
      const has = hasLabel(await ctx.github.getIssueLabels(ctx.org, ctx.repo, ctx.number!), SHRUG);
      if (has && !want) {
        await ctx.respond('¯\\\\\\_(ツ)\\_/¯');
        await ctx.github.removeLabel(ctx.org, ctx.repo, ctx.number!, SHRUG);
      } else if (!has && want) {
        await ctx.github.addLabel(ctx.org, ctx.repo, ctx.number!, SHRUG);
      }
    },
  },
});
