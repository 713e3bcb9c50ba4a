import { describe, it, expect, afterEach } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ABORTED_ERROR_CODE, INTERNAL_ERROR_CODE, runEntrypoint } from '../../../src/executor/podutils/entrypoint.js';
import { alive } from '../../integration/executor/harness.js';

const dirs: string[] = [];
afterEach(async () => {
  while (dirs.length) await rm(dirs.pop()!, { recursive: true, force: true });
});
async function tmp(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'entrypoint-'));
  dirs.push(d);
  return d;
}
const ms = 1_000_000;


describe('entrypoint', () => {
  it('records output and the exit code', async () => {
    const d = await tmp();
    const opts = { args: ['sh', '-c', 'echo out; echo err >&2; exit 3'], process_log: path.join(d, 'log.txt'), marker_file: path.join(d, 'marker.txt'), artifact_dir: path.join(d, 'artifacts') };
    const r = await runEntrypoint(opts, { tee: false });
    expect(r.code).toBe(3);
    expect(await readFile(opts.marker_file, 'utf8')).toBe('3');
    const log = await readFile(opts.process_log, 'utf8');
    expect(log).toContain('out\n');
    expect(log).toContain('err\n');
  });

  it('terminates on timeout with SIGTERM and then kills after the grace period', async () => {
    const d = await tmp();
    const pidFile = path.join(d, 'child.pid');
    // The command ignores SIGTERM (it notes it) and its background child keeps running: both must die.
    const script = `trap 'echo got-term' TERM; sleep 30 & echo $! > ${pidFile}; while true; do sleep 0.1; done`;
    const opts = { args: ['sh', '-c', script], process_log: path.join(d, 'log.txt'), marker_file: path.join(d, 'marker.txt'), timeout: 500 * ms, grace_period: 500 * ms };
    const r = await runEntrypoint(opts, { tee: false });
    expect(r.timedOut).toBe(true);
    expect(r.code).toBe(INTERNAL_ERROR_CODE);
    const log = await readFile(opts.process_log, 'utf8');
    expect(log).toContain('Process did not finish before 500ms timeout');
    expect(log).toContain('got-term');
    expect(log).toContain('grace period');
    const bg = Number(await readFile(pidFile, 'utf8'));
    for (let i = 0; i < 50 && alive(bg); i++) await new Promise((res) => setTimeout(res, 50));
    expect(alive(bg)).toBe(false);
  });

  it('an abort stops the command and records the aborted code', async () => {
    const d = await tmp();
    const ac = new AbortController();
    const opts = { args: ['sleep', '30'], process_log: path.join(d, 'log.txt'), marker_file: path.join(d, 'marker.txt') };
    const running = runEntrypoint(opts, { tee: false, signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    const r = await running;
    expect(r.aborted).toBe(true);
    expect(await readFile(opts.marker_file, 'utf8')).toBe(String(ABORTED_ERROR_CODE));
  });

  it('a command that cannot start is an internal error', async () => {
    const d = await tmp();
    const opts = { args: [path.join(d, 'no-such-binary')], process_log: path.join(d, 'log.txt'), marker_file: path.join(d, 'marker.txt') };
    const r = await runEntrypoint(opts, { tee: false });
    expect(r.code).toBe(INTERNAL_ERROR_CODE);
    expect(await readFile(opts.process_log, 'utf8')).toContain('Error executing test process');
  });
});
