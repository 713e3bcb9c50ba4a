// Deck's HTTP routes against a real file store and file:// storage.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseConfigYaml } from '../../../src/config/yaml.js';
import type { ProwJob } from '../../../src/api/prowjob.js';
import { localWorkspacePaths } from '../../../src/executor/local-workspace.js';
import { makeJob, startTestDeck, waitFor, type TestDeck } from './harness.js';

const failing = makeJob({ job: 'pull-unit', org: 'acme', repo: 'app', pr: 7, state: 'failure', title: '<script>alert(1)</script>', buildId: '100' });
const passing = makeJob({ job: 'ci-periodic', state: 'success', buildId: '200' });
const running = makeJob({ job: 'ci-running', state: 'pending', buildId: '300' });
const tenanted = makeJob({ job: 'secret-job', state: 'success', tenant: 'other' });
const hidden = makeJob({ job: 'hidden-job', org: 'private', repo: 'x', state: 'success', type: 'postsubmit' });

describe('deck routes', () => {
  let d: TestDeck;
  beforeAll(async () => {
    d = await startTestDeck({
      jobs: [failing, passing, running, tenanted, hidden],
      config: { deck: { hidden_repos: ['private'], spyglass: { size_limit: 1_000_000, announcement: 'Artifacts of {{.ArtifactPath}} <b>kept</b>' } } },
    });
    await d.writeArtifact(failing, 'started.json', JSON.stringify({ timestamp: 1700000000 }));
    await d.writeArtifact(failing, 'finished.json', JSON.stringify({ timestamp: 1700000090, passed: false, result: 'FAILURE' }));
    await d.writeArtifact(failing, 'prowjob.json', JSON.stringify(failing));
    await d.writeArtifact(failing, 'build-log.txt', 'step one\n--- FAIL: TestX <img src=x onerror=alert(1)>\nok\n');
    await d.writeArtifact(failing, 'artifacts/junit_01.xml', '<testsuite name="s"><testcase name="TestX"><failure message="boom">trace</failure></testcase><testcase name="TestY"/></testsuite>');
  });
  afterAll(async () => d.stop());

  const get = (p: string, init?: RequestInit): Promise<Response> => fetch(`${d.url}${p}`, init);

  it('/prowjobs.js lists visible jobs newest first in upstream shape, with ?omit=', async () => {
    const res = await get('/prowjobs.js');
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as { items: ProwJob[] };
    const names = body.items.map((j) => j.spec.job);
    expect(names.sort()).toEqual(['ci-periodic', 'ci-running', 'pull-unit']);
    expect(body.items[0]?.spec.pod_spec).toBeDefined();
    const omitted = (await (await get('/prowjobs.js?omit=pod_spec,labels,annotations,decoration_config')).json()) as { items: ProwJob[] };
    expect(omitted.items[0]?.spec.pod_spec).toBeUndefined();
    expect(omitted.items[0]?.metadata.labels).toBeUndefined();
    const starts = omitted.items.map((j) => j.status.startTime ?? '');
    expect([...starts].sort().reverse()).toEqual(starts);
  });

  it('/prowjobs.js answers 304 to a matching ETag and changes when a job does', async () => {
    const first = await get('/prowjobs.js');
    const etag = first.headers.get('etag') ?? '';
    expect((await get('/prowjobs.js', { headers: { 'If-None-Match': etag } })).status).toBe(304);
    const added = await d.store.create(makeJob({ job: 'late-job', state: 'triggered' }));
    await waitFor(async () => (await get('/prowjobs.js', { headers: { 'If-None-Match': etag } })).status === 200);
    await d.store.delete(added.metadata.name);
  });

  it('/prowjobs.js?var= wraps the JSON as upstream', async () => {
    const text = await (await get('/prowjobs.js?var=allBuilds')).text();
    expect(text.startsWith('var allBuilds = {"items":[')).toBe(true);
    expect((await get('/prowjobs.js?var=a;alert(1)')).status).toBe(400);
  });

  it('/prowjob returns YAML, 404 for unknown and for jobs this Deck hides', async () => {
    const res = await get(`/prowjob?prowjob=${failing.metadata.name}`);
    const pj = parseConfigYaml(await res.text()) as ProwJob;
    expect(pj.spec.job).toBe('pull-unit');
    expect((await get('/prowjob?prowjob=nope')).status).toBe(404);
    expect((await get(`/prowjob?prowjob=${tenanted.metadata.name}`)).status).toBe(404);
    expect((await get(`/prowjob?prowjob=${hidden.metadata.name}`)).status).toBe(404);
  });

  it('/badge.svg reports the latest finished runs', async () => {
    const svg = await (await get('/badge.svg?jobs=pull-*')).text();
    expect(svg).toContain('failing pull-unit');
    expect(await (await get('/badge.svg?jobs=ci-periodic')).text()).toContain('passing');
  });

  it('the job page shows metadata, highlighted failures and JUnit failures, all escaped', async () => {
    const res = await get(`/view/${d.viewPathOf(failing)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('FAILURE');
    expect(html).toContain('<div class="line highlighted" id="build-log.txt:2"');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('2 tests: 1 failed');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('Job history');
    expect(html).toContain('<div class="announcement">Artifacts of ');
    expect(html).toContain('/pr-logs/pull/acme_app/7/pull-unit/100/ &lt;b&gt;kept&lt;/b&gt;</div>');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('artifacts are served as sandboxed text and cannot leave their bucket', async () => {
    const ok = await get(`/artifact/${d.viewPathOf(failing)}/build-log.txt`);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await ok.text()).toContain('--- FAIL');
    expect((await get(`/artifact/${d.viewPathOf(failing)}/..%2F..%2F..%2F..%2F..%2Fprowjobs`)).status).toBe(400);
    expect((await get('/artifact/file/etc/passwd')).status).toBe(403);
    expect((await get('/view/gs/not-allowed/logs/x/1')).status).toBe(403);
  });

  it('job history lists runs with results, newest first, paged', async () => {
    const bucket = d.storage.open();
    for (let i = 1; i <= 25; i++) {
      await bucket.write(`logs/hist-job/${i}/started.json`, JSON.stringify({ timestamp: 1700000000 + i }));
      await bucket.write(`logs/hist-job/${i}/finished.json`, JSON.stringify({ timestamp: 1700000010 + i, passed: i % 2 === 0, result: i % 2 === 0 ? 'SUCCESS' : 'FAILURE' }));
    }
    const html = await (await get(`/job-history/file${bucket.bucket}/logs/hist-job`)).text();
    expect(html).toContain('25 runs');
    expect(html.indexOf('>25</a>')).toBeLessThan(html.indexOf('>24</a>'));
    expect(html).not.toContain('>5</a>');
    expect(html).toContain('?buildId=6');
    const older = await (await get(`/job-history/file${bucket.bucket}/logs/hist-job?buildId=6`)).text();
    expect(older).toContain('>5</a>');
    expect(older).toContain('>1</a>');
    expect(older).not.toContain('>6</a>');
  });

  it('/log streams a running job\'s log as it grows and ends when the job finishes', async () => {
    const bucketDir = d.storage.open().bucket;
    const file = path.join(bucketDir, 'logs', 'ci-running', '300', 'build-log.txt');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, 'first line\n');
    const res = await get('/log?job=ci-running&id=300');
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    let seen = '';
    const readUntil = async (s: string): Promise<void> => {
      while (!seen.includes(s)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${s}`);
        seen += value;
      }
    };
    await readUntil('first line');
    await appendFile(file, 'second line\n');
    await readUntil('second line');
    const cur = await d.store.get(running.metadata.name);
    await d.store.update({ ...cur, status: { ...cur.status, state: 'success', completionTime: new Date().toISOString() } });
    await appendFile(file, 'last line\n');
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += value;
    }
    expect(seen).toBe('first line\nsecond line\nlast line\n');
  });

  it('/log reads the local executor\'s process log of a running job first', async () => {
    const pj = await d.store.create(makeJob({ job: 'ci-local', state: 'pending', buildId: '400' }));
    const file = localWorkspacePaths(d.dir, pj.metadata.name).processLog;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, 'from the process\n');
    await waitFor(() => d.deck.jobs.get(pj.metadata.name));
    const res = await get('/log?job=ci-local&id=400');
    const reader = (res.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    const { value } = await reader.read();
    expect(value).toBe('from the process\n');
    await reader.cancel();
  });

  it('refuses cross-origin POSTs even without a cookie secret', async () => {
    const res = await get(`/abort?prowjob=${running.metadata.name}`, { method: 'POST', headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('cross-origin');
  });

  it('/config leaves secrets out', async () => {
    (d.config as Record<string, unknown>).slack_reporter_configs = { '*': { channel: 'c' } };
    (d.config.deck as Record<string, unknown>).github_token = 'supersecret-value';
    const text = await (await get('/config')).text();
    expect(text).toContain('hidden_repos');
    expect(text).not.toContain('supersecret-value');
  });

  it('help pages say plainly when no plugin help is configured', async () => {
    expect((await get('/plugins')).status).toBe(404);
  });
});
