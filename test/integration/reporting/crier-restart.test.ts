// Crier killed between posting a status and recording it in prev_report_states: the restarted crier finds the
// state already on GitHub (a state reached before it started is checked there first) and records it without
// posting it a second time. States reached while it runs are posted without the extra look-up.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { ProwJob } from '../../../src/api/prowjob.js';
import { SystemClock } from '../../../src/clock.js';
import { createGitHubFactory, type GitHubClientFactory } from '../../../src/github/factory.js';
import { statusForJob } from '../../../src/report/github.js';
import { GitHubReporter } from '../../../src/report/github-reporter.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { createMetricsRegistry } from '../../../src/runtime/metrics.js';
import { FileProwJobStore, updateWithRetry } from '../../../src/store/index.js';
import { ReporterController } from '../../../roles/crier/controller.js';
import { crierMetrics } from '../../../roles/crier/metrics.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { done, seen, waitFor } from '../../e2e/wait.js';

const until = (cond: () => Promise<boolean>, what: string): Promise<void> =>
  waitFor(what, async () => ((await cond()) ? done(undefined) : seen('not yet')), { timeoutMs: 20_000, intervalMs: 20 });

describe('crier restarted after a kill between posting and recording', () => {
  let gh: FakeGitHub;
  let dir: string;
  let store: FileProwJobStore;
  let factory: GitHubClientFactory;
  let headSha = '';
  let prNumber = 0;
  const logger = createRootLogger({ stream: new PassThrough() });

  beforeAll(async () => {
    gh = await FakeGitHub.start({ botLogin: 'ci-bot', tokens: { 'bot-token': 'ci-bot' } });
    await gh.createRepo('acme', 'widgets', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    const pr = await gh.openPullRequest('acme', 'widgets', { author: 'alice', files: { 'a.txt': 'a\n' } });
    prNumber = pr.number;
    headSha = gh.issue('acme', 'widgets', prNumber).pull!.headSha;
    dir = mkdtempSync(path.join(os.tmpdir(), 'crier-restart-'));
    writeFileSync(path.join(dir, 'token'), 'bot-token\n');
    store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
    factory = createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token') }, logger)!;
  });

  afterAll(async () => {
    await store.close();
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function startCrier(): ReporterController {
    const reporter = new GitHubReporter({
      clientFor: (org) => factory.forOrg(org), botLogin: () => factory.botLogin(), config: () => ({ github_reporter: { no_comment_repos: ['acme'] } }),
      listJobs: (labelSelector) => store.list({ labelSelector }),
    });
    const c = new ReporterController({ store, reporter, workers: 2, logger, metrics: crierMetrics(createMetricsRegistry()), clock: new SystemClock(), dryRun: false, backoffMs: 20 });
    c.start();
    return c;
  }

  const job = (name: string, state: 'success' | 'pending'): ProwJob => ({
    apiVersion: 'prow.k8s.io/v1', kind: 'ProwJob',
    metadata: { name, labels: { 'prow.k8s.io/refs.org': 'acme', 'prow.k8s.io/refs.repo': 'widgets', 'prow.k8s.io/refs.pull': String(prNumber) } },
    spec: { type: 'presubmit', job: name, context: name, report: true, refs: { org: 'acme', repo: 'widgets', base_ref: 'main', base_sha: 'b'.repeat(40), pulls: [{ number: prNumber, author: 'alice', sha: headSha }] } },
    status: {
      state, startTime: new Date(Date.now() - 60_000).toISOString(), pendingTime: new Date(Date.now() - 50_000).toISOString(),
      ...(state === 'success' ? { completionTime: new Date(Date.now() - 40_000).toISOString() } : {}), description: `Job ${state}.`, url: `https://prow.example/view/${name}`,
    },
  });
  const posts = (context: string): number => gh.requestsTo('POST', `/repos/acme/widgets/statuses/${headSha}`).filter((r) => (r.body as { context?: string }).context === context).length;
  const reported = async (name: string, state: string): Promise<boolean> => (await store.get(name)).status.prev_report_states?.['github-reporter'] === state;

  it('records a state its predecessor already posted without posting it again', async () => {
    const pj = await store.create(job('unit', 'success'));
    // What the killed crier did before it could record it.
    const u = statusForJob(pj)!;
    await factory.forOrg('acme').createStatus(u.org, u.repo, u.sha, u.status);
    expect(posts('unit')).toBe(1);
    const crier = startCrier();
    try {
      await until(() => reported('unit', 'success'), 'success recorded');
      expect(posts('unit')).toBe(1);
      // A later state change is posted as usual.
      await store.create(job('lint', 'pending'));
      await until(() => reported('lint', 'pending'), 'lint pending recorded');
      await updateWithRetry(store, 'lint', (p) => {
        p.status.state = 'success';
        p.status.completionTime = new Date().toISOString();
      });
      await until(() => reported('lint', 'success'), 'lint success recorded');
      expect(posts('lint')).toBe(2);
    } finally {
      await crier.stop();
    }
  });
});
