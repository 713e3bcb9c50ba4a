// `prow initupload`: upstream's initupload utility: started.json and the clone records into the job's build
// directory. Options from $INITUPLOAD_OPTIONS or flags; the job from $JOB_SPEC. Exits 1 when a clone failed.
import type { Command } from 'commander';
import { gcsOptionsFromFlags, readFlags } from '../executor/podutils/flags.js';
import { initUpload } from '../executor/podutils/initupload.js';
import { readJobSpec } from '../executor/podutils/jobspec.js';
import { INITUPLOAD_OPTIONS_ENV, optionsFromEnv, type InitUploadOptions } from '../executor/podutils/options.js';
import { INITUPLOAD_FLAGS } from './commands/initupload.js';

/** `prow initupload`'s action. */
export async function inituploadAction(cmd: Command): Promise<void> {
  let opts = optionsFromEnv<InitUploadOptions>(INITUPLOAD_OPTIONS_ENV);
  if (!opts) {
    const f = readFlags(cmd, INITUPLOAD_FLAGS);
    opts = { ...gcsOptionsFromFlags(f), log: f.string('log') };
  }
  const r = await initUpload(opts, readJobSpec());
  process.exitCode = r.code;
}
