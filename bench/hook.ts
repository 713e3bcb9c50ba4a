// The hook under signed `/test all` comments at a repo with 50 presubmits, against the fake GitHub and the file
// ProwJob store. Prints:
//   1. delivery → ProwJobs stored: for deliveries sent one at a time, p50/p99 from sending the webhook until all 50
//      ProwJobs of that delivery are in the store (and the answer latency on an idle hook);
//   2. intake: deliveries acknowledged per second and answer latency p50/p99 (verify, parse, persist, answer),
//      with trigger handling the deliveries in the background meanwhile (50 ProwJobs each).
// The fake GitHub and the load generator run in a child process: the hook's process runs only the hook.
// Run: `npm run build && node dist/bench/hook.js [intake-deliveries] [latency-deliveries]`.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import express from 'express';
import { FakeGitHub } from '../test/fakes/github/index.js';
import { loadConfig } from '../src/config/load.js';
import { createGitHubFactory } from '../src/github/factory.js';
import { sign } from '../src/github/hmac.js';
import { createRootLogger } from '../src/runtime/logger.js';
import { createMetricsRegistry } from '../src/runtime/metrics.js';
import { FileProwJobStore } from '../src/store/file.js';
import { PLUGINS } from '../plugins/index.js';
import { Hook } from '../roles/hook/hook.js';

