// Live logs of jobs running as Pods (the Kubernetes executor): Deck streams the `test` container's log from the
// build cluster's API server (which reads it from the kubelet) while the job is pending. Finished jobs' logs are
// read from storage (build-log.txt) as before.
import { PassThrough, type Writable } from 'node:stream';
import { CoreV1Api, Log, type KubeConfig } from '@kubernetes/client-node';
import type { ProwJob } from '../../src/api/prowjob.js';
import { DEFAULT_CLUSTER_ALIAS } from '../../src/kube/config.js';
import type { PodLogs } from './live-log.js';

/** The container whose output is the job's build log (upstream's decorated test container). */
const TEST_CONTAINER = 'test';

export class KubePodLogs implements PodLogs {
  constructor(
    private readonly clusters: ReadonlyMap<string, KubeConfig>,
    private readonly podNamespace: () => string,
  ) {}

  async follow(pj: ProwJob, out: Writable, opts: { signal: AbortSignal; limit: number }): Promise<boolean> {
    if ((pj.spec.agent ?? 'kubernetes') !== 'kubernetes' || pj.status.state !== 'pending' || !pj.status.pod_name) return false;
    const kc = this.clusters.get(pj.spec.cluster || DEFAULT_CLUSTER_ALIAS);
    if (!kc) return false;
    const namespace = pj.spec.namespace || this.podNamespace();
    const name = pj.status.pod_name;
    let container: string;
    try {
      const pod = await kc.makeApiClient(CoreV1Api).readNamespacedPod({ name, namespace });
      const names = (pod.spec?.containers ?? []).map((c) => c.name);
      // Until the container runs there is no log to follow.
      if (pod.status?.phase !== 'Running') return false;
      container = names.includes(TEST_CONTAINER) ? TEST_CONTAINER : names[0]!;
    } catch {
      return false;
    }
    const through = new PassThrough();
    const ended = new Promise<void>((resolve) => {
      through.once('end', resolve);
      through.once('error', () => resolve());
    });
    through.pipe(out, { end: false });
    let ctrl: AbortController;
    try {
      ctrl = await new Log(kc).log(namespace, name, container, through, { follow: true, limitBytes: opts.limit });
    } catch {
      through.unpipe(out);
      return false;
    }
    const abort = (): void => {
      ctrl.abort();
      through.end();
    };
    opts.signal.addEventListener('abort', abort, { once: true });
    await ended;
    opts.signal.removeEventListener('abort', abort);
    return true;
  }
}
