// The ghproxy role's start: the proxy and its cache, loaded only by a process that runs it.
import path from 'node:path';
import type { RoleContext, Stopper } from '../../src/runtime/role.js';
import { ghproxyPort } from './index.js';
import { GhProxy } from './proxy.js';
import { DiskStore, MemoryStore } from './store.js';

export async function startGhproxy(ctx: RoleContext): Promise<Stopper> {
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
  const app = await ctx.http.serve(ghproxyPort(f), 'ghproxy');
  app.use((req, res) => proxy.handle(req, res));
  ctx.logger.info('ghproxy ready', { upstream: f.string('upstream'), cache: dir ? `disk ${dir} (${sizeGB} GB per partition)` : 'memory', partitionByToken: dir ? !legacy : true });
  return { stop: async () => undefined };
}
