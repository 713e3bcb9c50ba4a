// The ProwJob metrics of upstream's exporter, computed from the store at each scrape (kube-state-metrics style):
// prow_job_labels and prow_job_annotations (value 1, one series per ProwJob, its labels/annotations as
// `label_<key>` / `annotation_<key>`), and prow_job_runtime_seconds (finished jobs, completion − start).
import type { ProwJob } from '../../src/api/prowjob.js';
import type { MetricsRegistry } from '../../src/runtime/metrics.js';

type Labels = Record<string, string>;
interface Value {
  value: number;
  labels: Labels;
  metricName?: string;
}

export const RUNTIME_BUCKETS = [60, 300, 600, 1200, 1800, 3600, 7200, 14400, 28800, 43200, 86400];

/** A Kubernetes label or annotation key as a Prometheus label name (as kube-state-metrics sanitizes). */
export function sanitizeLabelName(key: string): string {
  return key.replace(/[^a-zA-Z0-9_]/g, '_');
}

function base(pj: ProwJob): Labels {
  return { job_name: pj.spec.job ?? '', job_namespace: pj.metadata.namespace ?? '', job_agent: pj.spec.agent ?? '' };
}

function mapSeries(jobs: ProwJob[], field: 'labels' | 'annotations', prefix: string): Value[] {
  return jobs.map((pj) => {
    const labels = base(pj);
    for (const [k, v] of Object.entries(pj.metadata[field] ?? {})) {
      const name = `${prefix}_${sanitizeLabelName(k)}`;
      labels[name] ??= v;
    }
    return { value: 1, labels };
  });
}

function runtimeSeries(jobs: ProwJob[]): Value[] {
  const groups = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  for (const pj of jobs) {
    const start = Date.parse(pj.status.startTime ?? '');
    const end = Date.parse(pj.status.completionTime ?? '');
    if (Number.isNaN(start) || Number.isNaN(end)) continue;
    const seconds = Math.max(0, (end - start) / 1000);
    const labels: Labels = { job_name: pj.spec.job ?? '', job_namespace: pj.metadata.namespace ?? '', type: pj.spec.type, state: pj.status.state ?? '', org: pj.spec.refs?.org ?? '', repo: pj.spec.refs?.repo ?? '', base_ref: pj.spec.refs?.base_ref ?? '' };
    const key = JSON.stringify(labels);
    let g = groups.get(key);
    if (!g) {
      g = { labels, counts: RUNTIME_BUCKETS.map(() => 0), sum: 0, count: 0 };
      groups.set(key, g);
    }
    RUNTIME_BUCKETS.forEach((le, i) => {
      if (seconds <= le) g!.counts[i]++;
    });
    g.sum += seconds;
    g.count++;
  }
  const out: Value[] = [];
  for (const g of groups.values()) {
    RUNTIME_BUCKETS.forEach((le, i) => out.push({ metricName: 'prow_job_runtime_seconds_bucket', labels: { ...g.labels, le: String(le) }, value: g.counts[i] }));
    out.push({ metricName: 'prow_job_runtime_seconds_bucket', labels: { ...g.labels, le: '+Inf' }, value: g.count });
    out.push({ metricName: 'prow_job_runtime_seconds_sum', labels: g.labels, value: g.sum });
    out.push({ metricName: 'prow_job_runtime_seconds_count', labels: g.labels, value: g.count });
  }
  return out;
}

/** Registers the three metrics; `list` is read at every scrape. */
export function registerProwJobMetrics(registry: MetricsRegistry, list: () => Promise<ProwJob[]>): void {
  // One read of the store serves the three metrics of a scrape.
  let pending: Promise<ProwJob[]> | undefined;
  const jobs = (): Promise<ProwJob[]> => {
    pending ??= list().finally(() => setImmediate(() => {
      pending = undefined;
    }));
    return pending;
  };
  const metric = (name: string, help: string, type: 'gauge' | 'histogram', values: (j: ProwJob[]) => Value[]) => ({
    name,
    help,
    type,
    aggregator: 'sum' as const,
    get: async () => ({ name, help, type, aggregator: 'sum' as const, values: values(await jobs()) }),
    reset: () => undefined,
  });
  for (const m of [
    metric('prow_job_labels', 'Kubernetes labels converted to Prometheus labels.', 'gauge', (j) => mapSeries(j, 'labels', 'label')),
    metric('prow_job_annotations', 'Kubernetes annotations converted to Prometheus labels.', 'gauge', (j) => mapSeries(j, 'annotations', 'annotation')),
    metric('prow_job_runtime_seconds', 'Duration of finished ProwJobs in seconds, from start to completion.', 'histogram', runtimeSeries),
  ]) {
    if (!registry.getSingleMetric(m.name)) registry.registerMetric(m as never);
  }
}
