// Reporting, periodics and cleanup through the built binary: crier's GitHub statuses, failed-tests comment and
// Slack messages (also across a restart); horologium's cron once per point across a restart; sinker's cleanup —
// horologium and sinker on a clock started by PROW_CLOCK_START.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProwJob, ProwJobState } from '../../src/api/prowjob.js';
import { FileProwJobStore, prowJobDir } from '../../src/store/index.js';
import { COMMENT_TAG } from '../../src/report/github.js';
import { FakeGitHub } from '../fakes/github/index.js';
import { FakeSlack } from '../fakes/slack/index.js';
import { done, Prow, prowJobsIn, seen, waitFor, waitForComment, waitForStatus } from './harness.js';

jest.setTimeout(150_000);

const REPORTER_FLAGS = { 'github-workers': 1, 'slack-workers': 1, 'blob-storage-workers': 1 };

describe('crier reports to GitHub and Slack', () => {
  let gh: FakeGitHub;
  let slack: FakeSlack;
  let prow: Prow | undefined;
  let tmp: string;
  let dataDir: string;
  let marker: string;
  let prNumber = 0;
  let headSha = '';

  const config = {
    prowjob_namespace: 'default',
    github_reporter: { job_types_to_report: ['presubmit', 'postsubmit'] },
    plank: { report_templates: { '*': '[Full PR test history](https://prow.example/pr-history?org={{.Spec.Refs.Org}}&repo={{.Spec.Refs.Repo}}&pr={{with index .Spec.Refs.Pulls 0}}{{.Number}}{{end}})' } },
    slack_reporter_configs: { '*': { job_types_to_report: ['presubmit'], job_states_to_report: ['failure'], channel: 'ci' } },
  };

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-reporting-'));
    dataDir = path.join(tmp, 'data');
    marker = path.join(tmp, 'fixed');
    gh = await FakeGitHub.start();
    gh.addOrg('acme', { members: ['alice'] });
    await gh.createRepo('acme', 'widgets', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    slack = await FakeSlack.start({ token: 'xoxb-e2e' });
  });

  afterAll(async () => {
    await prow?.stop();
    await gh.stop();
    await slack.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const start = (): Promise<Prow> =>
    Prow.start({
      github: gh,
      slack,
      config,
      jobs: {
        'jobs.yaml': {
          presubmits: {
            'acme/widgets': [
              { name: 'unit', always_run: true, spec: { containers: [{ image: 'alpine', command: ['true'] }] } },
              { name: 'check', always_run: true, spec: { containers: [{ image: 'alpine', command: ['sh', '-c', `test -f ${marker}`] }] } },
            ],
          },
        },
      },
      plugins: { plugins: { 'acme/widgets': { plugins: ['trigger'] } } },
      flags: { ...REPORTER_FLAGS, 'data-dir': dataDir },
    });

  const reportComments = () => gh.comments('acme', 'widgets', prNumber).filter((c) => c.body.includes(COMMENT_TAG));
  const statusPosts = (context: string) =>
    gh.requestsTo('POST', /\/statuses\//).filter((r) => (r.body as { context?: string }).context === context).map((r) => (r.body as { state: string; description?: string }));

  it('reports triggered → pending → success, and comments on a failure', async () => {
    prow = await start();
    const pr = await gh.openPullRequest('acme', 'widgets', { author: 'alice', files: { 'a.txt': 'a\n' } });
    prNumber = pr.number;
    headSha = gh.issue('acme', 'widgets', prNumber).pull!.headSha;
    await waitForStatus(gh, 'acme', 'widgets', headSha, 'unit', 'success', { prow, timeoutMs: 30_000 });
    const unit = statusPosts('unit');
    expect(unit[0].state).toBe('pending');
    expect(unit[unit.length - 1].state).toBe('success');
    expect(unit[unit.length - 1].description).toContain('Job succeeded.');

    await waitForStatus(gh, 'acme', 'widgets', headSha, 'check', 'failure', { prow, timeoutMs: 30_000 });
    const comment = await waitForComment(gh, 'acme', 'widgets', prNumber, (c) => c.body.includes(COMMENT_TAG), { prow });
    expect(comment.body).toContain('@alice: The following test **failed**');
    expect(comment.body).toMatch(new RegExp(`^check \\| ${headSha} \\| \\[link\\]\\(.*\\) \\| true \\| \`/test check\`$`, 'm'));
    expect(comment.body).toContain(`pr-history?org=acme&repo=widgets&pr=${prNumber}`);
    await waitFor('the Slack message for the failure', () => (slack.messages.length > 0 ? done(slack.messages) : seen(slack.calls)), { context: () => prow!.logTail() });
    expect(slack.messages.map((m) => [m.channel, m.text])).toEqual([['ci', expect.stringMatching(/^Job check of type presubmit ended with state failure\. <.*\|View logs>$/)]]);
  });

  it('deletes the comment once the failed job passes', async () => {
    writeFileSync(marker, 'fixed\n');
    await gh.comment('acme', 'widgets', prNumber, 'alice', '/test check');
    await waitForStatus(gh, 'acme', 'widgets', headSha, 'check', 'success', { prow, timeoutMs: 30_000 });
    await waitFor('the test report comment to be deleted', () => (reportComments().length === 0 ? done(undefined) : seen(reportComments().map((c) => c.body))), { context: () => prow!.logTail() });
    expect(slack.messages).toHaveLength(1);
  });

  it('does not report finished jobs again after a restart', async () => {
    await waitFor('every job reported to every reporter', async () => {
      const behind = (await prowJobsIn(dataDir)).filter((j) => ['github-reporter', 'gcsreporter'].some((r) => j.status.prev_report_states?.[r] !== j.status.state));
      return behind.length === 0 ? done(undefined) : seen(behind.map((j) => [j.spec.job, j.status.state, j.status.prev_report_states]));
    });
    const before = gh.requestsTo('POST', /\/statuses\//).length;
    await prow!.stop();
    prow = await start();
    // A job added after the restart: with one GitHub worker taking jobs in order, once it is reported crier has
    // been through every old job.
    const baseSha = (await gh.branchSha('acme', 'widgets', 'main'))!;
    const store = await FileProwJobStore.open({ dir: prowJobDir(dataDir), namespace: 'default', pollIntervalMs: 0 });
    await store.create({
      apiVersion: 'prow.k8s.io/v1', kind: 'ProwJob', metadata: { name: 'after-restart' },
      spec: { type: 'postsubmit', job: 'post', context: 'post', report: true, refs: { org: 'acme', repo: 'widgets', base_ref: 'main', base_sha: baseSha } },
      status: { state: 'success', startTime: new Date().toISOString(), completionTime: new Date().toISOString(), description: 'Job succeeded.' },
    });
    await store.close();
    await waitForStatus(gh, 'acme', 'widgets', baseSha, 'post', 'success', { prow });
    const after = gh.requestsTo('POST', /\/statuses\//).slice(before).map((r) => (r.body as { context: string }).context);
    expect(after).toEqual(['post']);
    expect(slack.messages).toHaveLength(1);
  });
});

describe('horologium and sinker on an injected clock', () => {
  let tmp: string;
  let prow: Prow | undefined;

  afterEach(async () => {
    await prow?.stop();
    prow = undefined;
    // A job process started just before the stop outlives it (by design: jobs survive restarts) and may still be
    // writing its logs here: retry while the directory is not empty yet.
    rmSync(tmp, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  });

  const runsOf = (jobs: ProwJob[], name: string): ProwJob[] => jobs.filter((j) => j.spec.job === name);

  it('fires a cron job once per schedule point, also across a restart', async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-horologium-'));
    const dataDir = path.join(tmp, 'data');
    const opts = (clockStart: string) => ({
      roles: ['controller-manager', 'horologium'],
      config: { prowjob_namespace: 'default', horologium: { tick_interval: '1s' } },
      jobs: { 'periodics.yaml': { periodics: [{ name: 'every-minute', cron: '* * * * *', spec: { containers: [{ image: 'alpine', command: ['true'] }] } }] } },
      flags: { 'data-dir': dataDir, 'log-level': 'debug' },
      env: { PROW_CLOCK_START: clockStart },
    });
    // First run at start (no run yet), the second at the 00:01 point, three seconds later.
    const first = await Prow.start(opts('2030-01-01T00:00:57Z'));
    prow = first;
    const two = await waitFor('two finished runs', async () => {
      const runs = runsOf(await prowJobsIn(dataDir), 'every-minute');
      return runs.length === 2 && runs.every((j) => j.status.state === 'success') ? done(runs) : seen(runs.map((j) => [j.status.startTime, j.status.state]));
    }, { timeoutMs: 30_000, context: () => prow!.logTail() });
    expect(two.map((j) => j.status.startTime ?? '').sort()[1] >= '2030-01-01T00:01:00Z').toBe(true);
    await first.stop();

    // Restart within the same minute: the 00:01 point already ran, so nothing is created until 00:02.
    const second = await Prow.start(opts('2030-01-01T00:01:57Z'));
    prow = second;
    const syncs = () => prow!.stderr.split('\n').filter((l) => l.includes('"component":"horologium"') && l.includes('sync done')).length;
    await waitFor('horologium to sync after the restart', () => (syncs() >= 1 ? done(undefined) : seen(syncs())), { context: () => prow!.logTail() });
    expect(runsOf(await prowJobsIn(dataDir), 'every-minute')).toHaveLength(2);
    const three = await waitFor('the run for the 00:02 point', async () => {
      const runs = runsOf(await prowJobsIn(dataDir), 'every-minute');
      return runs.length >= 3 ? done(runs) : seen(runs.length);
    }, { timeoutMs: 30_000, context: () => prow!.logTail() });
    expect(three).toHaveLength(3);
    expect(three.map((j) => j.status.startTime ?? '').sort()[2] >= '2030-01-01T00:02:00Z').toBe(true);
  });

  it('sinker deletes old finished ProwJobs and keeps unfinished ones', async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-sinker-'));
    const dataDir = path.join(tmp, 'data');
    const store = await FileProwJobStore.open({ dir: prowJobDir(dataDir), namespace: 'default', pollIntervalMs: 0 });
    const job = (name: string, state: ProwJobState): ProwJob => ({
      apiVersion: 'prow.k8s.io/v1', kind: 'ProwJob', metadata: { name },
      spec: { type: 'postsubmit', job: name }, status: { state, startTime: new Date().toISOString() },
    });
    await store.create(job('finished', 'success'));
    await store.create(job('running', 'pending'));
    await store.close();
    // Eight days from now, the finished job is past max_prowjob_age (one week).
    const later = new Date(Date.now() + 8 * 86_400_000).toISOString();
    const p = await Prow.start({ roles: ['sinker'], config: { prowjob_namespace: 'default' }, flags: { 'data-dir': dataDir }, env: { PROW_CLOCK_START: later } });
    prow = p;
    const file = (name: string) => path.join(prowJobDir(dataDir), `${name}.json`);
    await waitFor('the finished ProwJob to be deleted', () => (existsSync(file('finished')) ? seen('still there') : done(undefined)), { context: () => p.logTail() });
    expect(existsSync(file('running'))).toBe(true);
    const metrics = await (await fetch(p.url('metrics-port', '/metrics'))).text();
    expect(metrics).toMatch(/^sinker_prow_jobs_cleaned\{reason="aged"\} 1$/m);
  });
});
