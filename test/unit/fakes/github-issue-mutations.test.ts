// The fake GitHub's issue mutations (transferIssue, pinIssue, unpinIssue): what they change, the webhooks they
// raise, and GitHub's refusals (a PR, another owner's repository, a fourth pinned issue, unknown node IDs).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from 'octokit';
import { FakeGitHub } from '../../fakes/github/index.js';

describe('fake GitHub issue mutations', () => {
  let gh: FakeGitHub;
  let ok: Octokit;
  const ids = { issue: '', pr: '', other: '', foreign: '', pins: [] as string[] };
  type Node = { repository: { id: string; issue?: { id: string }; pullRequest?: { id: string } } };
  const node = async (q: string): Promise<Node> => ok.graphql<Node>(q);

  beforeAll(async () => {
    gh = await FakeGitHub.start();
    ok = new Octokit({ auth: 'tok', baseUrl: gh.url, throttle: { enabled: false }, retry: { enabled: false } });
    gh.addUser('alice');
    await gh.createRepo('org', 'repo', { defaultBranch: 'main' });
    await gh.createRepo('org', 'other', { defaultBranch: 'main' });
    await gh.createRepo('elsewhere', 'repo', { defaultBranch: 'main' });
    gh.createLabel('org', 'other', 'kind/bug');
    await gh.createIssue('org', 'repo', 'alice', { title: 'move me', labels: ['kind/bug', 'local'] }); // #1
    await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.txt': 'a\n' } }); // #2
    for (const title of ['p1', 'p2', 'p3', 'p4']) await gh.createIssue('org', 'repo', 'alice', { title }); // #3-#6
    ids.issue = (await node('{ repository(owner: "org", name: "repo") { id issue(number: 1) { id } } }')).repository.issue!.id;
    ids.pr = (await node('{ repository(owner: "org", name: "repo") { id pullRequest(number: 2) { id } } }')).repository.pullRequest!.id;
    ids.other = (await node('{ repository(owner: "org", name: "other") { id } }')).repository.id;
    ids.foreign = (await node('{ repository(owner: "elsewhere", name: "repo") { id } }')).repository.id;
    for (const n of [3, 4, 5, 6]) ids.pins.push((await node(`{ repository(owner: "org", name: "repo") { id issue(number: ${n}) { id } } }`)).repository.issue!.id);
  });
  afterAll(async () => {
    await gh.stop();
  });

  const transfer = (issueId: string, repositoryId: string): Promise<unknown> =>
    ok.graphql('mutation($i: ID!, $r: ID!) { transferIssue(input: {issueId: $i, repositoryId: $r}) { issue { number url } } }', { i: issueId, r: repositoryId });
  const pin = (issueId: string, pinned = true): Promise<unknown> =>
    ok.graphql(`mutation($i: ID!) { ${pinned ? 'pinIssue' : 'unpinIssue'}(input: {issueId: $i}) { issue { isPinned } } }`, { i: issueId });

  it('refuses to transfer a PR, to another owner, or to an unknown repository', async () => {
    expect(String(await transfer(ids.pr, ids.other).catch((e: unknown) => e))).toContain('Could not resolve to Issue node');
    expect(String(await transfer(ids.issue, ids.foreign).catch((e: unknown) => e))).toContain('same user or organization');
    expect(String(await transfer(ids.issue, 'bm9wZQ==').catch((e: unknown) => e))).toContain('Could not resolve to a node');
    expect(gh.issue('org', 'repo', 1).title).toBe('move me');
  });

  it('transfers an issue: the next number there, the labels the destination has, webhooks in both repositories', async () => {
    const res = await transfer(ids.issue, ids.other);
    expect(res).toEqual({ transferIssue: { issue: { number: 1, url: expect.stringMatching(/\/org\/other\/issues\/1$/) } } });
    expect(() => gh.issue('org', 'repo', 1)).toThrow();
    expect(gh.issue('org', 'other', 1)).toMatchObject({ title: 'move me', labels: ['kind/bug'] });
    await gh.flush();
    const issues = gh.deliveries.filter((d) => d.event === 'issues').slice(-2).map((d) => [(d.payload as { repository: { full_name: string } }).repository.full_name, d.action]);
    expect(issues).toEqual([['org/repo', 'transferred'], ['org/other', 'opened']]);
    // The number stays taken in the old repository.
    expect((await gh.createIssue('org', 'repo', 'alice', { title: 'new' })).number).toBe(7);
  });

  it('pins up to three issues, refuses a fourth and a PR, and unpins', async () => {
    for (const id of ids.pins.slice(0, 3)) expect(await pin(id)).toEqual({ pinIssue: { issue: { isPinned: true } } });
    expect(String(await pin(ids.pins[3]!).catch((e: unknown) => e))).toContain('at most 3 pinned issues');
    expect(String(await pin(ids.pr).catch((e: unknown) => e))).toContain('Could not resolve to Issue node');
    expect(await pin(ids.pins[0]!, false)).toEqual({ unpinIssue: { issue: { isPinned: false } } });
    expect(await pin(ids.pins[3]!)).toEqual({ pinIssue: { issue: { isPinned: true } } });
    expect([3, 4, 5, 6].map((n) => Boolean(gh.issue('org', 'repo', n).pinned))).toEqual([false, true, true, true]);
  });
});
