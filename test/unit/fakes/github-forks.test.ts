// The fake GitHub's forks: POST /repos/:o/:r/forks, pushes over HTTP to one's own repositories only (Basic auth
// with a token, as github.com), PRs from a fork's branch, and a PR's commits as the patch media type.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from 'octokit';
import { git, GitError } from '../../../src/git/exec.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { TEST_GIT_IDENTITY } from '../../fakes/git/index.js';

const basic = (token: string): NodeJS.ProcessEnv => ({
  ...TEST_GIT_IDENTITY, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader',
  GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`,
});

describe('fake GitHub forks', () => {
  let gh: FakeGitHub;
  let dir: string;
  let bot: Octokit;
  beforeAll(async () => {
    gh = await FakeGitHub.start({ tokens: { 'bot-token': 'k8s-ci-robot', 'alice-token': 'alice' } });
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { files: { 'a.txt': 'a\n' } });
    bot = new Octokit({ auth: 'bot-token', baseUrl: gh.url });
    dir = await mkdtemp(path.join(os.tmpdir(), 'fake-forks-'));
  });
  afterAll(async () => {
    await gh.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('forks into the caller\'s account once, with the parent\'s branches', async () => {
    const r = await bot.request('POST /repos/{owner}/{repo}/forks', { owner: 'org', repo: 'repo' });
    expect(r.status).toBe(202);
    expect([r.data.full_name, r.data.fork]).toEqual(['k8s-ci-robot/repo', true]);
    const again = await bot.request('POST /repos/{owner}/{repo}/forks', { owner: 'org', repo: 'repo' });
    expect(again.data.full_name).toBe('k8s-ci-robot/repo');
    const got = await bot.request('GET /repos/{owner}/{repo}', { owner: 'k8s-ci-robot', repo: 'repo' });
    expect((got.data as { parent?: { full_name: string } }).parent?.full_name).toBe('org/repo');
    expect(await gh.state.repo('k8s-ci-robot', 'repo').git.resolve('refs/heads/main')).toBe(await gh.branchSha('org', 'repo', 'main'));
  });

  it('takes pushes to one\'s own fork only, with a valid token', async () => {
    const work = path.join(dir, 'work');
    await git(['clone', '--quiet', gh.httpCloneUrl('org', 'repo'), work]);
    await git(['commit', '--quiet', '--allow-empty', '-m', 'mine'], { cwd: work, env: TEST_GIT_IDENTITY });
    const push = (token: string, owner: string): Promise<unknown> => git(['push', '--quiet', `${gh.url}/${owner}/repo.git`, 'HEAD:refs/heads/topic'], { cwd: work, env: basic(token) });
    await expect(push('nope', 'k8s-ci-robot')).rejects.toThrow(GitError);
    await expect(push('bot-token', 'org')).rejects.toThrow(/denied to k8s-ci-robot|403/);
    await expect(push('alice-token', 'k8s-ci-robot')).rejects.toThrow(/denied to alice|403/);
    await push('bot-token', 'k8s-ci-robot');
    expect(await gh.state.repo('k8s-ci-robot', 'repo').git.resolve('refs/heads/topic')).toMatch(/^[0-9a-f]{40}$/);
    expect(await gh.state.repo('org', 'repo').git.resolve('refs/heads/topic')).toBeNull();
  });

  it('opens a PR from the fork\'s branch, and serves its commits as a patch', async () => {
    const fork = gh.state.repo('k8s-ci-robot', 'repo');
    const sha = await fork.git.commit({ parent: 'refs/heads/main', ref: 'feature', files: { 'b.txt': 'b\n' }, message: 'Add b' });
    const pr = await bot.request('POST /repos/{owner}/{repo}/pulls', { owner: 'org', repo: 'repo', title: 'B', head: 'k8s-ci-robot:feature', base: 'main' });
    expect([pr.data.head.label, pr.data.head.sha, pr.data.head.repo?.full_name, pr.data.base.repo.full_name]).toEqual(['k8s-ci-robot:feature', sha, 'k8s-ci-robot/repo', 'org/repo']);
    expect(await gh.state.repo('org', 'repo').git.resolve('refs/heads/feature')).toBeNull();
    const patch = await bot.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: 'org', repo: 'repo', pull_number: pr.data.number, mediaType: { format: 'patch' } });
    expect(String(patch.data)).toMatch(/^From [0-9a-f]{40} .*\n[\s\S]*Subject: \[PATCH\] Add b\n[\s\S]*\+\+\+ b\/b\.txt/);
    await expect(bot.request('POST /repos/{owner}/{repo}/pulls', { owner: 'org', repo: 'repo', title: 'X', head: 'alice:feature', base: 'main' })).rejects.toThrow(/Validation Failed/);
  });
});
