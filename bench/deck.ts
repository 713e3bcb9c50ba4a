// Deck with 20,000 ProwJobs: response time and size of /prowjobs.js (full and as the list page asks for it) and
// of /, and, when Chromium is installed, how long the list page takes to show the first rows.
// Prints figures; run with `npm run build && node dist/bench/deck.js [jobs]`.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import express from 'express';
import type { ProwJob, ProwJobState } from '../src/api/prowjob.js';
import { createRootLogger } from '../src/runtime/logger.js';
import { StorageClients } from '../src/storage/open.js';
import { FileProwJobStore } from '../src/store/file.js';
import { startDeck } from '../roles/deck/deck.js';
import { rerunFactory } from '../roles/deck/rerun.js';

const JOBS = Number(process.argv[2] ?? 20_000);
const RUNS = 20;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const STATES: ProwJobState[] = ['success', 'success', 'success', 'failure', 'pending', 'aborted', 'error', 'triggered'];

function job(i: number): ProwJob {
  const pull = 1000 + (i % 500);
  const start = new Date(Date.UTC(2024, 0, 1) + i * 30_000);
  const state = STATES[i % STATES.length] ?? 'success';
  const name = `pull-bench-unit-${i % 40}`;
  return {
    apiVersion: 'prow.k8s.io/v1',
    kind: 'ProwJob',
    metadata: {
      name: `bench-${i.toString(36)}`,
      namespace: 'default',
      resourceVersion: String(i + 1),
      uid: `uid-${i}`,
      creationTimestamp: start.toISOString(),
      labels: { 'created-by-prow': 'true', 'prow.k8s.io/job': name, 'prow.k8s.io/type': 'presubmit', 'prow.k8s.io/refs.org': 'bench-org' },
      annotations: { 'prow.k8s.io/job': name },
    },
    spec: {
      type: 'presubmit',
      agent: 'kubernetes',
      cluster: 'default',
      job: name,
      report: true,
      context: `unit-${i % 40}`,
      refs: {
        org: 'bench-org', repo: `repo-${i % 12}`, base_ref: 'main', base_sha: 'a'.repeat(40), repo_link: `https://github.com/bench-org/repo-${i % 12}`,
        pulls: [{ number: pull, author: `user${i % 90}`, sha: 'b'.repeat(40), title: 'A change that needs testing', link: `https://github.com/bench-org/repo-${i % 12}/pull/${pull}` }],
      },
      pod_spec: { containers: [{ name: 'test', image: 'golang:1.22', command: ['make'], args: ['test'] }] },
      decoration_config: { timeout: '2h', grace_period: '15s', utility_images: { clonerefs: 'c', initupload: 'i', entrypoint: 'e', sidecar: 's' } },
    },
    status: {
      state,
      startTime: start.toISOString(),
      ...(state === 'pending' || state === 'triggered' ? {} : { completionTime: new Date(start.getTime() + 600_000).toISOString() }),
      build_id: String(100000 + i),
      url: `/view/gs/bench/pr-logs/pull/bench-org_repo-${i % 12}/${pull}/${name}/${100000 + i}`,
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** One GET with a plain HTTP client (gzip accepted, as browsers do): time to the last byte, bytes on the wire. */
function timeGet(url: string): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => { bytes += c.length; });
      res.on('end', () => resolve({ ms: performance.now() - t0, bytes }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function measure(label: string, url: string): Promise<void> {
  const first = await timeGet(url);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push((await timeGet(url)).ms);
  console.log(`${label.padEnd(44)} first ${first.ms.toFixed(1).padStart(7)} ms   median ${median(times).toFixed(1).padStart(6)} ms   ${(first.bytes / 1024).toFixed(0).padStart(7)} KiB on the wire`);
}

async function browserFigures(url: string): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log(`list page in Chromium: skipped (${CHROMIUM} not found)`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(path.join(os.tmpdir(), 'deck-bench-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  try {
    const page = await ctx.newPage();
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await page.goto(`${url}/`);
      await page.waitForSelector('body[data-loaded="true"]');
      const loaded = performance.now() - t0;
      const rows = await page.locator('#jobs tbody tr:not(.spacer)').count();
      const t1 = performance.now();
      await page.selectOption('select[name="state"]', 'failure');
      await page.locator('#job-count', { hasText: ` of ${JOBS} jobs` }).waitFor();
      const filtered = performance.now() - t1;
      console.log(`list page in Chromium (run ${i + 1})                   rows shown ${loaded.toFixed(0).padStart(5)} ms (${rows} rows in the DOM)   filter by state ${filtered.toFixed(0)} ms`);
    }
  } finally {
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'deck-bench-'));
  const jobsDir = path.join(dir, 'prowjobs');
  mkdirSync(jobsDir, { recursive: true });
  for (let i = 0; i < JOBS; i++) {
    const pj = job(i);
    writeFileSync(path.join(jobsDir, `${pj.metadata.name}.json`), JSON.stringify(pj));
  }
  const store = await FileProwJobStore.open({ dir: jobsDir, namespace: 'default', pollIntervalMs: 0 });
  const app = express();
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const t0 = performance.now();
  const deck = await startDeck(app, {
    config: () => ({}),
    store,
    storage: new StorageClients(dir),
    logger: createRootLogger({ level: 'error', stream: new Writable({ write: (_c, _e, cb) => cb() }) }),
    visibility: { tenantIds: [], hiddenOnly: false, showHidden: false },
    rerun: rerunFactory,
    rerunCreatesJob: false,
    allowInsecure: true,
    dryRun: false,
    githubApiBase: 'https://api.github.com',
  });
  console.log(`deck with ${JOBS} ProwJobs: started in ${(performance.now() - t0).toFixed(0)} ms`);
  const omit = new Set(['annotations', 'labels', 'decoration_config', 'pod_spec'] as const);
  for (const label of ['cold', 'cached']) {
    const t = performance.now();
    const body = deck.jobs.listBody(omit);
    const built = performance.now() - t;
    const tz = performance.now();
    const gz = await body.gzip();
    console.log(`list body (omit as the list page), ${label.padEnd(6)}       build ${built.toFixed(1).padStart(6)} ms   gzip ${(performance.now() - tz).toFixed(1).padStart(6)} ms   ${(body.body.length / 1024).toFixed(0)} KiB → ${(gz.length / 1024).toFixed(0)} KiB gzipped`);
  }
  await measure('GET /prowjobs.js (all fields)', `${url}/prowjobs.js`);
  await measure('GET /prowjobs.js?omit=… (as the list page)', `${url}/prowjobs.js?omit=annotations,labels,decoration_config,pod_spec`);
  await measure('GET /', `${url}/`);
  await measure('GET /badge.svg?jobs=pull-bench-unit-*', `${url}/badge.svg?jobs=pull-bench-unit-*`);
  // A change invalidates the cached body: the next request re-serializes.
  const one = await store.get('bench-0');
  await store.update({ ...one, status: { ...one.status, description: 'changed' } });
  // Bodies are rebuilt at most once a second; after that, the first request pays for the rebuild.
  await new Promise((r) => setTimeout(r, 1100));
  const after = await timeGet(`${url}/prowjobs.js?omit=annotations,labels,decoration_config,pod_spec`);
  console.log(`${'GET /prowjobs.js?omit=… rebuilt after a change'.padEnd(44)} ${after.ms.toFixed(1).padStart(13)} ms`);
  await browserFigures(url);
  deck.stop();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
