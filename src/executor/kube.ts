// The Kubernetes executor: each ProwJob is a Pod (built by kube-pod.ts) in its build cluster, named after the job.
// Build clusters are the contexts of --kubeconfig/--kubeconfig-dir (src/kube/config.ts); `default` is the
// default cluster. Pod phase and container statuses map to job state as upstream's plank maps them.
import { CoreV1Api, Watch, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { ProwJob } from '../api/prowjob.js';
import { DEFAULT_CLUSTER_ALIAS } from '../kube/config.js';
import type { Logger } from '../runtime/logger.js';
import { prowJobToPod } from './kube-pod.js';
import { JobStartError, type JobExecutor, type Observation, type StartResult } from './types.js';

export interface KubeExecutorOptions {
  /** Context name → client config (loadKubeClusters().clusters). */
  clusters: Map<string, KubeConfig>;
  /** pod_namespace: where Pods go when the job names no namespace. */
  podNamespace: () => string;
  logger: Logger;
}

/** Waiting reasons that mean the Pod will never start by itself. */
const FATAL_WAITING = new Set(['ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'CreateContainerConfigError', 'CreateContainerError']);

function statusCode(e: unknown): number | undefined {
  const o = e as { code?: unknown; statusCode?: unknown } | null;
  if (typeof o?.code === 'number') return o.code;
  if (typeof o?.statusCode === 'number') return o.statusCode;
  return undefined;
}

/** What a Pod's status means for its job. */
export function observePod(pod: V1Pod, pj: ProwJob): Observation | { phase: 'evicted' } {
  const st = pod.status ?? {};
  const since = st.startTime ? new Date(st.startTime) : undefined;
  switch (st.phase) {
    case 'Succeeded':
      return { phase: 'done', state: 'success', description: 'Job succeeded.' };
    case 'Failed':
      if (st.reason === 'Evicted') {
        if (pj.spec.error_on_eviction) return { phase: 'done', state: 'error', description: 'Job pod was evicted by the cluster.' };
        return { phase: 'evicted' };
      }
      return { phase: 'done', state: 'failure', description: 'Job failed.' };
    case 'Running':
      return { phase: 'running', since };
    default: {
      for (const cs of [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])]) {
        const w = cs.state?.waiting;
        if (w?.reason && FATAL_WAITING.has(w.reason)) {
          return { phase: 'done', state: 'error', description: `Pod cannot start: ${w.reason}${w.message ? `: ${w.message}` : ''}` };
        }
      }
      const scheduled = st.conditions?.find((c) => c.type === 'PodScheduled');
      return { phase: 'pending', unscheduled: scheduled?.status === 'False', since };
    }
  }
}

export class KubeExecutor implements JobExecutor {
  readonly name = 'kubernetes';
  private readonly apis = new Map<string, CoreV1Api>();
  private readonly listeners: ((name: string) => void)[] = [];
  private readonly watches = new Map<string, { abort?: AbortController; timer?: NodeJS.Timeout }>();
  private closed = false;

  constructor(private readonly o: KubeExecutorOptions) {}

  /** Pod changes in every build cluster are announced by Pod name (the ProwJob's name). */
  onChange(listener: (name: string) => void): void {
    this.listeners.push(listener);
    for (const cluster of this.o.clusters.keys()) this.watchPods(cluster, 1_000);
  }

  /** Watches prow's Pods in pod_namespace of one cluster (Pods elsewhere wait for the resync); reconnects with backoff. */
  private watchPods(cluster: string, retryMs: number): void {
    if (this.closed || this.watches.has(cluster)) return;
    const kc = this.o.clusters.get(cluster)!;
    const entry: { abort?: AbortController; timer?: NodeJS.Timeout } = {};
    this.watches.set(cluster, entry);
    const again = (): void => {
      entry.abort = undefined;
      if (this.closed) return;
      entry.timer = setTimeout(() => {
        this.watches.delete(cluster);
        this.watchPods(cluster, Math.min(retryMs * 2, 30_000));
      }, retryMs);
      entry.timer.unref();
    };
    new Watch(kc)
      .watch(
        `/api/v1/namespaces/${encodeURIComponent(this.o.podNamespace())}/pods`,
        { labelSelector: 'created-by-prow=true', allowWatchBookmarks: false },
        (_type: string, pod: V1Pod) => {
          const name = pod?.metadata?.name;
          if (name) for (const l of this.listeners) l(name);
        },
        (err: unknown) => {
          if (err && !this.closed) this.o.logger.debug('pod watch ended; reconnecting', { cluster, error: String(err) });
          again();
        },
      )
      .then(
        (ac) => {
          entry.abort = ac;
          if (this.closed) ac.abort();
        },
        (e: unknown) => {
          this.o.logger.warn('watching pods failed; the resync period still catches every change', { cluster, error: e });
          again();
        },
      );
  }

  private api(pj: ProwJob): CoreV1Api {
    const cluster = pj.spec.cluster || DEFAULT_CLUSTER_ALIAS;
    let api = this.apis.get(cluster);
    if (!api) {
      const kc = this.o.clusters.get(cluster);
      if (!kc) throw new JobStartError(`unknown build cluster "${cluster}" (known: ${[...this.o.clusters.keys()].sort().join(', ')})`);
      api = kc.makeApiClient(CoreV1Api);
      this.apis.set(cluster, api);
    }
    return api;
  }

  private namespace(pj: ProwJob): string {
    return pj.spec.namespace || this.o.podNamespace();
  }

  async start(pj: ProwJob): Promise<StartResult> {
    const api = this.api(pj);
    let pod: V1Pod;
    try {
      pod = prowJobToPod(pj);
    } catch (e) {
      throw new JobStartError((e as Error).message);
    }
    try {
      await api.createNamespacedPod({ namespace: this.namespace(pj), body: pod });
    } catch (e) {
      const code = statusCode(e);
      if (code === 409) return { podName: pj.metadata.name }; // already created by an earlier attempt
      if (code === 400 || code === 422 || code === 403) throw new JobStartError(`creating the Pod failed (HTTP ${code}): ${(e as Error).message.split('\n')[0]}`);
      throw e;
    }
    return { podName: pj.metadata.name };
  }

  async observe(pj: ProwJob): Promise<Observation> {
    const api = this.api(pj);
    let pod: V1Pod;
    try {
      pod = await api.readNamespacedPod({ name: pj.status.pod_name || pj.metadata.name, namespace: this.namespace(pj) });
    } catch (e) {
      if (statusCode(e) === 404) return { phase: 'missing', description: 'Pod not found.' };
      throw e;
    }
    const obs = observePod(pod, pj);
    if (obs.phase === 'evicted') {
      // As upstream: an evicted Pod is deleted and the job gets a new one.
      this.o.logger.info('pod was evicted; replacing it', { prowjob: pj.metadata.name });
      await this.deletePod(pj);
      return { phase: 'missing', description: 'Pod was evicted.' };
    }
    return obs;
  }

  private async deletePod(pj: ProwJob): Promise<void> {
    try {
      await this.api(pj).deleteNamespacedPod({ name: pj.status.pod_name || pj.metadata.name, namespace: this.namespace(pj) });
    } catch (e) {
      if (statusCode(e) !== 404) throw e;
    }
  }

  async abort(pj: ProwJob): Promise<void> {
    await this.deletePod(pj);
  }

  /** Finished Pods stay for sinker (terminated_pod_ttl), as upstream; aborted ones are deleted by abort. */
  async cleanup(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.watches.values()) {
      w.abort?.abort();
      if (w.timer) clearTimeout(w.timer);
    }
    this.watches.clear();
    this.apis.clear();
  }
}
