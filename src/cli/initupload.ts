// `prow initupload`: upstream's initupload utility: started.json and the clone records into the job's build
// directory. Options from $INITUPLOAD_OPTIONS or flags; the job from $JOB_SPEC. Exits 1 when a clone failed.
import type { Command } from 'commander';
import { addFlags, GCS_UPLOAD_FLAGS, gcsOptionsFromFlags, readFlags } from '../executor/podutils/flags.js';
import { initUpload } from '../executor/podutils/initupload.js';
import { readJobSpec } from '../executor/podutils/jobspec.js';
import { INITUPLOAD_OPTIONS_ENV, optionsFromEnv, type InitUploadOptions } from '../executor/podutils/options.js';
import type { FlagSpec } from '../runtime/flags.js';
import type { Subcommand } from './subcommand.js';

const FLAGS: FlagSpec[] = [{ name: 'log', type: 'string', description: 'Path to the clone records log', placeholder: 'PATH' }, ...GCS_UPLOAD_FLAGS];

export const initupload: Subcommand = {
  name: 'initupload',
  description: 'record the start of a job and its clone results in storage (pod utility; $INITUPLOAD_OPTIONS or flags, $JOB_SPEC)',
  configure(cmd: Command) {
    addFlags(cmd, FLAGS);
    cmd.action(async () => {
      let opts = optionsFromEnv<InitUploadOptions>(INITUPLOAD_OPTIONS_ENV);
      if (!opts) {
        const f = readFlags(cmd, FLAGS);
        opts = { ...gcsOptionsFromFlags(f), log: f.string('log') };
      }
      const r = await initUpload(opts, readJobSpec());
      process.exitCode = r.code;
    });
  },
};
