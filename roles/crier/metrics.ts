// Crier's metrics, named and labelled as upstream's.
import client from 'prom-client';
import { getOrCreate, type MetricsRegistry } from '../../src/runtime/metrics.js';

export interface CrierMetrics {
  reportLatency: client.Histogram<'reporter'>;
  reportingResults: client.Counter<'reporter' | 'result'>;
}

export function crierMetrics(registry: MetricsRegistry): CrierMetrics {
  return {
    reportLatency: getOrCreate(registry, 'crier_report_latency', () => new client.Histogram({
      name: 'crier_report_latency',
      help: 'Histogram of time spent reporting, calculated by the time difference between job completion and end of reporting.',
      labelNames: ['reporter'],
      buckets: [1, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600],
      registers: [],
    })),
    reportingResults: getOrCreate(registry, 'crier_reporting_results', () => new client.Counter({
      name: 'crier_reporting_results',
      help: 'Count of successful and failed reporting attempts by reporter.',
      labelNames: ['reporter', 'result'],
      registers: [],
    })),
  };
}
