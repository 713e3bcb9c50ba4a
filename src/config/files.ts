// Which files a config load reads: the paths from the flags, and the YAML files found under the directories they
// name (job configs, supplemental configs), in the order the loader merges them.
import { readdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

export interface ConfigPaths {
  /** --config-path: core config (may also hold jobs). Unset: an empty config with upstream defaults. */
  configPath?: string;
  /** --job-config-path: a file or a directory searched recursively for *.yaml / *.yml. */
  jobConfigPath?: string;
  /** --plugin-config. */
  pluginConfig?: string;
  /** --supplemental-prow-config-dir: files named *_prowconfig.yaml merged into the core config. */
  supplementalProwConfigDirs?: string[];
  /** --supplemental-plugin-config-dir: files named *_pluginconfig.yaml merged into plugins.yaml. */
  supplementalPluginConfigDirs?: string[];
}

export const SUPPLEMENTAL_PROW_CONFIG_SUFFIX = '_prowconfig.yaml';
export const SUPPLEMENTAL_PLUGIN_CONFIG_SUFFIX = '_pluginconfig.yaml';

/**
 * The files under `dir` (recursively, in name order) whose names `suffix` accepts. Directories are read synchronously
 * for the reason config files are (documents.ts): a deployment's hundreds of them cost several times less CPU so.
 */
export async function listYamlFiles(dir: string, suffix: (name: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  const walk = (d: string): void => {
    const entries = readdirSync(d, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        // Upstream skips hidden directories (e.g. ..data of a mounted ConfigMap).
        if (!e.name.startsWith('.')) walk(full);
      } else if ((e.isFile() || e.isSymbolicLink()) && suffix(e.name)) {
        out.push(full);
      }
    }
  };
  walk(dir);
  return out;
}

export const isYaml = (name: string): boolean => name.endsWith('.yaml') || name.endsWith('.yml');

export async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Every file a load would read, for change detection (unreadable directories are left out). */
export async function listConfigFiles(paths: ConfigPaths): Promise<string[]> {
  const files: string[] = [];
  const tryList = async (dir: string, suffix: (n: string) => boolean): Promise<string[]> => listYamlFiles(dir, suffix).catch(() => []);
  if (paths.configPath) files.push(paths.configPath);
  for (const dir of paths.supplementalProwConfigDirs ?? []) files.push(...(await tryList(dir, (n) => n.endsWith(SUPPLEMENTAL_PROW_CONFIG_SUFFIX))));
  if (paths.jobConfigPath) files.push(...((await isDirectory(paths.jobConfigPath)) ? await tryList(paths.jobConfigPath, isYaml) : [paths.jobConfigPath]));
  if (paths.pluginConfig) files.push(paths.pluginConfig);
  for (const dir of paths.supplementalPluginConfigDirs ?? []) files.push(...(await tryList(dir, (n) => n.endsWith(SUPPLEMENTAL_PLUGIN_CONFIG_SUFFIX))));
  return files;
}
