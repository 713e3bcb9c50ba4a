// The real Kubernetes control plane the test/kube suites run against (started once per Jest run by
// global-setup.ts through cluster.sh). Tests read where it is from the environment the setup left, and skip
// with a clear reason only when the binaries cannot be had on this machine (no Go toolchain).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe } from '@jest/globals';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';

const run = promisify(execFile);
export const KUBE_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(KUBE_DIR, '..', '..');
export const CLUSTER_SH = path.join(KUBE_DIR, 'cluster.sh');

export interface TestCluster {
  /** The cluster's state directory (certificates, logs, pid files). */
  state: string;
  /** Admin kubeconfig with contexts `prow` (current) and `build`. */
  kubeconfig: string;
  /** Where kube-apiserver, kube-scheduler, kubectl and kwok are. */
  bin: string;
  server: string;
  token: string;
  caData: string;
}

/** Why the kube suites cannot run here, or undefined when the cluster is up. */
export const unavailable: string | undefined = process.env.PROW_KUBE_UNAVAILABLE;

export function cluster(): TestCluster {
  const state = process.env.PROW_KUBE_STATE;
  if (!state) throw new Error('PROW_KUBE_STATE is not set: run the test/kube suites through Jest (global-setup.ts starts the cluster)');
  const env = Object.fromEntries(
    readFileSync(path.join(state, 'ports.env'), 'utf8').trim().split('\n').map((l) => l.split('=') as [string, string]),
  );
  return {
    state,
    kubeconfig: path.join(state, 'kubeconfig'),
    bin: process.env.PROW_KUBE_BIN!,
    server: `https://127.0.0.1:${env.API_PORT}`,
    token: readFileSync(path.join(state, 'pki', 'admin.token'), 'utf8').trim(),
    caData: readFileSync(path.join(state, 'pki', 'serving.crt')).toString('base64'),
  };
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

export interface KubeconfigOptions {
  /** Context name → namespace. The first is the current context. */
  contexts: Record<string, string>;
  server?: string;
  /** Bearer token (default: the admin token). */
  token?: string;
}

/** A kubeconfig document for the test cluster. */
export function kubeconfigYaml(o: KubeconfigOptions): string {
  const c = cluster();
  const names = Object.keys(o.contexts);
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'prow-test', cluster: { server: o.server ?? c.server, 'certificate-authority-data': c.caData } }],
    users: [{ name: 'user', user: { token: o.token ?? c.token } }],
    contexts: names.map((name) => ({ name, context: { cluster: 'prow-test', user: 'user', namespace: o.contexts[name] } })),
    'current-context': names[0],
  });
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

/** Runs cluster.sh with this run's state directory. */
export async function clusterSh(args: string[]): Promise<string> {
  const { stdout } = await run('bash', [CLUSTER_SH, ...args], { env: { ...process.env }, maxBuffer: 16 << 20 });
  return stdout.trim();
}
