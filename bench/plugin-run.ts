// Runs one plugin, as the hook would, on the webhooks an action on the fake GitHub sends: the benches of single
// plugins (plugins, projects, bugzilla) measure a command this way, from the deliveries to the GitHub requests made.
import { handlerEvents, runHandler, type HandlerDeps } from '../plugins/context.js';
import type { Plugin } from '../plugins/types.js';
import { genericCommentFrom, webhookFromPayload } from '../src/github/events.js';
import type { FakeGitHub, RecordedRequest } from '../test/fakes/github/index.js';

export interface PluginRun {
  /** The GitHub requests the plugin made while handling. */
  requests: RecordedRequest[];
  /** Handler time for all the deliveries. */
  ms: number;
}

/** Does `act`, then hands every webhook it caused to `plugin`; a handler error is thrown. */
export async function runPluginOn(gh: FakeGitHub, deps: HandlerDeps, plugin: Plugin, act: () => Promise<unknown>): Promise<PluginRun> {
  const handled = gh.deliveries.length;
  await act();
  await gh.flush();
  const n0 = gh.requests.length;
  const start = performance.now();
  for (const d of gh.deliveries.slice(handled)) {
    const ev = webhookFromPayload(d.event, d.guid, d.payload);
    for (const h of handlerEvents(ev, genericCommentFrom(ev))) {
      const r = await runHandler(plugin, h, deps);
      if (r?.error) throw r.error;
    }
  }
  return { ms: performance.now() - start, requests: gh.requests.slice(n0) };
}
