// `prow checkconfig`'s options; the checks are imported when it runs.
import type { Command } from 'commander';
import { ALL_WARNINGS } from '../../config/errors.js';
import type { CheckconfigOptions } from '../checkconfig.js';
import type { Subcommand } from '../subcommand.js';

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
      .action(async (_opts: CheckconfigOptions, command: Command) => (await import('../checkconfig.js')).checkconfigAction(command));
  },
};
