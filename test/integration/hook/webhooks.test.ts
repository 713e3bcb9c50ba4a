// Every reference webhook body through the real /hook endpoint: signed, badly signed, unsigned, malformed,
// oversized; and handling after the answer, with one crashing plugin that affects nobody else.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sign } from '../../../src/github/hmac.js';
import { createGitHubFactory } from '../../../src/github/factory.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { createMetricsRegistry } from '../../../src/runtime/metrics.js';
import { FileProwJobStore } from '../../../src/store/file.js';
import { definePlugin } from '../../../plugins/types.js';
import type { GenericCommentEvent } from '../../../src/github/events.js';
import { Hook } from '../../../roles/hook/hook.js';
import { DeliveryLog } from '../../../roles/hook/deliveries.js';

const WEBHOOKS = '/work/shared/reference/prow/webhooks';
const EVENT_TYPE: Record<string, string> = {
  'lgtm_comment.json': 'issue_comment',
  'test_comment.json': 'issue_comment',
  'opened_pr.json': 'pull_request',
  'reopened_pr.json': 'pull_request',
  'push.json': 'push',
  'review_approve_submitted.json': 'pull_request_review',
  'review_changes_submitted.json': 'pull_request_review',
  'review_comment_submitted.json': 'pull_request_review',
};
const SECRET = 'hook-test-secret-123';

