// Tide's sync against the fake GitHub over HTTP with real git repositories: merges really happen in the fake, the
// `tide` context carries upstream's texts, batches are ProwJobs in a real file store and merge once they pass.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { ProwJob } from '../../../src/api/prowjob.js';
import { newPresubmit } from '../../../src/api/create.js';
import { pullRequestRefs } from '../../../src/api/refs.js';
import type { Config, Presubmit } from '../../../src/config/types.js';
import { createGitHubFactory, type GitHubClientFactory } from '../../../src/github/factory.js';
import { contextDescriptionWithBaseSha } from '../../../src/report/github.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { FileProwJobStore } from '../../../src/store/index.js';
import { BatchGit } from '../../../roles/tide/batch-git.js';
import { TideController, LABEL_CREATED_BY_TIDE } from '../../../roles/tide/controller.js';
import { openStoredObject } from '../../../src/storage/object-uri.js';
import { StorageClients } from '../../../src/storage/open.js';
import { History } from '../../../roles/tide/history.js';
import { tideMetrics } from '../../../roles/tide/metrics.js';
import { createMetricsRegistry } from '../../../src/runtime/metrics.js';
import { StatusController } from '../../../roles/tide/status-controller.js';
import { FakeGitHub } from '../../fakes/github/index.js';

const ORG = 'acme';
const REPO = 'widgets';
const unit: Presubmit = { name: 'unit', context: 'unit', always_run: true, spec: { containers: [{ image: 'alpine' }] } } as unknown as Presubmit;

