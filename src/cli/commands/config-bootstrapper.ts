// `prow config-bootstrapper`'s flags; the bootstrap is imported when it runs.
import type { Command } from 'commander';
import { KUBE_FLAGS } from '../../kube/config.js';
import { COMMON_FLAGS } from '../../runtime/common-flags.js';
import { toOption, type FlagSpec } from '../../runtime/flags.js';
import type { Subcommand } from '../subcommand.js';

export const CONFIG_BOOTSTRAPPER_FLAGS: FlagSpec[] = [
  { name: 'source-path', type: 'string', description: 'Checkout of the repository holding the config files', placeholder: 'DIR' },
  ...COMMON_FLAGS.filter((f) => ['config-path', 'job-config-path', 'plugin-config', 'supplemental-prow-config-dir', 'supplemental-plugin-config-dir', 'dry-run'].includes(f.name)),
  ...KUBE_FLAGS,
];

export const configBootstrapper: Subcommand = {
  name: 'config-bootstrapper',
  description: 'write the ConfigMaps of config_updater.maps from a checkout (bootstrap for the config-updater plugin)',
  configure(cmd: Command) {
    for (const f of CONFIG_BOOTSTRAPPER_FLAGS) cmd.addOption(toOption(f));
    cmd.action(async (_o: Record<string, unknown>, command: Command) => (await import('../config-bootstrapper.js')).configBootstrapperAction(command));
  },
};
