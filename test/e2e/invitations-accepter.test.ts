// `prow invitations-accepter` through the built binary against the fake GitHub: the bot's pending repository and
// org invitations are accepted (it becomes collaborator and member); --dry-run only lists them; other users'
// invitations are not touched.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeGitHub } from '../fakes/github/index.js';
import { inviteToOrg, inviteToRepo, pendingInvitations } from '../fakes/github/routes/hooks-invitations.js';
import { githubArgs, runProw } from './subcommand.js';

jest.setTimeout(60_000);

describe('prow invitations-accepter', () => {
  let gh: FakeGitHub;
  let tmp: string;
  let token: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-invitations-'));
    token = path.join(tmp, 'token');
    writeFileSync(token, 'bot-token');
    gh = await FakeGitHub.start({ botLogin: 'ci-bot' });
    gh.addOrg('acme');
    gh.addOrg('other');
    await gh.createRepo('acme', 'widgets', { files: { 'README.md': 'w' } });
    await gh.createRepo('acme', 'gadgets', { files: { 'README.md': 'g' } });
    inviteToRepo(gh.state, 'acme', 'widgets', 'ci-bot', 'admin');
    inviteToRepo(gh.state, 'acme', 'gadgets', 'ci-bot', 'write');
    inviteToRepo(gh.state, 'acme', 'gadgets', 'alice', 'read');
    inviteToOrg(gh.state, 'other', 'ci-bot', 'member');
  });

  afterAll(async () => {
    await gh.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('lists what it would accept with --dry-run', async () => {
    const r = await runProw(['invitations-accepter', '--dry-run', ...githubArgs(gh, token)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would accept the invitation to acme/widgets (admin)');
    expect(r.stdout).toContain('would accept the invitation to org other');
    expect(pendingInvitations(gh.state, 'ci-bot')).toEqual({ repos: ['acme/widgets', 'acme/gadgets'], orgs: ['other'] });
  });

  it('accepts every pending invitation of the bot', async () => {
    const r = await runProw(['invitations-accepter', ...githubArgs(gh, token)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('invitations-accepter: 3 accepted, 0 failed');
    expect(pendingInvitations(gh.state, 'ci-bot')).toEqual({ repos: [], orgs: [] });
    expect(gh.state.repo('acme', 'widgets').collaborators.get('ci-bot')).toBe('admin');
    expect(gh.state.repo('acme', 'gadgets').collaborators.get('ci-bot')).toBe('write');
    expect(gh.state.isOrgMember('other', 'ci-bot')).toBe(true);
    expect(pendingInvitations(gh.state, 'alice').repos).toEqual(['acme/gadgets']);

    const again = await runProw(['invitations-accepter', ...githubArgs(gh, token)]);
    expect(again.stdout).toContain('invitations-accepter: 0 accepted, 0 failed');
  });
});
