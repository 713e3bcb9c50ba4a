#!/usr/bin/env node
import { CommanderError } from 'commander';
import { buildProgram, EXIT_USAGE } from './program.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Help and version exit 0; every usage error exits 2, as Go's flag package does.
    process.exit(e.exitCode === 0 ? 0 : EXIT_USAGE);
  }
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
}
