// `prow entrypoint`'s flags; the action is imported when it runs.
import type { Command } from 'commander';
import { addFlags, WRAPPER_FLAGS } from '../../executor/podutils/flags.js';
import type { FlagSpec } from '../../runtime/flags.js';
import type { Subcommand } from '../subcommand.js';

export const ENTRYPOINT_FLAGS: FlagSpec[] = [
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
    addFlags(cmd, ENTRYPOINT_FLAGS);
    cmd.argument('[command...]', 'the command to run (after --)');
    cmd.action(async (command: string[]) => (await import('../entrypoint.js')).entrypointAction(command, cmd));
  },
};
