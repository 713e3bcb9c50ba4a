// The ghproxy role: upstream's caching reverse proxy in front of the GitHub API, which every other role (in any
// number of Deployments) can point --github-endpoint at, so they share one cache and spend tokens only on changes.
import path from 'node:path';
import type { Role } from '../../src/runtime/role.js';
import { GhProxy } from './proxy.js';
import { DiskStore, MemoryStore } from './store.js';

export const DEFAULT_GHPROXY_PORT = 8888;

export const ghproxy: Role = {
  name: 'ghproxy',
  description: 'caching reverse proxy for the GitHub API (ETag revalidation, request coalescing, per-token caches)',
  singleton: false,
  inAll: false,
  ports: (flags) => [flags.int('ghproxy-port') ?? flags.int('port') ?? DEFAULT_GHPROXY_PORT],
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
  async start(ctx) {
    const f = ctx.flags;
    const dir = f.string('cache-dir');
    const sizeGB = f.int('cache-sizeGB') ?? 0;
    if ((dir === undefined || dir === '') !== (sizeGB === 0)) {
      throw new Error('--cache-dir and --cache-sizeGB must be specified together to enable the disk cache (otherwise a memory cache is used)');
    }
    const legacy = (f.string('legacy-disable-disk-cache-partitions-by-auth-header') ?? 'true') !== 'false';
    const ms = f.int('throttling-time-ms') ?? 0;
    const getMs = f.int('get-throttling-time-ms') ?? 0;
    const v4Ms = f.int('throttling-time-v4-ms') ?? 0;
    if ((ms > 0) !== (getMs > 0) || (v4Ms > 0 && (ms === 0 || getMs === 0))) {
      ctx.logger.warn('Flags `--throttling-time-ms` and `--get-throttling-time-ms` have to be set to non-zero value, otherwise throttling feature will be disabled.');
    }
    if (dir && legacy) {
      ctx.logger.warn('--legacy-disable-disk-cache-partitions-by-auth-header is true: every token shares one disk cache; set it to false for a cache per token');
    }
    const store = dir ? new DiskStore(path.resolve(dir), sizeGB * 1e9, legacy) : new MemoryStore();
    const proxy = new GhProxy({
      upstream: f.string('upstream') ?? 'https://api.github.com',
      store,
      // The memory cache is always per token; the disk layout follows the legacy flag, as upstream's.
      partitionByToken: dir ? !legacy : true,
      concurrency: Math.max(1, f.int('concurrency') ?? 25),
      throttling: { ms, getMs, v4Ms, maxDelayMs: (f.int('throttling-max-delay-duration-seconds') ?? 30) * 1000, maxDelayV4Ms: (f.int('throttling-max-delay-duration-v4-seconds') ?? 30) * 1000 },
      requestTimeoutMs: (f.int('request-timeout') ?? 30) * 1000,
      logger: ctx.logger,
      metrics: ctx.metrics,
    });
    const app = await ctx.http.serve(f.int('ghproxy-port') ?? f.int('port') ?? DEFAULT_GHPROXY_PORT, 'ghproxy');
    app.use((req, res) => proxy.handle(req, res));
    ctx.logger.info('ghproxy ready', { upstream: f.string('upstream'), cache: dir ? `disk ${dir} (${sizeGB} GB per partition)` : 'memory', partitionByToken: dir ? !legacy : true });
    return { stop: async () => undefined };
  },
};
