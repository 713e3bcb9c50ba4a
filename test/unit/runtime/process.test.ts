import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startProcess } from '../../../src/runtime/process.js';
import { Flags } from '../../../src/runtime/flags.js';
import type { Role, RoleContext, Stopper } from '../../../src/runtime/role.js';

function flagsFor(dataDir: string, extra: Record<string, string | number | boolean> = {}): Flags {
  return new Flags({ 'data-dir': dataDir, 'health-port': 0, 'metrics-port': 0, 'grace-period': '2s', 'log-level': 'info', ...extra });
}

function logSink(): { stream: PassThrough; lines: () => Record<string, unknown>[] } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => { text += c.toString(); });
  return { stream, lines: () => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** A role whose start and stop the test controls. */
function controlledRole(name: string) {
  let releaseStart!: () => void;
  const startGate = new Promise<void>((r) => { releaseStart = r; });
  const events: string[] = [];
  let ctxSeen: RoleContext | undefined;
  const role: Role = {
    name,
    description: `test role ${name}`,
    flags: [],
    singleton: false,
    async start(ctx): Promise<Stopper> {
      ctxSeen = ctx;
      events.push('start');
      await startGate;
      ctx.logger.info('working', { org: 'o' });
      return { stop: async () => { events.push('stop'); } };
    },
  };
  return { role, releaseStart, events, ctx: () => ctxSeen };
}

async function get(port: number, p: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${p}`);
  return { status: res.status, body: await res.text() };
}

async function waitUntil(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error('condition never became true');
}

describe('startProcess', () => {
  it('is live at once, ready only after every role started, not ready once shutdown begins', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'prow-rt-'));
    const a = controlledRole('alpha');
    const logs = logSink();
    const starting = startProcess([a.role], flagsFor(dir), { logStream: logs.stream });
    await waitUntil(() => a.events.includes('start'));
    const healthPort = a.ctx()!.http.port('health')!;
    expect((await get(healthPort, '/healthz')).status).toBe(200);
    const before = await get(healthPort, '/healthz/ready');
    expect(before.status).toBe(503);
    a.releaseStart();
    const proc = await starting;
    expect((await get(healthPort, '/healthz/ready')).status).toBe(200);

    const metricsPort = proc.ctx.http.port('metrics')!;
    const metrics = await get(metricsPort, '/metrics');
    expect(metrics.body).toMatch(/^prow_version\{version="\d+\.\d+\.\d+"\} \d+$/m);
    expect(metrics.body).toContain('process_resident_memory_bytes');

    const stopped = proc.stop();
    expect(proc.readiness.isReady()).toBe(false);
    await stopped;
    expect(a.events).toEqual(['start', 'stop']);
    expect(proc.ctx.shutdown.aborted).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes JSON log lines with time, level, component and msg', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'prow-rt-'));
    const a = controlledRole('alpha');
    a.releaseStart();
    const logs = logSink();
    const proc = await startProcess([a.role], flagsFor(dir), { logStream: logs.stream });
    await proc.stop();
    const working = logs.lines().find((l) => l.msg === 'working');
    expect(working).toEqual({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: 'info', component: 'alpha', org: 'o', msg: 'working' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops roles in reverse start order and gives up on a role that overruns the grace period', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'prow-rt-'));
    const order: string[] = [];
    const quick: Role = { name: 'quick', description: '', flags: [], singleton: false,
      start: async () => ({ stop: async () => { order.push('quick'); } }) };
    const stuck: Role = { name: 'stuck', description: '', flags: [], singleton: false,
      start: async () => ({ stop: () => new Promise<void>(() => { order.push('stuck'); }) }) };
    const logs = logSink();
    const proc = await startProcess([quick, stuck], flagsFor(dir, { 'grace-period': '200ms' }), { logStream: logs.stream });
    await proc.stop();
    expect(order).toEqual(['stuck', 'quick']);
    expect(logs.lines().some((l) => l.msg === 'grace period over; stopping anyway')).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails to start with the role error and leaves no server listening', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'prow-rt-'));
    const broken: Role = { name: 'broken', description: '', flags: [], singleton: false,
      start: async () => { throw new Error('cannot reach the thing'); } };
    const logs = logSink();
    await expect(startProcess([broken], flagsFor(dir), { logStream: logs.stream })).rejects.toThrow('cannot reach the thing');
    // Errors are logged with their message and stack.
    const failed = logs.lines().find((l) => l.msg === 'start failed') as { error?: { message?: string; stack?: string } } | undefined;
    expect(failed?.error?.message).toBe('cannot reach the thing');
    expect(failed?.error?.stack).toContain('cannot reach the thing');
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes the leader lease before starting a singleton role', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'prow-rt-'));
    const calls: string[] = [];
    const single: Role = { name: 'solo', description: '', flags: [], singleton: true,
      start: async () => { calls.push('start'); return { stop: async () => {} }; } };
    const logs = logSink();
    const proc = await startProcess([single], flagsFor(dir), {
      logStream: logs.stream,
      leader: { acquire: async (role) => { calls.push(`acquire:${role}`); }, release: async () => { calls.push('release'); } },
    });
    await proc.stop();
    expect(calls).toEqual(['acquire:solo', 'start', 'release']);
    rmSync(dir, { recursive: true, force: true });
  });
});
