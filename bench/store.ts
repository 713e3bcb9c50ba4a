// File-backend ProwJob store with 20,000 jobs: create and update throughput, cold open + list, watch event
// latency, RSS. Prints figures; run with `npm run build && node dist/bench/store.js [jobs]`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { ProwJob } from '../src/api/prowjob.js';
import { FileProwJobStore } from '../src/store/file.js';

const JOBS = Number(process.argv[2] ?? 20_000);
const CONCURRENCY = 64;

function job(i: number): ProwJob {
  const pull = String(1000 + (i % 500));
  return {
    apiVersion: 'prow.k8s.io/v1',
    kind: 'ProwJob',
    metadata: {
      name: `bench-${i.toString(36)}-${'0'.repeat(8)}`,
      labels: {
        'created-by-prow': 'true',
        'prow.k8s.io/job': `pull-bench-unit-${i % 40}`,
        'prow.k8s.io/type': 'presubmit',
        'prow.k8s.io/refs.org': 'bench-org',
        'prow.k8s.io/refs.repo': 'bench-repo',
        'prow.k8s.io/refs.pull': pull,
        'prow.k8s.io/refs.base_ref': 'main',
        'prow.k8s.io/context': `unit-${i % 40}`,
      },
      annotations: { 'prow.k8s.io/job': `pull-bench-unit-${i % 40}`, 'prow.k8s.io/context': `unit-${i % 40}` },
    },
    spec: {
      type: 'presubmit',
      agent: 'kubernetes',
      cluster: 'default',
      namespace: 'test-pods',
      job: `pull-bench-unit-${i % 40}`,
      report: true,
      context: `unit-${i % 40}`,
      rerun_command: `/test unit-${i % 40}`,
      refs: {
        org: 'bench-org', repo: 'bench-repo', base_ref: 'main', base_sha: 'a'.repeat(40),
        pulls: [{ number: Number(pull), author: 'alice', sha: 'b'.repeat(40), title: 'A change that needs testing' }],
      },
      pod_spec: {
        containers: [{
          name: 'test', image: 'golang:1.22', command: ['make'], args: ['test', '-j4'],
          env: Array.from({ length: 6 }, (_, k) => ({ name: `VAR_${k}`, value: `value-${k}` })),
          resources: { requests: { cpu: '2', memory: '4Gi' } },
        }],
      },
      decoration_config: {
        timeout: '2h', grace_period: '15m',
        utility_images: { clonerefs: 'clonerefs:v1', initupload: 'initupload:v1', entrypoint: 'entrypoint:v1', sidecar: 'sidecar:v1' },
        gcs_configuration: { bucket: 's3://bench-bucket', path_strategy: 'explicit' },
      },
    },
    status: { state: 'triggered', startTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') },
  };
}

async function pool<T>(items: T[], fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/** CPU time (user + system) this process used since `from`, in seconds: the figure a busy machine does not skew. */
function cpuSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prow-bench-store-'));
  const indices = Array.from({ length: JOBS }, (_, i) => i);
  try {
    const sample = JSON.stringify(job(0)).length;
    console.log(`file store bench: ${JOBS} ProwJobs of ~${sample} bytes in ${dir} (${CONCURRENCY} writes in flight)`);

    console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
    let store = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 0 });
    let t = performance.now();
    let cpu = process.cpuUsage();
    await pool(indices, (i) => store.create(job(i)));
    let s = (performance.now() - t) / 1000;
    console.log(`create:       ${(JOBS / s).toFixed(0)} jobs/s (${s.toFixed(2)} s; ${(cpuSince(cpu) * 1e6 / JOBS).toFixed(0)} µs CPU each)`);
    await store.close();

    t = performance.now();
    cpu = process.cpuUsage();
    store = await FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 0 });
    let all = await store.list();
    const cold = performance.now() - t;
    console.log(`cold open + list of ${all.length}: ${cold.toFixed(0)} ms (${(cpuSince(cpu) * 1000).toFixed(0)} ms CPU; RSS ${mb(process.memoryUsage().rss)})`);
    t = performance.now();
    all = await store.list();
    console.log(`warm list of ${all.length}: ${(performance.now() - t).toFixed(0)} ms`);
    t = performance.now();
    const sel = await store.list({ labelSelector: 'prow.k8s.io/job=pull-bench-unit-7,prow.k8s.io/refs.pull=1007' });
    console.log(`warm list by selector (${sel.length} of ${JOBS}): ${(performance.now() - t).toFixed(1)} ms`);

    // Updates as a controller makes them: get the job, change its status, update it.
    const names = all.map((j) => j.metadata.name);
    all = [];
    t = performance.now();
    cpu = process.cpuUsage();
    await pool(names, async (name) => {
      const j = await store.get(name);
      j.status.state = 'pending';
      j.status.pendingTime = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      await store.update(j);
    });
    s = (performance.now() - t) / 1000;
    console.log(`update:       ${(JOBS / s).toFixed(0)} updates/s (${s.toFixed(2)} s; ${(cpuSince(cpu) * 1e6 / JOBS).toFixed(0)} µs CPU each)`);

    // Watch latency: time from calling update to the watcher's handler, one update at a time.
    const latencies: number[] = [];
    let started = 0;
    let resolveEvent: (() => void) | undefined;
    const w = store.watch({ resourceVersion: store.resourceVersion }, () => {
      latencies.push(performance.now() - started);
      resolveEvent?.();
    });
    for (const name of names.slice(0, 1000)) {
      const j = await store.get(name);
      j.status.state = 'success';
      const delivered = new Promise<void>((r) => (resolveEvent = r));
      started = performance.now();
      await store.update(j);
      await delivered;
    }
    w.stop();
    latencies.sort((a, b) => a - b);
    console.log(`watch latency (update call → handler, ${latencies.length} events): p50 ${pct(latencies, 0.5).toFixed(2)} ms, p99 ${pct(latencies, 0.99).toFixed(2)} ms`);

    // A full collection first, so RSS and heap show what the store keeps rather than garbage not yet collected.
    v8.setFlagsFromString('--expose-gc');
    (vm.runInNewContext('gc') as () => void)();
    const mem = process.memoryUsage();
    console.log(`RSS at the end (store open with ${JOBS} jobs): ${mb(mem.rss)} (heap used ${mb(mem.heapUsed)} of ${mb(mem.heapTotal)}, external ${mb(mem.external)})`);
    await store.close();
  } finally {
    if (!process.env.KEEP) fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
