// Pods for sinker on Kubernetes: every Pod labelled created-by-prow=true in pod_namespace of each build cluster,
// as upstream's sinker lists them; the ProwJob a Pod runs is its prow.k8s.io/id label.
import { CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { LABEL_CREATED_BY_PROW, LABEL_ID } from '../../src/api/prowjob.js';
import type { JobWorkload } from './plan.js';
import type { WorkloadSource } from './sinker.js';

const toDate = (v: Date | string | undefined): Date | undefined => {
  if (v === undefined) return undefined;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
};

/** When a finished Pod's last container ended (upstream podTerminationTime); undefined while it runs. */
export function podTerminationTime(pod: V1Pod): Date | undefined {
  if (pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed') return undefined;
  let latest: Date | undefined;
  for (const cs of pod.status.containerStatuses ?? []) {
    const finished = toDate(cs.state?.terminated?.finishedAt);
    if (finished && (!latest || finished > latest)) latest = finished;
  }
  return latest;
}

export function podWorkload(pod: V1Pod, cluster: string): JobWorkload {
  const created = toDate(pod.metadata?.creationTimestamp);
  const started = toDate(pod.status?.startTime);
  const terminated = podTerminationTime(pod);
  return {
    name: pod.metadata?.name ?? '',
    cluster,
    ...(pod.metadata?.labels?.[LABEL_ID] ? { prowJobName: pod.metadata.labels[LABEL_ID] } : {}),
    ...(created ? { createdAt: created } : {}),
    ...(started ? { startedAt: started } : {}),
    ...(terminated ? { terminatedAt: terminated } : {}),
  };
}

export class KubePods implements WorkloadSource {
  private readonly apis = new Map<string, CoreV1Api>();

  constructor(
    private readonly clusters: ReadonlyMap<string, KubeConfig>,
    private readonly namespace: () => string,
    private readonly excluded: () => readonly string[] = () => [],
  ) {}

  private api(cluster: string): CoreV1Api {
    let api = this.apis.get(cluster);
    if (!api) {
      const kc = this.clusters.get(cluster);
      if (!kc) throw new Error(`unknown build cluster ${JSON.stringify(cluster)}`);
      api = kc.makeApiClient(CoreV1Api);
      this.apis.set(cluster, api);
    }
    return api;
  }

  async list(): Promise<JobWorkload[]> {
    const out: JobWorkload[] = [];
    const namespace = this.namespace();
    for (const cluster of this.clusters.keys()) {
      if (this.excluded().includes(cluster)) continue;
      const pods = await this.api(cluster).listNamespacedPod({ namespace, labelSelector: `${LABEL_CREATED_BY_PROW}=true` });
      for (const pod of pods.items) out.push(podWorkload(pod, cluster));
    }
    return out;
  }

  async remove(w: JobWorkload): Promise<void> {
    try {
      await this.api(w.cluster).deleteNamespacedPod({ name: w.name, namespace: this.namespace() });
    } catch (e) {
      if ((e as { code?: number }).code === 404) return;
      throw e;
    }
  }
}
