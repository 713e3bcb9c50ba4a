// The sinker role's start, loaded only by a process that runs it.
import { clockFromEnv } from '../../src/clock.js';
import { kubeOptionsFromFlags } from '../../src/kube/config.js';
import type { RoleContext, Stopper } from '../../src/runtime/role.js';
import { LocalWorkloads } from './local-workloads.js';
import { sinkerMetrics } from './metrics.js';
import { Sinker, type WorkloadSource } from './sinker.js';

/** With the Kubernetes ProwJob store, jobs run as Pods in the build clusters; otherwise as local processes. */
async function workloads(ctx: RoleContext): Promise<WorkloadSource> {
  if (ctx.flags.string('prowjob-store') !== 'kubernetes') return new LocalWorkloads(ctx.dataDir);
  // The Kubernetes client is loaded only on Kubernetes.
  const [{ loadKubeClusters }, { KubePods }] = await Promise.all([import('../../src/kube/clusters.js'), import('./kube-pods.js')]);
  const kube = loadKubeClusters(kubeOptionsFromFlags(ctx.flags));
  const cfg = () => ctx.config.config();
  return new KubePods(kube.clusters, () => cfg().pod_namespace || 'default', () => cfg().sinker?.exclude_clusters ?? []);
}

export async function startSinker(ctx: RoleContext): Promise<Stopper> {
  const s = new Sinker({
    store: ctx.store,
    config: () => ctx.config.config(),
    clock: clockFromEnv(),
    logger: ctx.logger,
    metrics: sinkerMetrics(ctx.metrics),
    dryRun: ctx.flags.bool('dry-run'),
    workloads: await workloads(ctx),
  });
  const stop = new AbortController();
  const running = s.run(stop.signal);
  return {
    stop: async () => {
      stop.abort();
      await running;
    },
  };
}
