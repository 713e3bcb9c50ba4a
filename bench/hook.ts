// The hook as GitHub sees it: the built `prow --role=hook` binary in its own process (so CPU and RSS are the hook's
// own), the fake GitHub in this process, the load generator in a worker thread (keep-alive, 32 connections, unique
// delivery IDs, both signatures). Config: trigger for org/repo, five always-run presubmits. Two workloads, each on a
// fresh hook, repeated for `rounds` rounds; medians are printed:
//   A. 5,000 comments that trigger nothing (on 50 PRs);
//   B. 500 `/test all` comments on 50 PRs.
// Each round first sends BENCH_WARMUP (default 2,000) comments that trigger nothing to the fresh hook and waits until
// they are handled, so the measured workload meets a process that has compiled its hot paths, as a hook that has
// run for a while has; the warm-up's own figures are printed too (`cold:`), since that is what a fresh process does.
// Per workload: acknowledged req/s and answer p50/p99 (client side), hook CPU per delivery (utime + stime of the hook
// process from the first send until every delivery is handled), GitHub requests per delivery (the fake's request
// log, 304s included), deliveries handled per second (first send → the hook's prow_plugin_handle_duration_seconds
// count for trigger's comment handler reaches the total) and the hook's RSS after.
// Run: `npm run build && node dist/bench/hook.js [rounds] [-- extra hook flags]`. HOOK_NODE_ARGS adds node options
// for the hook (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`; the hook is stopped with SIGTERM so profiles get written).
// `HOOK_BIN=dist/bench/hook-floor.js` runs a bare node:http intake instead: the ceiling of any Node hook here.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { FakeGitHub } from '../test/fakes/github/index.js';
import { sign } from '../src/github/hmac.js';
import { freePort } from '../test/support/free-port.js';
import { fileSystemOf } from './file-system.js';
import { median, percentile } from './stats.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// HOOK_BIN: another build of the binary (e.g. main's, for before/after figures from the same load generator), or an
// executable taking the same flags (e.g. a script that runs upstream's hook with them), started directly.
const bin = process.env.HOOK_BIN ?? path.join(root, 'dist', 'src', 'cli', 'main.js');
const binIsScript = bin.endsWith('.js');
const SECRET = 'bench-hmac-secret';
const PRS = 50;
const PRESUBMITS = 5;
const CONNECTIONS = 32;
const HANDLE_TIMEOUT_MS = 300_000;
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2000);

interface Workload {
  name: string;
  deliveries: number;
  body: (i: number) => string;
}

const ALL_WORKLOADS: Workload[] = [
  { name: `A. 5,000 comments that trigger nothing (${PRS} PRs)`, deliveries: 5000, body: (i) => `looks good to me, thanks (${i})` },
  { name: `B. 500 /test all on ${PRS} PRs, ${PRESUBMITS} presubmits`, deliveries: 500, body: () => '/test all' },
];

/** BENCH_WORKLOADS=A or B runs only that one. */
const WORKLOADS = ALL_WORKLOADS.filter((w) => !process.env.BENCH_WORKLOADS || process.env.BENCH_WORKLOADS.includes(w.name[0]));

interface Flood {
  answers: number[];
  refused: number;
  secs: number;
}

/** What the load generator sends: `n` deliveries with these comment bodies, delivery and comment IDs from `seqBase`. */
interface FloodOrder {
  url: string;
  prs: PR[];
  n: number;
  seqBase: number;
  bodies: string[];
}

interface Round {
  /** The warm-up, which met a fresh process: acknowledged req/s and answer p50/p99. */
  cold: { reqPerSec: number; p50: number; p99: number };
  reqPerSec: number;
  p50: number;
  p99: number;
  cpuMsPerDelivery: number;
  githubPerDelivery: number;
  handledPerSec: number;
  rssMiB: number;
  idleRssMiB: number;
  refused: number;
}

interface PR {
  number: number;
  html: string;
}

