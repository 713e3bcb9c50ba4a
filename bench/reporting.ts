// Crier, horologium and sinker at volume. Prints figures; run with `npm run build && node dist/bench/reporting.js`.
// - crier: 500 finished presubmits on 20 PRs reported to the fake GitHub (a status each; failures maintain the
//   PR's comment) with 4 workers: reports/s and create→recorded latency p50/p99;
// - horologium: one sync over 1,000 periodics with 10,000 periodic runs in the store;
// - sinker: one pass over 20,000 ProwJobs of which half are past max_prowjob_age.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { ProwJob, ProwJobState } from '../src/api/prowjob.js';
import { ManualClock, SystemClock } from '../src/clock.js';
import type { Config } from '../src/config/types.js';
import { createGitHubFactory } from '../src/github/factory.js';
import { GitHubReporter } from '../src/report/github-reporter.js';
import { createRootLogger } from '../src/runtime/logger.js';
import { createMetricsRegistry } from '../src/runtime/metrics.js';
import { FileProwJobStore } from '../src/store/file.js';
import { ReporterController } from '../roles/crier/controller.js';
import { crierMetrics } from '../roles/crier/metrics.js';
import { Horologium } from '../roles/horologium/horologium.js';
import { sinkerMetrics } from '../roles/sinker/metrics.js';
import { Sinker } from '../roles/sinker/sinker.js';
import { FakeGitHub } from '../test/fakes/github/index.js';

const logger = createRootLogger({ stream: new PassThrough(), level: 'error' });
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const rss = (): string => `${Math.round(process.memoryUsage().rss / 1e6)} MB`;

function pj(name: string, over: { type?: ProwJob['spec']['type']; job?: string; state?: ProwJobState; start?: Date; labels?: Record<string, string>; refs?: ProwJob['spec']['refs'] }): ProwJob {
  return {
    apiVersion: 'prow.k8s.io/v1',
    kind: 'ProwJob',
    metadata: { name, labels: { 'created-by-prow': 'true', 'prow.k8s.io/type': over.type ?? 'presubmit', ...(over.labels ?? {}) } },
    spec: { type: over.type ?? 'presubmit', job: over.job ?? name, context: over.job ?? name, report: true, rerun_command: `/test ${over.job ?? name}`, ...(over.refs ? { refs: over.refs } : {}) },
    status: { state: over.state ?? 'success', startTime: (over.start ?? new Date()).toISOString(), completionTime: (over.start ?? new Date()).toISOString(), url: `https://prow.example/view/${name}`, description: 'Job succeeded.' },
  };
}

/** Writes jobs as the file store keeps them, then opens the store over them (setup without per-create fsyncs). */
async function seededStore(dir: string, jobs: ProwJob[]): Promise<FileProwJobStore> {
  mkdirSync(dir, { recursive: true });
  jobs.forEach((j, i) => {
    const stored = { ...j, metadata: { ...j.metadata, resourceVersion: String(i + 1), uid: `uid-${i}`, creationTimestamp: j.status.startTime } };
    writeFileSync(path.join(dir, `${j.metadata.name}.json`), JSON.stringify(stored));
  });
  return FileProwJobStore.open({ dir, namespace: 'default', pollIntervalMs: 0 });
}