function listen(app: http.RequestListener): Promise<{ server: http.Server; base: string }> {
  const server = http.createServer(app);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('hook /hook endpoint', () => {
  let dir: string;
  let hook: Hook;
  let hookSrv: { server: http.Server; base: string };
  let ghSrv: { server: http.Server; base: string };
  let extSrv: { server: http.Server; base: string };
  let store: FileProwJobStore;
  const seen: string[] = [];
  const generic: GenericCommentEvent[] = [];
  const forwarded: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const metrics = createMetricsRegistry();

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hook-'));
    writeFileSync(path.join(dir, 'hmac'), `${SECRET}\n`);
    writeFileSync(path.join(dir, 'token'), 'gh-token-abcdef\n');
    // GitHub is only asked for the bot's login here.
    ghSrv = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ login: 'k8s-ci-robot' }));
    });
    extSrv = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        forwarded.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.end('ok');
      });
    });
    store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
    const recorder = definePlugin({
      name: 'recorder',
      description: 'records events',
      commands: [{ regex: /^\/record$/m, usage: '/record', description: 'd', examples: ['/record'], whoCanUse: 'anyone' }],
      handlers: {
        issueComment: async (c) => { seen.push(`issue_comment:${c.guid}`); },
        pullRequest: async (c) => { seen.push(`pull_request:${c.guid}`); },
        review: async (c) => { seen.push(`pull_request_review:${c.guid}`); },
        push: async (c) => { seen.push(`push:${c.guid}`); },
        genericComment: async (c) => { generic.push(c.event); },
      },
    });
    const crasher = definePlugin({
      name: 'crasher',
      description: 'always fails',
      handlers: {
        issueComment: async () => { throw new Error('boom'); },
        pullRequest: () => { throw new Error('sync boom'); },
      },
    });
    const app = express();
    const github = createGitHubFactory({ endpoints: [ghSrv.base], graphqlEndpoint: `${ghSrv.base}/graphql`, host: 'github.com', tokenPath: path.join(dir, 'token') },
      createRootLogger({ stream: new PassThrough() }));
    hook = new Hook({
      app,
      plugins: [crasher, recorder],
      config: () => ({
        config: {},
        plugins: {
          plugins: { kubernetes: { plugins: ['crasher', 'recorder', 'not-a-plugin'] } },
          external_plugins: { 'kubernetes/test-infra': [{ name: 'ext', endpoint: extSrv.base, events: ['issue_comment'] }] },
        },
      }),
      github,
      store,
      logger: createRootLogger({ stream: new PassThrough() }),
      metrics,
      hmacSecretFile: path.join(dir, 'hmac'),
      deliveriesDir: path.join(dir, 'deliveries'),
      maxBodyBytes: 64 * 1024,
    });
    hookSrv = await listen(app);
  });

  afterAll(async () => {
    await hook.stop();
    await store.close();
    for (const s of [hookSrv, ghSrv, extSrv]) {
      s.server.closeAllConnections();
      await new Promise((r) => s.server.close(r));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  async function post(body: Buffer | string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
    const res = await fetch(`${hookSrv.base}/hook`, { method: 'POST', headers, body });
    return { status: res.status, text: await res.text() };
  }
  const headersFor = (event: string, guid: string, body: Buffer | string, secret = SECRET): Record<string, string> => ({
    'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': guid, 'x-hub-signature-256': sign(body, secret),
  });

  it.each(Object.keys(EVENT_TYPE))('accepts a signed %s and hands it to the plugins', async (file) => {
    const body = readFileSync(path.join(WEBHOOKS, file));
    const guid = `guid-${file}`;
    const r = await post(body, headersFor(EVENT_TYPE[file], guid, body));
    expect(r).toEqual({ status: 200, text: 'Event received. Have a nice day.' });
    await hook.dispatcher.idle();
    expect(seen).toContain(`${EVENT_TYPE[file]}:${guid}`);
  });

  it.each(Object.keys(EVENT_TYPE))('refuses %s signed with another secret (403)', async (file) => {
    const body = readFileSync(path.join(WEBHOOKS, file));
    const r = await post(body, headersFor(EVENT_TYPE[file], `bad-${file}`, body, 'not-the-secret'));
    expect(r).toEqual({ status: 403, text: '403 Forbidden: Invalid X-Hub-Signature' });
  });

  it('accepts the sha1 X-Hub-Signature too', async () => {
    const body = readFileSync(path.join(WEBHOOKS, 'push.json'));
    const r = await post(body, { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': 'sha1-guid', 'x-hub-signature': sign(body, SECRET, 'sha1') });
    expect(r.status).toBe(200);
  });

  it('answers missing headers, wrong content type, bad JSON, oversized bodies and other methods as upstream', async () => {
    const body = '{"zen":"x"}';
    const h = headersFor('ping', 'g1', body);
    expect(await post(body, { ...h, 'x-github-event': '' })).toEqual({ status: 400, text: '400 Bad Request: Missing X-GitHub-Event Header' });
    const { 'x-github-delivery': _d, ...noDelivery } = h;
    expect(await post(body, noDelivery)).toEqual({ status: 400, text: '400 Bad Request: Missing X-GitHub-Delivery Header' });
    const { 'x-hub-signature-256': _s, ...unsigned } = h;
    expect(await post(body, unsigned)).toEqual({ status: 403, text: '403 Forbidden: Missing X-Hub-Signature' });
    expect((await post(body, { ...h, 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(400);
    const bad = '{"action": "created", ';
    const r = await post(bad, headersFor('issue_comment', 'g2', bad));
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/not valid JSON/);
    const missing = JSON.stringify({ action: 'created', repository: { full_name: 'a/b', name: 'b' } });
    expect((await post(missing, headersFor('issue_comment', 'g3', missing))).status).toBe(400);
    const big = JSON.stringify({ pad: 'x'.repeat(70 * 1024) });
    expect((await post(big, headersFor('ping', 'g4', big))).status).toBe(413);
    const get = await fetch(`${hookSrv.base}/hook`);
    expect(get.status).toBe(405);
    expect(await get.text()).toBe('405 Method not allowed');
  });

  it('derives the generic comment event and forwards to external plugins with the original body and signature', async () => {
    const body = readFileSync(path.join(WEBHOOKS, 'test_comment.json'));
    const h = headersFor('issue_comment', 'generic-1', body);
    expect((await post(body, h)).status).toBe(200);
    await hook.dispatcher.idle();
    const g = generic.find((e) => e.guid === 'generic-1');
    expect(g).toMatchObject({ isPR: true, action: 'created', number: 947, issueState: 'open', user: { login: expect.any(String) } });
    expect(g?.body).toBe('/area kubectl');
    const f = forwarded.find((x) => x.headers['x-github-delivery'] === 'generic-1');
    expect(f?.body).toBe(body.toString());
    expect(f?.headers['x-hub-signature-256']).toBe(h['x-hub-signature-256']);
    expect(f?.headers['x-github-event']).toBe('issue_comment');
    // push is not in the external plugin's events
    expect(forwarded.some((x) => x.headers['x-github-event'] === 'push')).toBe(false);
  });

  it('counts webhooks, response codes and plugin errors; leaves no delivery files behind', async () => {
    const text = await metrics.metrics();
    expect(text).toMatch(/prow_webhook_counter\{event_type="issue_comment"\} \d+/);
    expect(text).toMatch(/prow_webhook_response_codes\{response_code="403"\} \d+/);
    expect(text).toMatch(/prow_plugin_handle_errors\{event_type="issue_comment",action="created",plugin="crasher",took_action="false"\} \d+/);
    // As upstream: a generic comment handler is labelled with its delivery's X-GitHub-Event (and the generic action),
    // so the PR body's generic comment counts with the pull_request handler's run of the same labels.
    expect(text).toMatch(/prow_plugin_handle_duration_seconds_count\{event_type="pull_request",action="created",plugin="recorder",took_action="false"\} 2/);
    expect(text).toMatch(/prow_plugin_handle_duration_seconds_count\{event_type="issue_comment",action="created",plugin="recorder",took_action="false"\} \d+/);
    expect(text).not.toContain('GenericCommentEvent');
    expect(hook.deliveries.pending()).toBe(0);
  });

  it('serves plugin help in upstream\'s shape', async () => {
    const res = await fetch(`${hookSrv.base}/plugin-help`);
    const h = (await res.json()) as Record<string, unknown>;
    expect(h.AllRepos).toEqual(['kubernetes', 'kubernetes/test-infra']);
    expect(h.RepoPlugins).toEqual({ kubernetes: ['crasher', 'recorder', 'not-a-plugin'] });
    expect(h.RepoExternalPlugins).toEqual({ 'kubernetes/test-infra': ['ext'] });
    expect((h.PluginHelp as Record<string, { Events: string[]; Commands?: unknown[] }>).recorder.Events).toContain('issue_comment');
    expect((h.PluginHelp as Record<string, { Commands?: unknown[] }>).recorder.Commands).toHaveLength(1);
  });

  it('replays deliveries a previous process accepted but did not finish', async () => {
    const body = readFileSync(path.join(WEBHOOKS, 'push.json'));
    // An earlier process: one delivery handled, one not, and a line torn by a crash.
    const log = new DeliveryLog(path.join(dir, 'deliveries'));
    log.done(log.save({ eventType: 'push', guid: 'handled-before', headers: {}, body, receivedAt: new Date().toISOString() }));
    log.save({ eventType: 'push', guid: 'left-over', headers: {}, body, receivedAt: new Date().toISOString() });
    const segment = readdirSync(path.join(dir, 'deliveries')).filter((f) => f.endsWith('.log')).sort().at(-1) as string;
    appendFileSync(path.join(dir, 'deliveries', segment), '{"t":"d","id":9,"eventT');
    expect(await hook.replay()).toBe(1);
    await hook.dispatcher.idle();
    expect(seen).toContain('push:left-over');
    expect(seen).not.toContain('push:handled-before');
    expect(hook.deliveries.pending()).toBe(0);
    expect(readdirSync(path.join(dir, 'deliveries'))).not.toContain(segment);
  });
});
