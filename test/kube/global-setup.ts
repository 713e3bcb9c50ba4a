// Starts one real control plane (etcd, kube-apiserver, kube-scheduler, kwok) for the test/kube suites, in a state
// directory of its own so concurrent runs on one machine do not meet; cluster.sh installs the ProwJob CRD. The
// binaries come from cluster.sh's cache (built there when missing, which takes minutes once). Only a machine
// without a Go toolchain or etcd skips the suites, with the reason; any other failure fails the run.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCluster } from '../support/kube-cluster.js';

export default async function globalSetup(): Promise<void> {
  if (process.env.PROW_KUBE_STATE) return; // a cluster started by hand (cluster.sh start) is reused
  const state = mkdtempSync(path.join(os.tmpdir(), 'prow-kube-'));
  const started = await startCluster(state);
  if ('unavailable' in started) {
    process.env.PROW_KUBE_UNAVAILABLE = started.unavailable;
    return;
  }
  process.env.PROW_KUBE_STATE = state;
  process.env.PROW_KUBE_BIN = started.cluster.bin;
  process.env.PROW_KUBE_STARTED_BY_JEST = '1';
}
