// Who sees and who may act: sessions and CSRF tokens, rerun auth configs (with GitHub membership through the fake
// GitHub), tenants and hidden repos, allowed buckets and artifact confinement, lens selection, rerun modes, and
// start-up checks of the auth flags.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import express from 'express';
import type { ProwJob } from '../../../src/api/prowjob.js';
import type { Config } from '../../../src/config/types.js';
import { createGitHubFactory } from '../../../src/github/factory.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { StorageClients } from '../../../src/storage/open.js';
import { FileProwJobStore } from '../../../src/store/file.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { ArtifactError, artifactKey, resolveJobDir } from '../../../roles/deck/artifacts.js';
import { CookieCrypto, canTrigger, readCookieSecret, rerunAuthConfigFor } from '../../../roles/deck/auth.js';
import { membershipChecker, startDeck, webBaseFor } from '../../../roles/deck/deck.js';
import { isVisible, omitFields, parseOmit } from '../../../roles/deck/jobs.js';
import { selectLenses } from '../../../roles/deck/lenses.js';
import { rerunFactory } from '../../../roles/deck/rerun.js';
import { makeJob } from './harness.js';

describe('sessions and CSRF', () => {
  const crypto = new CookieCrypto(Buffer.alloc(32, 7));
  it('seals sessions that only this secret opens, until they expire', () => {
    const sealed = crypto.sealSession('alice', 'tok', 1_000);
    expect(crypto.openSession(sealed, 2_000)).toMatchObject({ login: 'alice', token: 'tok' });
    expect(new CookieCrypto(Buffer.alloc(32, 8)).openSession(sealed, 2_000)).toBeUndefined();
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('AA') ? 'AB' : 'AA'}`;
    expect(crypto.openSession(tampered, 2_000)).toBeUndefined();
    expect(crypto.openSession(sealed, 1_000 + 8 * 24 * 3600 * 1000)).toBeUndefined();
  });
  it('accepts only the token bound to the browser\'s own nonce cookie', () => {
    const cookie = crypto.newCsrfCookie();
    const token = crypto.csrfToken(crypto.csrfNonce(cookie) as string);
    expect(crypto.checkCsrf(cookie, token)).toBe(true);
    expect(crypto.checkCsrf(crypto.newCsrfCookie(), token)).toBe(false);
    expect(crypto.checkCsrf(cookie, undefined)).toBe(false);
    expect(crypto.checkCsrf(`forged.${cookie.split('.')[1] ?? ''}`, token)).toBe(false);
  });
  it('reads base64 and raw cookie secrets', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deck-secret-'));
    try {
      writeFileSync(path.join(dir, 'b64'), `${Buffer.alloc(32, 1).toString('base64')}\n`);
      writeFileSync(path.join(dir, 'raw'), 'short-secret');
      expect(readCookieSecret(path.join(dir, 'b64'))).toHaveLength(32);
      expect(readCookieSecret(path.join(dir, 'raw')).toString()).toBe('short-secret');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('finds GitHub\'s web base for an API endpoint', () => {
    expect(webBaseFor('https://api.github.com')).toBe('https://github.com');
    expect(webBaseFor('https://ghe.example.com/api/v3')).toBe('https://ghe.example.com');
  });
});

describe('rerun auth configs', () => {
  const pj = makeJob({ job: 'pull-a', org: 'acme', repo: 'app', pr: 1 });
  it('prefers the job\'s own config, then default_rerun_auth_configs by specificity, then the map', () => {
    const config: Config = {
      deck: {
        rerun_auth_configs: { '*': { allow_anyone: true }, acme: { github_users: ['org-user'] }, 'acme/app': { github_users: ['repo-user'] } },
      },
    };
    expect(rerunAuthConfigFor(pj, config)).toEqual({ github_users: ['repo-user'] });
    expect(rerunAuthConfigFor(makeJob({ job: 'x', org: 'acme', repo: 'lib', pr: 2 }), config)).toEqual({ github_users: ['org-user'] });
    expect(rerunAuthConfigFor(makeJob({ job: 'p' }), config)).toEqual({ allow_anyone: true });
    const entries: Config = {
      deck: {
        default_rerun_auth_configs: [
          { repo: '', rerun_auth_configs: { allow_anyone: true } },
          { repo: 'acme', rerun_auth_configs: { github_users: ['org-user'] } },
          { repo: 'acme/app', rerun_auth_configs: { github_users: ['repo-user'] } },
          { repo: 'acme/app', cluster: 'other', rerun_auth_configs: { github_users: ['cluster-user'] } },
        ],
      },
    };
    expect(rerunAuthConfigFor(pj, entries)).toEqual({ github_users: ['repo-user'] });
    expect(rerunAuthConfigFor({ ...pj, spec: { ...pj.spec, cluster: 'other' } }, entries)).toEqual({ github_users: ['cluster-user'] });
    const own: ProwJob = { ...pj, spec: { ...pj.spec, rerun_auth_config: { github_users: ['own'] } } };
    expect(rerunAuthConfigFor(own, config)).toEqual({ github_users: ['own'] });
    expect(rerunAuthConfigFor(pj, {})).toBeUndefined();
  });

  describe('with GitHub membership', () => {
    let gh: FakeGitHub;
    let dir: string;
    let teamId: number;
    beforeAll(async () => {
      gh = await FakeGitHub.start({ botLogin: 'ci-bot', tokens: { 'bot-token': 'ci-bot' } });
      for (const u of ['alice', 'bob', 'carol', 'dave']) gh.addUser(u);
      gh.addOrg('acme', { members: ['alice', 'bob', 'carol'] });
      gh.addOrg('friends', { members: ['dave'] });
      teamId = gh.addTeam('acme', 'Release Team', { slug: 'release', members: ['bob'] }).id;
      gh.addTeam('acme', 'Other', { slug: 'other', members: ['carol'] });
      dir = mkdtempSync(path.join(tmpdir(), 'deck-gh-'));
      writeFileSync(path.join(dir, 'token'), 'bot-token\n');
    });
    afterAll(async () => {
      await gh.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('allows users, org members and team members, and no one else', async () => {
      const github = createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token') }, createRootLogger({ stream: new PassThrough() }));
      const m = membershipChecker(github!);
      expect(await canTrigger({ github_orgs: ['friends'] }, 'dave', pj, m)).toBe(true);
      expect(await canTrigger({ github_orgs: ['friends'] }, 'alice', pj, m)).toBe(false);
      expect(await canTrigger({ github_team_slugs: [{ org: 'acme', slug: 'release' }] }, 'bob', pj, m)).toBe(true);
      expect(await canTrigger({ github_team_slugs: [{ org: 'acme', slug: 'release' }] }, 'carol', pj, m)).toBe(false);
      expect(await canTrigger({ github_team_ids: [teamId] }, 'bob', pj, m)).toBe(true);
      expect(await canTrigger({ github_team_ids: [teamId] }, 'carol', pj, m)).toBe(false);
      expect(await canTrigger({ github_users: ['Alice'] }, 'alice', pj, m)).toBe(true);
      expect(await canTrigger({ github_users: ['alice'] }, undefined, pj, m)).toBe(false);
      expect(await canTrigger({ allow_anyone: true }, undefined, pj, undefined)).toBe(true);
      expect(await canTrigger(undefined, 'alice', pj, m)).toBe(false);
    });
  });
});

describe('visibility', () => {
  const plain = makeJob({ job: 'a', org: 'acme', repo: 'app' });
  const hiddenRepo = makeJob({ job: 'b', org: 'secret', repo: 'x' });
  const hiddenJob = makeJob({ job: 'c', hidden: true });
  const tenantJob = makeJob({ job: 'd', tenant: 't1' });
  const all = [plain, hiddenRepo, hiddenJob, tenantJob];
  const shown = (v: Parameters<typeof isVisible>[1]): string[] => all.filter((j) => isVisible(j, v, ['secret'])).map((j) => j.spec.job);
  it('applies --tenant-id, --hidden-only, --show-hidden and deck.hidden_repos', () => {
    expect(shown({ tenantIds: [], hiddenOnly: false, showHidden: false })).toEqual(['a']);
    expect(shown({ tenantIds: [], hiddenOnly: true, showHidden: false })).toEqual(['b', 'c']);
    expect(shown({ tenantIds: [], hiddenOnly: false, showHidden: true })).toEqual(['a', 'b', 'c']);
    expect(shown({ tenantIds: ['t1'], hiddenOnly: false, showHidden: false })).toEqual(['d']);
  });
  it('omits the fields upstream omits', () => {
    const j = omitFields(plain, parseOmit('pod_spec,labels,bogus'));
    expect(j.spec.pod_spec).toBeUndefined();
    expect(j.metadata.labels).toBeUndefined();
    expect(j.metadata.annotations).toBeDefined();
    expect(plain.spec.pod_spec).toBeDefined();
  });
});

describe('buckets and artifact paths', () => {
  const storage = new StorageClients('/data');
  const config: Config = {
    plank: { default_decoration_config_entries: [{ config: { gcs_configuration: { bucket: 'gs://prow-logs' } } }] },
    periodics: [{ name: 'p', decoration_config: { gcs_configuration: { bucket: 's3://job-bucket' } } }],
    deck: { additional_allowed_buckets: ['extra'] },
  };
  it('reads only allowed buckets', () => {
    expect(resolveJobDir('gs/prow-logs/logs/j/1', config, storage).dir).toBe('logs/j/1');
    expect(resolveJobDir('s3/job-bucket/logs/j/1', config, storage).bucketName).toBe('job-bucket');
    expect(resolveJobDir('gs/extra/logs/j/1', config, storage).bucketName).toBe('extra');
    expect(() => resolveJobDir('gs/other/logs/j/1', config, storage)).toThrow(ArtifactError);
    expect(resolveJobDir('gs/other/logs/j/1', { ...config, deck: { skip_storage_path_validation: true } }, storage).bucketName).toBe('other');
    const local = resolveJobDir('file/data/storage/logs/j/1', config, storage);
    expect(local.dir).toBe('logs/j/1');
    expect(() => resolveJobDir('file/data/prowjobs/x', config, storage)).toThrow(/not in an allowed bucket/);
    expect(() => resolveJobDir('ftp/x/y', config, storage)).toThrow(/unknown storage provider/);
  });
  it('keeps artifact names inside the job directory', () => {
    const job = resolveJobDir('gs/prow-logs/logs/j/1', config, storage);
    expect(artifactKey(job, 'artifacts/junit.xml')).toBe('logs/j/1/artifacts/junit.xml');
    expect(() => artifactKey(job, '../2/build-log.txt')).toThrow(ArtifactError);
    expect(() => artifactKey(job, 'a/./b')).toThrow(ArtifactError);
    expect(() => resolveJobDir('file/data/storage/../prowjobs', config, storage)).toThrow(ArtifactError);
  });
});

describe('lenses', () => {
  const files = ['started.json', 'finished.json', 'build-log.txt', 'artifacts/junit_1.xml', 'prowjob.json'];
  it('uses upstream\'s lens set by default', () => {
    expect(selectLenses(undefined, files).map((l) => [l.name, l.files])).toEqual([
      ['metadata', ['started.json', 'finished.json', 'prowjob.json']],
      ['buildlog', ['build-log.txt']],
      ['junit', ['artifacts/junit_1.xml']],
    ]);
  });
  it('needs every required file and passes optional ones and lens config', () => {
    const lenses = selectLenses([
      { lens: { name: 'buildlog', config: { highlight_regexes: ['x'] } }, required_files: ['^build-log\\.txt$'], optional_files: ['^artifacts/.*\\.log$'] },
      { lens: { name: 'junit' }, required_files: ['^artifacts/junit.*\\.xml$', '^missing$'] },
      { lens: { name: 'no-such-lens' }, required_files: ['.*'] },
    ], [...files, 'artifacts/e2e.log']);
    expect(lenses).toEqual([{ name: 'buildlog', config: { highlight_regexes: ['x'] }, files: ['build-log.txt', 'artifacts/e2e.log'] }]);
  });
});

describe('rerun modes', () => {
  const pj = makeJob({ job: 'pull-app-unit', org: 'acme', repo: 'app', pr: 3 });
  it('original repeats the spec with a new name and build ID', () => {
    const next = rerunFactory.build(pj, 'original', {});
    expect(next.metadata.name).not.toBe(pj.metadata.name);
    expect(next.status.build_id).not.toBe(pj.status.build_id);
    expect(next.spec).toEqual(pj.spec);
    expect(next.status.state).toBe('triggered');
  });
  it('latest rebuilds the job from the current config, or says it is gone', () => {
    const config: Config = { presubmits: { 'acme/app': [{ name: 'pull-app-unit', spec: { containers: [{ name: 'test', image: 'new-image' }] } }] } };
    const next = rerunFactory.build(pj, 'latest', config);
    expect(next.spec.pod_spec?.containers[0]?.image).toBe('new-image');
    expect(next.spec.refs?.pulls?.[0]?.number).toBe(3);
    expect(() => rerunFactory.build(pj, 'latest', {})).toThrow(/not in the current config/);
  });
});

describe('start-up checks', () => {
  it('refuses --rerun-creates-job without a 32-byte cookie secret, and OAuth without a cookie secret', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deck-start-'));
    const store = await FileProwJobStore.open({ dir: path.join(dir, 'pj'), namespace: 'default', pollIntervalMs: 0 });
    try {
      writeFileSync(path.join(dir, 'short'), 'too-short-secret');
      writeFileSync(path.join(dir, 'oauth.yaml'), 'client_id: a\nclient_secret: b\nredirect_url: http://x/github-login/redirect\n');
      const base = {
        config: () => ({}), store, storage: new StorageClients(dir), logger: createRootLogger({ stream: new PassThrough() }),
        visibility: { tenantIds: [], hiddenOnly: false, showHidden: false }, rerun: rerunFactory,
        allowInsecure: false, dryRun: false, githubApiBase: 'https://api.github.com',
      };
      await expect(startDeck(express(), { ...base, rerunCreatesJob: true, cookieSecretFile: path.join(dir, 'short') })).rejects.toThrow(/at least 32 bytes/);
      await expect(startDeck(express(), { ...base, rerunCreatesJob: true })).rejects.toThrow(/--cookie-secret/);
      await expect(startDeck(express(), { ...base, rerunCreatesJob: false, oauthConfigFile: path.join(dir, 'oauth.yaml') })).rejects.toThrow(/needs --cookie-secret/);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
