// Pods on the fake Kubernetes API: the resource type, and a way to act as the kubelet (set a Pod's status).
import type { V1PodStatus } from '@kubernetes/client-node';
import type { FakeKubeApiServer, ResourceType } from './server.js';

export const PODS: ResourceType = { group: '', version: 'v1', plural: 'pods', kind: 'Pod' };

/** Sets a stored Pod's status as a kubelet would; throws if the Pod does not exist. */
export function setPodStatus(fake: FakeKubeApiServer, namespace: string, name: string, status: V1PodStatus): void {
  const pod = fake.stored(PODS, namespace, name);
  if (!pod) throw new Error(`pod ${namespace}/${name} does not exist`);
  fake.put(PODS, namespace, { ...pod, status: status as Record<string, unknown> });
}
