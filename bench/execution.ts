// All-in-one job execution: 1,000 trivial decorated jobs (`true`) through the file store, plank and the local
// executor (a detached entrypoint process per job, uploads to file:// storage). Jobs arrive at a steady rate;
// prints jobs/s (first trigger to last completion) and triggered→pending latency p50/p99.
// Run with `npm run build && node dist/bench/execution.js [jobs] [arrivals-per-second] [max-running]`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import type { ProwJob } from '../src/api/prowjob.js';
import { LocalExecutor } from '../src/executor/local.js';
import { createRootLogger } from '../src/runtime/logger.js';
import { StorageClients } from '../src/storage/open.js';
import { FileProwJobStore } from '../src/store/file.js';
import { PlankController } from '../roles/controller-manager/plank.js';
import { PlankMetrics } from '../roles/controller-manager/metrics.js';

const JOBS = Number(process.argv[2] ?? 1000);
const RATE = Number(process.argv[3] ?? 20);
const MAX_RUNNING = Number(process.argv[4] ?? 16);
const DEADLINE_MS = 110_000;

function job(i: number): ProwJob {
  return {
    apiVersion: 'prow.k8s.io/v1',
    kind: 'ProwJob',
    metadata: { name: `bench-${String(i).padStart(5, '0')}`, namespace: 'default', labels: { 'created-by-prow': 'true' } },
    spec: {
      type: 'periodic',
      agent: 'kubernetes',
      cluster: 'default',
      job: `bench-${i % 20}`,
      decoration_config: { timeout: '1m', grace_period: '1s' },
      pod_spec: { containers: [{ name: 'test', image: 'alpine', command: ['true'] }] },
    },
    status: { state: 'triggered', startTime: new Date().toISOString() },
  };
}

/** CPU seconds used by this process and its waited-for children (the entrypoints), from /proc (Linux). */
function cpuSeconds(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // utime, stime, cutime, cstime are fields 14-17 of the whole line (11-14 after the command).
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    return ticks / 100;
  } catch {
    return undefined;
  }
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-execution-'));
  const logger = createRootLogger({ level: 'error', stream: new Writable({ write: (_c, _e, cb) => cb() }) });
  const store = await FileProwJobStore.open({ dir: path.join(dataDir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
  const storage = new StorageClients(dataDir);
  const executor = new LocalExecutor({ dataDir, storage, logger });
  const triggered = new Map<string, number>();
  const pendingAt = new Map<string, number>();
  const doneAt = new Map<string, number>();
  const watch = store.watch({}, (ev) => {
    const name = ev.object.metadata.name;
    const state = ev.object.status.state;
    if (state === 'pending' && !pendingAt.has(name)) pendingAt.set(name, performance.now());
    if ((state === 'success' || state === 'failure' || state === 'error' || state === 'aborted') && !doneAt.has(name)) doneAt.set(name, performance.now());
  });
  const plank = new PlankController({
    store,
    executor,
    plank: () => ({}),
    logger,
    metrics: new PlankMetrics(new Registry()),
    defaultBucket: storage.defaultBucket,
    resyncMs: 5_000,
    maxRunning: MAX_RUNNING,
  });
  await plank.start();

  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  for (let i = 0; i < JOBS; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const pj = job(i);
    triggered.set(pj.metadata.name, performance.now());
    await store.create(pj);
  }
  while (doneAt.size < JOBS && performance.now() - t0 < DEADLINE_MS) await new Promise((r) => setTimeout(r, 50));
  const elapsed = (Math.max(...doneAt.values()) - t0) / 1000;
  const cpu1 = cpuSeconds();

  const latencies = [...pendingAt.entries()].map(([n, t]) => t - triggered.get(n)!).sort((a, b) => a - b);
  const jobs = await store.list();
  const states = new Map<string, number>();
  for (const j of jobs) states.set(j.status.state ?? '', (states.get(j.status.state ?? '') ?? 0) + 1);

  process.stdout.write(`execution bench: ${JOBS} trivial decorated jobs (command: true), arrivals ${RATE}/s, max ${MAX_RUNNING} running, ${os.cpus().length} CPUs\n`);
  process.stdout.write(`  completed:                 ${doneAt.size}/${JOBS} (${[...states.entries()].map(([s, n]) => `${s} ${n}`).join(', ')})\n`);
  process.stdout.write(`  throughput:                ${(doneAt.size / elapsed).toFixed(1)} jobs/s (first trigger to last completion, ${elapsed.toFixed(1)}s)\n`);
  if (cpu0 !== undefined && cpu1 !== undefined) {
    const perJob = (cpu1 - cpu0) / doneAt.size;
    process.stdout.write(`  CPU per job:               ${(perJob * 1000).toFixed(0)} ms (controller + entrypoint process; ${os.cpus().length} idle CPUs would sustain ~${(os.cpus().length / perJob).toFixed(0)} jobs/s)\n`);
  }
  process.stdout.write(`  load average during run:   ${os.loadavg()[0].toFixed(1)} (other work on this machine slows every figure)\n`);
  process.stdout.write(`  triggered→pending latency: p50 ${pct(latencies, 50).toFixed(0)} ms, p99 ${pct(latencies, 99).toFixed(0)} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms\n`);

  watch.stop();
  await plank.stop();
  await executor.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
