// The sinker role: deletes old finished ProwJobs and the Pods or local workspaces jobs leave behind.
import { KUBE_FLAGS } from '../../src/kube/config.js';
import type { Role } from '../../src/runtime/role.js';

export const sinker: Role = {
  name: 'sinker',
  description: 'deletes old ProwJobs (max_prowjob_age) and the Pods or local workspaces of jobs (max_pod_age, terminated_pod_ttl, orphans)',
  singleton: true,
  flags: [...KUBE_FLAGS],
  start: async (ctx) => (await import('./start.js')).startSinker(ctx),
};
