// Starts one real control plane (etcd, kube-apiserver, kube-scheduler, kwok) for the test/kube suites, in a state
// directory of its own so concurrent runs on one machine do not meet, and installs the ProwJob CRD. The binaries
// come from cluster.sh's cache (built there when missing, which takes minutes once). Only a machine without a Go
// toolchain or etcd (cluster.sh exits 3) skips the suites, with the reason; any other failure fails the run.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function sh(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [path.join(here, 'cluster.sh'), ...args], { env, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

export default async function globalSetup(): Promise<void> {
  if (process.env.PROW_KUBE_STATE) return; // a cluster started by hand (cluster.sh start) is reused
  const state = mkdtempSync(path.join(os.tmpdir(), 'prow-kube-'));
  const env = { ...process.env, PROW_KUBE_STATE: state };
  const started = await sh(['start'], env);
  if (started.code === 3) {
    process.env.PROW_KUBE_UNAVAILABLE = started.stderr.trim().split('\n').pop();
    return;
  }
  if (started.code !== 0) {
    await sh(['stop'], env);
    throw new Error(`starting the test Kubernetes cluster failed (exit ${started.code}):\n${started.stderr}`);
  }
  const vars = await sh(['env'], env);
  for (const line of vars.stdout.trim().split('\n')) {
    const [k, v] = line.split('=') as [string, string];
    if (k === 'PROW_KUBE_BIN') process.env.PROW_KUBE_BIN = v;
  }
  process.env.PROW_KUBE_STATE = state;
  process.env.PROW_KUBE_STARTED_BY_JEST = '1';
}
