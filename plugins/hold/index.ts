// The hold plugin: anyone may put `do-not-merge/hold` on a PR (`/hold`) or take it off (`/hold cancel`, `/unhold`,
// `/remove-hold`), to keep it from merging without withdrawing approval.
import { hasLabel, HOLD } from '../shared/labels.js';
import { definePlugin, type CommandSpec } from '../types.js';

/** `/hold` with anything after it on the line (`/hold until v2 ships`), as upstream. */
export const HOLD_RE = /^\/hold(\s.*)?$/im;
export const HOLD_CANCEL_RE = /^\/(remove-hold|hold\s+cancel|unhold)\s*$/im;

const HOLD_COMMAND: CommandSpec = {
  regex: /^\/(?:remove-hold|unhold|hold)(?:\s.*)?$/im,
  usage: '/[remove-][un]hold [cancel]',
  description: `Adds or removes the \`${HOLD}\` Label which is used to indicate that the PR should not be automatically merged.`,
  examples: ['/hold', '/hold cancel', '/unhold', '/remove-hold'],
  whoCanUse: `Anyone can use the /hold command to add or remove the '${HOLD}' Label.`,
};

export const hold = definePlugin({
  name: 'hold',
  description: `The hold plugin allows anyone to add or remove the '${HOLD}' Label from a pull request in order to temporarily prevent the PR from merging without withholding approval.`,
  commands: [HOLD_COMMAND],
  handlers: {
    async genericComment(ctx) {
      if (!ctx.isPR || ctx.action !== 'created') return;
      // A cancel wins over a hold in the same comment, as upstream.
      let want: boolean;
      if (HOLD_CANCEL_RE.test(ctx.commandText)) want = false;
      else if (HOLD_RE.test(ctx.commandText)) want = true;
      else return;
      const number = ctx.number!;
      const has = hasLabel(await ctx.github.getIssueLabels(ctx.org, ctx.repo, number), HOLD);
      if (has && !want) {
        ctx.logger.info(`Removing ${HOLD}`, { number });
        await ctx.github.removeLabel(ctx.org, ctx.repo, number, HOLD);
      } else if (!has && want) {
        ctx.logger.info(`Adding ${HOLD}`, { number });
        await ctx.github.addLabel(ctx.org, ctx.repo, number, HOLD);
      }
    },
  },
});
