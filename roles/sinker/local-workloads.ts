// The all-in-one counterpart of Pods for sinker: the local executor's job workspaces (src/executor/
// local-workspace.ts knows their layout). Removing one stops a process still running (an orphan's) and deletes
// the workspace.
import { listLocalWorkloads, removeLocalWorkload } from '../../src/executor/local-workspace.js';
import type { JobWorkload } from './plan.js';
import type { WorkloadSource } from './sinker.js';

export class LocalWorkloads implements WorkloadSource {
  constructor(private readonly dataDir: string, private readonly cluster = 'default') {}

  async list(): Promise<JobWorkload[]> {
    return (await listLocalWorkloads(this.dataDir)).map((w) => ({ ...w, cluster: this.cluster, prowJobName: w.name }));
  }

  async remove(w: JobWorkload): Promise<void> {
    await removeLocalWorkload(this.dataDir, w.name);
  }
}
