// The sinker role: deletes old finished ProwJobs and the Pods or local workspaces jobs leave behind.
import { clockFromEnv } from '../../src/clock.js';
import { KUBE_FLAGS, kubeOptionsFromFlags } from '../../src/kube/config.js';
import type { Role, RoleContext } from '../../src/runtime/role.js';
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

export const sinker: Role = {
  name: 'sinker',
  description: 'deletes old ProwJobs (max_prowjob_age) and the Pods or local workspaces of jobs (max_pod_age, terminated_pod_ttl, orphans)',
  singleton: true,
  flags: [...KUBE_FLAGS],
  async start(ctx) {
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
  },
};
