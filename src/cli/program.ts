// The `prow` command line: `prow --role=…` runs roles; `prow <subcommand>` runs a tool.
import { Command, CommanderError } from 'commander';
import { ROLES } from '../../roles/index.js';
import { COMMON_FLAGS } from '../runtime/common-flags.js';
import { Flags, toOption } from '../runtime/flags.js';
import { startProcess } from '../runtime/process.js';
import { VERSION } from '../runtime/version.js';
import type { Role } from '../runtime/role.js';
import { collectFlags, selectRoles, UnknownRoleError } from './role-selection.js';
import { SUBCOMMANDS } from './commands.js';

export const EXIT_USAGE = 2;

export function buildProgram(roles: readonly Role[] = ROLES): Command {
  const program = new Command('prow');
  const flags = collectFlags(COMMON_FLAGS, roles);
  program
    .description('Prow-compatible CI/CD and GitHub automation. Run roles with --role, or a subcommand.')
    .version(VERSION, '--version', 'print the version')
    .option('--role <ROLES>', `roles to run, comma-separated or repeated: ${[...roles.map((r) => r.name), 'all'].join(', ')}`,
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .showHelpAfterError()
    .exitOverride();
  for (const spec of flags) program.addOption(toOption(spec));

  program.action(async (opts: Record<string, unknown>) => {
    const roleValues = (opts.role as string[] | undefined) ?? [];
    if (roleValues.length === 0) {
      program.outputHelp();
      throw new CommanderError(EXIT_USAGE, 'prow.noRole', 'no --role given');
    }
    let selected: Role[];
    try {
      selected = selectRoles(roleValues, roles);
    } catch (e) {
      if (e instanceof UnknownRoleError) {
        process.stderr.write(`error: ${e.message}\n`);
        throw new CommanderError(EXIT_USAGE, 'prow.unknownRole', e.message);
      }
      throw e;
    }
    const running = await startProcess(selected, Flags.fromCommander(opts, flags));
    installSignalHandlers(running.stop);
  });

  program
    .command('roles')
    .description('list the roles with a line each')
    .action(() => {
      const width = Math.max(...roles.map((r) => r.name.length), 3);
      for (const r of roles) process.stdout.write(`${r.name.padEnd(width)}  ${r.description}\n`);
      process.stdout.write(`${'all'.padEnd(width)}  every role above, in one process\n`);
    });

  program
    .command('version')
    .description('print the version')
    .action(() => {
      process.stdout.write(`prow ${VERSION}\n`);
    });

  for (const sub of SUBCOMMANDS) {
    const cmd = program.command(sub.name).description(sub.description).exitOverride();
    sub.configure(cmd);
  }
  return program;
}

/** First SIGTERM/SIGINT: graceful stop, exit 0. A second: exit at once. */
function installSignalHandlers(stop: () => Promise<void>): void {
  let signalled = false;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (signalled) {
      process.stderr.write(`received ${sig} again; exiting now\n`);
      process.exit(1);
    }
    signalled = true;
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
