// The external plugin roles as the runtime starts them. On its own, needs-rebase is a webhook server checking the
// HMAC as upstream's external plugins do, and sweeps open PRs at start; next to the hook, it binds no port and the
// hook hands it the external_plugins deliveries in-process (the configured endpoint is never called).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeGitHub, signPayload } from '../../fakes/github/index.js';
import { Flags } from '../../../src/runtime/flags.js';
import { startProcess, type RunningProcess } from '../../../src/runtime/process.js';
import { hook } from '../../../roles/hook/index.js';
import { needsRebase } from '../../../roles/needs-rebase/index.js';

const SECRET = 'external-role-hmac';

async function until(what: string, cond: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!cond()) throw new Error(`never happened: ${what}`);
}

/** A repo with a PR that conflicts with main (main moved after it was opened). */
async function conflictingPR(gh: FakeGitHub, file: string): Promise<number> {
  const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { [file]: 'theirs\n' } });
  await gh.pushCommit('org', 'repo', 'main', { [file]: 'ours\n' });
  return pr.number;
}

function setup(name: string, pluginsYaml: string): { dir: string; flags: (extra: Record<string, string | number | string[]>) => Flags } {
  const dir = mkdtempSync(path.join(os.tmpdir(), name));
  writeFileSync(path.join(dir, 'plugins.yaml'), pluginsYaml);
  writeFileSync(path.join(dir, 'hmac'), SECRET);
  writeFileSync(path.join(dir, 'token'), 'role-test-token');
  return {
    dir,
    flags: (extra) => new Flags({
      'health-port': 0, 'metrics-port': 0, 'data-dir': path.join(dir, 'data'), 'grace-period': '5s', 'plugin-config': path.join(dir, 'plugins.yaml'),
      'hmac-secret-file': path.join(dir, 'hmac'), 'github-token-path': path.join(dir, 'token'), 'log-level': 'error', 'update-period': '24h', ...extra,
    }),
  };
}

const labels = (gh: FakeGitHub, n: number): string[] => gh.issue('org', 'repo', n).labels.map(String);

describe('needs-rebase on its own', () => {
  let gh: FakeGitHub;
  let proc: RunningProcess;
  let dir: string;
  let url: string;
  let early: number;

  beforeAll(async () => {
    gh = await FakeGitHub.start({ hmacSecret: SECRET });
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'x\n' } });
    early = await conflictingPR(gh, 'early.txt');
    const s = setup('needs-rebase-role-', 'external_plugins:\n  org:\n  - name: needs-rebase\n');
    dir = s.dir;
    proc = await startProcess([needsRebase], s.flags({ 'needs-rebase-port': 0, 'github-endpoint': [gh.url], 'github-graphql-endpoint': gh.graphqlUrl }), { logStream: new PassThrough() });
    url = `http://127.0.0.1:${proc.ctx.http.port('needs-rebase')}/`;
    gh.setHook(url, SECRET);
  });
  afterAll(async () => {
    await proc.stop();
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sweeps the open PRs at start', async () => {
    await until('the sweep labels the early PR', () => labels(gh, early).includes('needs-rebase'));
  });

  it('refuses what upstream\'s ValidateWebhook refuses', async () => {
    const body = JSON.stringify({ zen: 'hi' });
    const post = (headers: Record<string, string>, method = 'POST') => fetch(url, { method, headers, ...(method === 'POST' ? { body } : {}) })
      .then(async (r) => `${r.status} ${await r.text()}`);
    const base = { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'd1' };
    expect(await post(base, 'GET')).toBe('405 405 Method not allowed');
    expect(await post({ ...base, 'x-github-event': '' })).toBe('400 400 Bad Request: Missing X-GitHub-Event Header');
    expect(await post(base)).toBe('403 403 Forbidden: Missing X-Hub-Signature');
    expect(await post({ ...base, 'x-hub-signature-256': signPayload('wrong', body).sha256 })).toBe('403 403 Forbidden: Invalid X-Hub-Signature');
    expect(await post({ ...base, 'content-type': 'text/plain', 'x-hub-signature-256': signPayload(SECRET, body).sha256 })).toMatch(/^400 400 Bad Request: Hook only accepts content-type: application\/json/);
    expect(await post({ ...base, 'x-hub-signature-256': signPayload(SECRET, body).sha256 })).toBe('200 Event received. Have a nice day.');
  });

  it('serves its help on /help, to the POST upstream\'s hook sends as to a GET', async () => {
    const help = await (await fetch(`${url}help`)).json() as { Description: string };
    expect(help.Description).toMatch(/^The needs-rebase plugin manages the 'needs-rebase' label/);
    const posted = await fetch(`${url}help`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ Org: 'org', Repo: '' }]) });
    expect(posted.status).toBe(200);
    expect(((await posted.json()) as { Description: string }).Description).toBe(help.Description);
  });

  it('labels a PR that a push shows to conflict, from the webhook GitHub sends it', async () => {
    const n = await conflictingPR(gh, 'late.txt');
    await gh.pushToPullRequest('org', 'repo', n, { files: { 'more.txt': 'm\n' } });
    await gh.flush();
    expect(gh.deliveries.at(-1)?.status).toBe(200);
    await until('the PR is labelled', () => labels(gh, n).includes('needs-rebase'));
  });
});

describe('needs-rebase next to the hook', () => {
  let gh: FakeGitHub;
  let proc: RunningProcess;
  let dir: string;

  beforeAll(async () => {
    gh = await FakeGitHub.start({ hmacSecret: SECRET });
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'x\n' } });
    // The endpoint is where a separate Deployment would listen; nothing listens there: in-process it is not used.
    const s = setup('needs-rebase-inproc-', 'external_plugins:\n  org:\n  - name: needs-rebase\n    endpoint: http://127.0.0.1:9/nowhere\n');
    dir = s.dir;
    proc = await startProcess([hook, needsRebase], s.flags({ 'hook-port': 0, 'github-endpoint': [gh.url], 'github-graphql-endpoint': gh.graphqlUrl }), { logStream: new PassThrough() });
    gh.setHook(`http://127.0.0.1:${proc.ctx.http.port('hook')}/hook`, SECRET);
  });
  afterAll(async () => {
    await proc.stop();
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('binds no port of its own', () => {
    expect(proc.ctx.http.port('needs-rebase')).toBeUndefined();
    expect(proc.ctx.localEndpoints.get('needs-rebase')).toBeDefined();
  });

  it('gives the hook\'s /plugin-help its help directly (the configured endpoint is never asked)', async () => {
    const res = await fetch(`http://127.0.0.1:${proc.ctx.http.port('hook')}/plugin-help`);
    const h = (await res.json()) as { RepoExternalPlugins: Record<string, string[]>; ExternalPluginHelp: Record<string, { Description: string }> };
    expect(h.RepoExternalPlugins).toEqual({ org: ['needs-rebase'] });
    expect(h.ExternalPluginHelp['needs-rebase']?.Description).toMatch(/^The needs-rebase plugin manages the 'needs-rebase' label/);
  });

  it('gets the hook\'s deliveries in-process and labels a conflicting PR', async () => {
    const n = await conflictingPR(gh, 'a.txt');
    await gh.pushToPullRequest('org', 'repo', n, { files: { 'b.txt': 'b\n' } });
    await gh.flush();
    await until('the PR is labelled and told', () => labels(gh, n).includes('needs-rebase') && gh.comments('org', 'repo', n).length > 0);
    expect(gh.comments('org', 'repo', n).map((c) => c.body.split('\n')[0])).toEqual(['PR needs rebase.']);
  });
});
