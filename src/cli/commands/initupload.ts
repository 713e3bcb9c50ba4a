// `prow initupload`'s flags; the action is imported when it runs.
import type { Command } from 'commander';
import { addFlags, GCS_UPLOAD_FLAGS } from '../../executor/podutils/flags.js';
import type { FlagSpec } from '../../runtime/flags.js';
import type { Subcommand } from '../subcommand.js';

export const INITUPLOAD_FLAGS: FlagSpec[] = [{ name: 'log', type: 'string', description: 'Path to the clone records log', placeholder: 'PATH' }, ...GCS_UPLOAD_FLAGS];

export const initupload: Subcommand = {
  name: 'initupload',
  description: 'record the start of a job and its clone results in storage (pod utility; $INITUPLOAD_OPTIONS or flags, $JOB_SPEC)',
  configure(cmd: Command) {
    addFlags(cmd, INITUPLOAD_FLAGS);
    cmd.action(async () => (await import('../initupload.js')).inituploadAction(cmd));
  },
};