describe('tide sync against the fake GitHub', () => {
  let gh: FakeGitHub;
  let dir: string;
  let store: FileProwJobStore;
  let factory: GitHubClientFactory;
  let history: History;
  let tide: TideController;
  let status: StatusController;
  const registry = createMetricsRegistry();
  let config: Config;
  const logger = createRootLogger({ stream: new PassThrough() });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tide-it-'));
    writeFileSync(path.join(dir, 'token'), 'tok');
    gh = await FakeGitHub.start();
    gh.addOrg(ORG, { members: ['alice', 'bob'], admins: ['k8s-ci-robot'] });
    await gh.createRepo(ORG, REPO, { files: { 'README.md': 'hello\n' }, defaultBranch: 'main' });
    for (const l of ['lgtm', 'approved', 'do-not-merge/hold', 'tide/merge-method-squash', 'tide/merge-blocker']) gh.createLabel(ORG, REPO, l);
    store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
    factory = createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token') }, logger)!;
    history = new History(openStoredObject(path.join(dir, 'history.json'), new StorageClients(dir), '--history-uri'));
    config = {
      presubmits: { [`${ORG}/${REPO}`]: [unit] },
      tide: {
        queries: [{ repos: [`${ORG}/${REPO}`], labels: ['lgtm', 'approved'], missingLabels: ['do-not-merge/hold'] }],
        squash_label: 'tide/merge-method-squash',
        blocker_label: 'tide/merge-blocker',
        max_goroutines: 4,
      },
    } as Config;
    const batchGit = new BatchGit(path.join(dir, 'git'));
    status = new StatusController({ config: () => config, github: (org) => factory.forOrg(org), logger, dryRun: false, merging: (key) => tide.isMerging(key), state: openStoredObject(path.join(dir, 'status.yaml'), new StorageClients(dir), '--status-path') });
    tide = new TideController({
      config: () => config,
      github: (org) => factory.forOrg(org),
      store,
      presubmits: async (cfg) => cfg.presubmits?.[`${ORG}/${REPO}`] ?? [],
      mergeable: (o, r, remote, base, heads, max) => batchGit.mergeable(o, r, remote, base, heads, max),
      history,
      logger,
      dryRun: false,
      sleep: async () => {},
      mergeSpacingMs: 0,
      publish: (snap) => status.publish(snap),
      metrics: tideMetrics(registry),
    });
  });

  afterAll(async () => {
    await store.close();
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A sync, then the status controller's pass on what it saw (two loops in the role). */
  const sync = async (): Promise<Awaited<ReturnType<TideController['sync']>>> => {
    const pools = await tide.sync();
    await status.sync();
    return pools;
  };

  const tideStatus = (sha: string): { state: string; description: string | null } | undefined => gh.statuses(ORG, REPO, sha).filter((s) => s.context === 'tide').at(-1);

  /** A finished presubmit ProwJob for the PR at the branch's current SHA, and its GitHub status. */
  async function passUnit(number: number, state: 'success' | 'failure' = 'success'): Promise<void> {
    const i = gh.issue(ORG, REPO, number);
    const base = (await gh.branchSha(ORG, REPO, 'main'))!;
    const pj = newPresubmit(unit, pullRequestRefs({ org: ORG, repo: REPO, repoLink: `https://github.com/${ORG}/${REPO}`, baseRef: 'main', baseSha: base, number, author: i.user, headSha: i.pull!.headSha }));
    pj.status.state = state;
    await store.create(pj);
    await gh.setStatus(ORG, REPO, i.pull!.headSha, { state, context: 'unit', description: 'Job succeeded.' });
  }

  async function finishTideJobs(state: 'success' | 'failure'): Promise<ProwJob[]> {
    const mine = (await store.list()).filter((j) => j.metadata.labels?.[LABEL_CREATED_BY_TIDE] === 'true' && j.status.state === 'triggered');
    for (const j of mine) await store.update({ ...j, status: { ...j.status, state } });
    return mine;
  }

  it('merges a PR with the labels and a passing job, setting the tide context to success first', async () => {
    const pr = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'one', files: { 'one.txt': '1\n' }, labels: ['lgtm', 'approved'] });
    await passUnit(pr.number);
    const pools = await sync();
    expect(pools).toHaveLength(1);
    expect(pools[0]).toMatchObject({ Org: ORG, Repo: REPO, Branch: 'main', Action: 'MERGE', Error: '' });
    expect(pools[0]!.Target.map((t) => t.Number)).toEqual([pr.number]);
    expect(gh.issue(ORG, REPO, pr.number).pull!.merged).toBe(true);
    expect(tideStatus(pr.pull!.headSha)).toMatchObject({ state: 'success' });
    const rec = history.all()[`${ORG}/${REPO}:main`]![0]!;
    expect(rec).toMatchObject({ action: 'MERGE', target: [{ number: pr.number, sha: pr.pull!.headSha }] });
  });

  it('says which label a PR lacks, and which job has not succeeded', async () => {
    const noLabel = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'two', files: { 'two.txt': '2\n' }, labels: ['lgtm'] });
    const failing = await gh.openPullRequest(ORG, REPO, { author: 'bob', title: 'three', files: { 'three.txt': '3\n' }, labels: ['lgtm', 'approved'] });
    await passUnit(failing.number, 'failure');
    const held = await gh.openPullRequest(ORG, REPO, { author: 'bob', title: 'held', files: { 'held.txt': 'h\n' }, labels: ['lgtm', 'approved', 'do-not-merge/hold'] });
    const pools = await sync();
    expect(pools).toEqual([]);
    expect(tideStatus(noLabel.pull!.headSha)).toMatchObject({ state: 'pending', description: 'Not mergeable. Needs approved label.' });
    expect(tideStatus(failing.pull!.headSha)).toMatchObject({ state: 'pending', description: 'Not mergeable. Job unit has not succeeded.' });
    expect(tideStatus(held.pull!.headSha)).toMatchObject({ state: 'pending', description: 'Not mergeable. Should not have do-not-merge/hold label.' });
    // The statuses are set once: a second sync with nothing changed writes none.
    const before = gh.requestsTo('POST', /\/statuses\//).length;
    await sync();
    expect(gh.requestsTo('POST', /\/statuses\//).length).toBe(before);
    for (const p of [noLabel, failing, held]) await gh.setIssueState(ORG, REPO, p.number, 'closed');
  });

  it('retests stale PRs as a batch of those that merge together, and merges the batch once its jobs pass', async () => {
    const a = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'a', files: { 'a.txt': 'a\n' }, labels: ['lgtm', 'approved'] });
    const z = await gh.openPullRequest(ORG, REPO, { author: 'bob', title: 'z', files: { 'a.txt': 'z\n' }, labels: ['lgtm', 'approved'] });
    const b = await gh.openPullRequest(ORG, REPO, { author: 'bob', title: 'b', files: { 'b.txt': 'b\n' }, labels: ['lgtm', 'approved'] });
    await passUnit(a.number);
    await passUnit(z.number);
    await passUnit(b.number);
    // The base moves: both PRs' results are for the old base, so they need retesting.
    await gh.pushCommit(ORG, REPO, 'main', { 'other.txt': 'x\n' });
    let pools = await sync();
    expect(pools[0]).toMatchObject({ Action: 'TRIGGER_BATCH' });
    expect(pools[0]!.MissingPRs.map((p) => p.Number)).toEqual([a.number, z.number, b.number]);
    const gauge = async (name: string): Promise<number | undefined> => (await registry.getSingleMetric(name)!.get()).values.find((v) => v.labels.branch === 'main')?.value;
    expect([await gauge('tide_pool_missing_prs'), await gauge('tide_pool_pending_prs'), await gauge('tide_pool_successful_prs'), await gauge('tide_pool_batch_pending_prs')]).toEqual([3, 0, 0, 0]);
    expect((await registry.getSingleMetric('tide_retests_total')!.get()).values).toEqual([{ labels: { org: ORG, repo: REPO, branch: 'main', action: 'TRIGGER_BATCH' }, value: 1 }]);
    const batch = await finishTideJobs('success');
    expect(batch).toHaveLength(1);
    expect(batch[0]!.spec.type).toBe('batch');
    expect(batch[0]!.spec.refs!.pulls!.map((p) => p.number)).toEqual([a.number, b.number]);
    expect(tideStatus(a.pull!.headSha)).toMatchObject({ state: 'pending', description: 'Not mergeable. Retesting: unit' });
    pools = await sync();
    expect(pools[0]).toMatchObject({ Action: 'MERGE_BATCH', Error: '' });
    expect(gh.issue(ORG, REPO, a.number).pull!.merged).toBe(true);
    expect(gh.issue(ORG, REPO, b.number).pull!.merged).toBe(true);
    expect(history.all()[`${ORG}/${REPO}:main`]!.map((r) => r.action).slice(0, 2)).toEqual(['MERGE_BATCH', 'TRIGGER_BATCH']);
    // z conflicts with a, now merged: it leaves the pool with upstream's reason.
    await sync();
    expect(tideStatus(z.pull!.headSha)).toMatchObject({ state: 'error', description: 'Not mergeable. PR has a merge conflict.' });
    await gh.setIssueState(ORG, REPO, z.number, 'closed');
  });

  it('retests a lone stale PR serially and merges it', async () => {
    const c = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'c', files: { 'same.txt': 'c\n' }, labels: ['lgtm', 'approved'] });
    await passUnit(c.number);
    await gh.pushCommit(ORG, REPO, 'main', { 'more.txt': 'y\n' });
    const pools = await sync();
    expect(pools[0]).toMatchObject({ Action: 'TRIGGER' });
    const jobs = await finishTideJobs('success');
    expect(jobs.map((j) => [j.spec.type, j.spec.refs!.pulls!.map((p) => p.number)])).toEqual([['presubmit', [c.number]]]);
    await gh.setStatus(ORG, REPO, c.pull!.headSha, { state: 'success', context: 'unit' });
    expect((await sync())[0]).toMatchObject({ Action: 'MERGE' });
    expect(gh.issue(ORG, REPO, c.number).pull!.merged).toBe(true);
  });

  it('takes a sticky override (/override-sticky) as passing after the base moves, with no ProwJob: no retest', async () => {
    const e = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'e', files: { 'e.txt': 'e\n' }, labels: ['lgtm', 'approved'] });
    const oldBase = (await gh.branchSha(ORG, REPO, 'main'))!;
    await gh.setStatus(ORG, REPO, e.pull!.headSha, { state: 'success', context: 'unit', description: contextDescriptionWithBaseSha('Overridden by alice [prow:skip-retest]', oldBase) });
    await gh.pushCommit(ORG, REPO, 'main', { 'moved.txt': 'm\n' });
    expect((await tide.sync())[0]).toMatchObject({ Action: 'MERGE' });
    expect(gh.issue(ORG, REPO, e.number).pull!.merged).toBe(true);
  });

  it('merges with the method a label asks for, and blocks the pool while a blocker issue is open', async () => {
    const blocker = await gh.createIssue(ORG, REPO, 'alice', { title: 'Freeze', labels: ['tide/merge-blocker'] });
    const d = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'd', files: { 'd.txt': 'd\n' }, labels: ['lgtm', 'approved', 'tide/merge-method-squash'] });
    await passUnit(d.number);
    const pools = await sync();
    expect(pools[0]).toMatchObject({ Action: 'BLOCKED', Blockers: [{ Number: blocker.number, Title: 'Freeze' }] });
    expect(gh.issue(ORG, REPO, d.number).pull!.merged).toBe(false);
    await gh.setIssueState(ORG, REPO, blocker.number, 'closed');
    expect((await sync())[0]).toMatchObject({ Action: 'MERGE' });
    const merges = gh.requestsTo('PUT', `/repos/${ORG}/${REPO}/pulls/${d.number}/merge`);
    expect(merges.map((r) => (r.body as { merge_method?: string }).merge_method)).toEqual(['squash']);
  });

  it('does not let a PR whose merge fails stall the pool (unlike upstream, which retries it first every sync)', async () => {
    // GitHub refuses to merge a draft; the query does not exclude drafts (as upstream's).
    const draft = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'draft', files: { 'draft.txt': 'd\n' }, labels: ['lgtm', 'approved'], draft: true });
    const ready = await gh.openPullRequest(ORG, REPO, { author: 'bob', title: 'ready', files: { 'ready.txt': 'r\n' }, labels: ['lgtm', 'approved'] });
    await passUnit(draft.number);
    await passUnit(ready.number);
    let pools = await sync();
    expect(pools[0]).toMatchObject({ Action: 'MERGE', Target: [{ Number: draft.number }] });
    expect(pools[0]!.Error).toContain(`failed merging #${draft.number}: PR is unmergable.`);
    pools = await sync();
    expect(pools[0]).toMatchObject({ Action: 'MERGE', Target: [{ Number: ready.number }], Error: '' });
    expect(gh.issue(ORG, REPO, ready.number).pull!.merged).toBe(true);
    const s = tideStatus(draft.pull!.headSha)!;
    expect(s.state).toBe('error');
    expect(s.description).toMatch(/^Not mergeable\. Merge failed: PR is unmergable\. /);
    expect(s.description!.length).toBeLessThanOrEqual(140);
    await gh.setIssueState(ORG, REPO, draft.number, 'closed');
  });

  it('keeps a PR GitHub reports as blocked out of the pool with github_merge_blocks_policy: block', async () => {
    gh.setBranchProtection(ORG, REPO, 'main', { required_status_checks: { strict: false, contexts: ['security-scan'] }, enforce_admins: null, required_pull_request_reviews: null, restrictions: null });
    config = { ...config, tide: { ...config.tide, github_merge_blocks_policy: { [ORG]: 'block' } } };
    const e = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'e', files: { 'e.txt': 'e\n' }, labels: ['lgtm', 'approved'] });
    await passUnit(e.number);
    expect(await sync()).toEqual([]);
    expect(tideStatus(e.pull!.headSha)).toMatchObject({ state: 'error', description: 'Not mergeable. GitHub blocks merging (branch protection, rulesets or required reviews).' });
    await gh.setStatus(ORG, REPO, e.pull!.headSha, { state: 'success', context: 'security-scan' });
    expect((await sync())[0]).toMatchObject({ Action: 'MERGE', Error: '' });
    expect(gh.issue(ORG, REPO, e.number).pull!.merged).toBe(true);
  });

  it('keeps the history across a restart', async () => {
    const again = new History(openStoredObject(path.join(dir, 'history.json'), new StorageClients(dir), '--history-uri'));
    await again.load();
    expect(again.all()).toEqual(history.all());
  });

  it('searches incrementally for statuses (updated:>= the last search, kept in --status-path across a restart)', async () => {
    const searches = (): string[] => gh.requests.filter((r) => r.path === '/graphql').map((r) => JSON.stringify(r.body ?? '')).filter((b) => b.includes('sort:updated-asc'));
    const before = searches().length;
    await sync();
    const last = searches().slice(before);
    expect(last).toHaveLength(1);
    expect(last[0]).toMatch(/updated:>=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    // A pass runs only after a new sync, and not sooner than status_update_period after the last one.
    expect(await status.sync()).toBe(false);
    const stored = readFileSync(path.join(dir, 'status.yaml'), 'utf8');
    expect(stored).toContain(`${ORG}:`);
    expect(stored).toContain('PreviousQuery: is:pr state:open sort:updated-asc archived:false');
    // A restarted status controller starts where the stored state says, and a PR labelled meanwhile gets its context.
    const restarted = new StatusController({ config: () => config, github: (org) => factory.forOrg(org), logger, dryRun: false, merging: () => false, state: openStoredObject(path.join(dir, 'status.yaml'), new StorageClients(dir), '--status-path') });
    await restarted.load();
    const f = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'f', files: { 'f.txt': 'f\n' }, labels: ['lgtm'] });
    restarted.publish({ prs: [], pool: new Map(), blockers: { repo: new Map(), branch: new Map() }, failedMerges: new Map() });
    const n = searches().length;
    expect(await restarted.sync(60_000)).toBe(true);
    expect(searches().slice(n)[0]).toMatch(/updated:>=/);
    // (The test before left branch protection on and github_merge_blocks_policy: block.)
    expect(tideStatus(f.pull!.headSha)).toMatchObject({ state: 'error', description: 'Not mergeable. GitHub blocks merging (branch protection, rulesets or required reviews).' });
  });
});
