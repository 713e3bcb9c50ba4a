// The shape shared by the subcommands that act on GitHub by hand or from a periodic job (branchprotector, hmac,
// invitations-accepter, peribolos): the github flags, a client factory that must exist, and exit codes
// (0 done, 1 failed, 2 bad flags or input).
import type { Command } from 'commander';
import { createGitHubFactory, GITHUB_CREDENTIALS_HINT, type GitHubClientFactory } from '../github/factory.js';
import { GITHUB_FLAGS, githubSettingsFromFlags } from '../github/flags.js';
import { COMMON_FLAGS } from '../runtime/common-flags.js';
import { Flags, toOption, type FlagSpec } from '../runtime/flags.js';
import { createRootLogger, LOG_LEVELS, type Logger, type LogLevel } from '../runtime/logger.js';
import type { Subcommand } from './subcommand.js';

/** Bad flags or bad input: exit 2. */
export class UsageError extends Error {}

export interface GitHubCommandContext {
  flags: Flags;
  github: GitHubClientFactory;
  logger: Logger;
  /** A line for the user (stdout). */
  print(line: string): void;
}

export interface GitHubCommandSpec {
  name: string;
  description: string;
  /** The command's own flags; the github flags, --dry-run and --log-level are added. */
  flags: FlagSpec[];
  /** Common flags (config paths, …) it reads too. */
  commonFlags?: string[];
  /** Returns the exit code. */
  run(ctx: GitHubCommandContext): Promise<number>;
}

export function githubCommand(spec: GitHubCommandSpec): Subcommand {
  const shared = new Set(['dry-run', 'log-level', ...(spec.commonFlags ?? [])]);
  const all: FlagSpec[] = [...spec.flags, ...COMMON_FLAGS.filter((f) => shared.has(f.name)), ...GITHUB_FLAGS];
  return {
    name: spec.name,
    description: spec.description,
    configure(cmd: Command) {
      for (const f of all) cmd.addOption(toOption(f));
      cmd.action(async (_opts: Record<string, unknown>, command: Command) => {
        const flags = Flags.fromCommander(command.optsWithGlobals(), all);
        try {
          const level = flags.string('log-level') ?? 'info';
          if (!LOG_LEVELS.includes(level as LogLevel)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
          const logger = createRootLogger({ level: level as LogLevel }).child({ component: spec.name });
          const github = createGitHubFactory(githubSettingsFromFlags(flags), logger);
          if (!github) throw new UsageError(GITHUB_CREDENTIALS_HINT);
          process.exitCode = await spec.run({ flags, github, logger, print: (line) => process.stdout.write(`${line}\n`) });
        } catch (e) {
          process.stderr.write(`error: ${(e as Error).message}\n`);
          process.exitCode = e instanceof UsageError ? 2 : 1;
        }
      });
    },
  };
}
