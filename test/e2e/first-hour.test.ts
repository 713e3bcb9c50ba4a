// The first hour with the built binary on the example config, as a new user meets it: a quiet start, a hook that
// takes signed test webhooks without any secret set up, phony saying why a hook is unreachable, a busy port that
// fails the start before any job is created, crier reporting to GitHub without extra flags, and mkpod output that
// warns about what is missing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeGitHub } from '../fakes/github/index.js';
import { REPO_ROOT, requireBinary } from './binary.js';
import { done, freePort, Prow, seen, waitFor } from './harness.js';

const EXAMPLE = ['--config-path', 'examples/local/config.yaml', '--job-config-path', 'examples/local/jobs', '--plugin-config', 'examples/local/plugins.yaml'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function prow(args: string[], opts: { timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [requireBinary(), ...args], { cwd: REPO_ROOT, timeout: opts.timeoutMs ?? 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

interface Started {
  child: ChildProcess;
  log: () => string;
  ports: { deck: number; hook: number; health: number; metrics: number };
  exited: Promise<number | null>;
}

async function startAllInOne(dataDir: string, ports?: Started['ports']): Promise<Started> {
  const p = ports ?? { deck: await freePort(), hook: await freePort(), health: await freePort(), metrics: await freePort() };
  const child = spawn(process.execPath, [requireBinary(), '--role=all', ...EXAMPLE, '--data-dir', dataDir,
    '--deck-port', String(p.deck), '--hook-port', String(p.hook), '--health-port', String(p.health), '--metrics-port', String(p.metrics)], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    log += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, log: () => log, ports: p, exited };
}

async function stop(s: Started): Promise<void> {
  if (s.child.exitCode === null) s.child.kill('SIGTERM');
  await s.exited;
}

describe('the first hour with the example config', () => {
  let dataDir: string;
  let s: Started;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'prow-first-hour-'));
    s = await startAllInOne(dataDir);
    await waitFor('ready', async () => {
      const r = await fetch(`http://127.0.0.1:${s.ports.health}/healthz/ready`).catch(() => undefined);
      return r?.status === 200 ? done(true) : seen(r?.status ?? 'no answer');
    }, { context: s.log });
  });
  afterAll(async () => {
    await stop(s);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts without warnings about its own example config, as checkconfig --strict finds none', async () => {
    expect(s.log()).not.toContain('config warning');
    expect(s.log()).toContain(`open http://localhost:${s.ports.deck}/github-app in a browser on this machine`);
    const check = await prow(['checkconfig', ...EXAMPLE, '--strict']);
    expect(check).toMatchObject({ code: 0, stderr: '' });
    expect(check.stdout.trim()).toBe('0 presubmits, 0 postsubmits, 1 periodics, 0 repos');
  });

  it('takes a signed test webhook at once: the hook keeps a generated secret under the data dir', async () => {
    const secret = path.join(dataDir, 'hook', 'hmac');
    expect(s.log()).toContain(`webhooks must be signed with the secret in ${secret}`);
    const ok = await prow(['phony', '--address', `http://127.0.0.1:${s.ports.hook}/hook`, '--hmac-path', secret]);
    expect(ok).toMatchObject({ code: 0, stdout: '200 Event received. Have a nice day.\n' });
    const wrong = await prow(['phony', '--address', `http://127.0.0.1:${s.ports.hook}/hook`]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/^403 /);
  });

  it('phony says why a hook cannot be reached, not just "fetch failed"', async () => {
    const port = await freePort();
    const r = await prow(['phony', '--address', `http://127.0.0.1:${port}/hook`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot reach http://127.0.0.1:${port}/hook (ECONNREFUSED): nothing listens there; is the hook running`);
  });

  it('mkpod warns about missing utility images, prints no YAML anchors and resolves the timeout', async () => {
    const pj = path.join(dataDir, 'pj.yaml');
    const mkpj = await prow(['mkpj', ...EXAMPLE, '--job', 'echo-test']);
    expect(mkpj.code).toBe(0);
    writeFileSync(pj, mkpj.stdout);
    const pod = await prow(['mkpod', '--prow-job', pj]);
    expect(pod.code).toBe(0);
    expect(pod.stderr).toContain('warning: no image for initupload, place-entrypoint, sidecar:');
    expect(pod.stdout).not.toMatch(/[&*]a\d+\b/);
    expect(pod.stdout).toContain('"timeout":7200000000000');
  });
});

describe('a start that cannot bind its ports', () => {
  it('fails before any role created a ProwJob', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'prow-busy-'));
    const busy = http.createServer();
    await new Promise<void>((r) => busy.listen(0, '0.0.0.0', r));
    const deck = (busy.address() as { port: number }).port;
    try {
      const s = await startAllInOne(dataDir, { deck, hook: await freePort(), health: await freePort(), metrics: await freePort() });
      const code = await s.exited;
      expect(code).not.toBe(0);
      expect(s.log()).toContain(`deck: cannot listen on port ${deck}: address already in use`);
      expect(s.log()).not.toContain('Triggering new run of periodic');
      expect(readdirSync(path.join(dataDir, 'prowjobs')).filter((f) => f.endsWith('.json'))).toEqual([]);
    } finally {
      busy.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('--role=all with GitHub credentials', () => {
  let gh: FakeGitHub;
  let p: Prow | undefined;
  beforeAll(async () => {
    gh = await FakeGitHub.start();
    p = await Prow.start({ github: gh });
  });
  afterAll(async () => {
    await p?.stop();
    await gh.stop();
  });

  it('reports to GitHub without --github-workers', () => {
    expect(p!.args.join(' ')).not.toContain('--github-workers');
    expect(p!.logTail(200)).toMatch(/"reporter":"github-reporter","workers":1,"msg":"reporter started"/);
  });
});
