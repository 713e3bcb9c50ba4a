// Stops the control plane global-setup.ts started and removes its state directory.
import { rmSync } from 'node:fs';
import { stopCluster } from '../support/kube-cluster.js';

export default async function globalTeardown(): Promise<void> {
  const state = process.env.PROW_KUBE_STATE;
  if (!state || !process.env.PROW_KUBE_STARTED_BY_JEST) return;
  await stopCluster(state);
  rmSync(state, { recursive: true, force: true });
}
