// The sinker role: deletes old finished ProwJobs and the Pods or local workspaces jobs leave behind.
import { clockFromEnv } from '../../src/clock.js';
import type { Role } from '../../src/runtime/role.js';
import { LocalWorkloads, localWorkspaceRoot } from './local-workloads.js';
import { sinkerMetrics } from './metrics.js';
import { Sinker } from './sinker.js';

export const sinker: Role = {
  name: 'sinker',
  description: 'deletes old ProwJobs (max_prowjob_age) and job workspaces and processes (max_pod_age, terminated_pod_ttl, orphans)',
  singleton: true,
  flags: [],
  async start(ctx) {
    const s = new Sinker({
      store: ctx.store,
      config: () => ctx.config.config(),
      clock: clockFromEnv(),
      logger: ctx.logger,
      metrics: sinkerMetrics(ctx.metrics),
      dryRun: ctx.flags.bool('dry-run'),
      workloads: new LocalWorkloads(localWorkspaceRoot(ctx.dataDir)),
    });
    const stop = new AbortController();
    const running = s.run(stop.signal);
    return {
      stop: async () => {
        stop.abort();
        await running;
      },
    };
  },
};
