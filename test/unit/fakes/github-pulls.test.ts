// Pull requests in the fake GitHub: files and commits from real git, merges (merge/squash/rebase, sha guard,
// conflicts), reviews, and the signed webhooks each change emits.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit, RequestError } from 'octokit';
import { git } from '../../../src/git/exec.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { TEST_GIT_IDENTITY } from '../../fakes/git/index.js';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('fake GitHub pull requests', () => {
  let gh: FakeGitHub;
  let ok: Octokit;
  let hook: http.Server;
  const received: Received[] = [];
  const secret = 'hmac-secret';

  beforeAll(async () => {
    hook = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    gh = await FakeGitHub.start({ hookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`, hmacSecret: secret });
    gh.addOrg('org', { members: ['alice', 'bob'] });
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'one\ntwo\nthree\n' } });
    gh.addCollaborator('org', 'repo', 'k8s-ci-robot', 'write');
    ok = new Octokit({ auth: 'any', baseUrl: gh.url, throttle: { enabled: false }, retry: { enabled: false } });
  });

  afterAll(async () => {
    await gh.stop();
    await new Promise<void>((resolve) => hook.close(() => resolve()));
  });

  it('opens a PR whose files, commits and refs come from the real repository', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', title: 'Add a', files: { 'a.txt': 'a\n', 'README.md': 'one\n2\nthree\n' } });
    const { data } = await ok.rest.pulls.get({ owner: 'org', repo: 'repo', pull_number: pr.number });
    expect(data).toMatchObject({ number: pr.number, state: 'open', title: 'Add a', mergeable: true, mergeable_state: 'unstable', commits: 1, additions: 2, deletions: 1, changed_files: 2 });
    expect(data.head.sha).toBe(pr.pull?.headSha);
    expect(data.base.sha).toBe(await gh.branchSha('org', 'repo', 'main'));
    expect(data.user.login).toBe('alice');
    const files = await ok.rest.pulls.listFiles({ owner: 'org', repo: 'repo', pull_number: pr.number });
    expect(files.data.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([
      ['README.md', 'modified', 1, 1],
      ['a.txt', 'added', 1, 0],
    ]);
    expect(files.data[0].patch).toContain('-two\n+2');
    const commits = await ok.rest.pulls.listCommits({ owner: 'org', repo: 'repo', pull_number: pr.number });
    expect(commits.data.map((c) => c.sha)).toEqual([pr.pull?.headSha]);

    // The PR head can be fetched from the clone URL the way jobs do.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fake-gh-clone-'));
    try {
      await git(['clone', '--quiet', gh.cloneUrl('org', 'repo'), dir], { env: TEST_GIT_IDENTITY });
      await git(['fetch', '--quiet', 'origin', `pull/${pr.number}/head`], { cwd: dir, env: TEST_GIT_IDENTITY });
      await git(['checkout', '--quiet', 'FETCH_HEAD'], { cwd: dir });
      expect(await readFile(path.join(dir, 'a.txt'), 'utf8')).toBe('a\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // …and over smart HTTP from the repository's html_url, as a job with only repo_link would.
    const viaHttp = await mkdtemp(path.join(os.tmpdir(), 'fake-gh-http-clone-'));
    try {
      const htmlUrl = (await ok.rest.repos.get({ owner: 'org', repo: 'repo' })).data.html_url;
      expect(`${htmlUrl}.git`).toBe(gh.httpCloneUrl('org', 'repo'));
      await git(['clone', '--quiet', htmlUrl, viaHttp], { env: TEST_GIT_IDENTITY });
      await git(['fetch', '--quiet', 'origin', `pull/${pr.number}/head`], { cwd: viaHttp, env: TEST_GIT_IDENTITY });
      expect((await git(['rev-parse', 'FETCH_HEAD'], { cwd: viaHttp })).stdout.trim()).toBe(pr.pull?.headSha);
    } finally {
      await rm(viaHttp, { recursive: true, force: true });
    }
  });

  it('sends signed webhooks shaped like GitHub’s for each state change', async () => {
    received.length = 0;
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'b.txt': 'b\n' } });
    await gh.comment('org', 'repo', pr.number, 'bob', '/lgtm');
    await gh.addLabels('org', 'repo', pr.number, ['lgtm']);
    await gh.review('org', 'repo', pr.number, 'bob', 'APPROVED');
    const events = received.map((r) => `${String(r.headers['x-github-event'])}/${(JSON.parse(r.body) as { action?: string }).action ?? ''}`);
    expect(events).toEqual(['pull_request/opened', 'issue_comment/created', 'pull_request/labeled', 'pull_request_review/submitted']);
    for (const r of received) {
      const expected = `sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`;
      const got = String(r.headers['x-hub-signature-256']);
      expect(timingSafeEqual(Buffer.from(got), Buffer.from(expected))).toBe(true);
      expect(r.headers['x-hub-signature']).toBe(`sha1=${createHmac('sha1', secret).update(r.body).digest('hex')}`);
      expect(r.headers['x-github-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const opened = JSON.parse(received[0].body) as { number: number; pull_request: { head: { sha: string }; base: { ref: string; sha: string }; user: { login: string }; changed_files: number }; repository: { full_name: string }; sender: { login: string } };
    expect(opened.number).toBe(pr.number);
    expect(opened.pull_request.head.sha).toBe(pr.pull?.headSha);
    expect(opened.pull_request.base.ref).toBe('main');
    expect(opened.pull_request.base.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(opened.pull_request.changed_files).toBe(1);
    expect(opened.repository.full_name).toBe('org/repo');
    expect(opened.sender.login).toBe('alice');
    const comment = JSON.parse(received[1].body) as { issue: { pull_request?: unknown; number: number }; comment: { body: string; user: { login: string } } };
    expect(comment.issue.pull_request).toBeDefined();
    expect(comment.comment).toMatchObject({ body: '/lgtm', user: { login: 'bob' } });
    expect((JSON.parse(received[2].body) as { label: { name: string } }).label.name).toBe('lgtm');
    expect((JSON.parse(received[3].body) as { review: { state: string } }).review.state).toBe('APPROVED');

    // A change made through the API by the code under test emits its webhook too.
    received.length = 0;
    await ok.rest.issues.createComment({ owner: 'org', repo: 'repo', issue_number: pr.number, body: 'from the bot' });
    await gh.flush();
    expect(received.map((r) => r.headers['x-github-event'])).toEqual(['issue_comment']);
    expect(gh.deliveries.at(-1)?.status).toBe(200);
  });

  it('merges with merge, squash and rebase and moves the base branch', async () => {
    for (const method of ['merge', 'squash', 'rebase'] as const) {
      const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { [`${method}.txt`]: `${method}\n` } });
      const before = await gh.branchSha('org', 'repo', 'main');
      const res = await ok.rest.pulls.merge({ owner: 'org', repo: 'repo', pull_number: pr.number, merge_method: method, sha: pr.pull?.headSha });
      expect(res.data).toMatchObject({ merged: true, message: 'Pull Request successfully merged' });
      const after = await gh.branchSha('org', 'repo', 'main');
      expect(after).toBe(res.data.sha);
      const commit = await ok.rest.repos.getCommit({ owner: 'org', repo: 'repo', ref: after! });
      expect(commit.data.parents.map((p) => p.sha)).toEqual(method === 'merge' ? [before, pr.pull?.headSha] : [before]);
      expect(commit.data.files?.map((f) => f.filename)).toEqual([`${method}.txt`]);
      const pull = (await ok.rest.pulls.get({ owner: 'org', repo: 'repo', pull_number: pr.number })).data;
      expect(pull).toMatchObject({ merged: true, state: 'closed', merge_commit_sha: after });
      expect((await ok.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/merge', { owner: 'org', repo: 'repo', pull_number: pr.number })).status).toBe(204);
    }
    const closed = gh.deliveries.filter((d) => d.event === 'pull_request' && d.action === 'closed');
    expect(closed.at(-1)?.payload.pull_request).toMatchObject({ merged: true });
  });

  it('refuses a merge whose sha does not match the head with 409', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'guard.txt': 'g\n' } });
    const err = (await ok.rest.pulls.merge({ owner: 'org', repo: 'repo', pull_number: pr.number, sha: '0'.repeat(40) }).catch((e: unknown) => e)) as RequestError;
    expect(err.status).toBe(409);
    expect(err.message).toContain('Head branch was modified');
    expect(gh.issue('org', 'repo', pr.number).pull?.merged).toBe(false);
  });

  it('refuses a conflicting merge with 405 and reports mergeable false', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'README.md': 'pr version\n' } });
    await gh.pushCommit('org', 'repo', 'main', { 'README.md': 'main version\n' });
    const pull = (await ok.rest.pulls.get({ owner: 'org', repo: 'repo', pull_number: pr.number })).data;
    expect(pull.mergeable).toBe(false);
    expect(pull.mergeable_state).toBe('dirty');
    const before = await gh.branchSha('org', 'repo', 'main');
    const err = (await ok.rest.pulls.merge({ owner: 'org', repo: 'repo', pull_number: pr.number }).catch((e: unknown) => e)) as RequestError;
    expect(err.status).toBe(405);
    expect((err.response?.data as { message: string }).message).toBe('Pull Request is not mergeable');
    expect(await gh.branchSha('org', 'repo', 'main')).toBe(before);
  });

  it('keeps statuses, the combined status and reviews', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 's.txt': 's\n' } });
    const sha = pr.pull!.headSha;
    await ok.rest.repos.createCommitStatus({ owner: 'org', repo: 'repo', sha, state: 'pending', context: 'ci/a' });
    await ok.rest.repos.createCommitStatus({ owner: 'org', repo: 'repo', sha, state: 'success', context: 'ci/a', target_url: 'http://x/1' });
    await ok.rest.repos.createCommitStatus({ owner: 'org', repo: 'repo', sha, state: 'success', context: 'ci/b' });
    const combined = (await ok.rest.repos.getCombinedStatusForRef({ owner: 'org', repo: 'repo', ref: sha })).data;
    expect(combined.state).toBe('success');
    expect(combined.statuses.map((s) => [s.context, s.state])).toEqual([['ci/b', 'success'], ['ci/a', 'success']]);
    const all = (await ok.rest.repos.listCommitStatusesForRef({ owner: 'org', repo: 'repo', ref: sha })).data;
    expect(all).toHaveLength(3);
    expect(gh.statuses('org', 'repo', sha).find((s) => s.context === 'ci/a')?.targetUrl).toBe('http://x/1');

    const bobToken = 'bob-token';
    gh.addToken(bobToken, 'bob');
    const bob = new Octokit({ auth: bobToken, baseUrl: gh.url, throttle: { enabled: false }, retry: { enabled: false } });
    await bob.rest.pulls.createReview({ owner: 'org', repo: 'repo', pull_number: pr.number, event: 'APPROVE' });
    const reviews = (await ok.rest.pulls.listReviews({ owner: 'org', repo: 'repo', pull_number: pr.number })).data;
    expect(reviews.map((r) => [r.user?.login, r.state])).toEqual([['bob', 'APPROVED']]);
  });
});
