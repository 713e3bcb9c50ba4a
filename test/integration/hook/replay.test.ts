// A delivery handled again (replayed after a kill between creating its ProwJobs and marking it done, or redelivered
// by GitHub with the same X-GitHub-Delivery) creates each requested ProwJob once: the name is derived from the
// delivery and the job, and a create that finds it already there is the same job.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeGitHub } from '../../fakes/github/index.js';
import { loadConfig } from '../../../src/config/load.js';
import { createGitHubFactory } from '../../../src/github/factory.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { createMetricsRegistry } from '../../../src/runtime/metrics.js';
import { FileProwJobStore } from '../../../src/store/file.js';
import { PLUGINS } from '../../../plugins/index.js';
import { Hook } from '../../../roles/hook/hook.js';

const SECRET = 'replay-test-secret';
const CONFIG = `
presubmits:
  org/repo:
  - name: unit
    always_run: false
    spec: {containers: [{image: alpine, command: [echo]}]}
  - name: lint
    always_run: false
    spec: {containers: [{image: alpine, command: [echo]}]}
`;

describe('replaying a handled delivery', () => {
  let dir: string;
  let gh: FakeGitHub;
  let store: FileProwJobStore;
  let hook: Hook;
  let server: http.Server;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'replay-'));
    writeFileSync(path.join(dir, 'config.yaml'), CONFIG);
    writeFileSync(path.join(dir, 'plugins.yaml'), 'plugins:\n  org: [trigger]\n');
    writeFileSync(path.join(dir, 'hmac'), SECRET);
    writeFileSync(path.join(dir, 'token'), 'bot-token-123456');
    const loaded = await loadConfig({ configPath: path.join(dir, 'config.yaml'), pluginConfig: path.join(dir, 'plugins.yaml') });
    gh = await FakeGitHub.start({ botLogin: 'k8s-ci-robot', hmacSecret: SECRET });
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
    const logger = createRootLogger({ stream: new PassThrough(), level: 'error' });
    const app = express();
    hook = new Hook({
      app, plugins: PLUGINS, config: () => ({ config: loaded.config, plugins: loaded.plugins }), store, logger,
      github: createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token') }, logger),
      metrics: createMetricsRegistry(), hmacSecretFile: path.join(dir, 'hmac'), deliveriesDir: path.join(dir, 'deliveries'),
    });
    server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    gh.setHook(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, SECRET);
  });

  afterAll(async () => {
    await gh.flush();
    await hook.stop();
    await gh.stop();
    await store.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates each requested ProwJob once, however often the delivery is handled', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.go': 'package a\n' } });
    await gh.comment('org', 'repo', pr.number, 'alice', '/test unit\n/test lint');
    await gh.flush();
    await hook.dispatcher.idle();
    const count = async (): Promise<number> => (await store.list()).filter((j) => j.spec.refs?.pulls?.[0]?.number === pr.number).length;
    expect(await count()).toBe(2);
    const sent = gh.deliveries.filter((d) => d.event === 'issue_comment').at(-1)!;
    const body = Buffer.from(JSON.stringify(sent.payload));
    for (let i = 0; i < 3; i++) {
      await hook.dispatcher.dispatch({ eventType: 'issue_comment', guid: sent.guid, headers: {}, body, receivedAt: new Date().toISOString() });
    }
    expect(await count()).toBe(2);
    const jobs = await store.list();
    expect(jobs.filter((j) => j.status.state === 'aborted')).toEqual([]);
  });
});
