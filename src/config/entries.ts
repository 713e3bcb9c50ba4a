// Default entries selected by org/repo and cluster (plank.default_decoration_config_entries,
// prowjob_default_entries, deck.default_rerun_auth_configs), matched as upstream.
import type { DecorationConfig, DefaultDecorationConfigEntry, EntryFilter, Plank } from './types.js';

/** `repo` is 'org/repo' (or '' for a periodic without extra_refs). */
export function entryMatches(entry: EntryFilter, repo: string, cluster: string): boolean {
  const org = repo.split('/')[0];
  const repoOk = !entry.repo || entry.repo === '*' || entry.repo === repo || entry.repo === org;
  const clusterOk = !entry.cluster || entry.cluster === '*' || entry.cluster === cluster;
  return repoOk && clusterOk;
}

/**
 * The older `default_decoration_configs` map as entries, least specific first so more specific keys override:
 * '*', then orgs, then org/repos (each group sorted).
 */
export function decorationMapToEntries(map: Record<string, DecorationConfig>): DefaultDecorationConfigEntry[] {
  const keys = Object.keys(map);
  const rank = (k: string): number => (k === '*' ? 0 : k.includes('/') ? 2 : 1);
  keys.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return keys.map((k) => ({ repo: k === '*' ? '' : k, cluster: '', config: map[k] }));
}

// The map form's entries by map: defaulting asks once per decorated job (thousands), and loaded config is not changed.
const mapEntries = new WeakMap<Record<string, DecorationConfig>, DefaultDecorationConfigEntry[]>();

/** The decoration entries of plank, whichever of the two forms the config uses. */
export function decorationEntries(plank: Plank | undefined): DefaultDecorationConfigEntry[] {
  if (!plank) return [];
  if (plank.default_decoration_config_entries?.length) return plank.default_decoration_config_entries;
  const map = plank.default_decoration_configs;
  if (!map) return [];
  let entries = mapEntries.get(map);
  if (!entries) mapEntries.set(map, (entries = decorationMapToEntries(map)));
  return entries;
}
