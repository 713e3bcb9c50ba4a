// Catch-up through a GitHub App's own hook (GET /app/hook/deliveries, POST …/attempts) against the fake GitHub, the
// intake ledger across restarts, and poll mode's rate-limit budget.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CaptureServer } from '../../fakes/capture/index.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { createGitHubFactory, type GitHubClientFactory } from '../../../src/github/factory.js';
import { webhookFromPayload } from '../../../src/github/events.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { createMetricsRegistry } from '../../../src/runtime/metrics.js';
import { CatchUp } from '../../../roles/hook/catchup.js';
import { Intake } from '../../../roles/hook/intake-filter.js';
import { IntakeLedger } from '../../../roles/hook/intake-ledger.js';
import { Poller } from '../../../roles/hook/poller.js';
import type { Delivery } from '../../../roles/hook/deliveries.js';

const quiet = createRootLogger({ stream: new PassThrough() });

describe('catch-up with a GitHub App', () => {
  let gh: FakeGitHub;
  let hook: CaptureServer;
  let dir: string;
  let github: GitHubClientFactory;

  beforeAll(async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    dir = mkdtempSync(path.join(os.tmpdir(), 'catchup-'));
    const keyPath = path.join(dir, 'key.pem');
    writeFileSync(keyPath, privateKey.export({ type: 'pkcs1', format: 'pem' }));
    gh = await FakeGitHub.start({ app: { id: 4242, slug: 'prow-app', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() } });
    gh.addOrg('acme', { members: ['alice'] });
    await gh.createRepo('acme', 'widgets', { files: { 'README.md': 'x\n' } });
    gh.addInstallation('acme');
    hook = await CaptureServer.start({ status: 200, body: 'ok' });
    gh.setHook(`${hook.url}/hook`, 'secret');
    github = createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', appId: '4242', appPrivateKeyPath: keyPath }, quiet)!;
  });

  afterAll(async () => {
    await gh.stop();
    await hook.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('redelivers what failed since the last accepted delivery, once, and skips what the hook already has', async () => {
    const metrics = createMetricsRegistry();
    const ledger = new IntakeLedger(path.join(dir, 'ledger'));
    const catchUp = new CatchUp({ github, ledger, plugins: () => ({ plugins: { acme: { plugins: ['trigger'] } } }), logger: quiet, metrics });
    const pr = await gh.openPullRequest('acme', 'widgets', { author: 'alice', files: { 'a.txt': 'a\n' } });
    ledger.accepted(gh.deliveries.at(-1)!.guid, []);

    hook.respond({ status: 503, body: 'down' });
    await gh.comment('acme', 'widgets', pr.number, 'alice', '/test unit');
    await gh.comment('acme', 'widgets', pr.number, 'alice', '/test lint');
    const [slow, missed] = gh.deliveries.slice(-2);
    expect([slow.status, missed.status]).toEqual([503, 503]);
    // The hook took the first in although GitHub saw a failure (a slow answer): it must not come again.
    ledger.accepted(slow.guid, []);
    hook.respond({ status: 200, body: 'ok' });
    hook.clear();

    const result = await catchUp.scan();
    expect(result).toMatchObject({ redelivered: 1, duplicates: 1 });
    expect(result.oldestGapSeconds).toBeGreaterThanOrEqual(0);
    expect(gh.requestsTo('POST', /^\/app\/hook\/deliveries\/\d+\/attempts$/).map((r) => r.path)).toEqual([`/app/hook/deliveries/${missed.id}/attempts`]);
    await gh.flush();
    expect(hook.requests.map((r) => r.headers['x-github-delivery'])).toEqual([missed.guid]);
    expect(gh.deliveries.at(-1)).toMatchObject({ guid: missed.guid, redelivery: true, status: 200 });

    // Each once: another scan (even after a restart of the ledger) asks for nothing more.
    ledger.close();
    const reopened = new IntakeLedger(path.join(dir, 'ledger'));
    const again = await new CatchUp({ github, ledger: reopened, plugins: () => ({}), logger: quiet, metrics }).scan();
    expect(again).toMatchObject({ redelivered: 0 });
    expect(reopened.hasDelivery(slow.guid)).toBe(true);
    expect(gh.requestsTo('POST', /\/attempts$/)).toHaveLength(1);
    const text = await metrics.metrics();
    expect(text).toMatch(/^prow_hook_catchup_redeliveries_requested_total 1$/m);
    expect(text).toMatch(/^prow_hook_duplicate_deliveries_total\{reason="catchup"\} 1$/m);
    reopened.close();
  });
});

describe('poll mode budget', () => {
  let gh: FakeGitHub;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'poll-budget-'));
    gh = await FakeGitHub.start();
    gh.addOrg('acme', { members: ['alice'] });
    await gh.createRepo('acme', 'widgets', { files: { 'README.md': 'x\n' } });
  });

  afterAll(async () => {
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('spends only modified answers, stops at the budget, and the next poll after that costs nothing', async () => {
    const tokenPath = path.join(dir, 'token');
    writeFileSync(tokenPath, 'tok');
    const github = createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath }, quiet)!;
    const metrics = createMetricsRegistry();
    const ledger = new IntakeLedger(path.join(dir, 'ledger'));
    const submitted: Delivery[] = [];
    const make = (budget: number): Poller => new Poller({
      github, plugins: () => ({ plugins: { 'acme/widgets': { plugins: ['trigger'] } } }), intake: new Intake(ledger, metrics, true, 60_000),
      submit: (d) => submitted.push(d), secrets: () => new Map([['*', ['s3cret']]]), stateDir: path.join(dir, 'state'),
      intervalMs: 1000, hourlyBudget: budget, logger: quiet, metrics,
    });
    const poller = make(1_000);
    await poller.pollOnce(); // records where things stand
    const pr = await gh.openPullRequest('acme', 'widgets', { author: 'alice', files: { 'b.txt': 'b\n' } });
    await gh.comment('acme', 'widgets', pr.number, 'alice', '/test all');
    await poller.pollOnce();
    // The PR's head branch is new in the repository: a push, as GitHub would send.
    expect(submitted.map((d) => d.eventType)).toEqual(['pull_request', 'issue_comment', 'push']);
    expect(JSON.parse(submitted[2].body.toString())).toMatchObject({ created: true, before: '0000000000000000000000000000000000000000' });
    const comment = webhookFromPayload('issue_comment', submitted[1].guid, JSON.parse(submitted[1].body.toString()));
    expect(comment.kind === 'issue_comment' && comment.payload.comment.body).toBe('/test all');
    expect(submitted[1].headers['x-hub-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);

    // Nothing changed: once the comment cursor settled (the poll after a new comment lists from its time, a new URL),
    // every request is answered 304 and costs no token.
    await poller.pollOnce();
    const before = gh.rateLimits.core.remaining;
    await poller.pollOnce();
    expect(gh.rateLimits.core.remaining).toBe(before);
    expect(submitted).toHaveLength(3);

    // Closed, then open again: closed, then reopened (not a second "opened", which the ledger would drop).
    await gh.setIssueState('acme', 'widgets', pr.number, 'closed', 'alice');
    await poller.pollOnce();
    await gh.setIssueState('acme', 'widgets', pr.number, 'open', 'alice');
    await poller.pollOnce();
    expect(submitted.slice(3).map((d) => (JSON.parse(d.body.toString()) as { action: string }).action)).toEqual(['closed', 'reopened']);

    // A budget of 2 is spent by the first poll of a new process (no ETags yet); the next poll sends nothing.
    const tight = make(2);
    await tight.pollOnce();
    const sent = gh.requests.length;
    await tight.pollOnce();
    expect(gh.requests.length).toBe(sent);
    expect(await metrics.metrics()).toMatch(/^prow_poll_budget_remaining 0$/m);
    ledger.close();
  });
});
