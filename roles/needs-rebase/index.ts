// The needs-rebase role: upstream's needs-rebase external plugin. On its own it listens on --needs-rebase-port for
// the webhooks hook forwards (external_plugins); next to the hook (`--role=all`) the hook hands them over in-process.
// Either way it sweeps every open PR each --update-period.
import { clockFromEnv } from '../../src/clock.js';
import { runEvery } from '../../src/runtime/run-every.js';
import type { Role } from '../../src/runtime/role.js';
import { startExternalRole } from '../../plugins/external.js';
import { CheckedRecently, createNeedsRebase, NEEDS_REBASE_NAME, sweep } from '../../plugins/needs-rebase/index.js';

export const NEEDS_REBASE_DEFAULT_PORT = 8889;

export const needsRebase: Role = {
  name: NEEDS_REBASE_NAME,
  description: 'external plugin: the needs-rebase label on PRs that no longer merge cleanly (PR events and a periodic sweep)',
  singleton: false,
  flags: [
    { name: 'needs-rebase-port', type: 'int', description: 'Port needs-rebase listens on for webhooks when it runs without the hook (upstream: --port)', default: NEEDS_REBASE_DEFAULT_PORT },
    { name: 'update-period', type: 'duration', description: 'needs-rebase: period of the sweep of all open PRs', default: '24h' },
    { name: 'cache-valid-time', type: 'int', description: 'needs-rebase: do not re-check PR mergeability for comment events within this time (seconds)', default: 0 },
    { name: 'hmac-secret-file', type: 'string', description: 'Path to the webhook HMAC secret (external plugins default to /etc/webhook/hmac)', placeholder: 'PATH' },
  ],
  ports: (flags, roles) => (roles.includes('hook') ? [] : [flags.int('needs-rebase-port') ?? NEEDS_REBASE_DEFAULT_PORT]),
  async start(ctx) {
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
  },
};
