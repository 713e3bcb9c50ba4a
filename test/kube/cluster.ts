// The real Kubernetes control plane the test/kube suites run against (started once per Jest run by
// global-setup.ts through cluster.sh). Tests read where it is from the environment the setup left, and skip
// with a clear reason only when the binaries cannot be had on this machine (no Go toolchain).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe } from '@jest/globals';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { clusterSh as runClusterSh, kubeconfigFor, readCluster, type KubeconfigOptions, type TestCluster } from '../support/kube-cluster.js';

const run = promisify(execFile);
export { REPO_ROOT } from '../support/kube-cluster.js';
export type { TestCluster, KubeconfigOptions } from '../support/kube-cluster.js';

/** Why the kube suites cannot run here, or undefined when the cluster is up. */
export const unavailable: string | undefined = process.env.PROW_KUBE_UNAVAILABLE;

export function cluster(): TestCluster {
  const state = process.env.PROW_KUBE_STATE;
  if (!state) throw new Error('PROW_KUBE_STATE is not set: run the test/kube suites through Jest (global-setup.ts starts the cluster)');
  return readCluster(state, process.env.PROW_KUBE_BIN ?? '');
}

/** `describe` when the cluster is up; otherwise `describe.skip`, saying why once. */
export function describeKube(name: string, fn: () => void): void {
  if (unavailable) {
    console.warn(`SKIPPED (no Kubernetes test cluster): ${name}: ${unavailable}`);
    describe.skip(name, fn);
  } else {
    describe(name, fn);
  }
}

/** A name no other test uses (namespaces, jobs). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A kubeconfig document for the test cluster. */
export function kubeconfigYaml(o: KubeconfigOptions): string {
  return kubeconfigFor(cluster(), o);
}

export function kubeConfigFor(o: KubeconfigOptions): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigYaml(o));
  return kc;
}

/** Runs the built kubectl as admin; resolves with stdout, rejects with stderr in the message. */
export async function kubectl(args: string[], opts: { input?: string; kubeconfig?: string } = {}): Promise<string> {
  const c = cluster();
  const child = run(path.join(c.bin, 'kubectl'), [`--kubeconfig=${opts.kubeconfig ?? c.kubeconfig}`, ...args], { maxBuffer: 64 << 20 });
  if (opts.input !== undefined) {
    child.child.stdin!.end(opts.input);
  }
  try {
    return (await child).stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`kubectl ${args.join(' ')}: ${err.stderr || err.message}`);
  }
}

/** Runs kubectl and returns its exit code and output whatever the code (`auth can-i` answers "no" with exit 1). */
export function kubectlResult(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const c = cluster();
  return new Promise((resolve) => {
    execFile(path.join(c.bin, 'kubectl'), [`--kubeconfig=${c.kubeconfig}`, ...args], (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Creates a namespace with its `default` ServiceAccount (no kube-controller-manager makes one). */
export async function createNamespace(name: string): Promise<void> {
  const api = kubeConfigFor({ contexts: { prow: name } }).makeApiClient(CoreV1Api);
  await api.createNamespace({ body: { metadata: { name } } });
  await api.createNamespacedServiceAccount({ namespace: name, body: { metadata: { name: 'default' } } });
}

export async function deleteNamespace(name: string): Promise<void> {
  const api = kubeConfigFor({ contexts: { prow: name } }).makeApiClient(CoreV1Api);
  await api.deleteNamespace({ name }).catch(() => undefined);
}

/** Runs cluster.sh on this run's cluster; rejects with its output when it fails. */
export async function clusterSh(args: string[]): Promise<string> {
  const r = await runClusterSh(cluster().state, args);
  if (r.code !== 0) throw new Error(`cluster.sh ${args.join(' ')} (exit ${r.code}): ${r.stderr}`);
  return r.stdout.trim();
}