/** CPU time (user + system) of a process so far, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // After "pid (comm) ": state is field 0, utime field 11, stime field 12, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return kb / 1024;
}

/** Deliveries trigger's comment handler finished, from the hook's own metrics. */
async function handled(metricsPort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  let n = 0;
  for (const m of text.matchAll(/^prow_plugin_handle_duration_seconds_count\{([^}]*)\} (\d+)/gm)) {
    // Upstream labels a generic comment handler with the delivery's X-GitHub-Event (issue_comment here); builds of
    // ours before 2026-12 labelled it GenericCommentEvent.
    if (/event_type="(issue_comment|GenericCommentEvent)"/.test(m[1]) && m[1].includes('plugin="trigger"')) n += Number(m[2]);
  }
  return n;
}

interface Hook {
  child: ChildProcess;
  url: string;
  metricsPort: number;
  dir: string;
}

async function startHook(gh: FakeGitHub, extraFlags: string[]): Promise<Hook> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-hook-'));
  const jobs = Array.from({ length: PRESUBMITS }, (_, i) => `  - name: pull-bench-${i}\n    always_run: true\n    spec: {containers: [{image: alpine, command: [echo]}]}\n`).join('');
  writeFileSync(path.join(dir, 'config.yaml'), `presubmits:\n  org/repo:\n${jobs}`);
  writeFileSync(path.join(dir, 'plugins.yaml'), 'plugins:\n  org/repo: [trigger]\n');
  writeFileSync(path.join(dir, 'hmac'), SECRET);
  writeFileSync(path.join(dir, 'token'), 'bench-token-value');
  const [hookPort, healthPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const nodeArgs = (process.env.HOOK_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const [cmd, ...prefix] = binIsScript ? [process.execPath, ...nodeArgs, bin] : [bin];
  const child = spawn(cmd!, [...prefix, '--role=hook', `--data-dir=${path.join(dir, 'data')}`,
    '--config-path', path.join(dir, 'config.yaml'), '--plugin-config', path.join(dir, 'plugins.yaml'),
    '--hmac-secret-file', path.join(dir, 'hmac'), '--github-token-path', path.join(dir, 'token'),
    '--github-endpoint', gh.url, '--github-graphql-endpoint', gh.graphqlUrl,
    `--hook-port=${hookPort}`, `--health-port=${healthPort}`, `--metrics-port=${metricsPort}`, ...extraFlags,
  ], { stdio: ['ignore', 'pipe', 'pipe'], cwd: process.env.HOOK_SNAPSHOT ?? process.cwd() });
  // Logs are read and dropped, as a log collector would.
  let err = '';
  child.stdout?.resume();
  child.stderr?.on('data', (c: Buffer) => {
    if (err.length < 20_000) err += c.toString();
  });
  for (;;) {
    if (child.exitCode !== null) {
      await new Promise((r) => setTimeout(r, 200)); // the rest of its stderr
      throw new Error(`the hook exited early (${child.exitCode}):\n${err}`);
    }
    const res = await fetch(`http://127.0.0.1:${healthPort}/healthz/ready`).catch(() => undefined);
    if (res?.status === 200) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, url: `http://127.0.0.1:${hookPort}/hook`, metricsPort, dir };
}

async function stopHook(h: Hook): Promise<void> {
  const exited = new Promise((r) => h.child.once('exit', r));
  h.child.kill('SIGTERM');
  const killer = setTimeout(() => h.child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(killer);
  rmSync(h.dir, { recursive: true, force: true });
}

/** HOOK_SNAPSHOT=DIR (with HOOK_NODE_ARGS=--heapsnapshot-signal=SIGUSR2): heap snapshots of the idle and loaded hook. */
async function heapSnapshot(hook: Hook): Promise<void> {
  const dir = process.env.HOOK_SNAPSHOT as string;
  const before = new Set(readdirSync(dir));
  hook.child.kill('SIGUSR2');
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const made = readdirSync(dir).filter((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
    // Written once its size stops changing.
    if (made.length > 0) {
      const size = statSync(path.join(dir, made[0])).size;
      await new Promise((r) => setTimeout(r, 1000));
      if (statSync(path.join(dir, made[0])).size === size && size > 0) return;
    }
  }
}

/** Runs the load generator in a worker thread. */
function sendFlood(order: FloodOrder): Promise<Flood> {
  return new Promise<Flood>((resolve, reject) => {
    const worker = new Worker(fileURLToPath(import.meta.url), { workerData: order });
    worker.once('message', (m) => resolve(m as Flood));
    worker.once('error', reject);
  });
}

/** Waits until the hook has handled `total` comments; scraped not too often, since a scrape costs the hook CPU too. */
async function handledReaches(hook: Hook, total: number, t0: number): Promise<void> {
  for (;;) {
    if (await handled(hook.metricsPort) >= total) return;
    if (performance.now() - t0 > HANDLE_TIMEOUT_MS) throw new Error(`only ${await handled(hook.metricsPort)} of ${total} handled`);
    await new Promise((r) => setTimeout(r, Math.min(500, Math.max(50, (performance.now() - t0) / 20))));
  }
}

async function runRound(gh: FakeGitHub, prs: PR[], w: Workload, seqBase: number, extraFlags: string[]): Promise<Round> {
  const hook = await startHook(gh, extraFlags);
  try {
    // Settle after start-up (config load, JIT of the start path) before measuring.
    await new Promise((r) => setTimeout(r, 1000));
    const pid = hook.child.pid as number;
    const idleRss = rssMiB(pid);
    if (process.env.HOOK_SNAPSHOT) await heapSnapshot(hook);
    const warm = await sendFlood({ url: hook.url, prs, n: WARMUP, seqBase,
      bodies: Array.from({ length: WARMUP }, (_, i) => `warming up (${i})`) });
    await handledReaches(hook, WARMUP, performance.now());
    const requests0 = gh.requests.length;
    const cpu0 = cpuMs(pid);
    const t0 = performance.now();
    const flood = await sendFlood({ url: hook.url, prs, n: w.deliveries, seqBase: seqBase + WARMUP,
      bodies: Array.from({ length: w.deliveries }, (_, i) => w.body(i)) });
    await handledReaches(hook, WARMUP + w.deliveries, t0);
    const handledSecs = (performance.now() - t0) / 1000;
    const cpu = cpuMs(pid) - cpu0;
    // Let any in-flight GitHub request land in the log before counting.
    await new Promise((r) => setTimeout(r, 200));
    const ghRequests = gh.requests.length - requests0;
    const rss = rssMiB(pid);
    if (process.env.HOOK_SNAPSHOT) await heapSnapshot(hook);
    return {
      cold: { reqPerSec: WARMUP / warm.secs, p50: percentile(warm.answers, 50), p99: percentile(warm.answers, 99) },
      reqPerSec: w.deliveries / flood.secs,
      p50: percentile(flood.answers, 50),
      p99: percentile(flood.answers, 99),
      cpuMsPerDelivery: cpu / w.deliveries,
      githubPerDelivery: ghRequests / w.deliveries,
      handledPerSec: w.deliveries / handledSecs,
      rssMiB: rss,
      idleRssMiB: idleRss,
      refused: flood.refused,
    };
  } finally {
    await stopHook(hook);
  }
}

async function main(): Promise<void> {
  const dash = process.argv.indexOf('--');
  const args = dash >= 0 ? process.argv.slice(2, dash) : process.argv.slice(2);
  const extraFlags = dash >= 0 ? process.argv.slice(dash + 1) : [];
  const rounds = Number(args[0] ?? 3);
  const gh = await FakeGitHub.start({ rateLimits: { core: 100_000_000, graphql: 100_000_000 } });
  gh.addOrg('org', { members: ['alice'] });
  await gh.createRepo('org', 'repo', { files: { 'README.md': 'bench\n' }, defaultBranch: 'main' });
  const prs: PR[] = [];
  for (let i = 0; i < PRS; i++) {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { [`src/f${i}.go`]: 'package f\n' } });
    prs.push({ number: pr.number, html: `${gh.url}/org/repo/pull/${pr.number}` });
  }
  await gh.flush();
  console.log(`hook bench: built binary as its own process (${extraFlags.join(' ') || 'default flags'}), fake GitHub, trigger on org/repo with ${PRESUBMITS} presubmits, `
    + `${CONNECTIONS} keep-alive connections, ${rounds} round(s), medians; ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}; `
    + `data dir under ${os.tmpdir()} (${fileSystemOf(os.tmpdir())})`);
  let seq = 0;
  for (const w of WORKLOADS) {
    const rs: Round[] = [];
    for (let r = 0; r < rounds; r++) {
      rs.push(await runRound(gh, prs, w, seq, extraFlags));
      seq += WARMUP + w.deliveries;
    }
    const m = (f: (r: Round) => number): number => median(rs.map(f));
    console.log(w.name);
    if (WARMUP > 0) console.log(`  cold: the first ${WARMUP} deliveries of a fresh hook (warm-up, trigger nothing): ${m((r) => r.cold.reqPerSec).toFixed(0)} req/s; answer p50 ${m((r) => r.cold.p50).toFixed(1)} ms, p99 ${m((r) => r.cold.p99).toFixed(1)} ms`);
    console.log(`  acknowledged ${m((r) => r.reqPerSec).toFixed(0)} req/s (${rs.reduce((a, r) => a + r.refused, 0)} refused); answer p50 ${m((r) => r.p50).toFixed(1)} ms, p99 ${m((r) => r.p99).toFixed(1)} ms`);
    console.log(`  hook CPU ${m((r) => r.cpuMsPerDelivery).toFixed(3)} ms per delivery; GitHub requests per delivery ${m((r) => r.githubPerDelivery).toFixed(2)}`);
    console.log(`  handled ${m((r) => r.handledPerSec).toFixed(1)} deliveries/s; hook RSS after ${m((r) => r.rssMiB).toFixed(1)} MiB (idle before: ${m((r) => r.idleRssMiB).toFixed(1)} MiB)`);
  }
  await gh.stop();
}

/** The load generator (a worker thread): `n` signed issue_comment deliveries over 32 keep-alive connections. */
async function flood(): Promise<void> {
  const { url, prs, n, seqBase, bodies } = workerData as FloodOrder;
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const payloads = bodies.map((text, i) => {
    const pr = prs[i % prs.length];
    const id = seqBase + i;
    return JSON.stringify({
      action: 'created',
      issue: { id: pr.number, number: pr.number, title: 'bench', state: 'open', html_url: pr.html, user: { login: 'alice' }, labels: [], pull_request: { url: pr.html } },
      comment: { id: 100000 + id, body: text, user: { login: 'alice' }, html_url: `${pr.html}#issuecomment-${id}` },
      repository: { name: 'repo', full_name: 'org/repo', owner: { login: 'org' }, html_url: `${url}/org/repo` },
      sender: { login: 'alice' },
    });
  });
  const post = (i: number): Promise<number> => new Promise((resolve, reject) => {
    const body = payloads[i];
    const req = http.request({
      host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
      headers: {
        'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-github-event': 'issue_comment',
        'x-github-delivery': `bench-${seqBase + i}`, 'x-hub-signature-256': sign(body, SECRET), 'x-hub-signature': sign(body, SECRET, 'sha1'),
      },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
  const answers: number[] = [];
  let refused = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (next < n) {
      const i = next++;
      const s = performance.now();
      const status = await post(i);
      answers.push(performance.now() - s);
      if (status !== 200) refused++;
    }
  }));
  const secs = (performance.now() - t0) / 1000;
  agent.destroy();
  parentPort?.postMessage({ answers, refused, secs } satisfies Flood);
}

await (isMainThread ? main() : flood());
