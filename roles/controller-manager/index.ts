// The controller-manager role (upstream's prow-controller-manager with plank): runs triggered ProwJobs through
// the local executor (all-in-one) or as Pods in build clusters, and owns their state.
import type { Role } from '../../src/runtime/role.js';
import { KUBE_FLAGS } from '../../src/kube/config.js';

export const controllerManager: Role = {
  name: 'controller-manager',
  description: 'runs triggered ProwJobs (plank): local processes in all-in-one mode, or Pods in build clusters',
  singleton: true,
  flags: [
    { name: 'job-executor', type: 'string', description: 'Where jobs run: local (host processes under --data-dir) or kubernetes (Pods in the build clusters of --kubeconfig/--kubeconfig-dir)', default: 'local', placeholder: 'EXECUTOR' },
    { name: 'max-running-jobs', type: 'int', description: 'Jobs pending at once across all jobs (0: no limit beyond max_concurrency and job queues)', default: 0 },
    { name: 'resync-period', type: 'duration', description: 'How often every unfinished job is checked again (timeouts, missed events)', default: '30s' },
    ...KUBE_FLAGS,
  ],
  start: async (ctx) => (await import('./start.js')).startControllerManager(ctx),
};
