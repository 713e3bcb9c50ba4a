// The trigger plugin end to end: the fake GitHub sends real signed webhooks to the real /hook endpoint; trigger
// reads and writes GitHub through the production client and creates ProwJobs in the file store.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeGitHub } from '../../fakes/github/index.js';
import { ProwYAMLGetter } from '../../../src/config/inrepoconfig.js';
import { loadConfig } from '../../../src/config/load.js';
import { createGitHubFactory } from '../../../src/github/factory.js';
import { sign } from '../../../src/github/hmac.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { createMetricsRegistry } from '../../../src/runtime/metrics.js';
import { FileProwJobStore } from '../../../src/store/file.js';
import type { ProwJob } from '../../../src/api/prowjob.js';
import { PLUGINS } from '../../../plugins/index.js';
import { Hook } from '../../../roles/hook/hook.js';

const SECRET = 'trigger-test-secret';

const CONFIG = `
prowjob_namespace: default
in_repo_config:
  enabled:
    org/inrepo: true
  allowed_clusters:
    '*': [default]
presubmits:
  org/repo:
  - name: unit
    always_run: true
    spec: {containers: [{image: alpine, command: [echo]}]}
  - name: docs
    run_if_changed: '^docs/'
    spec: {containers: [{image: alpine, command: [echo]}]}
  - name: not-only-docs
    skip_if_only_changed: '^docs/'
    decorate: true
    decoration_config: {timeout: 2h, grace_period: 15s, utility_images: {clonerefs: c, initupload: i, entrypoint: e, sidecar: s}}
    spec: {containers: [{name: tests, image: alpine, command: [echo]}]}
  - name: manual
    always_run: false
    optional: true
    spec: {containers: [{image: alpine, command: [echo]}]}
  - name: release-only
    always_run: true
    branches: [release-1]
    spec: {containers: [{image: alpine, command: [echo]}]}
  - name: not-on-main
    always_run: true
    skip_branches: ['ma.*']
    spec: {containers: [{image: alpine, command: [echo]}]}
postsubmits:
  org/repo:
  - name: post-main
    branches: [main]
    spec: {containers: [{image: alpine, command: [echo]}]}
  - name: post-src
    run_if_changed: '^src/'
    spec: {containers: [{image: alpine, command: [echo]}]}
  - name: post-tags
    branches: ['v\\d+']
    spec: {containers: [{image: alpine, command: [echo]}]}
`;

const PLUGIN_CONFIG = `
plugins:
  org:
    plugins: [trigger]
triggers:
- repos: [org]
  trusted_apps: [helper-app]
`;

