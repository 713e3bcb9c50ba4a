// A hook on its own holds V8's young generation at HOOK_SEMI_SPACE_MIB semi-spaces, through the built binary: it
// grows there during start-up and stays there through a burst of deliveries, read from the hook's own /metrics
// (prom-client's nodejs_heap_space_size_total_bytes for the new space, which holds both semi-spaces).
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HOOK_SEMI_SPACE_MIB } from '../../src/runtime/young-generation.js';
import { FakeGitHub, signPayload } from '../fakes/github/index.js';
import { Prow } from './harness.js';

jest.setTimeout(150_000);

const MiB = 1024 * 1024;
const SECRET = 'young-generation-secret';

async function newSpaceBytes(prow: Prow): Promise<number> {
  const text = await (await fetch(prow.url('metrics-port', '/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith('nodejs_heap_space_size_total_bytes{space="new"}'));
  if (!line) throw new Error('no new-space size on /metrics');
  return Number(line.split(' ').pop());
}

/** A comment that triggers nothing, signed as GitHub would. */
async function comment(prow: Prow, i: number): Promise<number> {
  const body = JSON.stringify({
    action: 'created',
    issue: { id: 1, number: 1, title: 'pr', state: 'open', html_url: 'https://github.com/acme/widgets/pull/1', user: { login: 'alice' }, labels: [], pull_request: { url: 'https://github.com/acme/widgets/pull/1' } },
    comment: { id: 1000 + i, body: `thanks, looks fine (${i}) ${'x'.repeat(2000)}`, user: { login: 'alice' }, html_url: `https://github.com/acme/widgets/pull/1#issuecomment-${1000 + i}` },
    repository: { name: 'widgets', full_name: 'acme/widgets', owner: { login: 'acme' }, html_url: 'https://github.com/acme/widgets' },
    sender: { login: 'alice' },
  });
  const res = await fetch(prow.url('hook-port', '/hook'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'issue_comment', 'x-github-delivery': `yg-${i}`, 'x-hub-signature-256': signPayload(SECRET, body).sha256 },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

describe('the young generation of a hook on its own', () => {
  let gh: FakeGitHub;
  let tmp: string;
  let prow: Prow | undefined;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-young-'));
    gh = await FakeGitHub.start();
    gh.addOrg('acme', { members: ['alice'] });
    await gh.createRepo('acme', 'widgets', { files: { 'README.md': 'hi\n' } });
  });

  afterAll(async () => {
    await prow?.stop();
    await gh.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it(`is held at ${HOOK_SEMI_SPACE_MIB} MiB semi-spaces from start-up through a burst of deliveries`, async () => {
    prow = await Prow.start({
      github: gh, roles: ['hook'], hmacSecret: SECRET,
      jobs: { 'jobs.yaml': { presubmits: { 'acme/widgets': [{ name: 'unit', always_run: true, spec: { containers: [{ image: 'alpine', command: ['true'] }] } }] } } },
      plugins: { plugins: { 'acme/widgets': { plugins: ['trigger'] } } },
      flags: { 'data-dir': path.join(tmp, 'data') },
    });
    const held = 2 * HOOK_SEMI_SPACE_MIB * MiB;
    // Start-up grows it to the held size; V8 may shrink it while the process idles, so only "no larger" is certain.
    expect(await newSpaceBytes(prow)).toBeLessThanOrEqual(held);
    // 16 at a time, so several deliveries are always in flight (what a scavenge copies) and V8 would grow it further.
    const statuses: number[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < 3000) statuses.push(await comment(prow!, next++));
    }));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(await newSpaceBytes(prow)).toBe(held);
  });
});
