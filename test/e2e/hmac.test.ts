// `prow hmac` through the built binary against the fake GitHub, the rotation scenario of upstream's docs: onboard
// orgs and repos listed in managed_webhooks (token in the secret, webhook with that secret), rotate one token after
// token_created_after moves (the running hook accepts the new token and no longer the old one), onboard a new repo,
// remove one; a failed webhook change keeps its tokens; bad input changes nothing.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toYaml } from '../../src/config/yaml.js';
import { parseHmacTokenMap } from '../../src/github/hmac.js';
import { signPayload, FakeGitHub } from '../fakes/github/index.js';
import { hooksOf, inviteToOrg, inviteToRepo, pendingInvitations } from '../fakes/github/routes/hooks-invitations.js';
import { done, Prow, seen, waitFor } from './harness.js';
import { githubArgs, runProw } from './subcommand.js';

jest.setTimeout(150_000);

const HOOK_URL = 'https://prow.example/hook';

describe('prow hmac', () => {
  let gh: FakeGitHub;
  let tmp: string;
  let token: string;
  let secretFile: string;
  let prow: Prow | undefined;

  const run = (managed: unknown, ...extra: string[]) => {
    const config = path.join(tmp, 'config.yaml');
    writeFileSync(config, toYaml({ managed_webhooks: managed }));
    return runProw(['hmac', `--config-path=${config}`, `--hmac-secret-file=${secretFile}`, `--hook-url=${HOOK_URL}`, ...githubArgs(gh, token), ...extra]);
  };
  const secret = () => parseHmacTokenMap(readFileSync(secretFile, 'utf8'));
  const hookSecret = (key: string) => hooksOf(gh.state, key).find((h) => h.config.url === HOOK_URL)?.config.secret;
  const deliver = async (fullName: string, tok: string): Promise<number> => {
    const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1, repository: { full_name: fullName, name: fullName.split('/')[1], owner: { login: fullName.split('/')[0] } } });
    const r = await fetch(prow!.url('hook-port', '/hook'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': `d-${Math.random()}`, 'x-hub-signature-256': signPayload(tok, body).sha256 },
      body,
    });
    await r.text();
    return r.status;
  };

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-hmac-'));
    token = path.join(tmp, 'token');
    secretFile = path.join(tmp, 'hmac.yaml');
    writeFileSync(token, 'hmac-token');
    gh = await FakeGitHub.start();
    gh.addOrg('foo');
    gh.addOrg('qux');
    for (const r of ['bar', 'baz', 'bax']) await gh.createRepo('foo', r, { files: { 'README.md': r } });
  });

  afterAll(async () => {
    await prow?.stop();
    await gh.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const t0 = '2017-10-02T15:00:00Z';
  let rotatedAfter = '';

  it('onboards every org and repo: a token each, and a webhook signed with it', async () => {
    const r = await run({ respect_legacy_global_token: false, org_repo_config: { 'foo/bar': { token_created_after: t0 }, 'foo/baz': { token_created_after: t0 }, qux: { token_created_after: t0 } } });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('hmac: 3 onboarded, 0 rotated, 0 removed, 0 failed');
    const s = secret();
    expect([...s.keys()].sort()).toEqual(['foo/bar', 'foo/baz', 'qux']);
    for (const key of ['foo/bar', 'foo/baz', 'qux']) {
      expect(s.get(key)).toHaveLength(1);
      expect(hookSecret(key)).toBe(s.get(key)![0].value);
      expect(hooksOf(gh.state, key)[0]).toMatchObject({ active: true, events: ['*'], config: { content_type: 'json' } });
    }
    // Just after the tokens were made: the next run (a new process, later) makes its tokens after it.
    rotatedAfter = new Date(Date.parse(s.get('foo/baz')![0].created_at!) + 1).toISOString();
    // A token is never printed.
    expect(r.stdout).not.toContain(s.get('qux')![0].value);
  });

  it('rotates a token when token_created_after moves past it; hook then accepts only the new one', async () => {
    prow = await Prow.start({ roles: ['hook'], flags: { 'hmac-secret-file': secretFile } });
    const old = secret().get('foo/baz')![0].value;
    expect(await deliver('foo/baz', old)).toBe(200);

    const r = await run({ org_repo_config: { 'foo/bar': { token_created_after: t0 }, 'foo/baz': { token_created_after: rotatedAfter }, qux: { token_created_after: t0 } } });
    expect(r.stdout).toContain('foo/baz: rotate token: webhook updated');
    expect(r.stdout).toContain('hmac: 0 onboarded, 1 rotated, 0 removed, 0 failed');
    const s = secret();
    const fresh = s.get('foo/baz')!;
    expect(fresh).toHaveLength(1);
    expect(fresh[0].value).not.toBe(old);
    expect(Date.parse(fresh[0].created_at!)).toBeGreaterThanOrEqual(Date.parse(rotatedAfter));
    expect(hookSecret('foo/baz')).toBe(fresh[0].value);
    await waitFor('hook accepting the new token', async () => ((await deliver('foo/baz', fresh[0].value)) === 200 ? done(true) : seen('403')));
    expect(await deliver('foo/baz', old)).toBe(403);
    expect(await deliver('foo/bar', s.get('foo/bar')![0].value)).toBe(200);
  });

  it('keeps replaced tokens for --rotation-grace-period', async () => {
    const before = secret().get('qux')![0];
    const after = new Date(Date.parse(before.created_at!) + 1).toISOString();
    const r = await run({ org_repo_config: { 'foo/bar': { token_created_after: t0 }, 'foo/baz': { token_created_after: rotatedAfter }, qux: { token_created_after: after } } }, '--rotation-grace-period=1h');
    expect(r.code).toBe(0);
    const tokens = secret().get('qux')!;
    expect(tokens.map((t) => t.value)).toEqual([before.value, expect.any(String)]);
    expect(hookSecret('qux')).toBe(tokens[1].value);
  });

  it('onboards a new repo and removes one no longer listed', async () => {
    const r = await run({ org_repo_config: { 'foo/bar': { token_created_after: t0 }, 'foo/bax': { token_created_after: t0 }, qux: { token_created_after: t0 } } });
    expect(r.stdout).toContain('foo/bax: onboard: webhook created');
    expect(r.stdout).toContain('foo/baz: remove: webhook deleted');
    const s = secret();
    expect(s.has('foo/baz')).toBe(false);
    expect(hooksOf(gh.state, 'foo/baz')).toEqual([]);
    expect(hookSecret('foo/bax')).toBe(s.get('foo/bax')![0].value);
  });

  it('keeps the tokens of a key whose webhook change fails, and says so', async () => {
    const r = await run({ org_repo_config: { 'foo/bar': { token_created_after: t0 }, 'foo/bax': { token_created_after: t0 }, qux: { token_created_after: t0 }, 'foo/missing': { token_created_after: t0 } } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error: foo\/missing: onboard: .*Not Found.*; its tokens are kept/);
    expect(secret().get('foo/missing')).toHaveLength(1);
  });

  it('with auto_accept_invitation accepts only admin invitations to managed orgs and repos', async () => {
    const bot = gh.state.botLogin;
    inviteToRepo(gh.state, 'foo', 'bax', bot, 'admin');
    inviteToRepo(gh.state, 'foo', 'bar', bot, 'write');
    inviteToOrg(gh.state, 'qux', bot, 'admin');
    inviteToOrg(gh.state, 'elsewhere', bot, 'admin');
    const r = await run({ auto_accept_invitation: true, org_repo_config: { 'foo/bar': { token_created_after: t0 }, 'foo/bax': { token_created_after: t0 }, qux: { token_created_after: t0 } } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('accepted the invitation to foo/bax');
    expect(r.stdout).toContain('accepted the invitation to org qux');
    expect(pendingInvitations(gh.state, bot)).toEqual({ repos: ['foo/bar'], orgs: ['elsewhere'] });
  });

  it('refuses bad input without touching the secret', async () => {
    const text = readFileSync(secretFile, 'utf8');
    const config = path.join(tmp, 'empty.yaml');
    writeFileSync(config, 'prowjob_namespace: default\n');
    const none = await runProw(['hmac', `--config-path=${config}`, `--hmac-secret-file=${secretFile}`, `--hook-url=${HOOK_URL}`, ...githubArgs(gh, token)]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no managed_webhooks');
    const badTime = await run({ org_repo_config: { 'foo/bar': { token_created_after: 'yesterday' } } });
    expect(badTime.code).toBe(2);
    expect(readFileSync(secretFile, 'utf8')).toBe(text);
    const noUrl = await runProw(['hmac', `--config-path=${config}`, `--hmac-secret-file=${secretFile}`, ...githubArgs(gh, token)]);
    expect(noUrl.code).toBe(2);
    expect(existsSync(`${secretFile}.tmp-${process.pid}`)).toBe(false);
  });
});
