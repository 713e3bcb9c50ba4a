// Tide's sync where GitHub's rulesets decide: a ruleset's required check counts with from-branch-protection, and a
// `merge_queue` rule makes tide enqueue instead of merge — against the fake GitHub over HTTP with real git. A PR
// whose merge group fails is not queued again until its branch moves; the branch rules are read once per max age,
// then conditionally (304).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Config, Presubmit } from '../../../src/config/types.js';
import { createGitHubFactory } from '../../../src/github/factory.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { FileProwJobStore } from '../../../src/store/index.js';
import { BranchRulesCache } from '../../../roles/tide/branch-rules.js';
import { TideController } from '../../../roles/tide/controller.js';
import { History } from '../../../roles/tide/history.js';
import { StatusController } from '../../../roles/tide/status-controller.js';
import { DROPPED_FROM_QUEUE } from '../../../roles/tide/status-text.js';
import { FakeGitHub } from '../../fakes/github/index.js';

const ORG = 'acme';
const REPO = 'queued';
const unit = { name: 'unit', context: 'unit', always_run: true, spec: { containers: [{ image: 'alpine' }] } } as unknown as Presubmit;

describe('tide with rulesets and the merge queue', () => {
  let gh: FakeGitHub;
  let dir: string;
  let store: FileProwJobStore;
  let history: History;
  let tide: TideController;
  let status: StatusController;
  let now = 0;
  const logger = createRootLogger({ stream: new PassThrough() });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tide-mq-'));
    writeFileSync(path.join(dir, 'token'), 'tok');
    gh = await FakeGitHub.start();
    gh.addOrg(ORG, { members: ['alice', 'bob'], admins: ['k8s-ci-robot'] });
    await gh.createRepo(ORG, REPO, { files: { 'README.md': 'hello\n' }, defaultBranch: 'main' });
    gh.createLabel(ORG, REPO, 'lgtm');
    gh.addRuleset(ORG, REPO, {
      name: 'checks',
      conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] } },
      rules: [{ type: 'required_status_checks', parameters: { required_status_checks: [{ context: 'unit' }, { context: 'lint' }] } }],
    });
    store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
    const factory = createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token') }, logger)!;
    history = new History();
    const config = {
      presubmits: { [`${ORG}/${REPO}`]: [unit] },
      tide: { queries: [{ repos: [`${ORG}/${REPO}`], labels: ['lgtm'] }], context_options: { 'from-branch-protection': true } },
    } as Config;
    const branchRules = new BranchRulesCache((org) => factory.forOrg(org), logger, 60_000, () => now);
    status = new StatusController({ config: () => config, github: (org) => factory.forOrg(org), logger, dryRun: false, merging: (key) => tide.isMerging(key), branchRules });
    tide = new TideController({
      config: () => config,
      github: (org) => factory.forOrg(org),
      store,
      presubmits: async (cfg) => cfg.presubmits?.[`${ORG}/${REPO}`] ?? [],
      mergeable: async () => [],
      history,
      logger,
      dryRun: false,
      sleep: async () => {},
      mergeSpacingMs: 0,
      branchRules,
      publish: (snap) => status.publish(snap),
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

  const tideStatus = (sha: string): string | null | undefined => gh.statuses(ORG, REPO, sha).filter((s) => s.context === 'tide').at(-1)?.description;
  const rulesReads = (): { status?: number }[] => gh.requestsTo('GET', `/repos/${ORG}/${REPO}/rules/branches/main`);

  it('requires the checks a ruleset requires, and reads the rules once per max age, then conditionally', async () => {
    const pr = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'lint-less', files: { 'x.txt': 'x\n' }, labels: ['lgtm'] });
    await gh.setStatus(ORG, REPO, pr.pull!.headSha, { state: 'success', context: 'unit' });
    await sync();
    expect(tideStatus(pr.pull!.headSha)).toBe('Not mergeable. Job lint has not succeeded.');
    await sync();
    await sync();
    expect(rulesReads().map((r) => r.status)).toEqual([200]);
    now += 60_000;
    await sync();
    // Unchanged rules: the ETag answers 304, which costs no rate limit.
    expect(rulesReads().map((r) => r.status)).toEqual([200, 304]);
    await gh.setIssueState(ORG, REPO, pr.number, 'closed');
  });

  it('enqueues instead of merging; a PR whose group failed waits for its branch to move, then is queued again and merges', async () => {
    gh.addRuleset(ORG, REPO, { name: 'queue', conditions: { ref_name: { include: ['refs/heads/main'], exclude: [] } }, rules: [{ type: 'merge_queue', parameters: { merge_method: 'MERGE' } }] });
    now += 60_000;
    const a = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'a', files: { 'a.txt': 'a\n' }, labels: ['lgtm'] });
    const b = await gh.openPullRequest(ORG, REPO, { author: 'bob', title: 'b', files: { 'b.txt': 'b\n' }, labels: ['lgtm'] });
    for (const p of [a, b]) for (const context of ['unit', 'lint']) await gh.setStatus(ORG, REPO, p.pull!.headSha, { state: 'success', context });
    const pools = await sync();
    expect(pools[0]).toMatchObject({ Action: 'ENQUEUE', Error: '' });
    expect(pools[0]!.Target.map((t) => t.Number)).toEqual([a.number, b.number]);
    expect(gh.requestsTo('PUT', /\/merge$/)).toHaveLength(0);
    // The status pass searches after the enqueues, so it sees the whole queue.
    expect(tideStatus(a.pull!.headSha)).toBe('In merge queue (position 1 of 2).');
    expect(tideStatus(b.pull!.headSha)).toBe('In merge queue (position 2 of 2).');
    await sync();
    expect(tideStatus(a.pull!.headSha)).toBe('In merge queue (position 1 of 2).');
    expect(history.all()[`${ORG}/${REPO}:main`]!.filter((r) => r.action === 'ENQUEUE')).toHaveLength(1);

    // A's group fails: A leaves the queue, B's group is rebuilt on main.
    await gh.mergeQueueIdle();
    const [ga] = gh.mergeQueue(ORG, REPO, 'main');
    await gh.setStatus(ORG, REPO, ga!.headSha, { state: 'failure', context: 'unit' });
    await gh.mergeQueueIdle();
    expect(gh.mergeQueue(ORG, REPO, 'main').map((e) => e.number)).toEqual([b.number]);
    const pools2 = await sync();
    expect(pools2[0]!.Action).toBe('WAIT');
    expect(tideStatus(a.pull!.headSha)).toBe(DROPPED_FROM_QUEUE);
    expect(tideStatus(b.pull!.headSha)).toBe('In merge queue (position 1 of 1).');

    // B's group passes and merges: main moved, so A is queued again, and merges once its new group passes.
    const [gb] = gh.mergeQueue(ORG, REPO, 'main');
    for (const context of ['unit', 'lint']) await gh.setStatus(ORG, REPO, gb!.headSha, { state: 'success', context });
    await gh.mergeQueueIdle();
    expect(gh.issue(ORG, REPO, b.number).pull!.merged).toBe(true);
    const pools3 = await sync();
    expect(pools3[0]).toMatchObject({ Action: 'ENQUEUE', Target: [expect.objectContaining({ Number: a.number })] });
    await gh.mergeQueueIdle();
    const [ga2] = gh.mergeQueue(ORG, REPO, 'main');
    for (const context of ['unit', 'lint']) await gh.setStatus(ORG, REPO, ga2!.headSha, { state: 'success', context });
    await gh.mergeQueueIdle();
    expect(gh.issue(ORG, REPO, a.number).pull!.merged).toBe(true);
    expect(gh.requestsTo('PUT', /\/merge$/)).toHaveLength(0);
    expect(gh.state.mergeQueues.errors).toEqual([]);
  });

  it('takes a PR it queued out of the queue when it stops meeting the query, and queues it again once it meets it', async () => {
    const c = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'c', files: { 'c.txt': 'c\n' }, labels: ['lgtm'] });
    for (const context of ['unit', 'lint']) await gh.setStatus(ORG, REPO, c.pull!.headSha, { state: 'success', context });
    await sync();
    await gh.mergeQueueIdle();
    expect(gh.mergeQueue(ORG, REPO, 'main').map((e) => e.number)).toEqual([c.number]);
    await gh.removeLabel(ORG, REPO, c.number, 'lgtm');
    await sync();
    await gh.mergeQueueIdle();
    expect(gh.mergeQueue(ORG, REPO, 'main')).toEqual([]);
    expect(tideStatus(c.pull!.headSha)).toBe('Not mergeable. Needs lgtm label.');
    expect(history.all()[`${ORG}/${REPO}:main`]![0]).toMatchObject({ action: 'DEQUEUE', target: [{ number: c.number }] });
    await gh.addLabels(ORG, REPO, c.number, ['lgtm']);
    const pools = await sync();
    expect(pools[0]).toMatchObject({ Action: 'ENQUEUE', Error: '' });
    expect(tideStatus(c.pull!.headSha)).toBe('In merge queue (position 1 of 1).');
  });
});
