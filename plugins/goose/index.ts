// goose: `/honk` replies with a goose image from unsplash.com (or `goose.endpoint`), with the access key read from
// `goose.key_path`.
import { readFileSync } from 'node:fs';
import { firstSuccess, getJson, imageTooBig, markdownUrl } from '../shared/fun.js';
import { definePlugin, type CommandSpec } from '../types.js';
import { GOOSE } from './section.js';

export const DEFAULT_GOOSE_ENDPOINT = 'https://api.unsplash.com/photos/random?query=goose';

const HONK: CommandSpec = { regex: /^\/(honk)\s*$/im, usage: '/honk', description: 'Add a goose image to the issue or PR', examples: ['/honk'], whoCanUse: 'Anyone' };

export interface GooseSettings {
  key_path?: string;
  endpoint?: string;
}

export const goose = definePlugin<GooseSettings>({
  name: 'goose',
  description: 'The goose plugin adds a goose image to an issue or PR in response to the `/honk` command.',
  config: {
    sections: [GOOSE],
    resolve: (pc) => (pc.goose as GooseSettings | undefined) ?? {},
    describe: (g) => `The goose plugin uses an api key for unsplash.com stored in ${g.key_path ?? ''}.`,
  },
  commands: [HONK],
  handlers: {
    async genericComment(ctx) {
      if (ctx.event.action !== 'created' || ctx.matches(HONK).length === 0) return;
      let url = ctx.settings.endpoint || DEFAULT_GOOSE_ENDPOINT;
      if (ctx.settings.key_path) {
        try {
          url += `&client_id=${encodeURIComponent(readFileSync(ctx.settings.key_path, 'utf8').trim())}`;
        } catch (e) {
          ctx.logger.error(`failed to read key at ${ctx.settings.key_path}`, { error: e });
        }
      }
      const got = await firstSuccess(3, async () => {
        const image = markdownUrl((await getJson(url) as { urls?: { small?: unknown } } | null)?.urls?.small);
        if (await imageTooBig(image)) throw new Error(`long goose is too long: ${image}`);
        return `\n![goose image](${image})`;
      }, (e) => ctx.logger.error('Failed to get goose img', { error: e }));
      await ctx.respond('value' in got ? got.value : 'Unable to find goose. Have you checked the garden?');
    },
  },
});
