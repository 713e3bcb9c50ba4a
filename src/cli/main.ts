#!/usr/bin/env node
import { CommanderError } from 'commander';
import { heldSemiSpaceMiB, holdYoungGenerationAt } from '../runtime/young-generation.js';

// Help and version exit 0; every usage error exits 2, as Go's flag package does.
const EXIT_USAGE = 2;

const semiSpaceMiB = heldSemiSpaceMiB(process.argv);
if (semiSpaceMiB !== undefined) holdYoungGenerationAt(semiSpaceMiB);

try {
  // checkconfig alone loads only what it needs: the full program also loads the runtime that starts roles, which
  // made a large config's check ≈ 0.3 s slower.
  const program =
    process.argv[2] === 'checkconfig'
      ? (await import('./checkconfig-program.js')).buildCheckconfigProgram()
      : (await import('./program.js')).buildProgram();
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : EXIT_USAGE);
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
}
