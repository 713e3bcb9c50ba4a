// `prow sidecar`: upstream's sidecar utility: waits for the entrypoint's marker, then uploads build-log.txt,
// artifacts and finished.json (censoring secrets when asked). Options from $SIDECAR_OPTIONS or flags; the job from
// $JOB_SPEC. Exits with the wrapped command's exit code.
import type { Command } from 'commander';
import { gcsOptionsFromFlags, readFlags } from '../executor/podutils/flags.js';
import { readJobSpec } from '../executor/podutils/jobspec.js';
import { optionsFromEnv, SIDECAR_OPTIONS_ENV, type SidecarOptions } from '../executor/podutils/options.js';
import { runSidecar } from '../executor/podutils/sidecar.js';
import { SIDECAR_FLAGS } from './commands/sidecar.js';

/** `prow sidecar`'s action. */
export async function sidecarAction(cmd: Command): Promise<void> {
  let opts = optionsFromEnv<SidecarOptions>(SIDECAR_OPTIONS_ENV);
  if (!opts) {
    const f = readFlags(cmd, SIDECAR_FLAGS);
    const processLog = f.string('process-log');
    const marker = f.string('marker-file');
    if (!processLog || !marker) throw new Error(`set $${SIDECAR_OPTIONS_ENV} or --process-log and --marker-file`);
    const artifacts = f.string('artifact-dir');
    opts = {
      gcs_options: { ...gcsOptionsFromFlags(f), ...(artifacts ? { items: [artifacts] } : {}) },
      entries: [{ process_log: processLog, marker_file: marker, metadata_file: f.string('metadata-file') }],
    };
  }
  const interrupted = new AbortController();
  if (!opts.ignore_interrupts) {
    const onSignal = (): void => interrupted.abort();
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  const r = await runSidecar(opts, readJobSpec(), undefined, { signal: interrupted.signal });
  process.exitCode = r.code;
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
}
