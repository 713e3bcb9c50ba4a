// Crash suite: kill -9 the real binary at random moments while deliveries are being taken, jobs run and states are
// reported, restart it on the same data dir, and at the end check that every requested job has exactly one
// ProwJob, that none is stuck, and that no state was reported to GitHub twice. Bounded (CRASH_KILLS, default 6;
// CRASH_SEED repeats a run); the counts are printed.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { isFinalState, type ProwJob } from '../../src/api/prowjob.js';
import { FakeGitHub } from '../fakes/github/index.js';
import { done, Prow, prowJobsIn, seen, waitFor } from './harness.js';
import { prng } from './hostile-webhooks.js';

jest.setTimeout(240_000);

const KILLS = Number(process.env.CRASH_KILLS ?? 6);
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 2 ** 31);
const PER_ROUND = 5;
const JOBS = (KILLS + 1) * PER_ROUND;

describe('crash: kill -9 under load, restart, nothing duplicated or stuck', () => {
  let gh: FakeGitHub;
  let tmp: string;
  let prow: Prow | undefined;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-crash-'));
    gh = await FakeGitHub.start();
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
  });

  afterAll(async () => {
    await prow?.stop();
    await gh.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  // Each job is requested once, so each status context belongs to one ProwJob.
  const jobNames = Array.from({ length: JOBS }, (_, i) => `job-${i}`);
  const start = (): Promise<Prow> => Prow.start({
    github: gh,
    config: { prowjob_namespace: 'default', pod_namespace: 'test-pods', github_reporter: { job_types_to_report: ['presubmit'] } },
    jobs: {
      'jobs.yaml': {
        presubmits: { 'org/repo': jobNames.map((name) => ({ name, always_run: false, spec: { containers: [{ image: 'alpine', command: ['sh', '-c', 'sleep 0.5'] }] } })) },
      },
    },
    plugins: { plugins: { org: { plugins: ['trigger'] } } },
    flags: { 'data-dir': path.join(tmp, 'data'), 'github-workers': 2 },
  });

  it('creates exactly one ProwJob per requested job, finishes them all and reports each state once', async () => {
    const rnd = prng(SEED);
    prow = await start();
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.go': 'package a\n' } });
    const sha = gh.issue('org', 'repo', pr.number).pull!.headSha;
    let next = 0;
    let kills = 0;
    const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
    for (let round = 0; round <= KILLS; round++) {
      // Comments keep coming while the process is killed and restarted: some arrive while it is down.
      const sending = (async () => {
        for (let k = 0; k < PER_ROUND; k++) {
          await gh.comment('org', 'repo', pr.number, 'alice', `/test ${jobNames[next++]}`);
          await sleep(Math.floor(rnd() * 400));
        }
      })();
      if (round < KILLS) {
        // A random moment: webhooks arriving, jobs starting or running, statuses being posted.
        await sleep(100 + Math.floor(rnd() * 2_000));
        await prow.kill();
        kills++;
        prow = await start();
      }
      await sending;
    }
    await gh.flush();

    // Which comments the hook acknowledged (those sent while it was down failed, as GitHub would show them).
    const commentDeliveries = gh.deliveries.filter((d) => d.event === 'issue_comment' && d.action === 'created');
    const jobOf = (d: (typeof commentDeliveries)[number]): string => /\/test (\S+)/.exec(String((d.payload as { comment: { body: string } }).comment.body))![1]!;
    const accepted = commentDeliveries.filter((d) => d.status === 200).map(jobOf);
    const refused = commentDeliveries.filter((d) => d.status !== 200).map(jobOf);

    const all = await waitFor('every ProwJob finished and reported', async () => {
      const jobs = await prowJobsIn(path.join(tmp, 'data'));
      const open = jobs.filter((j) => !isFinalState(j.status.state) || j.status.prev_report_states?.['github-reporter'] !== j.status.state);
      const missing = accepted.filter((name) => !jobs.some((j) => j.spec.job === name));
      return open.length === 0 && missing.length === 0 ? done(jobs) : seen({ open: open.map((j) => `${j.spec.job} ${j.status.state}`), missing });
    }, { timeoutMs: 120_000, intervalMs: 250, context: () => prow!.logTail() });

    const count = (name: string): number => all.filter((j: ProwJob) => j.spec.job === name).length;
    const posts = gh.requestsTo('POST', `/repos/org/repo/statuses/${sha}`).map((r) => r.body as { context: string; state: string; description?: string });
    const seenStates = new Map<string, number>();
    for (const p of posts) seenStates.set(`${p.context} ${p.state} ${p.description ?? ''}`, (seenStates.get(`${p.context} ${p.state} ${p.description ?? ''}`) ?? 0) + 1);
    const twice = [...seenStates].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
    process.stdout.write(`crash: seed ${SEED}, ${commentDeliveries.length} requests (${accepted.length} acknowledged, ${refused.length} sent while down), ${kills} kills, ${all.length} jobs, ${posts.length} status posts\n`);

    for (const name of accepted) expect(`${name}: ${count(name)}`).toBe(`${name}: 1`);
    for (const name of refused) expect(count(name)).toBeLessThanOrEqual(1);
    expect(all.length).toBeLessThanOrEqual(accepted.length + refused.length);
    expect(all.filter((j: ProwJob) => j.status.state !== 'success').map((j: ProwJob) => `${j.spec.job} ${j.status.state} ${j.status.description ?? ''}`)).toEqual([]);
    expect(twice).toEqual([]);
  });
});
