// GitHub App authentication against the fake GitHub: JWTs, installation lookup per org, cached installation tokens.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeGitHub } from '../../fakes/github/index.js';
import { AppAuth, type AppApi } from '../../../src/github/auth.js';
import { graphqlDocument } from '../../../src/github/graphql.js';
import { createGitHubFactory } from '../../../src/github/factory.js';
import { createRootLogger } from '../../../src/runtime/logger.js';

describe('GitHub App auth', () => {
  let gh: FakeGitHub;
  let dir: string;
  let keyPath: string;
  beforeAll(async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    dir = mkdtempSync(path.join(os.tmpdir(), 'gh-app-'));
    keyPath = path.join(dir, 'key.pem');
    writeFileSync(keyPath, privateKey.export({ type: 'pkcs1', format: 'pem' }));
    gh = await FakeGitHub.start({ app: { id: 4242, slug: 'prow-app', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() } });
    gh.addOrg('org');
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'x\n' } });
    gh.addInstallation('org');
  });
  afterAll(async () => {
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('acts through the org installation with a cached token, and knows its bot login', async () => {
    const f = createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', appId: '4242', appPrivateKeyPath: keyPath },
      createRootLogger({ stream: new PassThrough() }));
    if (!f) throw new Error('no factory');
    expect(await f.botLogin()).toBe('prow-app[bot]');
    const client = f.forOrg('org');
    expect((await client.getRepo('org', 'repo')).full_name).toBe('org/repo');
    await client.createComment('org', 'repo', 1, 'x').catch(() => undefined);
    expect(gh.requestsTo('POST', /\/app\/installations\/\d+\/access_tokens$/)).toHaveLength(1);
    const repoReq = gh.requestsTo('GET', '/repos/org/repo').at(-1);
    expect(repoReq?.headers.authorization).toMatch(/^token /);
    const repoName = graphqlDocument<{ repository: { name: string } }, { o: string; n: string }>('RepoName', 'query($o: String!, $n: String!) { repository(owner: $o, name: $n) { name } }');
    const q = await client.graphql(repoName, { o: 'org', n: 'repo' });
    expect(q.repository.name).toBe('repo');
    await expect(client.graphql(graphqlDocument('Bad', 'query { nosuchfield }'), {})).rejects.toThrow(/GraphQL/);
  });

  it('refreshes an installation token five minutes before it expires', async () => {
    let now = 0;
    let issued = 0;
    const api: AppApi = {
      installationId: async () => 7,
      createInstallationToken: async () => ({ token: `installation-token-${++issued}`, expiresAt: now + 60 * 60_000 }),
    };
    const auth = new AppAuth('1', keyPath, api, () => now);
    expect(await auth.tokenFor('org')).toBe('installation-token-1');
    now += 50 * 60_000;
    expect(await auth.tokenFor('org')).toBe('installation-token-1');
    now += 6 * 60_000;
    expect(await auth.tokenFor('org')).toBe('installation-token-2');
  });
});
