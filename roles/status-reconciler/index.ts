// The status-reconciler role: on every job config change, triggers newly added blocking presubmits on open trusted
// PRs, retires the contexts of removed ones and migrates renamed ones (edge-driven, as upstream). The config it last
// reconciled is saved at --status-path, so a restart neither repeats a change nor misses one made while it was down.
import type { Role } from '../../src/runtime/role.js';
import type { FlagSpec } from '../../src/runtime/flags.js';

export const STATUS_RECONCILER_FLAGS: FlagSpec[] = [
  { name: 'continue-on-error', type: 'bool', description: 'status-reconciler: keep going after a pull request fails to reconcile', default: false },
  { name: 'denylist', type: 'list', description: 'status-reconciler: an org or org/repo never reconciled', placeholder: 'ORG[/REPO]' },
  {
    name: 'status-path',
    type: 'string',
    description: 'status-reconciler: where the last reconciled job config is kept (/local/path, gs://bucket/key, s3://bucket/key; default <data-dir>/status-reconciler/status.json)',
    placeholder: 'PATH',
  },
];

export const statusReconciler: Role = {
  name: 'status-reconciler',
  description: 'on job config changes, triggers new blocking presubmits on open PRs and retires or migrates removed and renamed contexts',
  singleton: true,
  flags: STATUS_RECONCILER_FLAGS,
  start: async (ctx) => (await import('./start.js')).startStatusReconciler(ctx),
};

