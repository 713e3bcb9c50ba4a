// The fake's rulesets (REST) and merge queue (GraphQL enqueue/dequeue, merge groups built with real git,
// merge_group webhooks, merging once the required checks pass on the group head).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit, RequestError } from 'octokit';
import { FakeGitHub } from '../../fakes/github/index.js';

const ORG = 'org';
const REPO = 'queued';

describe('fake GitHub rulesets and merge queue', () => {
  let gh: FakeGitHub;
  let ok: Octokit;

  beforeAll(async () => {
    gh = await FakeGitHub.start();
    ok = new Octokit({ auth: 'tok', baseUrl: gh.url, throttle: { enabled: false }, retry: { enabled: false } });
    await gh.createRepo(ORG, REPO, { files: { 'README.md': 'hi\n' } });
    gh.addCollaborator(ORG, REPO, 'k8s-ci-robot', 'write');
    gh.addRuleset(ORG, REPO, {
      name: 'main queue',
      conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] } },
      rules: [
        { type: 'required_status_checks', parameters: { strict_required_status_checks_policy: false, required_status_checks: [{ context: 'unit' }] } },
        { type: 'merge_queue', parameters: { merge_method: 'MERGE', grouping_strategy: 'ALLGREEN', max_entries_to_build: 5 } },
      ],
    });
    gh.addRuleset(ORG, REPO, { name: 'releases', conditions: { ref_name: { include: ['refs/heads/release/*'], exclude: [] } }, rules: [{ type: 'pull_request', parameters: { required_approving_review_count: 1 } }] });
  });

  afterAll(() => gh.stop());

  const nodeId = async (n: number): Promise<string> =>
    (await ok.graphql<{ repository: { pullRequest: { id: string } } }>('query($n: Int!) { repository(owner: "org", name: "queued") { pullRequest(number: $n) { id } } }', { n })).repository.pullRequest.id;
  const enqueue = (id: string) => ok.graphql<{ enqueuePullRequest: { mergeQueueEntry: { position: number; state: string } } }>('mutation($id: ID!) { enqueuePullRequest(input: {pullRequestId: $id}) { mergeQueueEntry { position state } } }', { id });
  const groups = (action: string) => gh.deliveries.filter((d) => d.event === 'merge_group' && d.action === action).map((d) => d.payload as { reason?: string; merge_group: { head_sha: string; head_ref: string; base_sha: string; base_ref: string; head_commit: { id: string } } });

  it('lists rulesets and the rules active on each branch', async () => {
    const list = (await ok.request('GET /repos/{owner}/{repo}/rulesets', { owner: ORG, repo: REPO })).data;
    expect(list.map((r) => [r.name, r.enforcement, r.source_type])).toEqual([['main queue', 'active', 'Repository'], ['releases', 'active', 'Repository']]);
    const full = (await ok.request('GET /repos/{owner}/{repo}/rulesets/{ruleset_id}', { owner: ORG, repo: REPO, ruleset_id: list[0]!.id })).data;
    expect(full.conditions).toEqual({ ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] } });
    const main = (await ok.request('GET /repos/{owner}/{repo}/rules/branches/{branch}', { owner: ORG, repo: REPO, branch: 'main' })).data;
    expect(main.map((r) => r.type)).toEqual(['required_status_checks', 'merge_queue']);
    expect(main[0]).toMatchObject({ ruleset_source_type: 'Repository', ruleset_source: `${ORG}/${REPO}`, ruleset_id: list[0]!.id });
    const release = (await ok.request('GET /repos/{owner}/{repo}/rules/branches/{branch}', { owner: ORG, repo: REPO, branch: 'release/1.0' })).data;
    expect(release.map((r) => r.type)).toEqual(['pull_request']);
    const bad = await ok.request('POST /repos/{owner}/{repo}/rulesets', { owner: ORG, repo: REPO, name: 'x', enforcement: 'sometimes' } as never).catch((e: unknown) => e);
    expect((bad as RequestError).status).toBe(422);
  });

  it('refuses a direct merge where the queue is required, then queues, tests and merges two PRs in order', async () => {
    const a = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'a', files: { 'a.txt': 'a\n' } });
    const b = await gh.openPullRequest(ORG, REPO, { author: 'bob', title: 'b', files: { 'b.txt': 'b\n' } });
    const direct = await ok.request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', { owner: ORG, repo: REPO, pull_number: a.number }).catch((e: unknown) => e);
    expect((direct as RequestError).status).toBe(405);
    const base = (await gh.branchSha(ORG, REPO, 'main'))!;

    expect((await enqueue(await nodeId(a.number))).enqueuePullRequest.mergeQueueEntry).toEqual({ position: 1, state: 'AWAITING_CHECKS' });
    expect((await enqueue(await nodeId(b.number))).enqueuePullRequest.mergeQueueEntry).toEqual({ position: 2, state: 'AWAITING_CHECKS' });
    await gh.mergeQueueIdle();
    const [ga, gb] = groups('checks_requested');
    expect(ga!.merge_group).toMatchObject({ base_sha: base, base_ref: 'refs/heads/main', head_ref: `refs/heads/gh-readonly-queue/main/pr-${a.number}-${base}` });
    expect(ga!.merge_group.head_commit.id).toBe(ga!.merge_group.head_sha);
    // B's group is built on A's: it holds both changes.
    expect(gb!.merge_group.base_sha).toBe(ga!.merge_group.head_sha);
    expect(await gh.branchSha(ORG, REPO, `gh-readonly-queue/main/pr-${b.number}-${ga!.merge_group.head_sha}`)).toBe(gb!.merge_group.head_sha);
    const q = await ok.graphql<{ repository: { mergeQueue: { entries: { totalCount: number; nodes: { position: number; pullRequest: { number: number } }[] } } } }>(
      'query { repository(owner: "org", name: "queued") { mergeQueue(branch: "main") { entries(first: 10) { totalCount nodes { position pullRequest { number } } } } } }');
    expect(q.repository.mergeQueue.entries.totalCount).toBe(2);
    expect(q.repository.mergeQueue.entries.nodes.map((n) => n.pullRequest.number)).toEqual([a.number, b.number]);

    // B passes first: it waits for A, then both merge in order.
    await gh.setStatus(ORG, REPO, gb!.merge_group.head_sha, { state: 'success', context: 'unit' });
    await gh.mergeQueueIdle();
    expect(gh.issue(ORG, REPO, b.number).pull!.merged).toBe(false);
    expect(gh.mergeQueue(ORG, REPO, 'main').map((e) => e.state)).toEqual(['AWAITING_CHECKS', 'MERGEABLE']);
    await gh.setStatus(ORG, REPO, ga!.merge_group.head_sha, { state: 'success', context: 'unit' });
    await gh.mergeQueueIdle();
    expect(gh.issue(ORG, REPO, a.number).pull!.merged).toBe(true);
    expect(gh.issue(ORG, REPO, b.number)).toMatchObject({ state: 'closed', pull: { merged: true, mergeCommitSha: gb!.merge_group.head_sha } });
    expect(await gh.branchSha(ORG, REPO, 'main')).toBe(gb!.merge_group.head_sha);
    expect(groups('destroyed').map((p) => p.reason)).toEqual(['merged', 'merged']);
    expect(await gh.branchSha(ORG, REPO, `gh-readonly-queue/main/pr-${a.number}-${base}`)).toBeNull();
    expect(gh.mergeQueue(ORG, REPO, 'main')).toHaveLength(0);
  });

  it('drops a group whose required check fails and rebuilds the ones after it', async () => {
    const c = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'c', files: { 'c.txt': 'c\n' } });
    const d = await gh.openPullRequest(ORG, REPO, { author: 'bob', title: 'd', files: { 'd.txt': 'd\n' } });
    const base = (await gh.branchSha(ORG, REPO, 'main'))!;
    await enqueue(await nodeId(c.number));
    await enqueue(await nodeId(d.number));
    await gh.mergeQueueIdle();
    const before = groups('checks_requested').length;
    const gc = gh.mergeQueue(ORG, REPO, 'main')[0]!;
    await gh.setStatus(ORG, REPO, gc.headSha, { state: 'failure', context: 'unit' });
    await gh.mergeQueueIdle();
    expect(gh.mergeQueue(ORG, REPO, 'main').map((e) => e.number)).toEqual([d.number]);
    expect(groups('destroyed').slice(-2).map((p) => p.reason)).toEqual(['dequeued', 'invalidated']);
    const rebuilt = groups('checks_requested').slice(before);
    expect(rebuilt).toHaveLength(1);
    expect(rebuilt[0]!.merge_group.base_sha).toBe(base);
    const dequeued = gh.deliveries.filter((x) => x.event === 'pull_request' && x.action === 'dequeued').at(-1)!.payload as { reason: string; number: number };
    expect(dequeued).toMatchObject({ number: c.number, reason: 'CI_FAILURE' });
    // A push to a queued PR takes it out; dequeuePullRequest takes the other out.
    const e = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'e', files: { 'e2.txt': 'e\n' } });
    await enqueue(await nodeId(e.number));
    await gh.pushToPullRequest(ORG, REPO, e.number, { files: { 'e2.txt': 'e2\n' } });
    await gh.mergeQueueIdle();
    expect(gh.mergeQueue(ORG, REPO, 'main').map((x) => x.number)).toEqual([d.number]);
    const res = await ok.graphql<{ dequeuePullRequest: { mergeQueueEntry: { state: string } } }>('mutation($id: ID!) { dequeuePullRequest(input: {id: $id}) { mergeQueueEntry { state } } }', { id: await nodeId(d.number) });
    expect(res.dequeuePullRequest.mergeQueueEntry.state).toBe('AWAITING_CHECKS');
    expect(gh.mergeQueue(ORG, REPO, 'main')).toHaveLength(0);
    expect(gh.issue(ORG, REPO, d.number).pull!.merged).toBe(false);
  });

  it('refuses to queue a PR whose branch has no queue, or for someone who cannot write', async () => {
    await gh.pushCommit(ORG, REPO, 'dev', { 'dev.txt': 'd\n' });
    const e = await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'e', base: 'dev', files: { 'e.txt': 'e\n' } });
    const err = await enqueue(await nodeId(e.number)).catch((x: unknown) => x);
    expect(String(err)).toContain('The merge queue is not enabled for the branch dev.');
    const pr = await ok.graphql<{ repository: { pullRequest: { mergeQueueEntry: null; isInMergeQueue: boolean; mergeQueue: null } } }>('query($n: Int!) { repository(owner: "org", name: "queued") { pullRequest(number: $n) { mergeQueueEntry { position } isInMergeQueue mergeQueue { url } } } }', { n: e.number });
    expect(pr.repository.pullRequest).toEqual({ mergeQueueEntry: null, isInMergeQueue: false, mergeQueue: null });
    const reader = new Octokit({ auth: 'reader-token', baseUrl: gh.url, throttle: { enabled: false }, retry: { enabled: false } });
    gh.addToken('reader-token', 'mallory');
    const denied = await reader.graphql('mutation($id: ID!) { enqueuePullRequest(input: {pullRequestId: $id}) { clientMutationId } }', { id: await nodeId(e.number) }).catch((x: unknown) => x);
    expect(String(denied)).toContain('mallory does not have permission to enqueue');
    expect(gh.state.mergeQueues.errors).toEqual([]);
  });
});
