// Module resolve hook registered by module-log.mjs; it runs on Node's loader thread, which shares the environment.
import { appendFileSync } from 'node:fs';
import process from 'node:process';

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(process.env.PROW_MODULE_LOG, `${resolved.url}\n`);
  return resolved;
}