const CHILD = process.argv[2] === '--fake-github';
const INTAKE = Number((!CHILD && process.argv[2]) || 2000);
const LATENCY = Number(process.argv[3] ?? 50);
const PRESUBMITS = 50;
const PRS = 20;
const CONCURRENCY = 32;
const SECRET = 'bench-hmac-secret';
const DRAIN_WINDOW_MS = 15_000;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const fmt = (ms: number): string => `${ms.toFixed(2)} ms`;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-hook-'));
  const jobs = Array.from({ length: PRESUBMITS }, (_, i) => `  - name: pull-bench-${i}\n    always_run: true\n    spec: {containers: [{image: alpine, command: [echo]}]}\n`).join('');
  writeFileSync(path.join(dir, 'config.yaml'), `presubmits:\n  org/repo:\n${jobs}`);
  writeFileSync(path.join(dir, 'plugins.yaml'), 'plugins:\n  org: [trigger]\n');
  writeFileSync(path.join(dir, 'hmac'), SECRET);
  writeFileSync(path.join(dir, 'token'), 'bench-token-value');
  const loaded = await loadConfig({ configPath: path.join(dir, 'config.yaml'), pluginConfig: path.join(dir, 'plugins.yaml') });

  const child = fork(fileURLToPath(import.meta.url), ['--fake-github'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const gh = await new Promise<FakeInfo>((resolve, reject) => {
    child.once('message', (m) => resolve(m as FakeInfo));
    child.once('exit', (code) => reject(new Error(`fake GitHub exited with ${code}`)));
  });

  // Off for the intake-only phase: the hook verifies, persists and answers, and no plugin runs.
  let pluginsOn = true;
  const store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
  // Where a delivery's time goes: the hook and trigger until trigger's first create, then the store until all 50 are in.
  const firstCreate = new Map<string, number>();
  const create = store.create.bind(store);
  store.create = (job) => {
    const guid = job.metadata.labels?.['event-GUID'];
    if (guid && !firstCreate.has(guid)) firstCreate.set(guid, performance.now());
    return create(job);
  };
  const logger = createRootLogger({ stream: new PassThrough(), level: 'error' });
  const github = createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token') }, logger);
  const app = express();
  const hook = new Hook({
    app, plugins: PLUGINS, config: () => ({ config: loaded.config, plugins: pluginsOn ? loaded.plugins : {} }), github, store, logger,
    metrics: createMetricsRegistry(), hmacSecretFile: path.join(dir, 'hmac'), deliveriesDir: path.join(dir, 'deliveries'),
  });
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

  // Completion per delivery: all 50 ProwJobs with its event-GUID stored.
  const created = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const watch = store.watch({}, (ev) => {
    if (ev.type !== 'ADDED') return;
    const guid = ev.object.metadata.labels?.['event-GUID'];
    if (!guid) return;
    const n = (created.get(guid) ?? 0) + 1;
    created.set(guid, n);
    if (n === PRESUBMITS) waiters.get(guid)?.();
  });

  // The load generator lives in the child too, so the hook's process does nothing but the hook.
  const ask = <T>(msg: ChildCommand): Promise<T> => new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(msg);
  });
  await ask<'ok'>({ cmd: 'target', url });
  let seq = 0;

  // 1. Delivery → stored, one delivery at a time on an idle hook.
  const toStored: number[] = [];
  const idleAnswers: number[] = [];
  const toFirstCreate: number[] = [];
  const createToStored: number[] = [];
  for (let i = 0; i < LATENCY; i++) {
    const guid = `bench-${seq}`;
    const t = performance.now();
    const done = new Promise<void>((resolve) => waiters.set(guid, resolve));
    idleAnswers.push((await ask<Sent>({ cmd: 'one', seq: seq++ })).ms);
    await done;
    const end = performance.now();
    toStored.push(end - t);
    toFirstCreate.push(firstCreate.get(guid)! - t);
    createToStored.push(end - firstCreate.get(guid)!);
    waiters.delete(guid);
    await hook.dispatcher.idle();
  }
  for (const a of [toStored, toFirstCreate, createToStored]) a.sort((x, y) => x - y);
  idleAnswers.sort((a, b) => a - b);
  console.log(`hook bench: ${PRESUBMITS} presubmits, signed /test all comments on ${PRS} PRs, fake GitHub (child process) + file store, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}`);
  console.log(`one at a time (${LATENCY}): answer p50 ${fmt(percentile(idleAnswers, 50))}, p99 ${fmt(percentile(idleAnswers, 99))}; delivery → ${PRESUBMITS} ProwJobs stored p50 ${fmt(percentile(toStored, 50))}, p99 ${fmt(percentile(toStored, 99))}`);
  console.log(`  of which send → trigger's first create p50 ${fmt(percentile(toFirstCreate, 50))}, p99 ${fmt(percentile(toFirstCreate, 99))}; first create → ${PRESUBMITS} stored p50 ${fmt(percentile(createToStored, 50))}, p99 ${fmt(percentile(createToStored, 99))}`);

  // 2. Intake alone (no plugin enabled), then with trigger handling the deliveries in the background.
  pluginsOn = false;
  const cpu0 = process.cpuUsage();
  const alone = await ask<{ answers: number[]; refused: number; secs: number }>({ cmd: 'flood', from: seq, n: INTAKE, concurrency: CONCURRENCY });
  seq += INTAKE;
  await hook.dispatcher.idle();
  const cpu = process.cpuUsage(cpu0);
  const cpuMsPer = (cpu.user + cpu.system) / 1000 / INTAKE;
  alone.answers.sort((a, b) => a - b);
  console.log(`intake alone: ${INTAKE} deliveries at concurrency ${CONCURRENCY} = ${(INTAKE / alone.secs).toFixed(0)} deliveries/s acknowledged (${alone.refused} refused); answer p50 ${fmt(percentile(alone.answers, 50))}, p99 ${fmt(percentile(alone.answers, 99))}; hook CPU ${cpuMsPer.toFixed(3)} ms per delivery (≈ ${(1000 / cpuMsPer).toFixed(0)}/s per core)`);
  pluginsOn = true;
  const storedBefore = [...created.values()].reduce((a, b) => a + b, 0);
  const flood = await ask<{ answers: number[]; refused: number; secs: number }>({ cmd: 'flood', from: seq, n: INTAKE, concurrency: CONCURRENCY });
  seq += INTAKE;
  const { answers, refused } = flood;
  const intakeSec = flood.secs;
  answers.sort((a, b) => a - b);
  console.log(`intake while trigger handles: ${INTAKE} deliveries at concurrency ${CONCURRENCY} in ${intakeSec.toFixed(2)} s = ${(INTAKE / intakeSec).toFixed(0)} deliveries/s acknowledged (${refused} refused)`);
  console.log(`answer latency under load: p50 ${fmt(percentile(answers, 50))}, p99 ${fmt(percentile(answers, 99))}, max ${fmt(answers[answers.length - 1])}`);
  // Handling keeps going: measure it over a bounded window, then stop (the rest stays on disk for the next start).
  await new Promise((r) => setTimeout(r, DRAIN_WINDOW_MS));
  const stored = [...created.values()].reduce((a, b) => a + b, 0) - storedBefore;
  const secs = intakeSec + DRAIN_WINDOW_MS / 1000;
  console.log(`handling meanwhile: ${stored} ProwJobs stored in ${secs.toFixed(1)} s = ${(stored / secs).toFixed(0)} ProwJobs/s (${(stored / PRESUBMITS).toFixed(0)} of ${INTAKE} deliveries); ${hook.deliveries.pending()} deliveries still queued on disk`);
  const st = github?.transport.stats;
  if (st) console.log(`GitHub requests: ${st.requests} (${st.cacheHits} answered 304 from the ETag cache)`);
  // The backlog is abandoned, not drained: stop everything and exit.
  watch.stop();
  server.closeAllConnections();
  server.close();
  child.send({ cmd: 'stop' } satisfies ChildCommand);
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

