// pony: `/pony [name]` replies with a pony image from theponyapi.com (or `pony.endpoint`), up to 5 per comment.
import { firstSuccess, getJson, imageTooBig, markdownUrl, safeOrigin } from '../shared/fun.js';
import { definePlugin, type CommandSpec } from '../types.js';
import { PONY_SECTION } from './section.js';

export const DEFAULT_PONY_ENDPOINT = 'https://theponyapi.com/api/v1/pony/random';
const MAX_PONIES = 5;

const PONY: CommandSpec = {
  regex: /^\/(?:pony)(?: +(.+?))?\s*$/im, usage: '/(pony) [pony]',
  description: 'Add a little pony image to the issue or PR. A particular pony can optionally be named for a picture of that specific pony.',
  examples: ['/pony', '/pony Twilight Sparkle'], whoCanUse: 'Anyone',
};

async function readPony(endpoint: string, tags: string): Promise<string> {
  const body = await getJson(`${endpoint}?q=${encodeURIComponent(tags)}`) as { pony?: { representations?: { small?: unknown; full?: unknown } } } | null;
  const small = markdownUrl(body?.pony?.representations?.small);
  const full = markdownUrl(body?.pony?.representations?.full);
  if (await imageTooBig(small)) throw new Error('the pony is too big');
  return `[![pony image](${small})](${full})`;
}

export const pony = definePlugin<{ endpoint: string }>({
  name: 'pony',
  description: 'The pony plugin adds a pony image to an issue or PR in response to the `/pony` command.',
  config: { sections: [PONY_SECTION], resolve: (pc) => ({ endpoint: (pc.pony as { endpoint?: string } | undefined)?.endpoint || DEFAULT_PONY_ENDPOINT }) },
  commands: [PONY],
  handlers: {
    async genericComment(ctx) {
      if (ctx.event.action !== 'created') return;
      const wanted = ctx.matches(PONY).slice(0, MAX_PONIES);
      if (wanted.length === 0) return;
      const images: string[] = [];
      let tagsSpecified = false;
      for (const m of wanted) {
        const tags = m[1] ?? '';
        if (tags) tagsSpecified = true;
        const got = await firstSuccess(5, () => readPony(ctx.settings.endpoint, tags), (e) => ctx.logger.info('Failed to get a pony', { error: e }));
        if ('value' in got) images.push(got.value);
      }
      if (images.length > 0) {
        await ctx.respond(images.join('\n'));
        return;
      }
      const endpoint = ctx.settings.endpoint;
      const down = endpoint === DEFAULT_PONY_ENDPOINT ? 'https://theponyapi.com' : safeOrigin(endpoint);
      await ctx.respond(tagsSpecified ? "Couldn't find a pony matching given tag(s)." : `${down} appears to be down`);
    },
  },
});
