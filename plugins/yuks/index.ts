// yuks: `/joke` replies with a joke from icanhazdadjoke.com (or `yuks.endpoint`), escaped for Markdown.
import { escapeMarkdown, firstSuccess, getJson, safeOrigin } from '../shared/fun.js';
import { definePlugin, type CommandSpec } from '../types.js';
import { YUKS } from './section.js';

export const DEFAULT_JOKE_ENDPOINT = 'https://icanhazdadjoke.com';

const JOKE: CommandSpec = { regex: /^\/joke\s*$/im, usage: '/joke', description: 'Tells a joke.', examples: ['/joke'], whoCanUse: 'Anyone can use the `/joke` command.' };

export const yuks = definePlugin<{ endpoint: string }>({
  name: 'yuks',
  description: 'The yuks plugin comments with jokes in response to the `/joke` command.',
  config: { sections: [YUKS], resolve: (pc) => ({ endpoint: (pc.yuks as { endpoint?: string } | undefined)?.endpoint || DEFAULT_JOKE_ENDPOINT }) },
  commands: [JOKE],
  handlers: {
    async genericComment(ctx) {
      if (ctx.event.action !== 'created' || ctx.matches(JOKE).length === 0) return;
      const url = ctx.settings.endpoint;
      const got = await firstSuccess(5, async () => {
        const joke = (await getJson(url) as { joke?: unknown } | null)?.joke;
        if (typeof joke !== 'string' || joke.trim() === '') throw new Error(`result from ${safeOrigin(url)} did not contain a joke`);
        return joke;
      }, (e, i) => ctx.logger.info(`failed to get joke. Retrying (attempt ${i}/5)`, { error: e }));
      if ('error' in got) {
        ctx.logger.error('yuks: no joke', { error: got.error });
        await ctx.respond(`${safeOrigin(url)} appears to be down: no joke this time.`);
        return;
      }
      await ctx.respond(escapeMarkdown(got.value));
    },
  },
});
