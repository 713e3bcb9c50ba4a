// One prom-client registry per process, shared by every role; served on the metrics port.
import client from 'prom-client';
import { VERSION } from './version.js';

export type MetricsRegistry = client.Registry;

export function createMetricsRegistry(): client.Registry {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const version = new client.Gauge({
    name: 'prow_version',
    help: 'Prow version, as a timestamp-like number (upstream parses vYYYYMMDD-<sha> into YYYYMMDD).',
    labelNames: ['version'],
    registers: [registry],
  });
  version.set({ version: VERSION }, versionNumber(VERSION));
  return registry;
}

/** Upstream's gauge value is the date part of the version; ours is major*10000+minor*100+patch. */
function versionNumber(v: string): number {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v);
  return m ? Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]) : 0;
}

/** Gets a metric already registered under `name`, or registers it: roles started twice in tests share one. */
export function getOrCreate<T extends client.Metric<string>>(registry: client.Registry, name: string, make: () => T): T {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as unknown as T;
  const m = make();
  registry.registerMetric(m);
  return m;
}

/**
 * A metric's child per combination of label values (in the metric's labelNames order), made on first use: for hot
 * paths, where prom-client would otherwise hash the label object on every call. Label values must be a bounded set.
 */
export function labelledChildren<T>(make: (...values: string[]) => T): (...values: string[]) => T {
  const children = new Map<string, T>();
  return (...values) => {
    const key = values.join('\0');
    let child = children.get(key);
    if (child === undefined) {
      child = make(...values);
      children.set(key, child);
    }
    return child;
  };
}
