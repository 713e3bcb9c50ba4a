// Upstream's controller-manager metrics: the `prowjobs` gauge (jobs by name, type, state, …) and the
// `prowjob_state_transitions` counter.
import client from 'prom-client';
import type { ProwJob, ProwJobState } from '../../src/api/prowjob.js';
import { getOrCreate, type MetricsRegistry } from '../../src/runtime/metrics.js';

const RETEST_LABEL = 'prow.k8s.io/retest';

export class PlankMetrics {
  private readonly gauge: client.Gauge<string>;
  private readonly transitions: client.Counter<string>;

  constructor(registry: MetricsRegistry) {
    this.gauge = getOrCreate(registry, 'prowjobs', () =>
      new client.Gauge({
        name: 'prowjobs',
        help: 'Number of prowjobs in the system',
        labelNames: ['job_name', 'type', 'state', 'org', 'repo', 'base_ref', 'cluster', 'retest'],
        registers: [],
      }),
    );
    this.transitions = getOrCreate(registry, 'prowjob_state_transitions', () =>
      new client.Counter({
        name: 'prowjob_state_transitions',
        help: 'Number of prowjobs transitioning states',
        labelNames: ['job_name', 'job_namespace', 'type', 'org', 'repo', 'base_ref', 'last_state', 'state', 'retest'],
        registers: [],
      }),
    );
  }

  private static common(pj: ProwJob): Record<string, string> {
    const refs = pj.spec.refs ?? pj.spec.extra_refs?.[0];
    return {
      job_name: pj.spec.job,
      type: pj.spec.type,
      org: refs?.org ?? '',
      repo: refs?.repo ?? '',
      base_ref: refs?.base_ref ?? '',
      retest: pj.metadata.labels?.[RETEST_LABEL] ?? '',
    };
  }

  /** Recounts the gauge from every job the controller knows. */
  recount(jobs: Iterable<ProwJob>): void {
    this.gauge.reset();
    for (const pj of jobs) {
      this.gauge.inc({ ...PlankMetrics.common(pj), state: pj.status.state ?? '', cluster: pj.spec.cluster ?? '' });
    }
  }

  transition(pj: ProwJob, from: ProwJobState | undefined, to: ProwJobState): void {
    this.transitions.inc({ ...PlankMetrics.common(pj), job_namespace: pj.metadata.namespace ?? '', last_state: from ?? '', state: to });
  }
}
