// `prow checkconfig`'s flags and action. The action starts reading and parsing the config files in a worker thread
// (config/read-ahead.ts), then loads the modules that check them (checkconfig.ts, the plugin registry, the schema
// validators): the two take about as long, so each runs on its own core.
import type { Command } from 'commander';
import { DEFAULT_WARNINGS, formatProblem } from '../config/errors.js';
import type { ConfigDocuments } from '../config/documents.js';
import type { ConfigPaths } from '../config/files.js';
import type { PluginRegistryInfo } from '../config/plugin-sections.js';
import { readConfigDocumentsAhead } from '../config/read-ahead.js';
import type { Subcommand } from './subcommand.js';

/** Upstream's warning names: DEFAULT_WARNINGS are on unless --warnings picks others. */
export { DEFAULT_WARNINGS };
/** On with --expensive-checks (they ask GitHub). */
export const EXPENSIVE_WARNINGS = ['verify-owners-presence'] as const;
export const OPTIONAL_WARNINGS = ['valid-decoration-config', 'unknown-fields-all', 'validate-github-app-installation'] as const;
export const ALL_WARNINGS: readonly string[] = [...DEFAULT_WARNINGS, ...EXPENSIVE_WARNINGS, ...OPTIONAL_WARNINGS];

export interface CheckconfigOptions {
  configPath?: string;
  jobConfigPath?: string;
  pluginConfig?: string;
  supplementalProwConfigDir?: string[];
  supplementalPluginConfigDir?: string[];
  strict?: boolean;
  warnings?: string[];
  excludeWarning?: string[];
  includeDefaultWarnings?: boolean;
  expensiveChecks?: boolean;
  requiredJobAnnotations?: string[];
  prowYamlRepoName?: string;
  /** Directory holding .prow.yaml or .prow/ (default: the current directory). */
  prowYamlPath?: string;
  /** The config files, already read and parsed (the rest are read when checked). */
  documents?: ConfigDocuments;
  /** Tests only: the plugins to know instead of the registered ones. */
  plugins?: PluginRegistryInfo;
}

/** The config files checkconfig loads. */
export function checkconfigPaths(o: CheckconfigOptions): ConfigPaths {
  return {
    configPath: o.configPath,
    jobConfigPath: o.jobConfigPath,
    pluginConfig: o.pluginConfig,
    supplementalProwConfigDirs: o.supplementalProwConfigDir,
    supplementalPluginConfigDirs: o.supplementalPluginConfigDir,
  };
}

const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];

export const checkconfig: Subcommand = {
  name: 'checkconfig',
  description: 'validate config.yaml, job configs, plugins.yaml (and a .prow.yaml) and list every problem',
  configure(cmd: Command) {
    cmd
      .option('--config-path <PATH>', 'Path to the core config.yaml')
      .option('--job-config-path <PATH>', 'Path to a job config file or a directory of them (searched recursively)')
      .option('--plugin-config <PATH>', 'Path to plugins.yaml')
      .option('--supplemental-prow-config-dir <DIR>', 'Directory of extra core config files (*_prowconfig.yaml)', collect)
      .option('--supplemental-plugin-config-dir <DIR>', 'Directory of extra plugin config files (*_pluginconfig.yaml)', collect)
      .option('--strict [BOOL]', 'If set, consider all warnings as errors.', (v: string) => v !== 'false')
      .option('--warnings <NAME>', `Warnings to validate. Use repeatedly to provide a list of warnings (${ALL_WARNINGS.join(', ')})`, collect)
      .option('--exclude-warning <NAME>', 'Warnings to exclude. Use repeatedly to provide a list of warnings to exclude', collect)
      .option('--expensive-checks [BOOL]', 'If set, additional expensive warnings will be enabled', (v: string) => v !== 'false')
      .option('--required-job-annotations <NAME>', 'Required annotation names that job has to include in a definition. Use repeatedly to provide a list of required annotations', collect)
      .option('--include-default-warnings [BOOL]', "If set force inclusion of default warning set. Normally this is inferred based on a lack of '--warnings' flags.", (v: string) => v !== 'false')
      .option('--prow-yaml-repo-name <ORG/REPO>', 'Name of the repo whose .prow.yaml (or .prow/) in the current directory should be checked.')
      .option('--prow-yaml-path <DIR>', 'Directory holding the .prow.yaml or .prow/ to check (default: the current directory). Requires --prow-yaml-repo-name.')
      .action(async (_opts: CheckconfigOptions, command: Command) => {
        // The root command declares the common config flags too and parses them wherever they appear.
        const opts = command.optsWithGlobals<CheckconfigOptions>();
        const documents = readConfigDocumentsAhead(checkconfigPaths(opts));
        let result;
        try {
          const { runCheckconfig } = await import('./checkconfig.js');
          result = await runCheckconfig({ ...opts, documents: await documents() });
        } catch (e) {
          process.stderr.write(`error: ${(e as Error).message}\n`);
          process.exitCode = 2;
          return;
        }
        for (const p of result.problems) process.stdout.write(`${formatProblem(p)}\n`);
        process.stdout.write(`${result.summary}\n`);
        if (result.errors > 0) process.exitCode = 1;
      });
  },
};
