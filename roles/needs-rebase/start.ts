// The needs-rebase role's start: the plugin and its periodic sweep, loaded only by a process that runs it.
import { clockFromEnv } from '../../src/clock.js';
import { runEvery } from '../../src/runtime/run-every.js';
import type { RoleContext, Stopper } from '../../src/runtime/role.js';
import { startExternalRole } from '../../plugins/external.js';
import { NEEDS_REBASE_NAME } from '../../plugins/needs-rebase/constants.js';
import { CheckedRecently, createNeedsRebase, sweep } from '../../plugins/needs-rebase/index.js';
import { NEEDS_REBASE_DEFAULT_PORT } from './index.js';

export async function startNeedsRebase(ctx: RoleContext): Promise<Stopper> {
  const periodMs = ctx.flags.durationMs('update-period') ?? 24 * 3600_000;
  if (!(periodMs > 0)) throw new Error('--update-period must be positive');
  const cacheSeconds = ctx.flags.int('cache-valid-time') ?? 0;
  if (!Number.isInteger(cacheSeconds) || cacheSeconds < 0) throw new Error(`--cache-valid-time must be a whole number of seconds, got ${cacheSeconds}`);
  const cache = new CheckedRecently(cacheSeconds * 1000);
  const stopSweeps = new AbortController();
  const onShutdown = (): void => stopSweeps.abort();
  ctx.shutdown.addEventListener('abort', onShutdown);
  const loop = ctx.github ? runEvery({ clock: clockFromEnv(), intervalMs: () => periodMs, signal: stopSweeps.signal, logger: ctx.logger, what: 'periodic update of all PRs' }, async () => {
    const github = ctx.github!;
    cache.flush();
    const started = Date.now();
    ctx.logger.info('Checking all PRs.');
    const r = await sweep({
      github: (org) => github.forOrg(org), botLogin: await github.botLogin(), pluginsConfig: ctx.config.snapshot().plugins,
      usesApp: ctx.flags.string('github-app-id') !== undefined, logger: ctx.logger,
    });
    ctx.logger.info('Periodic update complete.', { duration: `${(Date.now() - started) / 1000}s`, found: r.found, checked: r.checked, errors: r.errors, rateLimited: r.rateLimited });
  }) : Promise.resolve();
  const background = {
    stop: async () => {
      ctx.shutdown.removeEventListener('abort', onShutdown);
      stopSweeps.abort();
      await loop;
    },
  };
  try {
    return await startExternalRole(ctx, {
      name: NEEDS_REBASE_NAME, plugin: createNeedsRebase({ cache }), port: ctx.flags.int('needs-rebase-port') ?? NEEDS_REBASE_DEFAULT_PORT, background,
    });
  } catch (e) {
    await background.stop();
    throw e;
  }
}
