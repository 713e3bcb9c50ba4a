// Starts the roles of one process, serves health and metrics, and stops everything in order on shutdown.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Flags } from './flags.js';
import { HttpServers } from './http.js';
import { noLeaderElection, type LeaderElector } from './leader.js';
import { createRootLogger, type LogLevel, type Logger } from './logger.js';
import { createMetricsRegistry } from './metrics.js';
import { Readiness } from './health.js';
import type { RuntimeContext } from './context.js';
import type { Role, Stopper } from './role.js';
import { ConfigAgent } from '../config/agent.js';
import { CONFIG_VALIDATION } from '../../plugins/index.js';
import { configPathsFromFlags } from '../config/flags.js';
import { openStore, parseStoreBackend } from '../store/index.js';
import { kubeOptionsFromFlags } from '../kube/config.js';
import { createGitHubFactory } from '../github/factory.js';
import { githubSettingsFromFlags } from '../github/flags.js';
import { StorageClients } from '../storage/open.js';
import { LocalEndpoints } from './local-endpoints.js';

export interface ProcessOptions {
  /** Where log lines go (default stderr). */
  logStream?: NodeJS.WritableStream;
  leader?: LeaderElector;
}

export interface RunningProcess {
  ctx: RuntimeContext;
  readiness: Readiness;
  /** Graceful stop: resolves once every role stopped (or the grace period ran out) and servers closed. */
  stop(): Promise<void>;
}

export async function startProcess(roles: Role[], flags: Flags, opts: ProcessOptions = {}): Promise<RunningProcess> {
  const rootLogger = createRootLogger({ level: (flags.string('log-level') ?? 'info') as LogLevel, stream: opts.logStream });
  const metrics = createMetricsRegistry();
  const http = new HttpServers(rootLogger);
  const readiness = new Readiness();
  const shutdown = new AbortController();
  const dataDir = path.resolve(flags.string('data-dir') ?? '.prow-data');
  mkdirSync(dataDir, { recursive: true });

  // A bad config at start is fatal (ConfigError lists every problem); later a bad reload keeps the last good one.
  const config = await ConfigAgent.start(configPathsFromFlags(flags), rootLogger.child({ component: 'config' }), metrics, CONFIG_VALIDATION);

  // On Kubernetes, ProwJobs and the singletons' leader Leases live in the infrastructure cluster's prowjob_namespace.
  const backend = parseStoreBackend(flags.string('prowjob-store'));
  const prowjobNamespace = config.config().prowjob_namespace ?? 'default';
  // The Kubernetes client is loaded only here, on Kubernetes: all-in-one mode never pays for it.
  const infrastructure = backend === 'kubernetes'
    ? (await import('../kube/clusters.js')).loadKubeClusters(kubeOptionsFromFlags(flags)).infrastructure
    : undefined;
  const store = await openStore({
    backend,
    namespace: prowjobNamespace,
    dataDir,
    kubeConfig: infrastructure,
    logger: rootLogger.child({ component: 'prowjob-store' }),
  });
  const leader = opts.leader ?? (infrastructure
    ? new (await import('../kube/lease.js')).LeaseLeaderElector({ kubeConfig: infrastructure, namespace: prowjobNamespace, logger: rootLogger.child({ component: 'leader-election' }) })
    : noLeaderElection);

  const github = createGitHubFactory(githubSettingsFromFlags(flags), rootLogger.child({ component: 'github' }), metrics);

  const healthApp = await http.serve(flags.int('health-port') ?? 8081, 'health');
  readiness.mount(healthApp);
  const metricsApp = await http.serve(flags.int('metrics-port') ?? 9090, 'metrics');
  metricsApp.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });

  const ctx: RuntimeContext = {
    flags,
    rootLogger,
    metrics,
    config,
    http,
    leader,
    store,
    github,
    storage: new StorageClients(dataDir, {
      gcsCredentialsFile: flags.string('gcs-credentials-file'),
      s3CredentialsFile: flags.string('s3-credentials-file'),
    }),
    dataDir,
    shutdown: shutdown.signal,
    roles: roles.map((r) => r.name),
    localEndpoints: new LocalEndpoints(),
  };

  const graceMs = flags.durationMs('grace-period') ?? 30_000;
  const started: { role: Role; stopper: Stopper }[] = [];
  let stopping: Promise<void> | undefined;

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      readiness.set(false, 'shutting down');
      shutdown.abort();
      rootLogger.info('shutting down', { gracePeriod: flags.string('grace-period') ?? '30s' });
      const all = Promise.all(started.reverse().map(({ role, stopper }) => stopRole(role, stopper, rootLogger)));
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<'expired'>((resolve) => {
        timer = setTimeout(() => resolve('expired'), graceMs);
      });
      if ((await Promise.race([all, expired])) === 'expired') rootLogger.warn('grace period over; stopping anyway');
      clearTimeout(timer);
      await ctx.leader.release().catch((e: unknown) => rootLogger.warn('releasing leases failed', { error: e }));
      config.stop();
      await store.close().catch((e: unknown) => rootLogger.warn('closing the prowjob store failed', { error: e }));
      await http.close(Math.min(graceMs, 5_000));
      rootLogger.info('stopped');
    })();
    return stopping;
  };

  try {
    // Every role's port is bound before any role starts: a busy port fails here, before horologium created a job.
    for (const role of roles) for (const port of role.ports?.(flags, ctx.roles) ?? []) await http.serve(port, role.name);
    for (const role of roles) {
      const logger = rootLogger.child({ component: role.name });
      if (role.singleton) {
        await ctx.leader.acquire(role.name, () => {
          logger.error('lost leader lease; exiting so another replica takes over');
          void stop().then(() => process.exit(1));
        });
      }
      const stopper = await role.start({ ...ctx, logger });
      started.push({ role, stopper });
      logger.info('started');
    }
    ctx.localEndpoints.allStarted();
  } catch (e) {
    ctx.localEndpoints.allStarted();
    rootLogger.error('start failed', { error: e });
    await stop();
    throw e;
  }
  readiness.set(true);
  rootLogger.info('ready', { roles: ctx.roles });
  return { ctx, readiness, stop };
}

async function stopRole(role: Role, stopper: Stopper, logger: Logger): Promise<void> {
  try {
    await stopper.stop();
  } catch (e) {
    logger.error('role failed to stop cleanly', { component: role.name, error: e });
  }
}
