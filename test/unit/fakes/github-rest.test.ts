// The fake GitHub's REST API, driven by octokit (the production client library) over HTTP.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit, RequestError } from 'octokit';
import { FakeGitHub } from '../../fakes/github/index.js';

function client(gh: FakeGitHub, token = 'bot-token'): Octokit {
  return new Octokit({ auth: token, baseUrl: gh.url, throttle: { enabled: false }, retry: { enabled: false } });
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof RequestError) return e.status;
    throw e;
  }
}

describe('fake GitHub REST', () => {
  let gh: FakeGitHub;
  let ok: Octokit;

  beforeAll(async () => {
    gh = await FakeGitHub.start({ tokens: { 'bot-token': 'k8s-ci-robot', 'alice-token': 'alice' } });
    gh.addOrg('org', { members: ['alice'], admins: ['root'] });
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hello\n', 'docs/a.md': 'a\n' } });
    gh.addCollaborator('org', 'repo', 'k8s-ci-robot', 'write');
    gh.addCollaborator('org', 'repo', 'carol', 'read');
    ok = client(gh);
  });

  afterAll(async () => {
    await gh.stop();
  });

  it('answers 404 with GitHub’s body for unknown things', async () => {
    const res = await fetch(`${gh.url}/repos/org/nope`, { headers: { authorization: 'token bot-token' } });
    expect(res.status).toBe(404);
    const b = (await res.json()) as Record<string, unknown>;
    expect(b.message).toBe('Not Found');
    expect(typeof b.documentation_url).toBe('string');
    expect(await status(ok.rest.issues.get({ owner: 'org', repo: 'repo', issue_number: 99 }))).toBe(404);
  });

  it('rejects unknown tokens with 401 Bad credentials', async () => {
    const err = await client(gh, 'wrong').rest.repos.get({ owner: 'org', repo: 'repo' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestError);
    expect((err as RequestError).status).toBe(401);
    expect((err as RequestError).message).toContain('Bad credentials');
  });

  it('reports users, org membership and collaborator permissions', async () => {
    expect((await ok.rest.users.getAuthenticated()).data.login).toBe('k8s-ci-robot');
    expect((await client(gh, 'alice-token').rest.users.getAuthenticated()).data.login).toBe('alice');
    expect(await status(ok.rest.orgs.checkMembershipForUser({ org: 'org', username: 'alice' }))).toBe(200);
    expect(await status(ok.rest.orgs.checkMembershipForUser({ org: 'org', username: 'carol' }))).toBe(404);
    const perm = await ok.rest.repos.getCollaboratorPermissionLevel({ owner: 'org', repo: 'repo', username: 'carol' });
    expect(perm.data.permission).toBe('read');
    expect((await ok.rest.repos.getCollaboratorPermissionLevel({ owner: 'org', repo: 'repo', username: 'root' })).data.permission).toBe('admin');
    expect(await status(ok.rest.repos.checkCollaborator({ owner: 'org', repo: 'repo', username: 'carol' }))).toBe(200);
    expect(await status(ok.rest.repos.checkCollaborator({ owner: 'org', repo: 'repo', username: 'alice' }))).toBe(404);
  });

  it('serves repository contents from the real repository', async () => {
    const file = await ok.rest.repos.getContent({ owner: 'org', repo: 'repo', path: 'docs/a.md' });
    const data = file.data as { type: string; content: string; encoding: string };
    expect(data.type).toBe('file');
    expect(Buffer.from(data.content, 'base64').toString()).toBe('a\n');
    const dir = await ok.rest.repos.getContent({ owner: 'org', repo: 'repo', path: '' });
    expect((dir.data as { name: string }[]).map((d) => d.name).sort()).toEqual(['README.md', 'docs']);
    expect(await status(ok.rest.repos.getContent({ owner: 'org', repo: 'repo', path: 'missing' }))).toBe(404);
  });

  it('paginates comments with Link headers that octokit follows', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'x.txt': 'x\n' } });
    for (let i = 0; i < 7; i++) await ok.rest.issues.createComment({ owner: 'org', repo: 'repo', issue_number: pr.number, body: `comment ${i}` });
    const first = await ok.rest.issues.listComments({ owner: 'org', repo: 'repo', issue_number: pr.number, per_page: 3 });
    expect(first.data).toHaveLength(3);
    expect(first.headers.link).toMatch(/rel="next"/);
    expect(first.headers.link).toMatch(/page=3.*rel="last"/);
    const all = await ok.paginate(ok.rest.issues.listComments, { owner: 'org', repo: 'repo', issue_number: pr.number, per_page: 3 });
    expect(all.map((c) => c.body)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `comment ${i}`));
    expect(all[0].user?.login).toBe('k8s-ci-robot');
  });

  it('answers 422 Validation Failed with errors for bad input', async () => {
    const err = (await ok.rest.issues.create({ owner: 'org', repo: 'repo', title: '' }).catch((e: unknown) => e)) as RequestError;
    expect(err.status).toBe(422);
    const data = err.response?.data as { message: string; errors: { field: string; code: string }[] };
    expect(data.message).toBe('Validation Failed');
    expect(data.errors[0]).toMatchObject({ field: 'title', code: 'missing_field' });
    const bad = (await ok.rest.repos.createCommitStatus({ owner: 'org', repo: 'repo', sha: 'deadbeef', state: 'success' }).catch((e: unknown) => e)) as RequestError;
    expect(bad.status).toBe(422);
  });

  it('answers 304 to a matching If-None-Match without spending rate limit', async () => {
    const first = await fetch(`${gh.url}/repos/org/repo`, { headers: { authorization: 'token bot-token' } });
    const etag = first.headers.get('etag');
    const remaining = Number(first.headers.get('x-ratelimit-remaining'));
    expect(etag).toBeTruthy();
    expect(first.headers.get('x-ratelimit-limit')).toBe('5000');
    const again = await fetch(`${gh.url}/repos/org/repo`, { headers: { authorization: 'token bot-token', 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(Number(again.headers.get('x-ratelimit-remaining'))).toBe(remaining);
    const third = await fetch(`${gh.url}/repos/org/repo`, { headers: { authorization: 'token bot-token' } });
    expect(Number(third.headers.get('x-ratelimit-remaining'))).toBe(remaining - 1);
    // octokit surfaces the 304 as a RequestError with status 304.
    expect(await status(ok.request('GET /repos/{owner}/{repo}', { owner: 'org', repo: 'repo', headers: { 'if-none-match': etag! } }))).toBe(304);
  });

  it('fails with 403 once the rate limit is exhausted', async () => {
    gh.setRateLimitRemaining(0);
    const err = (await ok.rest.repos.get({ owner: 'org', repo: 'repo' }).catch((e: unknown) => e)) as RequestError;
    expect(err.status).toBe(403);
    expect(err.message).toContain('rate limit exceeded');
    expect(err.response?.headers['x-ratelimit-remaining']).toBe('0');
    gh.setRateLimitRemaining(5000);
  });

  it('records every request with method, path, query, body and headers', async () => {
    await ok.rest.issues.addLabels({ owner: 'org', repo: 'repo', issue_number: 1, labels: ['kind/bug'] });
    const [rec] = gh.requestsTo('POST', '/repos/org/repo/issues/1/labels');
    expect(rec.body).toEqual({ labels: ['kind/bug'] });
    expect(rec.headers.authorization).toBe('token bot-token');
    expect(rec.status).toBe(200);
    expect(rec.viewer).toBe('k8s-ci-robot');
    expect(gh.issue('org', 'repo', 1).labels).toEqual(['kind/bug']);
  });
});

describe('fake GitHub timeline, review comments and refs', () => {
  let gh: FakeGitHub;
  let ok: Octokit;

  beforeAll(async () => {
    gh = await FakeGitHub.start();
    gh.addOrg('org', { members: ['alice', 'bob'] });
    await gh.createRepo('org', 'repo', {});
    ok = client(gh);
  });

  afterAll(async () => {
    await gh.stop();
  });

  it('lists issue events for labels, assignment and merges', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.txt': 'a\n' } });
    await gh.addLabels('org', 'repo', pr.number, ['lgtm'], 'bob');
    await ok.rest.issues.addAssignees({ owner: 'org', repo: 'repo', issue_number: pr.number, assignees: ['bob'] });
    await gh.merge('org', 'repo', pr.number);
    const events = (await ok.rest.issues.listEvents({ owner: 'org', repo: 'repo', issue_number: pr.number })).data;
    expect(events.map((e) => [e.event, e.actor?.login])).toEqual([
      ['labeled', 'bob'],
      ['assigned', 'k8s-ci-robot'],
      ['merged', 'k8s-ci-robot'],
      ['closed', 'k8s-ci-robot'],
    ]);
    expect((events[0] as { label?: { name: string } }).label?.name).toBe('lgtm');
  });

  it('keeps review comments and sends pull_request_review_comment', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'b.txt': 'b\n' } });
    await gh.reviewComment('org', 'repo', pr.number, 'bob', { body: 'nit', path: 'b.txt', line: 1 });
    const created = await ok.rest.pulls.createReviewComment({ owner: 'org', repo: 'repo', pull_number: pr.number, body: 'reply', path: 'b.txt', line: 1, commit_id: pr.pull!.headSha });
    expect(created.status).toBe(201);
    const list = (await ok.rest.pulls.listReviewComments({ owner: 'org', repo: 'repo', pull_number: pr.number })).data;
    expect(list.map((c) => [c.user.login, c.body, c.path])).toEqual([['bob', 'nit', 'b.txt'], ['k8s-ci-robot', 'reply', 'b.txt']]);
    await gh.flush();
    expect(gh.deliveries.filter((d) => d.event === 'pull_request_review_comment').map((d) => (d.payload.comment as { body: string }).body)).toEqual(['nit', 'reply']);
  });

  it('resolves refs with slashes and records requests no route handles', async () => {
    await gh.pushCommit('org', 'repo', 'release/1.0', { 'r.txt': 'r\n' });
    const ref = await ok.rest.git.getRef({ owner: 'org', repo: 'repo', ref: 'heads/release/1.0' });
    expect(ref.data.object.sha).toBe(await gh.branchSha('org', 'repo', 'release/1.0'));
    expect(await status(ok.request('GET /repos/{owner}/{repo}/no-such-api', { owner: 'org', repo: 'repo' }))).toBe(404);
    expect(gh.unmatched.map((r) => r.path)).toEqual(['/repos/org/repo/no-such-api']);
  });
});
