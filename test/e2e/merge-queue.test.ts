// Tide with GitHub's merge queue, through the built binary against the fake GitHub with real git: main has a
// ruleset that requires the merge queue and the `unit` check. Two PRs that meet the query pass `unit` on their heads,
// tide enqueues both (it never merges itself there), GitHub builds the merge groups and sends merge_group, hook's
// trigger runs `unit` on each group's commit, crier reports it there, and the queue merges both, in order.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeGitHub } from '../fakes/github/index.js';
import { done, Prow, prowJobsIn, seen, waitFor, waitForMerge, waitForStatus } from './harness.js';

jest.setTimeout(240_000);

const ORG = 'acme';
const REPO = 'queued';

describe('tide with the merge queue in the prow binary', () => {
  let gh: FakeGitHub;
  let prow: Prow | undefined;
  let tmp: string;
  let dataDir: string;
  /** The merge groups' `unit` runs wait for this file, so the test sees the PRs in the queue before it merges them. */
  let gate: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-merge-queue-'));
    dataDir = path.join(tmp, 'data');
    gate = path.join(tmp, 'release-the-queue');
    gh = await FakeGitHub.start();
    gh.addOrg(ORG, { members: ['alice', 'bob'], admins: ['k8s-ci-robot'] });
    await gh.createRepo(ORG, REPO, { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    gh.createLabel(ORG, REPO, 'lgtm');
    gh.addRuleset(ORG, REPO, {
      name: 'main goes through the queue',
      conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] } },
      rules: [
        { type: 'required_status_checks', parameters: { strict_required_status_checks_policy: false, required_status_checks: [{ context: 'unit' }] } },
        { type: 'merge_queue', parameters: { merge_method: 'MERGE', grouping_strategy: 'ALLGREEN', max_entries_to_build: 5, min_entries_to_merge: 1, max_entries_to_merge: 5 } },
      ],
    });
    prow = await Prow.start({
      github: gh,
      config: {
        prowjob_namespace: 'default',
        tide: { sync_period: '1s', queries: [{ repos: [`${ORG}/${REPO}`], labels: ['lgtm'] }], context_options: { 'from-branch-protection': true } },
      },
      jobs: { 'jobs.yaml': { presubmits: { [`${ORG}/${REPO}`]: [{ name: 'unit', always_run: true, spec: { containers: [{ image: 'alpine', command: ['sh', '-c', `case "$PULL_BASE_REF" in gh-readonly-queue/*) while [ ! -e '${gate}' ]; do sleep 0.1; done;; esac`] }] } }] } } },
      plugins: { plugins: { [`${ORG}/${REPO}`]: { plugins: ['trigger'] } } },
      flags: { 'data-dir': dataDir },
    });
  });

  afterAll(async () => {
    await prow?.stop();
    await gh.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('enqueues two PRs that meet the query; the queue tests their groups with prow jobs and merges both', async () => {
    const a = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'a', files: { 'a.txt': 'a\n' }, labels: ['lgtm'] });
    const b = await gh.openPullRequest(ORG, REPO, { author: 'bob', title: 'b', files: { 'b.txt': 'b\n' }, labels: ['lgtm'] });
    for (const p of [a, b]) await waitForStatus(gh, ORG, REPO, p.pull!.headSha, 'unit', 'success', { prow, timeoutMs: 60_000 });
    // While the groups' jobs wait, the `tide` context says where each PR is in the queue.
    const tideTexts = (sha: string): string[] => (gh.state.repo(ORG, REPO).statuses.get(sha) ?? []).filter((s) => s.context === 'tide').map((s) => s.description ?? '');
    for (const [p, at] of [[a, 1], [b, 2]] as const) {
      await waitFor(`PR ${p.number}'s tide context to give its place in the queue`, async () => {
        const texts = tideTexts(p.pull!.headSha);
        return texts.includes(`In merge queue (position ${at} of 2).`) ? done(texts) : seen(texts);
      }, { timeoutMs: 60_000, context: () => prow?.logTail() ?? '' });
    }
    writeFileSync(gate, '');
    await waitForMerge(gh, ORG, REPO, a.number, { prow, timeoutMs: 120_000 });
    await waitForMerge(gh, ORG, REPO, b.number, { prow, timeoutMs: 60_000 });

    await gh.mergeQueueIdle();
    // Tide never merged through the REST API: the queue did.
    expect(gh.requestsTo('PUT', /\/pulls\/\d+\/merge$/)).toHaveLength(0);
    const groups = gh.deliveries.filter((d) => d.event === 'merge_group');
    const requested = groups.filter((d) => d.action === 'checks_requested').map((d) => (d.payload as { merge_group: { head_sha: string; head_ref: string } }).merge_group);
    expect(requested.map((g) => g.head_ref)).toEqual([expect.stringMatching(new RegExp(`^refs/heads/gh-readonly-queue/main/pr-${a.number}-[0-9a-f]{40}$`)), expect.stringMatching(new RegExp(`^refs/heads/gh-readonly-queue/main/pr-${b.number}-[0-9a-f]{40}$`))]);
    expect(groups.filter((d) => d.action === 'destroyed').map((d) => (d.payload as { reason: string }).reason)).toEqual(['merged', 'merged']);
    // The hook took the merge_group events, trigger ran `unit` on each group's commit, crier reported it there.
    expect(groups.map((d) => d.status)).toEqual([200, 200, 200, 200]);
    for (const g of requested) expect(gh.statuses(ORG, REPO, g.head_sha).find((s) => s.context === 'unit')?.state).toBe('success');
    const jobs = await prowJobsIn(dataDir);
    const groupJobs = jobs.filter((j) => j.spec.refs?.base_ref?.startsWith('gh-readonly-queue/main/'));
    expect(groupJobs.map((j) => [j.spec.job, j.spec.type, j.spec.refs!.base_sha, j.status.state]).sort()).toEqual(requested.map((g) => ['unit', 'presubmit', g.head_sha, 'success']).sort());
    expect(await gh.branchSha(ORG, REPO, 'main')).toBe(requested[1]!.head_sha);

    const history = await waitFor('tide history to list the enqueues', async () => {
      const h = (await (await fetch(`http://127.0.0.1:${prow!.ports['tide-port']}/history`)).json()) as Record<string, { action: string; err?: string; target?: { number: number }[] }[]>;
      const enq = (h[`${ORG}/${REPO}:main`] ?? []).filter((r) => r.action === 'ENQUEUE');
      return enq.length ? done(enq) : seen(h);
    }, { context: () => prow?.logTail() ?? '' });
    expect(history.flatMap((r) => (r.target ?? []).map((t) => t.number)).sort()).toEqual([a.number, b.number].sort());
    expect(history.filter((r) => r.err)).toEqual([]);
    expect(gh.state.mergeQueues.errors).toEqual([]);
  });
});
