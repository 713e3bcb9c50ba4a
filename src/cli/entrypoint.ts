// `prow entrypoint`: upstream's entrypoint utility. Options from $ENTRYPOINT_OPTIONS (upstream's JSON, durations in
// nanoseconds) or flags with the command after `--`. Exits with the command's exit code.
import type { Command } from 'commander';
import { runEntrypoint } from '../executor/podutils/entrypoint.js';
import { readFlags } from '../executor/podutils/flags.js';
import { ENTRYPOINT_OPTIONS_ENV, NS_PER_MS, optionsFromEnv, type EntrypointOptions } from '../executor/podutils/options.js';
import { ENTRYPOINT_FLAGS } from './commands/entrypoint.js';

/** `prow entrypoint`'s action. */
export async function entrypointAction(command: string[], cmd: Command): Promise<void> {
  let opts = optionsFromEnv<EntrypointOptions>(ENTRYPOINT_OPTIONS_ENV);
  if (!opts) {
    const f = readFlags(cmd, ENTRYPOINT_FLAGS);
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
}
