// `prow clonerefs`: upstream's clonerefs utility. Options from $CLONEREFS_OPTIONS (upstream's JSON) or flags.
// Exits 0 whatever happens to the clones (the records say), unless `fail` is set.
import type { Command } from 'commander';
import { cloneRefs } from '../executor/podutils/clonerefs.js';
import { addFlags, parseRepoFlag, readFlags } from '../executor/podutils/flags.js';
import { CLONEREFS_OPTIONS_ENV, optionsFromEnv, type CloneRefsOptions } from '../executor/podutils/options.js';
import type { FlagSpec } from '../runtime/flags.js';
import type { Subcommand } from './subcommand.js';

const FLAGS: FlagSpec[] = [
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
    addFlags(cmd, FLAGS);
    cmd.action(async () => {
      let opts = optionsFromEnv<CloneRefsOptions>(CLONEREFS_OPTIONS_ENV);
      if (!opts) {
        const f = readFlags(cmd, FLAGS);
        const src = f.string('src-root');
        const log = f.string('log');
        if (!src || !log) throw new Error(`set $${CLONEREFS_OPTIONS_ENV} or --src-root and --log`);
        opts = {
          src_root: src,
          log,
          git_user_name: f.string('git-user-name'),
          git_user_email: f.string('git-user-email'),
          refs: f.list('repo').map(parseRepoFlag),
          key_files: f.list('key-file'),
          oauth_token_file: f.string('oauth-token-file'),
          cookie_path: f.string('cookiefile'),
          fail: f.bool('fail'),
        };
      }
      const records = await cloneRefs(opts);
      if (opts.fail && records.some((r) => r.failed)) process.exitCode = 1;
    });
  },
};
