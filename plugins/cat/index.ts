// cat: `/meow [category]` and `/meowvie [category]` (a GIF) reply with a cat image from thecatapi.com (or
// `cat.endpoint`), with the API key read from `cat.key_path`; `/meow grumpy` is the grumpy cat.
import { readFileSync } from 'node:fs';
import { firstSuccess, getJson, imageTooBig, markdownUrl, safeOrigin } from '../shared/fun.js';
import { definePlugin, type CommandSpec } from '../types.js';
import { CAT } from './section.js';

export const DEFAULT_CAT_ENDPOINT = 'https://api.thecatapi.com/v1/images/search?format=json&results_per_page=1';
const GRUMPY = 'https://upload.wikimedia.org/wikipedia/commons/e/ee/Grumpy_Cat_by_Gage_Skidmore.jpg';

const MEOW: CommandSpec = {
  regex: /^\/meow(vie)?(?: (.+))?\s*$/im, usage: '/meow(vie) [CATegory]', description: 'Add a cat image to the issue or PR',
  examples: ['/meow', '/meow caturday', '/meowvie clothes'], whoCanUse: 'Anyone',
};

export interface CatSettings {
  key_path?: string;
  endpoint?: string;
}

function apiKey(keyPath: string | undefined, warn: (msg: string, e: unknown) => void): string {
  if (!keyPath) return '';
  try {
    return readFileSync(keyPath, 'utf8').trim();
  } catch (e) {
    warn(`failed to read key at ${keyPath}`, e);
    return '';
  }
}

export const cat = definePlugin<CatSettings>({
  name: 'cat',
  description: 'The cat plugin adds a cat image to an issue or PR in response to the `/meow` command.',
  config: {
    sections: [CAT],
    resolve: (pc) => (pc.cat as CatSettings | undefined) ?? {},
    describe: (c) => `The cat plugin uses an api key for thecatapi.com stored in ${c.key_path ?? ''}.`,
  },
  commands: [MEOW],
  handlers: {
    async genericComment(ctx) {
      if (ctx.event.action !== 'created') return;
      const m = ctx.matches(MEOW)[0];
      if (!m) return;
      const movie = m[1] !== undefined;
      const category = (m[2] ?? '').trim();
      const endpoint = ctx.settings.endpoint || DEFAULT_CAT_ENDPOINT;
      const key = apiKey(ctx.settings.key_path, (msg, e) => ctx.logger.error(msg, { error: e }));
      let url = endpoint;
      if (category) url += `&category=${encodeURIComponent(category)}`;
      if (key) url += `&api_key=${encodeURIComponent(key)}`;
      if (movie) url += '&mime_types=gif';
      const got = await firstSuccess(3, async () => {
        let image: string;
        if (/^(no|grumpy)$/i.test(category)) image = GRUMPY;
        else {
          const cats = await getJson(url);
          if (!Array.isArray(cats) || cats.length < 1) throw new Error(`no cats in response from ${safeOrigin(url)}`);
          image = markdownUrl((cats[0] as { url?: unknown } | null)?.url);
        }
        if (await imageTooBig(image)) throw new Error(`longcat is too long: ${image}`);
        return `![cat image](${image})`;
      }, (e) => ctx.logger.error('Failed to get cat img', { error: e }));
      if ('value' in got) {
        await ctx.respond(got.value);
        return;
      }
      const down = endpoint === DEFAULT_CAT_ENDPOINT ? 'https://thecatapi.com' : safeOrigin(endpoint);
      await ctx.respond(category ? 'Bad category. Please see https://api.thecatapi.com/api/categories/list' : `${down} appears to be down`);
    },
  },
});
