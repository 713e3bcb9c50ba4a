// Plugin help in upstream's pluginhelp.Help JSON shape (what GET /plugin-help serves and Deck's plugin and command
// pages read): every enabled plugin's help, generated from its definePlugin (description, per-repo config prose,
// events, command table), and each external plugin's own /help.
import { externalEndpoint } from '../src/config/plugins-enabled.js';
import type { PluginsConfig } from '../src/config/types.js';
import type { Logger } from '../src/runtime/logger.js';
import type { Plugin, PluginHelp } from './types.js';

export interface Help {
  AllRepos: string[];
  RepoPlugins: Record<string, string[]>;
  RepoExternalPlugins: Record<string, string[]>;
  PluginHelp: Record<string, PluginHelp>;
  ExternalPluginHelp: Record<string, PluginHelp>;
}

export async function buildHelp(plugins: readonly Plugin[], pc: PluginsConfig, logger: Logger, externalTimeoutMs = 5_000): Promise<Help> {
  const repoPlugins: Record<string, string[]> = {};
  const enabledOn = new Map<string, string[]>();
  for (const [where, entry] of Object.entries(pc.plugins ?? {})) {
    repoPlugins[where] = [...(entry.plugins ?? [])];
    for (const name of entry.plugins ?? []) enabledOn.set(name, [...(enabledOn.get(name) ?? []), where]);
  }
  const repoExternal: Record<string, string[]> = {};
  const externalEndpoints = new Map<string, string>();
  for (const [where, list] of Object.entries(pc.external_plugins ?? {})) {
    repoExternal[where] = list.map((p) => p.name);
    for (const p of list) externalEndpoints.set(p.name, externalEndpoint(p));
  }

  const pluginHelp: Record<string, PluginHelp> = {};
  for (const p of plugins) {
    const repos = enabledOn.get(p.name);
    if (!repos) continue;
    try {
      pluginHelp[p.name] = p.help(pc, repos);
    } catch (e) {
      logger.warn('plugin help provider failed', { plugin: p.name, error: e });
    }
  }

  const externalHelp: Record<string, PluginHelp> = {};
  await Promise.all([...externalEndpoints].map(async ([name, endpoint]) => {
    try {
      const res = await fetch(`${endpoint.replace(/\/+$/, '')}/help`, { signal: AbortSignal.timeout(externalTimeoutMs) });
      if (res.ok) externalHelp[name] = (await res.json()) as PluginHelp;
      else await res.body?.cancel();
    } catch (e) {
      logger.debug('external plugin help unavailable', { plugin: name, error: String((e as Error).cause ?? e) });
    }
  }));

  const allRepos = [...new Set([...Object.keys(repoPlugins), ...Object.keys(repoExternal)])].sort();
  return { AllRepos: allRepos, RepoPlugins: repoPlugins, RepoExternalPlugins: repoExternal, PluginHelp: pluginHelp, ExternalPluginHelp: externalHelp };
}
