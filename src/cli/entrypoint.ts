// `prow entrypoint`: upstream's entrypoint utility. Options from $ENTRYPOINT_OPTIONS (upstream's JSON, durations in
// nanoseconds) or flags with the command after `--`. Exits with the command's exit code.
import type { Command } from 'commander';
import { runEntrypoint } from '../executor/podutils/entrypoint.js';
import { addFlags, readFlags, WRAPPER_FLAGS } from '../executor/podutils/flags.js';
import { ENTRYPOINT_OPTIONS_ENV, NS_PER_MS, optionsFromEnv, type EntrypointOptions } from '../executor/podutils/options.js';
import type { FlagSpec } from '../runtime/flags.js';
import type { Subcommand } from './subcommand.js';

const FLAGS: FlagSpec[] = [
  { name: 'timeout', type: 'duration', description: 'Timeout for the test command', placeholder: 'DURATION' },
  { name: 'grace-period', type: 'duration', description: 'Duration to wait for the test command to exit after SIGTERM before SIGKILL', placeholder: 'DURATION' },
  { name: 'artifact-dir', type: 'string', description: 'directory where test artifacts should be placed for upload to persistent storage', placeholder: 'DIR' },
  { name: 'always-zero', type: 'bool', description: 'exit 0 whatever the command does (the marker file keeps its code)', default: false },
  ...WRAPPER_FLAGS,
];

export const entrypoint: Subcommand = {
  name: 'entrypoint',
  description: 'run a test command, recording its output and exit code (pod utility; $ENTRYPOINT_OPTIONS or flags -- command)',
  configure(cmd: Command) {
    addFlags(cmd, FLAGS);
    cmd.argument('[command...]', 'the command to run (after --)');
    cmd.action(async (command: string[]) => {
      let opts = optionsFromEnv<EntrypointOptions>(ENTRYPOINT_OPTIONS_ENV);
      if (!opts) {
        const f = readFlags(cmd, FLAGS);
        const processLog = f.string('process-log');
        const marker = f.string('marker-file');
        if (!processLog || !marker) throw new Error(`set $${ENTRYPOINT_OPTIONS_ENV} or --process-log and --marker-file`);
        opts = {
          args: command,
          process_log: processLog,
          marker_file: marker,
          metadata_file: f.string('metadata-file'),
          artifact_dir: f.string('artifact-dir'),
          always_zero: f.bool('always-zero'),
        };
        const t = f.durationMs('timeout');
        const g = f.durationMs('grace-period');
        if (t !== undefined) opts.timeout = t * NS_PER_MS;
        if (g !== undefined) opts.grace_period = g * NS_PER_MS;
      }
      const run = await runEntrypoint(opts);
      process.exitCode = opts.always_zero ? 0 : run.code;
    });
  },
};
