// The config paths from the common flags (--config-path, --job-config-path, --plugin-config, --supplemental-*).
import type { Flags } from '../runtime/flags.js';
import type { ConfigPaths } from './load.js';

export function configPathsFromFlags(flags: Flags): ConfigPaths {
  return {
    configPath: flags.string('config-path') || undefined,
    jobConfigPath: flags.string('job-config-path') || undefined,
    pluginConfig: flags.string('plugin-config') || undefined,
    supplementalProwConfigDirs: flags.list('supplemental-prow-config-dir'),
    supplementalPluginConfigDirs: flags.list('supplemental-plugin-config-dir'),
  };
}
