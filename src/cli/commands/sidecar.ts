// `prow sidecar`'s flags; the action is imported when it runs.
import type { Command } from 'commander';
import { addFlags, GCS_UPLOAD_FLAGS, WRAPPER_FLAGS } from '../../executor/podutils/flags.js';
import type { FlagSpec } from '../../runtime/flags.js';
import type { Subcommand } from '../subcommand.js';

export const SIDECAR_FLAGS: FlagSpec[] = [
  ...WRAPPER_FLAGS,
  { name: 'artifact-dir', type: 'string', description: 'directory of artifacts to upload', placeholder: 'DIR' },
  ...GCS_UPLOAD_FLAGS,
];

export const sidecar: Subcommand = {
  name: 'sidecar',
  description: 'upload a job\'s log, artifacts and finished.json once it ends (pod utility; $SIDECAR_OPTIONS or flags, $JOB_SPEC)',
  configure(cmd: Command) {
    addFlags(cmd, SIDECAR_FLAGS);
    cmd.action(async () => (await import('../sidecar.js')).sidecarAction(cmd));
  },
};
