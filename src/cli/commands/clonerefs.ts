// `prow clonerefs`'s flags; the action is imported when it runs.
import type { Command } from 'commander';
import { addFlags } from '../../executor/podutils/flags.js';
import type { FlagSpec } from '../../runtime/flags.js';
import type { Subcommand } from '../subcommand.js';

export const CLONEREFS_FLAGS: FlagSpec[] = [
  { name: 'src-root', type: 'string', description: 'Where root of source checkouts live', placeholder: 'DIR' },
  { name: 'log', type: 'string', description: 'Where to write logs', placeholder: 'PATH' },
  { name: 'git-user-name', type: 'string', description: 'Username to set in git config', default: 'ci-robot', placeholder: 'NAME' },
  { name: 'git-user-email', type: 'string', description: 'Email to set in git config', default: 'ci-robot@k8s.io', placeholder: 'EMAIL' },
  { name: 'repo', type: 'list', description: 'Mapping of Git URI to refs to check out, can be provided more than once: org,repo=base_ref[:base_sha][,pull[:sha]]...', placeholder: 'REFS' },
  { name: 'key-file', type: 'list', description: 'Path to SSH key to enable during cloning', placeholder: 'PATH' },
  { name: 'oauth-token-file', type: 'string', description: 'Path to the file containing the GitHub OAuth token', placeholder: 'PATH' },
  { name: 'cookiefile', type: 'string', description: 'Path to git http.cookiefile', placeholder: 'PATH' },
  { name: 'fail', type: 'bool', description: 'Exit with failure if any of the refs can\'t be fetched', default: false },
];

export const clonerefs: Subcommand = {
  name: 'clonerefs',
  description: 'clone the refs of a job (pod utility; $CLONEREFS_OPTIONS or flags)',
  configure(cmd: Command) {
    addFlags(cmd, CLONEREFS_FLAGS);
    cmd.action(async () => (await import('../clonerefs.js')).clonerefsAction(cmd));
  },
};
