// For the image and joke plugins' tests: the fake public APIs, and two PluginTesters on one seeded repo (with
// issue #1): one whose plugins.yaml points the plugin at the fake, one at an address where nothing listens.
import type { Plugin } from '../../plugins/types.js';
import { FakeFunApis } from '../fakes/fun-apis/index.js';
import { PluginTester, type Outcome } from './plugin-tester.js';

export interface FunSetup {
  apis: FakeFunApis;
  ok: PluginTester;
  down: PluginTester;
  stop(): Promise<void>;
}

/** `section(base)`: the plugin's plugins.yaml section for an API at `base` ('' for none). */
export async function startFun(plugin: Plugin, section: (base: string) => string): Promise<FunSetup> {
  const apis = await FakeFunApis.start();
  const start = (base: string): Promise<PluginTester> => PluginTester.start({
    plugin, inRepoConfig: false,
    plugins: `plugins:\n  org: [${plugin.name}]\n${section(base)}`,
    seed: async (gh) => {
      gh.addOrg('org', { members: ['alice'] });
      await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
      await gh.createIssue('org', 'repo', 'alice', { title: 'fun' });
    },
  });
  const ok = await start(apis.url);
  const down = await start(apis.downUrl);
  return {
    apis, ok, down,
    async stop() {
      await ok.stop();
      await down.stop();
      await apis.stop();
    },
  };
}

/** Comments `body` on issue #1 as alice and returns what the plugin did and the bodies it posted. */
export async function say(t: PluginTester, body: string): Promise<{ out: Outcome; posted: string[] }> {
  const out = await t.act((gh) => gh.comment('org', 'repo', 1, 'alice', body));
  const posted = out.writes.filter((w) => w.method === 'POST' && w.path.endsWith('/comments')).map((w) => String((w.body as { body?: string }).body));
  return { out, posted };
}

/** The reply text of a bot comment (before the quoted details). */
export function replyText(body: string): string {
  return body.split('\n\n<details>')[0]!;
}
