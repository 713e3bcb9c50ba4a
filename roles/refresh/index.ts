// The refresh role: upstream's refresh external plugin. On its own it listens on --refresh-port for the webhooks
// hook forwards (external_plugins); next to the hook (`--role=all`) the hook hands them over in-process.
import type { Role } from '../../src/runtime/role.js';
import { REFRESH_NAME } from '../../plugins/refresh/constants.js';

export const REFRESH_DEFAULT_PORT = 8891;

export const refresh: Role = {
  name: REFRESH_NAME,
  description: 'external plugin: /refresh reports the statuses of a PR\'s latest ProwJobs to GitHub again',
  singleton: false,
  flags: [
    { name: 'refresh-port', type: 'int', description: 'Port refresh listens on for webhooks when it runs without the hook (upstream: --port)', default: REFRESH_DEFAULT_PORT },
    { name: 'hmac-secret-file', type: 'string', description: 'Path to the webhook HMAC secret (external plugins default to /etc/webhook/hmac)', placeholder: 'PATH' },
  ],
  ports: (flags, roles) => (roles.includes('hook') ? [] : [flags.int('refresh-port') ?? REFRESH_DEFAULT_PORT]),
  start: async (ctx) => (await import('./start.js')).startRefresh(ctx),
};
