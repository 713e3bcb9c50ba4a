// Stops the control plane global-setup.ts started and removes its state directory.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function globalTeardown(): void {
  const state = process.env.PROW_KUBE_STATE;
  if (!state || !process.env.PROW_KUBE_STARTED_BY_JEST) return;
  const clusterSh = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cluster.sh');
  execFileSync('bash', [clusterSh, 'stop'], { env: { ...process.env, PROW_KUBE_STATE: state }, stdio: 'ignore' });
  rmSync(state, { recursive: true, force: true });
}
