// Tide through the built binary, all roles in one process, against the fake GitHub with real git: hook's trigger
// runs the presubmits, the controller-manager runs them, crier reports them, and tide merges — a single PR, then
// two stale PRs as one batch once a blocker issue closes — while a PR without a label and one with a failing job
// keep upstream's "Not mergeable." texts; after a restart the history and the status controller's search state are
// still there and nothing merges twice.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeGitHub } from '../fakes/github/index.js';
import { done, Prow, prowJobsIn, seen, waitFor, waitForMerge, waitForStatus } from './harness.js';

jest.setTimeout(240_000);

const ORG = 'acme';
const REPO = 'widgets';

describe('tide in the prow binary', () => {
  let gh: FakeGitHub;
  let prow: Prow | undefined;
  let tmp: string;
  let dataDir: string;
  const merged: number[] = [];

  const start = (): Promise<Prow> =>
    Prow.start({
      github: gh,
      config: {
        prowjob_namespace: 'default',
        tide: {
          sync_period: '1s',
          queries: [{ repos: [`${ORG}/${REPO}`], labels: ['lgtm', 'approved'], missingLabels: ['do-not-merge/hold'] }],
          blocker_label: 'tide/merge-blocker',
        },
      },
      jobs: {
        'jobs.yaml': {
          presubmits: {
            [`${ORG}/${REPO}`]: [
              { name: 'unit', always_run: true, spec: { containers: [{ image: 'alpine', command: ['true'] }] } },
              // Fails for a PR titled "breaks check" only (batches have no PULL_TITLE to match).
              { name: 'check', always_run: true, spec: { containers: [{ image: 'alpine', command: ['sh', '-c', 'test "$PULL_TITLE" != "breaks check"'] }] } },
            ],
          },
        },
      },
      plugins: { plugins: { [`${ORG}/${REPO}`]: { plugins: ['trigger'] } } },
      flags: { 'data-dir': dataDir, 'tide-merge-spacing': '0s' },
    });

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-tide-'));
    dataDir = path.join(tmp, 'data');
    gh = await FakeGitHub.start();
    gh.addOrg(ORG, { members: ['alice', 'bob'], admins: ['k8s-ci-robot'] });
    await gh.createRepo(ORG, REPO, { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    for (const l of ['lgtm', 'approved', 'do-not-merge/hold', 'tide/merge-blocker']) gh.createLabel(ORG, REPO, l);
    prow = await start();
  });

  afterAll(async () => {
    await prow?.stop();
    await gh.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const tideStatus = (sha: string, description: string, state: 'success' | 'pending' | 'error') =>
    waitFor(`tide status "${description}" on ${sha.slice(0, 7)}`, () => {
      const s = gh.statuses(ORG, REPO, sha).filter((x) => x.context === 'tide').at(-1);
      return s?.state === state && s.description === description ? done(s) : seen(s ?? 'no tide status');
    }, { context: () => prow?.logTail() ?? '', timeoutMs: 60_000 });

  it('merges a PR with the labels once its jobs pass, and says what the others lack', async () => {
    const good = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'good', files: { 'good.txt': 'g\n' }, labels: ['lgtm', 'approved'] });
    const unlabelled = await gh.openPullRequest(ORG, REPO, { author: 'bob', title: 'needs approval', files: { 'n.txt': 'n\n' }, labels: ['lgtm'] });
    const breaks = await gh.openPullRequest(ORG, REPO, { author: 'bob', title: 'breaks check', files: { 'b.txt': 'b\n' }, labels: ['lgtm', 'approved'] });
    await waitForMerge(gh, ORG, REPO, good.number, { prow, timeoutMs: 90_000 });
    merged.push(good.number);
    const sha = good.pull!.headSha;
    expect(gh.statuses(ORG, REPO, sha).filter((s) => s.context === 'tide').at(-1)).toMatchObject({ state: 'success', description: 'In merge pool.' });
    await tideStatus(unlabelled.pull!.headSha, 'Not mergeable. Needs approved label.', 'pending');
    await waitForStatus(gh, ORG, REPO, breaks.pull!.headSha, 'check', 'failure', { prow, timeoutMs: 60_000 });
    await tideStatus(breaks.pull!.headSha, 'Not mergeable. Job check has not succeeded.', 'pending');
    expect(gh.issue(ORG, REPO, breaks.number).pull!.merged).toBe(false);
    for (const p of [unlabelled, breaks]) await gh.setIssueState(ORG, REPO, p.number, 'closed');
  });

  it('holds the pool while a blocker issue is open, then tests two stale PRs as one batch and merges both', async () => {
    const blocker = await gh.createIssue(ORG, REPO, 'alice', { title: 'Code freeze', labels: ['tide/merge-blocker'] });
    const a = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'a', files: { 'a.txt': 'a\n' }, labels: ['lgtm', 'approved'] });
    const b = await gh.openPullRequest(ORG, REPO, { author: 'bob', title: 'b', files: { 'b.txt': 'b\n' }, labels: ['lgtm', 'approved'] });
    for (const p of [a, b]) await waitForStatus(gh, ORG, REPO, p.pull!.headSha, 'check', 'success', { prow, timeoutMs: 60_000 });
    await waitFor('the pool to be blocked', async () => {
      const pools = (await (await fetch(`http://127.0.0.1:${prow!.ports['tide-port']}/`)).json()) as { Action: string; Blockers: { Number: number }[] }[];
      return pools[0]?.Action === 'BLOCKED' ? done(pools[0]) : seen(pools);
    }, { context: () => prow?.logTail() ?? '', timeoutMs: 30_000 });
    expect(gh.issue(ORG, REPO, a.number).pull!.merged).toBe(false);
    // The base moves under both PRs: their results are stale, so tide retests them, together.
    await gh.pushCommit(ORG, REPO, 'main', { 'other.txt': 'o\n' });
    await gh.setIssueState(ORG, REPO, blocker.number, 'closed');
    // --data-dir is ours (it outlives a restart), so the jobs are read from there.
    const batch = await waitFor('a batch of both PRs to pass', async () => {
      const jobs = await prowJobsIn(dataDir);
      const found = jobs.find((j) => j.spec.type === 'batch' && j.spec.job === 'unit' && j.status.state === 'success');
      return found ? done(found) : seen(jobs.map((j) => `${j.spec.job} ${j.spec.type} ${j.status.state} ${(j.spec.refs?.pulls ?? []).map((p) => p.number).join(',')}`));
    }, { context: () => prow?.logTail() ?? '', timeoutMs: 90_000 });
    expect(batch.spec.refs!.pulls!.map((p) => p.number)).toEqual([a.number, b.number]);
    await waitForMerge(gh, ORG, REPO, a.number, { prow, timeoutMs: 90_000 });
    await waitForMerge(gh, ORG, REPO, b.number, { prow, timeoutMs: 30_000 });
    merged.push(a.number, b.number);
    const history = (await (await fetch(`http://127.0.0.1:${prow!.ports['tide-port']}/history`)).json()) as Record<string, { action: string }[]>;
    expect(history[`${ORG}/${REPO}:main`]!.map((r) => r.action)).toEqual(expect.arrayContaining(['MERGE', 'TRIGGER_BATCH', 'MERGE_BATCH']));
    // Upstream's per-pool gauges and the two controllers' heartbeats, on the metrics port.
    const metrics = await (await fetch(prow!.url('metrics-port', '/metrics'))).text();
    for (const gauge of ['tide_pool_missing_prs', 'tide_pool_pending_prs', 'tide_pool_successful_prs', 'tide_pool_batch_pending_prs']) {
      expect(metrics).toMatch(new RegExp(`^${gauge}\\{org="${ORG}",repo="${REPO}",branch="main"\\} \\d+$`, 'm'));
    }
    expect(metrics).toMatch(/^tide_retests_total\{org="acme",repo="widgets",branch="main",action="TRIGGER_BATCH"\} [1-9]/m);
    expect(metrics).toMatch(/^tidesyncheartbeat\{controller="status-update"\} [1-9]/m);
  });

  it('keeps its history across a restart and merges nothing twice', async () => {
    const before = (await (await fetch(`http://127.0.0.1:${prow!.ports['tide-port']}/history`)).json()) as Record<string, unknown[]>;
    await prow!.stop();
    // The status controller's incremental search stands where --status-path (default <data-dir>/tide/status.yaml) says.
    const statusState = readFileSync(path.join(dataDir, 'tide', 'status.yaml'), 'utf8');
    expect(statusState).toMatch(new RegExp(`^${ORG}:\\n  LatestPR: '?\\d{4}-`));
    prow = await start();
    const after = await waitFor('tide to answer /history', async () => {
      const r = await fetch(`http://127.0.0.1:${prow!.ports['tide-port']}/history`).catch(() => undefined);
      return r?.ok ? done((await r.json()) as Record<string, unknown[]>) : seen(r?.status ?? 'no answer');
    }, { context: () => prow?.logTail() ?? '' });
    expect(after).toEqual(before);
    // A few syncs later, each merged PR still had exactly one merge request.
    await waitFor('tide to sync after the restart', async () => {
      const tideJs = (await (await fetch(`http://127.0.0.1:${prow!.ports['tide-port']}/tide.js?var=tide`)).text());
      return tideJs.startsWith('var tide = {"Queries":["is:pr state:open archived:false label:\\"lgtm\\"') ? done(true) : seen(tideJs);
    }, { context: () => prow?.logTail() ?? '' });
    expect(merged).toHaveLength(3);
    // Deck's Tide pages, from the tide role in the same process.
    const deck = `http://127.0.0.1:${prow!.ports['deck-port']}`;
    const tidePage = await (await fetch(`${deck}/tide`)).text();
    expect(tidePage).toContain('<h2>Queries</h2>');
    expect(tidePage).toContain('label:&quot;lgtm&quot;');
    const historyPage = await (await fetch(`${deck}/tide-history`)).text();
    expect(historyPage).toContain(`${ORG}/${REPO}:main`);
    expect(historyPage).toContain('MERGE_BATCH');
    for (const n of merged) expect(gh.requestsTo('PUT', `/repos/${ORG}/${REPO}/pulls/${n}/merge`).filter((r) => r.status === 200)).toHaveLength(1);
  });
});
