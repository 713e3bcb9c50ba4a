// The hook role as the runtime starts it (flags → config agent, store, GitHub client, HTTP server): a PR opened on
// the fake GitHub ends up as ProwJobs in the data dir.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeGitHub } from '../../fakes/github/index.js';
import { Flags } from '../../../src/runtime/flags.js';
import { startProcess, type RunningProcess } from '../../../src/runtime/process.js';
import { hook } from '../../../roles/hook/index.js';

describe('hook role', () => {
  let dir: string;
  let gh: FakeGitHub;
  let proc: RunningProcess;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hook-role-'));
    writeFileSync(path.join(dir, 'config.yaml'), 'presubmits:\n  org/repo:\n  - name: unit\n    always_run: true\n    spec: {containers: [{image: alpine, command: [echo]}]}\n');
    writeFileSync(path.join(dir, 'plugins.yaml'), 'plugins:\n  org: [trigger]\n');
    writeFileSync(path.join(dir, 'hmac'), "'*':\n  - value: role-test-hmac\n    created_at: 2024-01-01T00:00:00Z\n");
    writeFileSync(path.join(dir, 'token'), 'role-test-token');
    gh = await FakeGitHub.start({ hmacSecret: 'role-test-hmac' });
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'x\n' } });
    proc = await startProcess([hook], new Flags({
      'hook-port': 0, 'health-port': 0, 'metrics-port': 0, 'data-dir': path.join(dir, 'data'), 'grace-period': '5s',
      'config-path': path.join(dir, 'config.yaml'), 'plugin-config': path.join(dir, 'plugins.yaml'),
      'hmac-secret-file': path.join(dir, 'hmac'), 'github-token-path': path.join(dir, 'token'),
      'github-endpoint': [gh.url], 'github-graphql-endpoint': gh.graphqlUrl, 'log-level': 'error',
    }), { logStream: new PassThrough() });
    gh.setHook(`http://127.0.0.1:${proc.ctx.http.port('hook')}/hook`, 'role-test-hmac');
  });

  afterAll(async () => {
    await proc.stop();
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns a webhook into ProwJobs in the store', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.go': 'package a\n' } });
    await gh.flush();
    expect(gh.deliveries.at(-1)?.status).toBe(200);
    let jobs = await proc.ctx.store.list();
    for (let i = 0; i < 200 && jobs.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
      jobs = await proc.ctx.store.list();
    }
    expect(jobs.map((j) => [j.spec.job, j.spec.refs?.pulls?.[0]?.number])).toEqual([['unit', pr.number]]);
  });
});
