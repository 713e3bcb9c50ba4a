import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parseConfigYaml } from '../../../src/config/yaml.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { makeProwJob, MkpjError } from '../../../src/cli/mkpj.js';
import { buildProgram } from '../../../src/cli/program.js';
import { loadConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/types.js';
import { createGitHubFactory, type GitHubClientFactory } from '../../../src/github/factory.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { FileProwJobStore } from '../../../src/store/file.js';
import type { ProwJob } from '../../../src/api/prowjob.js';

const CONFIG = `
prowjob_namespace: prow
presubmits:
  acme/widgets:
    - name: pull-widgets-unit
      always_run: true
      spec: {containers: [{image: alpine, command: [make, test]}]}
postsubmits:
  acme/widgets:
    - name: post-widgets
      spec: {containers: [{image: alpine, command: [make, push]}]}
periodics:
  - name: ci-nightly
    interval: 24h
    spec: {containers: [{image: alpine, command: [date]}]}
`;

const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);

describe('prow mkpj', () => {
  let dir: string;
  let config: Config;
  let gh: FakeGitHub;
  let github: GitHubClientFactory;
  let prNumber: number;
  let headSha: string;
  let mainSha: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prow-mkpj-'));
    fs.writeFileSync(path.join(dir, 'config.yaml'), CONFIG);
    config = (await loadConfig({ configPath: path.join(dir, 'config.yaml') })).config;
    gh = await FakeGitHub.start({ botLogin: 'ci-bot', tokens: { 'bot-token': 'ci-bot' } });
    await gh.createRepo('acme', 'widgets', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    const pr = await gh.openPullRequest('acme', 'widgets', { author: 'alice', files: { 'a.txt': 'a\n' }, title: 'Add a' });
    prNumber = pr.number;
    headSha = gh.issue('acme', 'widgets', prNumber).pull!.headSha;
    mainSha = (await gh.branchSha('acme', 'widgets', 'main'))!;
    fs.writeFileSync(path.join(dir, 'token'), 'bot-token\n');
    github = createGitHubFactory(
      { endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token') },
      createRootLogger({ stream: new PassThrough() }),
    )!;
  });
  afterAll(async () => {
    await gh.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('makes a presubmit from flags alone', async () => {
    const pj = await makeProwJob(config, 'pull-widgets-unit', { baseRef: 'main', baseSha: SHA_A, pullNumber: 5, pullSha: SHA_B, pullAuthor: 'bob' });
    expect(pj.spec.type).toBe('presubmit');
    expect(pj.spec.refs).toMatchObject({
      org: 'acme', repo: 'widgets', base_ref: 'main', base_sha: SHA_A,
      pulls: [{ number: 5, sha: SHA_B, author: 'bob' }],
    });
    // As upstream's mkpj: the refs hold what the flags give, no links.
    expect(pj.spec.refs).not.toHaveProperty('repo_link');
    expect(pj.metadata.labels).toMatchObject({ 'prow.k8s.io/refs.pull': '5', 'prow.k8s.io/job': 'pull-widgets-unit' });
    expect(pj.status.state).toBe('triggered');
  });

  it('names the missing flags when GitHub is not configured', async () => {
    await expect(makeProwJob(config, 'pull-widgets-unit', { pullNumber: 5, baseRef: 'main' })).rejects.toThrow(/--pull-sha, --pull-author required of pull request #5/);
    await expect(makeProwJob(config, 'pull-widgets-unit', {})).rejects.toThrow(/--pull-number is required/);
    await expect(makeProwJob(config, 'post-widgets', { baseRef: 'main' })).rejects.toThrow(/--base-sha is required/);
    await expect(makeProwJob(config, 'nope', {})).rejects.toBeInstanceOf(MkpjError);
  });

  it('looks up the pull request and base SHA on GitHub', async () => {
    const pj = await makeProwJob(config, 'pull-widgets-unit', { pullNumber: prNumber }, github);
    expect(pj.spec.refs).toMatchObject({
      org: 'acme', repo: 'widgets', base_ref: 'main', base_sha: mainSha,
      pulls: [{ number: prNumber, sha: headSha, author: 'alice', head_ref: expect.any(String) }],
    });
  });

  it('makes a postsubmit on the default branch and a periodic', async () => {
    const post = await makeProwJob(config, 'post-widgets', {}, github);
    expect(post.spec).toMatchObject({ type: 'postsubmit', refs: { base_ref: 'main', base_sha: mainSha } });
    const periodic = await makeProwJob(config, 'ci-nightly', {});
    expect(periodic.spec.type).toBe('periodic');
    expect(periodic.spec.refs).toBeUndefined();
  });

  it('writes YAML and --create puts the job in the file store', async () => {
    const dataDir = path.join(dir, 'data');
    const out = path.join(dir, 'pj.yaml');
    await buildProgram().parseAsync([
      'node', 'prow', 'mkpj', '--job', 'ci-nightly', '--config-path', path.join(dir, 'config.yaml'),
      '--data-dir', dataDir, '--create', '--output-path', out,
    ]);
    expect(process.exitCode ?? 0).toBe(0);
    const printed = parseConfigYaml(fs.readFileSync(out, 'utf8')) as ProwJob;
    expect(printed).toMatchObject({ apiVersion: 'prow.k8s.io/v1', kind: 'ProwJob', spec: { job: 'ci-nightly', type: 'periodic' }, status: { state: 'triggered' } });
    expect(printed.metadata.namespace).toBe('prow');
    const store = await FileProwJobStore.open({ dir: path.join(dataDir, 'prowjobs'), namespace: 'prow', pollIntervalMs: 0 });
    try {
      expect((await store.get(printed.metadata.name)).spec.job).toBe('ci-nightly');
    } finally {
      await store.close();
    }
  });
});
