// The exporter role: upstream's prow-exporter, the ProwJob metrics no single component owns (prow_job_labels,
// prow_job_annotations, prow_job_runtime_seconds), served on the metrics port with every other metric.
import type { Role } from '../../src/runtime/role.js';
import { registerProwJobMetrics } from './collector.js';

export const exporter: Role = {
  name: 'exporter',
  description: 'exposes ProwJob metrics: prow_job_labels, prow_job_annotations, prow_job_runtime_seconds',
  singleton: false,
  flags: [],
  async start(ctx) {
    registerProwJobMetrics(ctx.metrics, () => ctx.store.list());
    return { stop: async () => {} };
  },
};
