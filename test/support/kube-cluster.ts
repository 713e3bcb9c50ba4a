// The test control plane of test/kube/cluster.sh, seen from TypeScript: start and stop one in a state directory,
// and read where it is (API server URL, admin token, CA, binaries). Used by the test/kube suites' global setup
// and helpers and by bench/kube.ts; compiled into dist/ with the fakes.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', ...(fileURLToPath(import.meta.url).includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));
export const CLUSTER_SH = path.join(REPO_ROOT, 'test', 'kube', 'cluster.sh');

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
  etcdPort: number;
}

/** Runs cluster.sh with PROW_KUBE_STATE=state; resolves with the exit code and output (never rejects). */
export function clusterSh(state: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [CLUSTER_SH, ...args], { env: { ...process.env, PROW_KUBE_STATE: state }, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Where the cluster in `state` is (after `cluster.sh start`). */
export function readCluster(state: string, bin: string): TestCluster {
  const env = Object.fromEntries(
    readFileSync(path.join(state, 'ports.env'), 'utf8').trim().split('\n').map((l) => l.split('=') as [string, string]),
  );
  return {
    state,
    kubeconfig: path.join(state, 'kubeconfig'),
    bin,
    server: `https://127.0.0.1:${env.API_PORT}`,
    token: readFileSync(path.join(state, 'pki', 'admin.token'), 'utf8').trim(),
    caData: readFileSync(path.join(state, 'pki', 'serving.crt')).toString('base64'),
    etcdPort: Number(env.ETCD_PORT),
  };
}

export type StartResult = { cluster: TestCluster } | { unavailable: string };

/**
 * Starts a cluster in `state`: `{unavailable}` only when cluster.sh says the binaries cannot be had here (exit 3:
 * no Go toolchain, no etcd); any other failure throws with its output.
 */
export async function startCluster(state: string): Promise<StartResult> {
  const started = await clusterSh(state, ['start']);
  if (started.code === 3) return { unavailable: started.stderr.trim().split('\n').pop() ?? 'cluster.sh exit 3' };
  if (started.code !== 0) {
    await clusterSh(state, ['stop']);
    throw new Error(`starting the test Kubernetes cluster failed (exit ${started.code}):\n${started.stderr}`);
  }
  const vars = (await clusterSh(state, ['env'])).stdout;
  const bin = /^PROW_KUBE_BIN=(.*)$/m.exec(vars)?.[1] ?? '';
  return { cluster: readCluster(state, bin) };
}

export async function stopCluster(state: string): Promise<void> {
  await clusterSh(state, ['stop']);
}

export interface KubeconfigOptions {
  /** Context name → namespace. The first is the current context. */
  contexts: Record<string, string>;
  server?: string;
  /** Bearer token (default: the admin token). */
  token?: string;
}

/** A kubeconfig document (JSON, which is YAML) for the cluster. */
export function kubeconfigFor(c: TestCluster, o: KubeconfigOptions): string {
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
