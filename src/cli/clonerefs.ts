// `prow clonerefs`: upstream's clonerefs utility. Options from $CLONEREFS_OPTIONS (upstream's JSON) or flags.
// Exits 0 whatever happens to the clones (the records say), unless `fail` is set.
import type { Command } from 'commander';
import { cloneRefs } from '../executor/podutils/clonerefs.js';
import { parseRepoFlag, readFlags } from '../executor/podutils/flags.js';
import { CLONEREFS_OPTIONS_ENV, optionsFromEnv, type CloneRefsOptions } from '../executor/podutils/options.js';
import { CLONEREFS_FLAGS } from './commands/clonerefs.js';

/** `prow clonerefs`'s action. */
export async function clonerefsAction(cmd: Command): Promise<void> {
  let opts = optionsFromEnv<CloneRefsOptions>(CLONEREFS_OPTIONS_ENV);
  if (!opts) {
    const f = readFlags(cmd, CLONEREFS_FLAGS);
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
}
