// Starts one real control plane (etcd, kube-apiserver, kube-scheduler, kwok) for the test/kube suites, in a state
// directory of its own so concurrent runs on one machine do not meet; cluster.sh installs the ProwJob CRD. The
// binaries come from cluster.sh's cache (built there when missing, which takes minutes once). Only a machine
// without a Go toolchain or etcd (cluster.sh exit 3) skips the suites, with the reason; any other failure fails the
// run. Jest loads this file outside its module mapping, so it imports no project module.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLUSTER_SH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cluster.sh');

function clusterSh(state: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [CLUSTER_SH, ...args], { env: { ...process.env, PROW_KUBE_STATE: state }, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

export default async function globalSetup(): Promise<void> {
  if (process.env.PROW_KUBE_STATE) return; // a cluster started by hand (cluster.sh start) is reused
  const state = mkdtempSync(path.join(os.tmpdir(), 'prow-kube-'));
  const started = await clusterSh(state, ['start']);
  if (started.code === 3) {
    process.env.PROW_KUBE_UNAVAILABLE = started.stderr.trim().split('\n').pop() ?? 'cluster.sh: binaries unavailable';
    return;
  }
  if (started.code !== 0) {
    await clusterSh(state, ['stop']);
    throw new Error(`starting the test Kubernetes cluster failed (exit ${started.code}):\n${started.stderr}`);
  }
  process.env.PROW_KUBE_STATE = state;
  process.env.PROW_KUBE_BIN = /^PROW_KUBE_BIN=(.*)$/m.exec((await clusterSh(state, ['env'])).stdout)?.[1] ?? '';
  process.env.PROW_KUBE_STARTED_BY_JEST = '1';
}
