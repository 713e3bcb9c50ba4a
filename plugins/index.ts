// Every hook plugin, by name. Adding a plugin is adding its folder and one line here.
import type { LoadOptions } from '../src/config/load.js';
import type { Plugin } from './types.js';
import { trigger } from './trigger/index.js';

export const PLUGINS: readonly Plugin[] = [trigger];

/** Names plugins.yaml may enable (checkconfig reports any other as an error). */
export const KNOWN_PLUGIN_NAMES: readonly string[] = PLUGINS.map((p) => p.name);

/**
 * How config is validated everywhere: at a process's start, on every hot reload, and by `prow checkconfig`, so a
 * reload never accepts what checkconfig rejects.
 */
export const CONFIG_VALIDATION: LoadOptions = { knownPlugins: KNOWN_PLUGIN_NAMES };

export type { Plugin, PluginAgent, PluginHelp, PluginCommand, PluginHandlers } from './types.js';
