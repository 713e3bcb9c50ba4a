// The controller-manager role's start: plank and the job executor, loaded only by a process that runs it.
import { clockFromEnv } from '../../src/clock.js';
import type { RoleContext, Stopper } from '../../src/runtime/role.js';
import { LocalExecutor } from '../../src/executor/local.js';
import { kubeOptionsFromFlags } from '../../src/kube/config.js';
import type { JobExecutor } from '../../src/executor/types.js';
import { PlankController } from './plank.js';
import { PlankMetrics } from './metrics.js';

export async function startControllerManager(ctx: RoleContext): Promise<Stopper> {
  const kind = ctx.flags.string('job-executor') ?? 'local';
  let executor: JobExecutor;
  switch (kind) {
    case 'local':
      executor = new LocalExecutor({ dataDir: ctx.dataDir, storage: ctx.storage, logger: ctx.logger.child({ executor: 'local' }) });
      break;
    case 'kubernetes': {
      // Loaded only for this executor: the Kubernetes client is heavy and all-in-one mode never needs it.
      const [{ loadKubeClusters }, { KubeExecutor }] = await Promise.all([import('../../src/kube/clusters.js'), import('../../src/executor/kube.js')]);
      const kube = loadKubeClusters(kubeOptionsFromFlags(ctx.flags));
      ctx.logger.info('build clusters', { clusters: [...kube.clusters.keys()].sort(), infrastructure: kube.source });
      executor = new KubeExecutor({
        clusters: kube.clusters,
        podNamespace: () => ctx.config.config().pod_namespace || 'default',
        logger: ctx.logger.child({ executor: 'kubernetes' }),
      });
      break;
    }
    default:
      throw new Error(`unknown --job-executor ${JSON.stringify(kind)} (use local or kubernetes)`);
  }
  const plank = new PlankController({
    store: ctx.store,
    executor,
    plank: () => ctx.config.config().plank,
    logger: ctx.logger,
    metrics: new PlankMetrics(ctx.metrics),
    defaultBucket: ctx.storage.defaultBucket,
    resyncMs: ctx.flags.durationMs('resync-period') ?? 30_000,
    maxRunning: ctx.flags.int('max-running-jobs') ?? 0,
    clock: clockFromEnv(),
  });
  await plank.start();
  return {
    async stop() {
      await plank.stop();
      await executor.close();
    },
  };
}
