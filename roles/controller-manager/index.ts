// The controller-manager role (upstream's prow-controller-manager with plank): runs triggered ProwJobs through
// the local executor (all-in-one) or as Pods in build clusters, and owns their state.
import { clockFromEnv } from '../../src/clock.js';
import type { Role } from '../../src/runtime/role.js';
import { LocalExecutor } from '../../src/executor/local.js';
import { KUBE_FLAGS, kubeOptionsFromFlags } from '../../src/kube/config.js';
import type { JobExecutor } from '../../src/executor/types.js';
import { PlankController } from './plank.js';
import { PlankMetrics } from './metrics.js';

export const controllerManager: Role = {
  name: 'controller-manager',
  description: 'runs triggered ProwJobs (plank): local processes in all-in-one mode, or Pods in build clusters',
  singleton: true,
  flags: [
    { name: 'job-executor', type: 'string', description: 'Where jobs run: local (host processes under --data-dir) or kubernetes (Pods in the build clusters of --kubeconfig/--kubeconfig-dir)', default: 'local', placeholder: 'EXECUTOR' },
    { name: 'max-running-jobs', type: 'int', description: 'Jobs pending at once across all jobs (0: no limit beyond max_concurrency and job queues)', default: 0 },
    { name: 'resync-period', type: 'duration', description: 'How often every unfinished job is checked again (timeouts, missed events)', default: '30s' },
    ...KUBE_FLAGS,
  ],
  async start(ctx) {
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
  },
};