async function crier(dir: string): Promise<void> {
  const JOBS = 500;
  const PRS = 20;
  const gh = await FakeGitHub.start({ botLogin: 'ci-bot', tokens: { tok: 'ci-bot' } });
  await gh.createRepo('acme', 'widgets', { files: { 'README.md': 'x\n' }, defaultBranch: 'main' });
  const pulls: { number: number; sha: string }[] = [];
  for (let i = 0; i < PRS; i++) {
    const pr = await gh.openPullRequest('acme', 'widgets', { author: 'alice', files: { [`f${i}.txt`]: `${i}\n` } });
    pulls.push({ number: pr.number, sha: gh.issue('acme', 'widgets', pr.number).pull!.headSha });
  }
  writeFileSync(path.join(dir, 'token'), 'tok');
  const factory = createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token') }, logger)!;
  const store = await FileProwJobStore.open({ dir: path.join(dir, 'crier'), namespace: 'default', pollIntervalMs: 0 });
  const created = new Map<string, number>();
  const latencies: number[] = [];
  const doneAll = new Promise<void>((resolve) => {
    store.watch({}, (ev) => {
      const t0 = created.get(ev.object.metadata.name);
      if (t0 !== undefined && ev.object.status.prev_report_states?.['github-reporter'] === ev.object.status.state) {
        created.delete(ev.object.metadata.name);
        latencies.push(performance.now() - t0);
        if (latencies.length === JOBS) resolve();
      }
    });
  });
  const config: Config = { github_reporter: { job_types_to_report: ['presubmit'] } };
  const c = new ReporterController({
    store,
    reporter: new GitHubReporter({ clientFor: (o) => factory.forOrg(o), botLogin: () => factory.botLogin(), config: () => config, listJobs: (s) => store.list({ labelSelector: s }) }),
    workers: 4, logger, metrics: crierMetrics(createMetricsRegistry()), clock: new SystemClock(), dryRun: false,
  });
  c.start();
  const start = performance.now();
  for (let i = 0; i < JOBS; i++) {
    const pr = pulls[i % PRS];
    const name = `crier-${i}`;
    created.set(name, performance.now());
    await store.create(pj(name, { job: `job-${i % 25}`, state: i % 10 === 0 ? 'failure' : 'success', refs: { org: 'acme', repo: 'widgets', base_sha: 'b'.repeat(40), pulls: [{ number: pr.number, author: 'alice', sha: pr.sha }] } }));
  }
  await doneAll;
  const secs = (performance.now() - start) / 1000;
  console.log(`crier: ${JOBS} jobs reported to the fake GitHub in ${secs.toFixed(2)} s = ${(JOBS / secs).toFixed(0)} reports/s; create→recorded p50 ${pct(latencies, 50).toFixed(0)} ms, p99 ${pct(latencies, 99).toFixed(0)} ms; GitHub requests ${gh.requests.length}; RSS ${rss()}`);
  await c.stop();
  await store.close();
  await gh.stop();
}

async function horologium(dir: string): Promise<void> {
  const now = new Date('2030-01-01T12:00:30Z');
  const periodics = Array.from({ length: 1000 }, (_, i) => (i % 2 ? { name: `p-${i}`, interval: '1h' } : { name: `p-${i}`, cron: `${i % 60} * * * *` }));
  const runs = Array.from({ length: 10_000 }, (_, i) => pj(`run-${i}`, { type: 'periodic', job: `p-${i % 1000}`, start: new Date(now.getTime() - (10 - Math.floor(i / 1000)) * 3_600_000) }));
  const store = await seededStore(path.join(dir, 'horologium'), runs);
  const dry = new Horologium({ store, config: () => ({ periodics }), clock: new ManualClock(now), logger, dryRun: true });
  const t0 = performance.now();
  await dry.sync();
  const decide = performance.now() - t0;
  const h = new Horologium({ store, config: () => ({ periodics }), clock: new ManualClock(now), logger, dryRun: false });
  const t1 = performance.now();
  const created = await h.sync();
  console.log(`horologium: 1,000 periodics over 10,000 runs: deciding ${decide.toFixed(0)} ms; sync with creation ${(performance.now() - t1).toFixed(0)} ms, ${created.length} created`);
  await store.close();
}

async function sinker(dir: string): Promise<void> {
  const now = new Date();
  const store = await seededStore(path.join(dir, 'sinker'), Array.from({ length: 20_000 }, (_, i) => pj(`old-${i}`, { start: new Date(now.getTime() - (i % 2 ? 8 : 1) * 86_400_000) })));
  const s = new Sinker({ store, config: () => ({}), clock: new ManualClock(now), logger, metrics: sinkerMetrics(createMetricsRegistry()), dryRun: false });
  const t0 = performance.now();
  const r = await s.clean();
  console.log(`sinker: one pass over 20,000 ProwJobs: ${(performance.now() - t0).toFixed(0)} ms, ${r.prowJobsDeleted.length} deleted; RSS ${rss()}`);
  await store.close();
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-reporting-'));
try {
  await crier(dir);
  await horologium(dir);
  await sinker(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
