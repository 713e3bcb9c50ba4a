// The ghproxy role: upstream's caching reverse proxy in front of the GitHub API, which every other role (in any
// number of Deployments) can point --github-endpoint at, so they share one cache and spend tokens only on changes.
import type { Flags } from '../../src/runtime/flags.js';
import type { Role } from '../../src/runtime/role.js';

export const DEFAULT_GHPROXY_PORT = 8888;

export function ghproxyPort(flags: Flags): number {
  return flags.int('ghproxy-port') ?? flags.int('port') ?? DEFAULT_GHPROXY_PORT;
}

export const ghproxy: Role = {
  name: 'ghproxy',
  description: 'caching reverse proxy for the GitHub API (ETag revalidation, request coalescing, per-token caches)',
  singleton: false,
  inAll: false,
  ports: (flags) => [ghproxyPort(flags)],
  flags: [
    { name: 'ghproxy-port', type: 'int', description: `Port ghproxy listens on (default: --port, else ${DEFAULT_GHPROXY_PORT})` },
    { name: 'port', type: 'int', description: 'Upstream\'s --port (ghproxy, deck): used when the role\'s own port flag is not given' },
    { name: 'upstream', type: 'string', description: 'Scheme, host, and base path of reverse proxy upstream', default: 'https://api.github.com', placeholder: 'URL' },
    { name: 'cache-dir', type: 'string', description: 'Directory to cache to if using a disk cache (with --cache-sizeGB; otherwise a memory cache is used)', placeholder: 'DIR' },
    { name: 'cache-sizeGB', type: 'int', description: 'Cache size in GB per unique token if using a disk cache', default: 0 },
    { name: 'legacy-disable-disk-cache-partitions-by-auth-header', type: 'string', description: 'true: one disk cache shared by every token (upstream\'s deprecated default); false: $cache_dir/<token hash> per token', default: 'true', placeholder: 'BOOL' },
    { name: 'concurrency', type: 'int', description: 'Maximum number of concurrent in-flight requests to GitHub', default: 25 },
    { name: 'throttling-time-ms', type: 'int', description: 'Time spacing between outgoing non-GET requests per token (needs --get-throttling-time-ms)', default: 0 },
    { name: 'get-throttling-time-ms', type: 'int', description: 'Time spacing between outgoing GET requests per token (needs --throttling-time-ms)', default: 0 },
    { name: 'throttling-time-v4-ms', type: 'int', description: 'Time spacing between outgoing GraphQL (API v4) requests per token (default: --throttling-time-ms)', default: 0 },
    { name: 'throttling-max-delay-duration-seconds', type: 'int', description: 'Longest a v3 request waits for throttling (then it is sent at once)', default: 30 },
    { name: 'throttling-max-delay-duration-v4-seconds', type: 'int', description: 'Longest a v4 request waits for throttling', default: 30 },
    { name: 'request-timeout', type: 'int', description: 'Request timeout in seconds', default: 30 },
    { name: 'serve-metrics', type: 'string', description: 'Accepted for upstream compatibility: metrics are always served on --metrics-port', placeholder: 'BOOL' },
  ],
  start: async (ctx) => (await import('./start.js')).startGhproxy(ctx),
};
