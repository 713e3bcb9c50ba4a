// Plugin help from the hook: upstream's pluginhelp.Help JSON from GET /plugin-help, fetched from the hook in
// this process (all-in-one) or from --hook-url, cached for a minute.
import type { Help } from '../../plugins/help.js';

export type { Help };

export interface PluginHelpSource {
  get(): Promise<Help>;
}

const TTL_MS = 60_000;

/** Fetches help from a URL (resolved on each fetch, as the in-process hook's port is known only once it listens). */
export function httpPluginHelp(url: () => string | undefined, timeoutMs = 10_000): PluginHelpSource {
  let cached: { at: number; help: Help } | undefined;
  return {
    async get() {
      if (cached && Date.now() - cached.at < TTL_MS) return cached.help;
      const u = url();
      if (!u) throw new Error('the hook is not serving plugin help');
      const res = await fetch(u, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) throw new Error(`GET ${u}: ${res.status} ${res.statusText}`);
      const help = (await res.json()) as Help;
      cached = { at: Date.now(), help };
      return help;
    },
  };
}
