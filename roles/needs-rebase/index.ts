// The needs-rebase role: upstream's needs-rebase external plugin. On its own it listens on --needs-rebase-port for
// the webhooks hook forwards (external_plugins); next to the hook (`--role=all`) the hook hands them over in-process.
// Either way it sweeps every open PR each --update-period.
import type { Role } from '../../src/runtime/role.js';
import { NEEDS_REBASE_NAME } from '../../plugins/needs-rebase/constants.js';

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
  start: async (ctx) => (await import('./start.js')).startNeedsRebase(ctx),
};
