// The README's Start section, run as written on a clean clone of this repository's committed state: `npm ci`,
// `npm start` (with ports and data dir passed after `--`, as the README says to add flags, so it cannot collide
// with anything else on the machine), Deck answering, and the README's `prow …` block in a plain shell exactly
// as spelled. `npm test` is not run again from inside the suite; its script is checked against what the README
// says it does. One clone and one `npm ci` (npm's cache is preferred, so only a cold cache downloads).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './binary.js';
import { done, freePort, seen, waitFor } from './harness.js';

/** The fenced sh blocks of the README's `## Start` section. */
export function startBlocks(readme: string): string[] {
  const start = readme.indexOf('\n## Start');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

const withoutComment = (line: string): string => line.replace(/\s+#.*$/, '').trim();

describe('README Start on a clean clone', () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const blocks = startBlocks(readme);
  const first = (blocks[0] ?? '').split('\n').map(withoutComment).filter(Boolean);
  const prowBlock = blocks.find((b) => b.includes('export PATH')) ?? '';
  let dir: string;
  let clone: string;
  let start: ChildProcess | undefined;
  let log = '';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'prow-readme-'));
    clone = path.join(dir, 'prow');
    const c = await run('git', ['clone', '--quiet', REPO_ROOT, clone], dir, 120_000);
    expect(c).toMatchObject({ code: 0 });
  }, 180_000);
  afterAll(async () => {
    if (start?.pid !== undefined && start.exitCode === null) {
      // npm and the node process it started: the whole group this test created.
      process.kill(-start.pid, 'SIGTERM');
      await new Promise((r) => start?.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('spells the start and test commands, and the prow block, as this test runs them', () => {
    expect(first).toEqual(['npm ci && npm start', 'npm ci && npm test']);
    expect(prowBlock.split('\n')[0]).toBe('export PATH="$PWD/bin:$PATH"');
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    // "build, typecheck, lint and the Jest suite"
    expect(pkg.scripts.test).toBe('npm run build && npm run typecheck && npm run lint && NODE_OPTIONS=--experimental-vm-modules jest');
  });

  it('npm ci, npm start, Deck answers, and the README\'s prow command works in a plain shell', async () => {
    const ci = await run('npm', ['ci'], clone, 1_500_000);
    expect({ code: ci.code, tail: ci.code === 0 ? '' : ci.out.slice(-3000) }).toEqual({ code: 0, tail: '' });

    const ports = { deck: await freePort(), hook: await freePort(), health: await freePort(), metrics: await freePort() };
    start = spawn('npm', ['start', '--', '--data-dir', path.join(dir, 'data'), '--deck-port', String(ports.deck), '--hook-port', String(ports.hook),
      '--health-port', String(ports.health), '--metrics-port', String(ports.metrics)], { cwd: clone, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    start.stdout?.setEncoding('utf8').on('data', (d: string) => { log += d; });
    start.stderr?.setEncoding('utf8').on('data', (d: string) => { log += d; });
    await waitFor('npm start to be ready', async () => {
      const r = await fetch(`http://127.0.0.1:${ports.health}/healthz/ready`).catch(() => undefined);
      return r?.status === 200 ? done(true) : seen(r?.status ?? 'no answer');
    }, { timeoutMs: 120_000, context: () => log.slice(-3000) });
    const deck = await fetch(`http://127.0.0.1:${ports.deck}/`);
    expect(deck.status).toBe(200);
    expect(await deck.text()).toContain('<title>Prow Status</title>');

    // The block exactly as the README spells it, in a shell that has never heard of prow.
    const shell = await run('/bin/sh', ['-c', `set -e\n${prowBlock}`], clone, 120_000);
    expect(shell).toEqual({ code: 0, out: '0 presubmits, 0 postsubmits, 1 periodics, 0 repos\n' });
  }, 1_800_000);
});
