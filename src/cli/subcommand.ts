import type { Command } from 'commander';

/** A `prow <name>` subcommand (checkconfig, mkpj, phony, …); src/cli/commands.ts lists them. */
export interface Subcommand {
  name: string;
  description: string;
  /** Adds options and the action to the command commander created for it; the action imports its implementation. */
  configure(cmd: Command): void;
}
