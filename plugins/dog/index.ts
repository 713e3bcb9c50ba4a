// dog: `/woof` and `/bark` reply with a dog image from random.dog (or `dog.endpoint`); `/this-is-fine`,
// `/this-is-not-fine` and `/this-is-unbearable` with those images (under `dog.fine_images_root`).
import { firstSuccess, getJson, imageTooBig, markdownUrl, safeOrigin } from '../shared/fun.js';
import { definePlugin, type CommandSpec } from '../types.js';
import { DOG } from './section.js';

export const DEFAULT_DOG_ENDPOINT = 'https://random.dog/woof.json';
export const DEFAULT_FINE_IMAGES_ROOT = 'https://storage.googleapis.com/this-is-fine-images/';

const WOOF: CommandSpec = {
  regex: /^\/(woof|bark|this-is-fine|this-is-not-fine|this-is-unbearable)\s*$/im, usage: '/(woof|bark|this-is-{fine|not-fine|unbearable})',
  description: 'Add a dog image to the issue or PR', examples: ['/woof', '/bark', '/this-is-fine', '/this-is-not-fine', '/this-is-unbearable'], whoCanUse: 'Anyone',
};
const FAMOUS: Record<string, string> = { 'this-is-fine': 'this_is_fine.png', 'this-is-not-fine': 'this_is_not_fine.png', 'this-is-unbearable': 'this_is_unbearable.jpg' };

export interface DogSettings {
  endpoint?: string;
  fine_images_root?: string;
}

async function readDog(endpoint: string, fixed: string | undefined): Promise<string> {
  let url = fixed;
  if (url === undefined) {
    url = markdownUrl((await getJson(endpoint) as { url?: unknown } | null)?.url);
    if (!/\.(jpg|gif|png)$/i.test(url)) throw new Error(`unsupported doggo :( unknown filetype: ${url}`);
  }
  if (await imageTooBig(url)) throw new Error(`unsupported doggo :( size too big: ${url}`);
  return `[![dog image](${url})](${url})`;
}

export const dog = definePlugin<Required<DogSettings>>({
  name: 'dog',
  description: 'The dog plugin adds a dog image to an issue or PR in response to the `/woof` command.',
  config: {
    sections: [DOG],
    resolve: (pc) => {
      const d = (pc.dog as DogSettings | undefined) ?? {};
      return { endpoint: d.endpoint || DEFAULT_DOG_ENDPOINT, fine_images_root: d.fine_images_root || DEFAULT_FINE_IMAGES_ROOT };
    },
  },
  commands: [WOOF],
  handlers: {
    async genericComment(ctx) {
      if (ctx.event.action !== 'created') return;
      const m = ctx.matches(WOOF)[0];
      if (!m) return;
      const famous = FAMOUS[m[1]!.toLowerCase()];
      const fixed = famous !== undefined ? markdownUrl(ctx.settings.fine_images_root + famous) : undefined;
      const got = await firstSuccess(5, () => readDog(ctx.settings.endpoint, fixed), (e) => ctx.logger.info('Failed to get dog img', { error: e }));
      if ('value' in got) {
        await ctx.respond(got.value);
        return;
      }
      ctx.logger.error('dog: could not find a valid dog image', { error: got.error });
      await ctx.respond(`Could not find a valid dog image: ${safeOrigin(fixed ?? ctx.settings.endpoint)} appears to be down.`);
    },
  },
});
