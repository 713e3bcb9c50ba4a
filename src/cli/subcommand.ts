import type { Command } from 'commander';

/** A `prow <name>` subcommand (checkconfig, mkpj, phony, …); src/cli/commands.ts lists them. */
export interface Subcommand {
  name: string;
  description: string;
  /** Adds options and the action to the command commander created for it. */
  configure(cmd: Command): void;
}