type ChildCommand = { cmd: 'target'; url: string } | { cmd: 'one'; seq: number } | { cmd: 'flood'; from: number; n: number; concurrency: number } | { cmd: 'stop' };

interface Sent {
  ms: number;
  status: number;
}

interface FakeInfo {
  url: string;
  graphqlUrl: string;
  prs: { number: number; html: string }[];
}

/** The child: a fake GitHub with the org, the repo and the PRs, until told to stop. */
async function serveFakeGitHub(): Promise<void> {
  const gh = await FakeGitHub.start({ hmacSecret: SECRET });
  gh.addOrg('org', { members: ['alice'] });
  await gh.createRepo('org', 'repo', { files: { 'README.md': 'bench\n' }, defaultBranch: 'main' });
  const prs: { number: number; html: string }[] = [];
  for (let i = 0; i < PRS; i++) {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { [`src/f${i}.go`]: 'package f\n' } });
    prs.push({ number: pr.number, html: `${gh.url}/org/repo/pull/${pr.number}` });
  }
  await gh.flush();
  const info: FakeInfo = { url: gh.url, graphqlUrl: gh.graphqlUrl, prs };
  process.send?.(info);

  // node:http with keep-alive: a light client.
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let target: URL | undefined;
  const post = (body: string, headers: Record<string, string>): Promise<number> => new Promise((resolve, reject) => {
    const t = target as URL;
    const req = http.request({ host: t.hostname, port: t.port, path: t.pathname, method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
  const send = async (i: number): Promise<Sent> => {
    const pr = prs[i % PRS];
    const body = JSON.stringify({
      action: 'created',
      issue: { id: 1, number: pr.number, title: 'bench', state: 'open', html_url: pr.html, user: { login: 'alice' }, labels: [], pull_request: { url: pr.html } },
      comment: { id: 100000 + i, body: '/test all', user: { login: 'alice' }, html_url: `${pr.html}#issuecomment-${i}` },
      repository: { name: 'repo', full_name: 'org/repo', owner: { login: 'org' }, html_url: `${gh.url}/org/repo` },
    });
    const t0 = performance.now();
    const status = await post(body, {
      'content-type': 'application/json', 'x-github-event': 'issue_comment', 'x-github-delivery': `bench-${i}`, 'x-hub-signature-256': sign(body, SECRET),
    });
    return { ms: performance.now() - t0, status };
  };
  process.on('message', (m: ChildCommand) => {
    switch (m.cmd) {
      case 'target':
        target = new URL(m.url);
        process.send?.('ok');
        return;
      case 'one':
        void send(m.seq).then((r) => process.send?.(r));
        return;
      case 'flood': {
        const answers: number[] = [];
        let refused = 0;
        let next = m.from;
        const end = m.from + m.n;
        const t0 = performance.now();
        void Promise.all(Array.from({ length: m.concurrency }, async () => {
          while (next < end) {
            const r = await send(next++);
            answers.push(r.ms);
            if (r.status !== 200) refused++;
          }
        })).then(() => process.send?.({ answers, refused, secs: (performance.now() - t0) / 1000 }));
        return;
      }
      case 'stop':
        agent.destroy();
        void gh.stop().then(() => process.exit(0));
    }
  });
}

await (CHILD ? serveFakeGitHub() : main());