describe('trigger through the fake GitHub', () => {
  let dir: string;
  let gh: FakeGitHub;
  let store: FileProwJobStore;
  let hook: Hook;
  let hookServer: http.Server;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'trigger-'));
    writeFileSync(path.join(dir, 'config.yaml'), CONFIG);
    writeFileSync(path.join(dir, 'plugins.yaml'), PLUGIN_CONFIG);
    writeFileSync(path.join(dir, 'hmac'), SECRET);
    writeFileSync(path.join(dir, 'token'), 'bot-token-123456');
    const loaded = await loadConfig({ configPath: path.join(dir, 'config.yaml'), pluginConfig: path.join(dir, 'plugins.yaml') });

    gh = await FakeGitHub.start({ botLogin: 'k8s-ci-robot', hmacSecret: SECRET });
    gh.addOrg('org', { members: ['alice', 'root'] });
    gh.addUser('bob');
    gh.addUser('carol');
    gh.addUser('helper-app[bot]');
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n', 'src/main.go': 'package main\n' }, defaultBranch: 'main' });
    gh.addCollaborator('org', 'repo', 'bob', 'write');
    await gh.createRepo('org', 'inrepo', {
      defaultBranch: 'main',
      files: { '.prow.yaml': 'presubmits:\n- name: from-repo\n  always_run: true\n  spec: {containers: [{image: alpine, command: [echo]}]}\n' },
    });

    store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
    const logger = createRootLogger({ stream: new PassThrough(), level: 'error' });
    const github = createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token') }, logger);
    const app = express();
    hook = new Hook({
      app, plugins: PLUGINS, config: () => ({ config: loaded.config, plugins: loaded.plugins }), github, store, logger,
      inRepoConfig: new ProwYAMLGetter({ cacheDir: path.join(dir, 'inrepoconfig'), cloneURI: (o, r) => gh.cloneUrl(o, r) }),
      metrics: createMetricsRegistry(), hmacSecretFile: path.join(dir, 'hmac'), deliveriesDir: path.join(dir, 'deliveries'),
    });
    hookServer = http.createServer(app);
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', () => r()));
    gh.setHook(`http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`, SECRET);
  });

  afterAll(async () => {
    await gh.flush();
    await hook.stop();
    await gh.stop();
    await store.close();
    hookServer.closeAllConnections();
    await new Promise((r) => hookServer.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Waits until every webhook (including those our own writes caused) is delivered and handled. */
  async function settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await gh.flush();
      await hook.dispatcher.idle();
    }
  }

  const hookUrl = (): string => `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`;

  async function jobsFor(pr: number): Promise<ProwJob[]> {
    return (await store.list()).filter((j) => j.spec.refs?.pulls?.[0]?.number === pr);
  }
  const names = (jobs: ProwJob[]): string[] => jobs.map((j) => j.spec.job).sort();

  it('runs always_run and matching file-filtered presubmits for a trusted author, with full refs and labels', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', title: 'Add feature', files: { 'src/a.go': 'package a\n' } });
    await settle();
    const jobs = await jobsFor(pr.number);
    expect(names(jobs)).toEqual(['not-only-docs', 'unit']);
    const unit = jobs.find((j) => j.spec.job === 'unit') as ProwJob;
    const mainSha = await gh.branchSha('org', 'repo', 'main');
    const head = gh.issue('org', 'repo', pr.number).pull?.headSha;
    expect(unit.spec.type).toBe('presubmit');
    expect(unit.status.state).toBe('triggered');
    expect(unit.spec.refs).toMatchObject({
      org: 'org', repo: 'repo', base_ref: 'main', base_sha: mainSha,
      pulls: [{ number: pr.number, author: 'alice', sha: head, title: 'Add feature', head_ref: expect.any(String), link: expect.stringContaining(`/pull/${pr.number}`) }],
    });
    // As upstream's createRefs: no `ref` (clonerefs fetches the SHA or pull/N/head), no prow.k8s.io/id label on
    // the ProwJob (it goes on the Pod), the container name as configured (unset: ""), durations in Go's format.
    expect(unit.spec.refs?.pulls?.[0]).not.toHaveProperty('ref');
    expect(unit.metadata.labels).not.toHaveProperty('prow.k8s.io/id');
    expect(unit.spec.pod_spec?.containers[0].name).toBe('');
    const decorated = jobs.find((j) => j.spec.job === 'not-only-docs') as ProwJob;
    expect(decorated.spec.pod_spec?.containers[0].name).toBe('tests');
    expect(decorated.spec.decoration_config).toMatchObject({ timeout: '2h0m0s', grace_period: '15s' });
    expect(unit.metadata.labels).toMatchObject({
      'prow.k8s.io/job': 'unit', 'prow.k8s.io/type': 'presubmit', 'prow.k8s.io/refs.org': 'org', 'prow.k8s.io/refs.repo': 'repo',
      'prow.k8s.io/refs.pull': String(pr.number), 'event-GUID': expect.any(String),
    });
  });

  it('runs the docs job only when docs change, and skip_if_only_changed skips docs-only PRs', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'bob', files: { 'docs/guide.md': '# guide\n' } });
    await settle();
    expect(names(await jobsFor(pr.number))).toEqual(['docs', 'unit']);
  });

  it('asks an untrusted author for /ok-to-test, ignores their commands, and starts jobs on /ok-to-test from a member', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'carol', files: { 'src/b.go': 'package b\n' } });
    await settle();
    expect(await jobsFor(pr.number)).toEqual([]);
    const labels = () => gh.issue('org', 'repo', pr.number).labels.map((l) => (typeof l === 'string' ? l : (l as { name: string }).name));
    expect(labels()).toContain('needs-ok-to-test');
    const welcome = gh.comments('org', 'repo', pr.number).find((c) => c.body.startsWith('Hi @carol. Thanks for your PR.'));
    expect(welcome?.body).toContain("I'm waiting for a [org](https://github.com/orgs/org/people) member to verify that this patch is reasonable to test.");
    expect(welcome?.body).toContain('reply with `/ok-to-test` on its own line');

    await gh.comment('org', 'repo', pr.number, 'carol', '/test all');
    await gh.comment('org', 'repo', pr.number, 'carol', '/ok-to-test');
    await settle();
    expect(await jobsFor(pr.number)).toEqual([]);

    await gh.comment('org', 'repo', pr.number, 'alice', '/ok-to-test');
    await settle();
    expect(names(await jobsFor(pr.number))).toEqual(['not-only-docs', 'unit']);
    expect(labels()).toContain('ok-to-test');
    expect(labels()).not.toContain('needs-ok-to-test');

    // Trusted now: a new push runs the jobs again.
    await gh.pushToPullRequest('org', 'repo', pr.number, { files: { 'src/b.go': 'package b // v2\n' } });
    await settle();
    const unitRuns = (await jobsFor(pr.number)).filter((j) => j.spec.job === 'unit');
    expect(unitRuns).toHaveLength(2);
  });

  it('trusts trusted_apps', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'helper-app[bot]', files: { 'src/c.go': 'package c\n' } });
    await settle();
    expect(names(await jobsFor(pr.number))).toEqual(['not-only-docs', 'unit']);
  });

  it('/test <job> forces a manual job; an unknown /test gets the list of jobs', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'src/d.go': 'package d\n' } });
    await settle();
    await gh.comment('org', 'repo', pr.number, 'bob', '/test manual');
    await settle();
    expect(names(await jobsFor(pr.number))).toEqual(['manual', 'not-only-docs', 'unit']);

    await gh.comment('org', 'repo', pr.number, 'alice', '/test foo');
    await settle();
    const reply = gh.comments('org', 'repo', pr.number).find((c) => c.body.startsWith('@alice: The specified target(s) for `/test` were not found.'));
    // Jobs that cannot run on main (branches / skip_branches) are not offered.
    const bullets = (...xs: string[]): string => xs.map((x) => `\n* \`${x}\``).join('');
    expect(reply?.body).toContain(`The following commands are available to trigger required jobs:${bullets('/test docs', '/test not-only-docs', '/test unit')}\n\n`);
    expect(reply?.body).toContain(`Use \`/test all\` to run the following jobs that were automatically triggered:${bullets('docs', 'not-only-docs', 'unit')}`);
    expect(reply?.body).toContain(`The following commands are available to trigger optional jobs:${bullets('/test manual')}`);
    expect(reply?.body).toContain('>/test foo');
    expect(names(await jobsFor(pr.number))).toEqual(['manual', 'not-only-docs', 'unit']);

    // A command that works removes the earlier help reply.
    await gh.comment('org', 'repo', pr.number, 'alice', '/test unit');
    await settle();
    expect(gh.comments('org', 'repo', pr.number).some((c) => c.id === reply?.id)).toBe(false);
    expect(names(await jobsFor(pr.number))).toEqual(['manual', 'not-only-docs', 'unit', 'unit']);
  });

  it('aborts the older run of a job when a new one starts on the same PR', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'src/e.go': 'package e\n' } });
    await settle();
    await gh.pushToPullRequest('org', 'repo', pr.number, { files: { 'src/e.go': 'package e // 2\n' } });
    await settle();
    const units = (await jobsFor(pr.number)).filter((j) => j.spec.job === 'unit')
      .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
    expect(units.map((u) => u.status.state).sort()).toEqual(['aborted', 'triggered']);
    const aborted = units.find((u) => u.status.state === 'aborted') as ProwJob;
    expect(aborted.spec.refs?.pulls?.[0]?.sha).not.toBe(units.find((u) => u.status.state === 'triggered')?.spec.refs?.pulls?.[0]?.sha);
    expect(aborted.status.completionTime).toBeTruthy();
    expect(aborted.status.description).toBe('Aborted by trigger plugin.');
  });

  it('/retest reruns failed jobs and starts automatic jobs that never reported; /retest-required skips optional ones', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'src/f.go': 'package f\n' } });
    await settle();
    const head = gh.issue('org', 'repo', pr.number).pull?.headSha as string;
    await gh.setStatus('org', 'repo', head, { state: 'failure', context: 'manual' });
    await gh.setStatus('org', 'repo', head, { state: 'success', context: 'unit' });
    const before = (await jobsFor(pr.number)).length;
    await gh.comment('org', 'repo', pr.number, 'alice', '/retest');
    await settle();
    const after = await jobsFor(pr.number);
    // manual failed (forced); not-only-docs never reported and runs on its own; unit passed.
    expect(names(after.slice(0)).filter((n) => n === 'manual')).toHaveLength(1);
    expect(after.length - before).toBe(2);
    await gh.comment('org', 'repo', pr.number, 'alice', '/retest-required');
    await settle();
    const afterRequired = await jobsFor(pr.number);
    expect(names(afterRequired).filter((n) => n === 'manual')).toHaveLength(1);
    expect(afterRequired.length - after.length).toBe(1);
  });

  // Upstream parity (issue 21): each of these differed from upstream's hook on the same events.
  it('a draft PR from a member starts nothing and gets upstream\'s draft comment', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', draft: true, files: { 'src/draft.go': 'package d\n' } });
    await settle();
    expect(await jobsFor(pr.number)).toEqual([]);
    expect(gh.comments('org', 'repo', pr.number).map((c) => c.body)).toEqual([
      'Skipping CI for Draft Pull Request.\nIf you want CI signal for your change, please convert it to an actual PR.\nYou can still manually trigger a test run with `/test all`',
    ]);
    // A push to the draft starts nothing either; /test all does.
    await gh.pushToPullRequest('org', 'repo', pr.number, { files: { 'src/draft.go': 'package d // 2\n' } });
    await settle();
    expect(await jobsFor(pr.number)).toEqual([]);
    await gh.comment('org', 'repo', pr.number, 'alice', '/test all');
    await settle();
    expect(names(await jobsFor(pr.number))).toEqual(['not-only-docs', 'unit']);
  });

  it('/test from an untrusted user on a trusted PR runs the job', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'src/h.go': 'package h\n' } });
    await settle();
    await gh.comment('org', 'repo', pr.number, 'carol', '/test manual');
    await settle();
    expect(names(await jobsFor(pr.number))).toEqual(['manual', 'not-only-docs', 'unit']);
  });

  it('a trigger command from a non-member on an untrusted PR gets upstream\'s reply', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'carol', files: { 'src/i.go': 'package i\n' } });
    await settle();
    await gh.comment('org', 'repo', pr.number, 'carol', '/ok-to-test');
    await settle();
    expect(await jobsFor(pr.number)).toEqual([]);
    const reply = gh.comments('org', 'repo', pr.number).find((c) => c.body.startsWith('@carol: '));
    expect(reply?.body).toMatch(/^@carol: Cannot trigger testing until a trusted user reviews the PR and leaves an `\/ok-to-test` message\.\n\n<details>\n\nIn response to \[this\]\(.+\):\n\n>\/ok-to-test\n/);
  });

  it('/retest labels the jobs it reruns prow.k8s.io/retest=true', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'src/j.go': 'package j\n' } });
    await settle();
    const first = await jobsFor(pr.number);
    expect(first.every((j) => !(j.metadata.labels ?? {})['prow.k8s.io/retest'])).toBe(true);
    const head = gh.issue('org', 'repo', pr.number).pull?.headSha as string;
    await gh.setStatus('org', 'repo', head, { state: 'failure', context: 'unit' });
    await gh.comment('org', 'repo', pr.number, 'alice', '/retest');
    await settle();
    const rerun = (await jobsFor(pr.number)).filter((j) => !first.some((f) => f.metadata.name === j.metadata.name));
    expect(names(rerun)).toContain('unit');
    expect(rerun.map((j) => j.metadata.labels?.['prow.k8s.io/retest'])).toEqual(rerun.map(() => 'true'));
  });

  it('closing a PR aborts its unfinished jobs, as upstream', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'src/k.go': 'package k\n' } });
    await settle();
    await gh.setIssueState('org', 'repo', pr.number, 'closed');
    await settle();
    const jobs = await jobsFor(pr.number);
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.map((j) => [j.status.state, j.status.description])).toEqual(jobs.map(() => ['aborted', 'Aborted by trigger plugin.']));
  });

  it('starts nothing on a PR that does not merge (a conflict), as upstream', async () => {
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'README.md': 'mine\n' } });
    await settle();
    await gh.pushCommit('org', 'repo', 'main', { 'README.md': 'theirs\n' });
    await settle();
    const before = (await jobsFor(pr.number)).length;
    await gh.comment('org', 'repo', pr.number, 'alice', '/test unit');
    await settle();
    expect(await jobsFor(pr.number)).toHaveLength(before);
  });

  it('runs inrepoconfig presubmits, including ones the PR itself adds', async () => {
    const pr = await gh.openPullRequest('org', 'inrepo', {
      author: 'alice',
      files: { '.prow.yaml': 'presubmits:\n- name: from-repo\n  always_run: true\n  spec: {containers: [{image: alpine, command: [echo]}]}\n- name: added-by-pr\n  always_run: true\n  spec: {containers: [{image: alpine, command: [echo]}]}\n' },
    });
    await settle();
    const jobs = (await store.list()).filter((j) => j.spec.refs?.repo === 'inrepo' && j.spec.refs?.pulls?.[0]?.number === pr.number);
    expect(names(jobs)).toEqual(['added-by-pr', 'from-repo']);
  });

  it('runs postsubmits for pushes per branch and file filters; none for a deleted branch', async () => {
    const before = new Set((await store.list()).map((j) => j.metadata.name));
    await gh.pushCommit('org', 'repo', 'main', { 'src/g.go': 'package g\n' });
    await settle();
    const fresh = (await store.list()).filter((j) => !before.has(j.metadata.name));
    expect(names(fresh)).toEqual(['post-main', 'post-src']);
    const post = fresh.find((j) => j.spec.job === 'post-main') as ProwJob;
    expect(post.spec.type).toBe('postsubmit');
    expect(post.spec.refs).toMatchObject({ org: 'org', repo: 'repo', base_ref: 'main', base_sha: await gh.branchSha('org', 'repo', 'main') });
    expect(post.spec.refs?.pulls).toBeUndefined();

    // A deleted branch runs nothing.
    const body = JSON.stringify({
      ref: 'refs/heads/main', before: post.spec.refs?.base_sha, after: '0000000000000000000000000000000000000000', deleted: true, created: false,
      commits: [], repository: { name: 'repo', full_name: 'org/repo', owner: { name: 'org' } },
    });
    const res = await fetch(hookUrl(), {
      method: 'POST', body,
      headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': 'deleted-1', 'x-hub-signature-256': sign(body, SECRET) },
    });
    expect(res.status).toBe(200);
    await settle();
    expect((await store.list()).length).toBe(before.size + fresh.length);
  });
});
