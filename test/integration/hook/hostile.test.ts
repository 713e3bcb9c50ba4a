// Signed webhooks written by an attacker, through the real /hook endpoint: prototype names, wrong shapes, loose
// signatures, endless event names. The hook answers each with 200 or 4xx, stays up, and keeps nothing pending.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sign } from '../../../src/github/hmac.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { createMetricsRegistry, type MetricsRegistry } from '../../../src/runtime/metrics.js';
import { FileProwJobStore } from '../../../src/store/file.js';
import type { PluginsConfig } from '../../../src/config/types.js';
import { Hook } from '../../../roles/hook/hook.js';
import { DeliveryLog, QUARANTINE_DIR } from '../../../roles/hook/deliveries.js';

const SECRET = 'hostile-test-secret';

interface Running {
  hook: Hook;
  base: string;
  dir: string;
  metrics: MetricsRegistry;
  stop(): Promise<void>;
}

async function startHook(plugins: PluginsConfig, opts: { configFails?: boolean } = {}): Promise<Running> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hostile-'));
  writeFileSync(path.join(dir, 'hmac'), SECRET);
  const store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
  const metrics = createMetricsRegistry();
  const app = express();
  const hook = new Hook({
    app, plugins: [],
    config: () => {
      if (opts.configFails) throw new Error('config unavailable');
      return { config: {}, plugins };
    },
    github: undefined, store, logger: createRootLogger({ stream: new PassThrough() }), metrics,
    hmacSecretFile: path.join(dir, 'hmac'), deliveriesDir: path.join(dir, 'deliveries'), externalTimeoutMs: 2_000,
  });
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    hook, dir, metrics, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      await hook.stop();
      await store.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function post(base: string, event: string, body: string, signature = sign(body, SECRET), header = 'x-hub-signature-256'): Promise<number> {
  const res = await fetch(`${base}/hook`, {
    method: 'POST', body,
    headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': `guid-${Math.random()}`, [header]: signature },
  });
  await res.text();
  return res.status;
}

const repo = { name: 'x', full_name: 'constructor/x', owner: { login: 'constructor' } };
const comment = JSON.stringify({ action: 'created', issue: { number: 1, user: { login: 'a' } }, comment: { body: '/test', user: { login: 'a' } }, repository: repo });

describe('hostile signed webhooks', () => {
  let h: Running;
  beforeAll(async () => {
    h = await startHook({ external_plugins: { org: [{ name: 'ext', endpoint: 'http://127.0.0.1:9/' }] } });
  });
  afterAll(() => h.stop());

  it('answers prototype names as event types and stays up', async () => {
    for (const t of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) expect(await post(h.base, t, '{}')).toBe(200);
    await h.hook.dispatcher.idle();
    expect(h.hook.deliveries.pending()).toBe(0);
  });

  it('handles an org named constructor (with external plugins configured) and marks it done', async () => {
    expect(await post(h.base, 'issue_comment', comment)).toBe(200);
    await h.hook.dispatcher.idle();
    expect(h.hook.deliveries.pending()).toBe(0);
  });

  it('refuses payloads of the wrong shape with 400 before any plugin', async () => {
    const bad = JSON.stringify({ action: 'created', issue: { number: 1, user: { login: 'a' } }, comment: { body: '/test', user: { login: ['a'] } }, repository: repo });
    expect(await post(h.base, 'issue_comment', bad)).toBe(400);
  });

  it('refuses a signature with an extra hex digit, and a sha1 value in X-Hub-Signature-256', async () => {
    expect(await post(h.base, 'ping', '{}', `${sign('{}', SECRET)}a`)).toBe(403);
    expect(await post(h.base, 'ping', '{}', `${sign('{}', SECRET)}0`)).toBe(403);
    expect(await post(h.base, 'ping', '{}', sign('{}', SECRET, 'sha1'))).toBe(403);
    expect(await post(h.base, 'ping', '{}', sign('{}', SECRET), 'x-hub-signature')).toBe(403);
    expect(await post(h.base, 'ping', '{}', sign('{}', SECRET, 'sha1'), 'x-hub-signature')).toBe(200);
    expect(await post(h.base, 'ping', '{}', sign('{}', SECRET).toUpperCase().replace('SHA256', 'sha256'))).toBe(200);
  });

  it('counts unknown event names under one label value, however many there are', async () => {
    const unknown = async (): Promise<number> => Number(/prow_webhook_counter\{event_type="unknown"\} (\d+)/.exec(await h.metrics.metrics())?.[1] ?? 0);
    const before = await unknown();
    expect(await post(h.base, 'x'.repeat(5_000), '{}')).toBe(200);
    expect(await post(h.base, 'made_up_event', '{}')).toBe(200);
    const text = await h.metrics.metrics();
    expect(text).not.toContain('xxxxxxxxxx');
    expect(text).not.toContain('made_up_event');
    expect(await unknown()).toBe(before + 2);
    expect(text).toMatch(/prow_webhook_counter\{event_type="ping"\} \d+/);
  });
});

describe('a delivery whose handling keeps failing', () => {
  it('is retried, then quarantined with a metric, and never replayed', async () => {
    const h = await startHook({}, { configFails: true });
    try {
      expect(await post(h.base, 'issue_comment', comment)).toBe(200);
      await h.hook.dispatcher.idle();
      expect(h.hook.deliveries.pending()).toBe(0);
      expect(readdirSync(path.join(h.dir, 'deliveries', QUARANTINE_DIR))).toHaveLength(1);
      expect(await h.metrics.metrics()).toMatch(/prow_hook_deliveries_quarantined_total\{reason="failed"\} 1/);
      expect(new DeliveryLog(path.join(h.dir, 'deliveries')).leftovers(10).replay).toEqual([]);
    } finally {
      await h.stop();
    }
  });
});
