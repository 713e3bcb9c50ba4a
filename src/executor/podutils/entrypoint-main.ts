// The entrypoint as a lean standalone script: the local executor starts one per job (detached, so the job
// outlives a controller restart) without loading the whole `prow` program.
import { runEntrypoint } from './entrypoint.js';
import { ENTRYPOINT_OPTIONS_ENV, optionsFromEnv, type EntrypointOptions } from './options.js';

async function main(): Promise<number> {
  const opts = optionsFromEnv<EntrypointOptions>(ENTRYPOINT_OPTIONS_ENV);
  if (!opts) throw new Error(`$${ENTRYPOINT_OPTIONS_ENV} is not set`);
  const run = await runEntrypoint(opts);
  return opts.always_zero ? 0 : run.code;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`entrypoint: ${(e as Error).message}\n`);
    process.exit(127);
  },
);
