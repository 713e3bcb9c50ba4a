// Sinker's gauges, named and labelled as upstream's: the figures of the last cleaning pass.
import client from 'prom-client';
import { getOrCreate, type MetricsRegistry } from '../../src/runtime/metrics.js';

export interface SinkerMetrics {
  podsExisting: client.Gauge;
  loopDuration: client.Gauge;
  podsRemoved: client.Gauge<'reason'>;
  podRemovalErrors: client.Gauge<'reason'>;
  prowJobsExisting: client.Gauge;
  prowJobsCleaned: client.Gauge<'reason'>;
  prowJobsCleaningErrors: client.Gauge<'reason'>;
}

function gauge<L extends string>(registry: MetricsRegistry, name: string, help: string, labelNames: L[]): client.Gauge<L> {
  return getOrCreate(registry, name, () => new client.Gauge<L>({ name, help, labelNames, registers: [] }));
}

export function sinkerMetrics(registry: MetricsRegistry): SinkerMetrics {
  return {
    podsExisting: gauge(registry, 'sinker_pods_existing', 'Number of the existing pods in each sinker cleaning.', []),
    loopDuration: gauge(registry, 'sinker_loop_duration_seconds', 'Time used in each sinker cleaning.', []),
    podsRemoved: gauge(registry, 'sinker_pods_removed', 'Number of pods removed in each sinker cleaning.', ['reason']),
    podRemovalErrors: gauge(registry, 'sinker_pod_removal_errors', 'Number of errors which occurred in each sinker pod cleaning.', ['reason']),
    prowJobsExisting: gauge(registry, 'sinker_prow_jobs_existing', 'Number of the existing prow jobs in each sinker cleaning.', []),
    prowJobsCleaned: gauge(registry, 'sinker_prow_jobs_cleaned', 'Number of prow jobs cleaned in each sinker cleaning.', ['reason']),
    prowJobsCleaningErrors: gauge(registry, 'sinker_prow_jobs_cleaning_errors', 'Number of errors which occurred in each sinker prow job cleaning.', ['reason']),
  };
}
