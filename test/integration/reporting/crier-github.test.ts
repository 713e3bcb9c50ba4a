// Crier's GitHub reporter end to end below the binary: the real file store, the reporter controller, the
// production GitHub client, and the fake GitHub server.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { ProwJob, ProwJobState } from '../../../src/api/prowjob.js';
import { SystemClock } from '../../../src/clock.js';
import { createGitHubFactory, type GitHubClientFactory } from '../../../src/github/factory.js';
import { COMMENT_TAG } from '../../../src/report/github.js';
import { GitHubReporter } from '../../../src/report/github-reporter.js';
import type { Config } from '../../../src/config/types.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { createMetricsRegistry } from '../../../src/runtime/metrics.js';
import { FileProwJobStore, updateWithRetry } from '../../../src/store/index.js';
import { ReporterController } from '../../../roles/crier/controller.js';
import { crierMetrics } from '../../../roles/crier/metrics.js';
import { FakeGitHub } from '../../fakes/github/index.js';

async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('crier GitHub reporting against the fake GitHub', () => {
  let gh: FakeGitHub;
  let dir: string;
  let store: FileProwJobStore;
  let factory: GitHubClientFactory;
  let controller: ReporterController | undefined;
  let headSha = '';
  let baseSha = '';
  let prNumber = 0;
  const config: Config = {
    github_reporter: { job_types_to_report: ['presubmit', 'postsubmit'] },
    plank: { report_templates: { '*': '[Full PR test history](https://prow.example/pr-history?org={{.Spec.Refs.Org}}&repo={{.Spec.Refs.Repo}}&pr={{with index .Spec.Refs.Pulls 0}}{{.Number}}{{end}})' } },
  };
  const logger = createRootLogger({ stream: new PassThrough() });

  beforeAll(async () => {
    gh = await FakeGitHub.start({ botLogin: 'ci-bot', tokens: { 'bot-token': 'ci-bot' } });
    await gh.createRepo('acme', 'widgets', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    const pr = await gh.openPullRequest('acme', 'widgets', { author: 'alice', files: { 'a.txt': 'a\n' } });
    prNumber = pr.number;
    headSha = gh.issue('acme', 'widgets', prNumber).pull!.headSha;
    baseSha = (await gh.branchSha('acme', 'widgets', 'main'))!;
    dir = mkdtempSync(path.join(os.tmpdir(), 'crier-gh-'));
    writeFileSync(path.join(dir, 'token'), 'bot-token\n');
    store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
    factory = createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token') }, logger)!;
  });

  afterAll(async () => {
    await controller?.stop();
    await store.close();
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function startCrier(): ReporterController {
    const reporter = new GitHubReporter({
      clientFor: (org) => factory.forOrg(org), botLogin: () => factory.botLogin(), config: () => config, listJobs: (labelSelector) => store.list({ labelSelector }),
    });
    const c = new ReporterController({
      store, reporter, workers: 2, logger, metrics: crierMetrics(createMetricsRegistry()), clock: new SystemClock(), dryRun: false, backoffMs: 20,
    });
    c.start();
    return c;
  }

  function presubmit(name: string, context: string, optional = false, pr = { number: prNumber, sha: headSha }): ProwJob {
    return {
      apiVersion: 'prow.k8s.io/v1',
      kind: 'ProwJob',
      metadata: { name, labels: { 'prow.k8s.io/is-optional': String(optional), 'prow.k8s.io/refs.org': 'acme', 'prow.k8s.io/refs.repo': 'widgets', 'prow.k8s.io/refs.pull': String(pr.number) } },
      spec: {
        type: 'presubmit', job: context, context, report: true, rerun_command: `/test ${context}`,
        refs: { org: 'acme', repo: 'widgets', base_ref: 'main', base_sha: baseSha, pulls: [{ number: pr.number, author: 'alice', sha: pr.sha }] },
      },
      status: { state: 'triggered', startTime: new Date().toISOString(), description: 'Job triggered.' },
    };
  }

  async function move(name: string, state: ProwJobState, description: string): Promise<void> {
    await updateWithRetry(store, name, (pj) => {
      pj.status.state = state;
      pj.status.description = description;
      pj.status.url = `https://prow.example/view/${name}`;
      if (state !== 'pending') pj.status.completionTime = new Date().toISOString();
    });
  }

  const status = (context: string) => gh.statuses('acme', 'widgets', headSha).find((s) => s.context === context);
  const reportComments = () => gh.comments('acme', 'widgets', prNumber).filter((c) => c.body.includes(COMMENT_TAG));
  const reported = async (name: string, state: string): Promise<boolean> => (await store.get(name)).status.prev_report_states?.['github-reporter'] === state;

  it('moves the status context from pending to success with the description and target URL', async () => {
    controller = startCrier();
    await store.create(presubmit('unit-1', 'unit'));
    await until(async () => await reported('unit-1', 'triggered'), 'triggered reported');
    expect(status('unit')).toMatchObject({ state: 'pending', creator: 'ci-bot' });
    expect(status('unit')!.description).toMatch(new RegExp(`^Job triggered\\.\\u2001+ BaseSHA:${baseSha}$`));
    await move('unit-1', 'pending', 'Job triggered.');
    await until(async () => await reported('unit-1', 'pending'), 'pending reported');
    await move('unit-1', 'success', 'Job succeeded.');
    await until(async () => await reported('unit-1', 'success'), 'success reported');
    expect(status('unit')).toMatchObject({ state: 'success', targetUrl: 'https://prow.example/view/unit-1' });
    expect(status('unit')!.description).toContain('Job succeeded.');
    expect(reportComments()).toEqual([]);
  });

  it('comments on a failure and removes the comment when the job passes again', async () => {
    await store.create(presubmit('lint-1', 'lint'));
    await move('lint-1', 'failure', 'Job failed.');
    await until(() => reportComments().length === 1, 'failure comment');
    const c = reportComments()[0];
    expect(c.user).toBe('ci-bot');
    expect(c.body).toContain('@alice: The following test **failed**');
    expect(c.body).toContain(`lint | ${headSha} | [link](https://prow.example/view/lint-1) | true | \`/test lint\``);
    expect(c.body).toContain(`[Full PR test history](https://prow.example/pr-history?org=acme&repo=widgets&pr=${prNumber})`);
    expect(status('lint')!.state).toBe('failure');

    await store.create(presubmit('lint-2', 'lint'));
    await move('lint-2', 'success', 'Job succeeded.');
    await until(() => reportComments().length === 0, 'comment removed');
    expect(status('lint')!.state).toBe('success');
  });

  it('keeps statuses but writes no comment for no_comment_repos', async () => {
    config.github_reporter = { ...config.github_reporter, no_comment_repos: ['acme'] };
    try {
      await store.create(presubmit('quiet-1', 'quiet'));
      await move('quiet-1', 'failure', 'Job failed.');
      await until(async () => await reported('quiet-1', 'failure'), 'failure reported');
      expect(status('quiet')!.state).toBe('failure');
      expect(reportComments()).toEqual([]);
    } finally {
      config.github_reporter = { job_types_to_report: ['presubmit', 'postsubmit'] };
    }
  });

  it('gives up at once on a commit GitHub does not know (a force-push), recording the state', async () => {
    const gone = presubmit('gone-1', 'gone');
    gone.spec.refs!.pulls![0].sha = 'f'.repeat(40);
    await store.create(gone);
    await until(async () => await reported('gone-1', 'triggered'), 'recorded despite the error');
    expect(gh.requestsTo('POST', new RegExp(`/statuses/${'f'.repeat(40)}$`))).toHaveLength(1);
  });

  it('summary_comment_repos: one comment once every job of the PR finished, "all tests passed" included', async () => {
    config.github_reporter = { job_types_to_report: ['presubmit', 'postsubmit'], summary_comment_repos: ['acme/widgets'] };
    try {
      const other = await gh.openPullRequest('acme', 'widgets', { author: 'alice', files: { 'b.txt': 'b\n' } });
      const pr = { number: other.number, sha: gh.issue('acme', 'widgets', other.number).pull!.headSha };
      const comments = () => gh.comments('acme', 'widgets', pr.number).filter((c) => c.body.includes(COMMENT_TAG));
      await store.create(presubmit('sum-a', 'sum-a', false, pr));
      await store.create(presubmit('sum-b', 'sum-b', false, pr));
      await move('sum-a', 'failure', 'Job failed.');
      await until(async () => await reported('sum-a', 'failure'), 'first job reported');
      // sum-b still runs: no comment yet.
      expect(comments()).toEqual([]);
      await move('sum-b', 'success', 'Job succeeded.');
      await until(() => comments().some((c) => c.body.includes('sum-a |')), 'the summary comment');
      expect(comments()).toHaveLength(1);

      await store.create(presubmit('sum-a-2', 'sum-a', false, pr));
      await move('sum-a-2', 'success', 'Job succeeded.');
      await until(() => comments().some((c) => c.body.startsWith('@alice: all tests **passed!**')), 'the all-passed comment');
      expect(comments()).toHaveLength(1);
    } finally {
      config.github_reporter = { job_types_to_report: ['presubmit', 'postsubmit'] };
    }
  });

  it('does not report again after a restart', async () => {
    await controller!.stop();
    const before = gh.requestsTo('POST', /\/statuses\//).length;
    controller = startCrier();
    await store.create(presubmit('e2e-1', 'e2e'));
    await until(async () => await reported('e2e-1', 'triggered'), 'new job reported');
    // Only the new job's status was posted: the finished jobs were not reported twice.
    expect(gh.requestsTo('POST', /\/statuses\//).length).toBe(before + 1);
  });
});
