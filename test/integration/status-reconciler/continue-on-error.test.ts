// reconcile() against the fake GitHub over HTTP: a repo that fails (here: it does not exist) ends the pass unless
// continueOnError, with which the other repos are still reconciled and every error is returned.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createGitHubFactory, type GitHubClientFactory } from '../../../src/github/factory.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { FileProwJobStore } from '../../../src/store/index.js';
import { computeDelta } from '../../../roles/status-reconciler/delta.js';
import { reconcile, type ReconcilerDeps } from '../../../roles/status-reconciler/reconciler.js';
import type { Presubmit } from '../../../src/config/types.js';
import { FakeGitHub } from '../../fakes/github/index.js';

describe('status-reconciler --continue-on-error', () => {
  let gh: FakeGitHub;
  let dir: string;
  let store: FileProwJobStore;
  let factory: GitHubClientFactory;
  const logger = createRootLogger({ stream: new PassThrough() });
  const job = (name: string): Presubmit => ({ name, always_run: true, spec: { containers: [{ image: 'alpine' }] } }) as unknown as Presubmit;
  // 'acme/aaa-missing' sorts first and does not exist on GitHub.
  const delta = computeDelta({ 'acme/aaa-missing': [], 'acme/widgets': [] }, { 'acme/aaa-missing': [job('new')], 'acme/widgets': [job('new')] });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sr-coe-'));
    writeFileSync(path.join(dir, 'token'), 'tok');
    gh = await FakeGitHub.start();
    gh.addOrg('acme', { members: ['alice'] });
    await gh.createRepo('acme', 'widgets', { files: { 'a.txt': 'a' }, defaultBranch: 'main' });
    await gh.openPullRequest('acme', 'widgets', { author: 'alice', title: 'x', files: { 'b.txt': 'b' } });
    store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
    factory = createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token') }, logger)!;
  });

  afterAll(async () => {
    await store.close();
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const deps = (continueOnError: boolean): ReconcilerDeps => ({
    github: (org) => factory.forOrg(org), botLogin: () => factory.botLogin(), store, plugins: () => ({}), logger, denylist: [], continueOnError, dryRun: false,
  });

  it('stops at the first failure without it', async () => {
    const r = await reconcile(delta, deps(false));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toContain('acme/aaa-missing: listing open pull requests');
    expect(r.triggered).toBe(0);
    expect(await store.list()).toEqual([]);
  });

  it('reconciles the other repos with it', async () => {
    const r = await reconcile(delta, deps(true));
    expect(r.errors).toHaveLength(1);
    expect(r.triggered).toBe(1);
    expect((await store.list()).map((j) => [j.spec.job, j.spec.refs?.repo])).toEqual([['new', 'widgets']]);
  });
});
