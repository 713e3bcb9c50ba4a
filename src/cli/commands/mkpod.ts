// `prow mkpod`'s options; the action (and the executor's Pod builder) is imported when it runs.
import type { Command } from 'commander';
import type { MkpodOptions } from '../mkpod.js';
import type { Subcommand } from '../subcommand.js';

export const mkpod: Subcommand = {
  name: 'mkpod',
  description: 'print the Pod the controller-manager creates for a ProwJob',
  configure(cmd: Command) {
    cmd
      .option('--prow-job <PATH>', 'Path to a ProwJob YAML or JSON file')
      .option('--build-id <ID>', 'Build ID for the job (default: the ProwJob\'s, else a new one)')
      .action(async (opts: MkpodOptions) => (await import('../mkpod.js')).mkpodAction(opts));
  },
};
