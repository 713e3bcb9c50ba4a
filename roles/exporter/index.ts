// The exporter role: upstream's prow-exporter, the ProwJob metrics no single component owns (prow_job_labels,
// prow_job_annotations, prow_job_runtime_seconds), served on the metrics port with every other metric.
import type { Role } from '../../src/runtime/role.js';

export const exporter: Role = {
  name: 'exporter',
  description: 'exposes ProwJob metrics: prow_job_labels, prow_job_annotations, prow_job_runtime_seconds',
  singleton: false,
  flags: [],
  start: async (ctx) => (await import('./start.js')).startExporter(ctx),
};
