// Plugin help in upstream's pluginhelp.Help JSON shape (what GET /plugin-help serves and Deck's plugin and command
// pages read): every enabled plugin's help, generated from its definePlugin (description, per-repo config prose,
// events, command table), and each external plugin's own help: asked of the plugin in this process when it runs
// here (`--role=all`), otherwise POSTed for to `<endpoint>/help` as upstream's hook does.
import { enabledReposForExternalPlugin, externalEndpoint } from '../src/config/plugins-enabled.js';
import type { ExternalPlugin, PluginsConfig } from '../src/config/types.js';
import type { Logger } from '../src/runtime/logger.js';
import type { Plugin, PluginHelp } from './types.js';

export interface Help {
  AllRepos: string[];
  RepoPlugins: Record<string, string[]>;
  RepoExternalPlugins: Record<string, string[]>;
  PluginHelp: Record<string, PluginHelp>;
  ExternalPluginHelp: Record<string, PluginHelp>;
}

/** Upstream gives all external plugins together one second to answer: the user is waiting in a browser. */
export const EXTERNAL_HELP_TIMEOUT_MS = 1_000;

export interface HelpOptions {
  /** How long external plugins get to answer. */
  externalTimeoutMs?: number;
  /** The help of an external plugin served in this process, by its external_plugins name (undefined: not here). */
  localHelp?: (name: string) => (() => unknown) | undefined;
}

export async function buildHelp(plugins: readonly Plugin[], pc: PluginsConfig, logger: Logger, opts: HelpOptions = {}): Promise<Help> {
  const repoPlugins: Record<string, string[]> = {};
  const enabledOn = new Map<string, string[]>();
  for (const [where, entry] of Object.entries(pc.plugins ?? {})) {
    repoPlugins[where] = [...(entry.plugins ?? [])];
    for (const name of entry.plugins ?? []) enabledOn.set(name, [...(enabledOn.get(name) ?? []), where]);
  }
  const repoExternal: Record<string, string[]> = {};
  const externals = new Map<string, ExternalPlugin>();
  for (const [where, list] of Object.entries(pc.external_plugins ?? {})) {
    repoExternal[where] = list.map((p) => p.name);
    for (const p of list) externals.set(p.name, p);
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

  const externalHelp = await externalPluginHelp([...externals.values()], pc, logger, opts);
  const allRepos = [...new Set([...Object.keys(repoPlugins), ...Object.keys(repoExternal)])].sort();
  return { AllRepos: allRepos, RepoPlugins: repoPlugins, RepoExternalPlugins: repoExternal, PluginHelp: pluginHelp, ExternalPluginHelp: externalHelp };
}

/**
 * Each external plugin's help, asked of all at once. One that is down, slow, or answers something that is not a
 * PluginHelp is logged and left out; the rest of the page is unaffected. As upstream, the events listed are the
 * ones hook forwards to the plugin (its `events` in external_plugins).
 */
async function externalPluginHelp(externals: ExternalPlugin[], pc: PluginsConfig, logger: Logger, opts: HelpOptions): Promise<Record<string, PluginHelp>> {
  const deadline = AbortSignal.timeout(opts.externalTimeoutMs ?? EXTERNAL_HELP_TIMEOUT_MS);
  const out: Record<string, PluginHelp> = {};
  await Promise.all(externals.map(async (ext) => {
    try {
      const local = opts.localHelp?.(ext.name);
      const help = checkPluginHelp(local ? local() : await fetchHelp(ext, pc, deadline));
      out[ext.name] = { ...help, Events: ext.events && ext.events.length > 0 ? [...ext.events] : help.Events };
    } catch (e) {
      logger.error(`Getting help from external plugin "${ext.name}".`, { plugin: ext.name, error: String((e as Error).cause ?? (e as Error).message ?? e) });
    }
  }));
  return out;
}

/** POSTs the enabled repos (upstream's []OrgRepo) to `<endpoint>/help`, as upstream's external plugins expect. */
async function fetchHelp(ext: ExternalPlugin, pc: PluginsConfig, signal: AbortSignal): Promise<unknown> {
  const url = `${externalEndpoint(ext).replace(/\/+$/, '')}/help`;
  const { orgs, repos } = enabledReposForExternalPlugin(pc, ext.name);
  const enabled = [...orgs.map((o) => ({ Org: o, Repo: '' })), ...repos.map((r) => ({ Org: r.split('/')[0], Repo: r.split('/').slice(1).join('/') }))];
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(enabled), signal });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`POST ${url} answered ${res.status}`);
  }
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`POST ${url} answered something that is not JSON: ${JSON.stringify(text.slice(0, 100))}`);
  }
}

/** The value as a PluginHelp, or an error saying what is wrong with it. */
export function checkPluginHelp(v: unknown): PluginHelp {
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  const strings = (x: unknown): boolean => Array.isArray(x) && x.every((s) => typeof s === 'string');
  if (!isObject(v)) throw new Error('the help is not a JSON object');
  if (typeof v.Description !== 'string') throw new Error('the help has no Description string');
  if (v.Config != null && !(isObject(v.Config) && Object.values(v.Config).every((s) => typeof s === 'string'))) throw new Error('the help\'s Config is not a map of strings');
  if (v.Events != null && !strings(v.Events)) throw new Error('the help\'s Events is not a list of strings');
  if (v.Commands != null) {
    if (!Array.isArray(v.Commands)) throw new Error('the help\'s Commands is not a list');
    for (const c of v.Commands) {
      if (!isObject(c) || typeof c.Usage !== 'string' || typeof c.Description !== 'string' || (c.Examples != null && !strings(c.Examples))) {
        throw new Error('a command in the help lacks a Usage or Description string');
      }
    }
  }
  const commands = (v.Commands as Record<string, unknown>[] | null | undefined)?.map((c) => ({
    Usage: c.Usage as string, Featured: c.Featured === true, Description: c.Description as string,
    Examples: (c.Examples as string[] | null | undefined) ?? [], WhoCanUse: typeof c.WhoCanUse === 'string' ? c.WhoCanUse : '',
  }));
  return {
    Description: v.Description,
    ...(v.Config != null ? { Config: v.Config as Record<string, string> } : {}),
    ...(v.Events != null ? { Events: v.Events as string[] } : {}),
    ...(commands ? { Commands: commands } : {}),
  };
}
