// trick-or-treat: `/trick-or-treat` replies with a candy image picked from `trick_or_treat.images` (upstream's
// list by default), checked to be reachable and small enough for GitHub.
import { firstSuccess, imageTooBig, markdownUrl } from '../shared/fun.js';
import { definePlugin, type CommandSpec } from '../types.js';
import { DEFAULT_CANDIES } from './candies.js';
import { SECTION } from './section.js';

const TRICK: CommandSpec = {
  regex: /^\/trick(-)?or(-)?treat(?: (.+))?\s*$/im, usage: '/trick(-)or(-)treat', description: 'Add a candy image to the issue or PR',
  examples: ['/trick-or-treat', '/trickortreat'], whoCanUse: 'Anyone',
};

export const trickOrTreat = definePlugin<{ images: readonly string[] }>({
  name: 'trick-or-treat',
  description: 'The trick-or-treat plugin adds a candy image to an issue or PR in response to the `/trick-or-treat` command.',
  config: {
    sections: [SECTION],
    resolve: (pc) => {
      const images = (pc.trick_or_treat as { images?: string[] } | undefined)?.images;
      return { images: images && images.length > 0 ? images : DEFAULT_CANDIES };
    },
  },
  commands: [TRICK],
  handlers: {
    async genericComment(ctx) {
      if (ctx.event.action !== 'created' || ctx.matches(TRICK).length === 0) return;
      const images = ctx.settings.images;
      const got = await firstSuccess(3, async () => {
        const url = markdownUrl(images[Math.floor(Math.random() * images.length)]);
        if (await imageTooBig(url)) throw new Error(`the candy is too big: ${url}`);
        return `![candy image](${url})`;
      }, (e) => ctx.logger.error('Failed to get img', { error: e }));
      if ('value' in got) {
        await ctx.respond(got.value);
        return;
      }
      ctx.logger.error('trick-or-treat: could not find a valid candy image', { error: got.error });
      await ctx.respond('Could not find a valid candy image: the image hosts appear to be down.');
    },
  },
});
