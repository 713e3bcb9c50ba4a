// Every hook plugin, by name. Adding a plugin is adding its folder and one line here.
import type { LoadOptions } from '../src/config/load.js';
import type { PluginRegistryInfo } from '../src/config/plugin-sections.js';
import type { Plugin } from './types.js';
import { branchcleaner } from './branchcleaner/index.js';
import { configUpdater } from './config-updater/index.js';
import { buildifier } from './buildifier/index.js';
import { cat } from './cat/index.js';
import { dog } from './dog/index.js';
import { goose } from './goose/index.js';
import { golint } from './golint/index.js';
import { heart } from './heart/index.js';
import { jira } from './jira/index.js';
import { pony } from './pony/index.js';
import { shrug } from './shrug/index.js';
import { trickOrTreat } from './trick-or-treat/index.js';
import { yuks } from './yuks/index.js';
import { sigmention } from './sigmention/index.js';
import { slackevents } from './slackevents/index.js';
import { trigger } from './trigger/index.js';
import { welcome } from './welcome/index.js';

export const PLUGINS: readonly Plugin[] = [trigger, welcome, configUpdater, branchcleaner, slackevents, sigmention, heart, yuks, pony, cat, dog, goose, shrug, trickOrTreat, golint, buildifier, jira];

/** Names plugins.yaml may enable (checkconfig reports any other as an error). */
export const KNOWN_PLUGIN_NAMES: readonly string[] = PLUGINS.map((p) => p.name);

/** What the config loader needs from the registry: the names, and the plugins.yaml sections they own. */
export const PLUGIN_REGISTRY: PluginRegistryInfo = { names: KNOWN_PLUGIN_NAMES, sections: PLUGINS.flatMap((p) => p.sections) };

/**
 * How config is validated everywhere: at a process's start, on every hot reload, and by `prow checkconfig`, so a
 * reload never accepts what checkconfig rejects.
 */
export const CONFIG_VALIDATION: LoadOptions = { plugins: PLUGIN_REGISTRY };

export type { Plugin, PluginHelp, PluginCommand, CommandSpec, HandlerContext } from './types.js';
