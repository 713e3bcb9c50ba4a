// The hook role: receives GitHub webhooks and runs the plugins plugins.yaml enables.
import { DEFAULT_HMAC_SECRET_FILE } from '../../src/github/hmac.js';
import type { Role } from '../../src/runtime/role.js';
import { DEFAULT_DISPATCH_CONCURRENCY, INTAKE_FLAGS, PLUGIN_SERVICE_FLAGS } from './flags.js';

export const hook: Role = {
  name: 'hook',
  description: 'receives GitHub webhooks on /hook and runs the plugins (trigger, …)',
  singleton: false,
  flags: [
    { name: 'hook-port', type: 'int', description: 'Port for /hook and /plugin-help', default: 8888 },
    { name: 'plugin-workers', type: 'int', description: 'Deliveries the plugins handle at once (events of one PR always one after another)', default: DEFAULT_DISPATCH_CONCURRENCY },
    { name: 'hmac-secret-file', type: 'string', description: `Path to the webhook HMAC secret: a token, or the YAML map of tokens per org/repo (default ${DEFAULT_HMAC_SECRET_FILE} if it exists, else <data-dir>/hook/hmac, generated when missing)`, placeholder: 'PATH' },
    ...INTAKE_FLAGS,
    ...PLUGIN_SERVICE_FLAGS,
  ],
  ports: (flags) => [flags.int('hook-port') ?? 8888],
  start: async (ctx) => (await import('./start.js')).startHook(ctx),
};
