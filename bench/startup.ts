// Startup benchmark: time from spawn to /healthz/ready for `prow --role=all` (or $ROLE), idle RSS after it settles,
// and time from SIGTERM to exit. Every port flag the binary has is given 0 (a free port), and the health
// port is read back from the "listening" log line, so the benchmark never collides with a running prow.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'dist', 'src', 'cli', 'main.js');
const RUNS = Number(process.env.RUNS ?? 5);
const ROLE = process.env.ROLE ?? 'all';
const SETTLE_MS = 3000;

function portFlags(): string[] {
  const help = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
  return [...help.matchAll(/--([a-z-]*port) </g)].map((m) => `--${m[1]}=0`);
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function once(ports: string[]): Promise<{ readyMs: number; rss: number; stopMs: number }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'prow-bench-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, `--role=${ROLE}`, `--data-dir=${dataDir}`, ...ports,
    '--config-path', path.join(root, 'examples/local/config.yaml'),
    '--job-config-path', path.join(root, 'examples/local/jobs'),
    '--plugin-config', path.join(root, 'examples/local/plugins.yaml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let healthPort = 0;
  let err = '';
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
    const m = /"port":(\d+),"for":"health"/.exec(err);
    if (m) healthPort = Number(m[1]);
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  let readyMs = NaN;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prow exited early:\n${err}`);
    if (healthPort) {
      const res = await fetch(`http://127.0.0.1:${healthPort}/healthz/ready`).catch(() => undefined);
      if (res?.status === 200) { readyMs = performance.now() - t0; break; }
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const rss = rssMiB(child.pid!);
  const s0 = performance.now();
  child.kill('SIGTERM');
  const code = await exited;
  const stopMs = performance.now() - s0;
  rmSync(dataDir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`prow exited ${code} on SIGTERM:\n${err}`);
  return { readyMs, rss, stopMs };
}

const ports = portFlags();
const results = [];
for (let i = 0; i < RUNS; i++) results.push(await once(ports));
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`startup (--role=${ROLE}, ${RUNS} runs, ${os.cpus().length} cores, node ${process.version})`);
console.log(`  time to ready  median ${med(results.map((r) => r.readyMs)).toFixed(0)} ms  (min ${Math.min(...results.map((r) => r.readyMs)).toFixed(0)}, max ${Math.max(...results.map((r) => r.readyMs)).toFixed(0)})  goal < 2000 ms`);
console.log(`  idle RSS       median ${med(results.map((r) => r.rss)).toFixed(1)} MiB after ${SETTLE_MS} ms  goal < 150 MB`);
console.log(`  SIGTERM → exit median ${med(results.map((r) => r.stopMs)).toFixed(0)} ms`);
