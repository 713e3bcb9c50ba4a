// `prow mkpj`'s flags; making the job is imported when it runs.
import type { Command } from 'commander';
import { GITHUB_FLAGS } from '../../github/flags.js';
import { KUBE_FLAGS } from '../../kube/config.js';
import { COMMON_FLAGS } from '../../runtime/common-flags.js';
import { toOption, type FlagSpec } from '../../runtime/flags.js';
import type { Subcommand } from '../subcommand.js';

const SHARED = ['config-path', 'job-config-path', 'supplemental-prow-config-dir', 'data-dir', 'prowjob-store'];

export const MKPJ_FLAGS: FlagSpec[] = [
  { name: 'job', type: 'string', description: 'Job to run.', placeholder: 'NAME' },
  { name: 'base-ref', type: 'string', description: 'Git base ref under test', placeholder: 'REF' },
  { name: 'base-sha', type: 'string', description: 'Git base SHA under test', placeholder: 'SHA' },
  { name: 'pull-number', type: 'int', description: 'Git pull number under test', default: 0 },
  { name: 'pull-sha', type: 'string', description: 'Git pull SHA under test', placeholder: 'SHA' },
  { name: 'pull-author', type: 'string', description: 'Git pull author under test', placeholder: 'LOGIN' },
  { name: 'pull-head-ref', type: 'string', description: 'Git pull head ref under test', placeholder: 'REF' },
  { name: 'output-path', type: 'string', description: 'File to write the output ProwJob to. Defaults to stdout.', placeholder: 'PATH' },
  { name: 'create', type: 'bool', description: 'Also create the ProwJob in the store (--prowjob-store), where the roles run it', default: false },
  ...COMMON_FLAGS.filter((f) => SHARED.includes(f.name)),
  ...GITHUB_FLAGS,
  ...KUBE_FLAGS,
];

export const mkpj: Subcommand = {
  name: 'mkpj',
  description: 'make the ProwJob for a configured job and print it as YAML (--create also stores it)',
  configure(cmd: Command) {
    for (const spec of MKPJ_FLAGS) cmd.addOption(toOption(spec));
    cmd.action(async (_opts: Record<string, unknown>, command: Command) => (await import('../mkpj.js')).mkpjAction(command));
  },
};
