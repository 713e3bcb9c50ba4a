// heart: reacts to PR comments by the configured adorees that match `heart.commentregexp`, and to new PRs that add
// lines to an OWNERS or OWNERS_ALIASES file (the names plugins.yaml `owners.filenames` sets), with 👍, ❤️ or 🎉.
import { compileGoRegex } from '../../src/config/goregex.js';
import type { Reaction } from '../../src/github/issues.js';
import { ownersFilenames } from '../../src/owners/reader.js';
import { definePlugin } from '../types.js';
import { HEART } from './section.js';

export interface Heart {
  adorees?: string[];
  commentregexp?: string;
}

const REACTIONS: readonly Reaction[] = ['+1', 'heart', 'hooray'];
const pick = (): Reaction => REACTIONS[Math.floor(Math.random() * REACTIONS.length)]!;

export const heart = definePlugin<Heart>({
  name: 'heart',
  description: 'The heart plugin celebrates certain GitHub actions with the reaction emojis. Emojis are added to pull requests that make additions to OWNERS or OWNERS_ALIASES files and to comments left by specified "adorees".',
  config: {
    sections: [HEART],
    resolve: (pc) => ({ commentregexp: '.*', ...(pc.heart as Heart | undefined) }),
    describe: (h) => `The heart plugin is configured to react to comments,  satisfying the regular expression ${h.commentregexp ?? ''}, left by the following GitHub users: ${(h.adorees ?? []).join(', ')}.`,
  },
  handlers: {
    async issueComment(ctx) {
      const e = ctx.event;
      const { adorees = [], commentregexp = '' } = ctx.settings;
      if (adorees.length === 0 || commentregexp === '' || !ctx.isPR || e.action !== 'created') return;
      if (!adorees.includes(e.comment.user.login)) return;
      if (!compileGoRegex(commentregexp).test(e.comment.body ?? '')) return;
      await ctx.github.createCommentReaction(ctx.org, ctx.repo, e.comment.id, pick());
    },
    async pullRequest(ctx) {
      if (ctx.action !== 'opened') return;
      const names = ownersFilenames(ctx.pluginsConfig, ctx.org, ctx.repo);
      const changes = await ctx.github.getPullRequestChanges(ctx.org, ctx.repo, ctx.number!);
      const addsOwners = changes.some((c) => {
        const base = c.filename.split('/').pop();
        return (base === names.owners || base === names.aliases) && (c.additions ?? 0) > 0;
      });
      if (addsOwners) await ctx.github.createIssueReaction(ctx.org, ctx.repo, ctx.number!, pick());
    },
  },
});
