// `prow checkconfig` on its own: the same flags as under the full program, without loading the runtime that starts
// roles (process.ts: stores, GitHub client, HTTP server; a large config's check is ≈ 0.3 s slower with it). main.ts
// picks it when checkconfig is the first argument.
import { Command } from 'commander';
import { COMMON_FLAGS } from '../runtime/common-flags.js';
import { toOption } from '../runtime/flags.js';
import { VERSION } from '../runtime/version.js';
import { checkconfig } from './commands/checkconfig.js';

export function buildCheckconfigProgram(): Command {
  const program = new Command('prow').version(VERSION, '--version', 'print the version').showHelpAfterError().exitOverride();
  for (const spec of COMMON_FLAGS) program.addOption(toOption(spec));
  const cmd = program.command(checkconfig.name).description(checkconfig.description).exitOverride();
  checkconfig.configure(cmd);
  return program;
}
