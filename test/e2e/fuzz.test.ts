// Fuzz suite: hostile webhooks, signed with the right secret, against the real built binary (hook with trigger and
// an external plugin configured). Every answer must be 200 or 4xx, and the process must stay up and healthy
// throughout. A bounded count runs on every CI run (FUZZ_REQUESTS, default 2000; FUZZ_SEED repeats a run); the
// counts are printed.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { FakeGitHub } from '../fakes/github/index.js';
import { sign } from '../../src/github/hmac.js';
import { Prow } from './harness.js';
import { baseBodies, prng, prototypeKeyWebhooks, randomWebhook, type HostileWebhook } from './hostile-webhooks.js';

jest.setTimeout(180_000);

const SECRET = 'fuzz-hmac-secret';
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const CONCURRENCY = 8;

describe('fuzz: hostile signed webhooks against the binary', () => {
  let gh: FakeGitHub;
  let prow: Prow;

  beforeAll(async () => {
    gh = await FakeGitHub.start();
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    prow = await Prow.start({
      roles: ['hook'],
      github: gh,
      hmacSecret: SECRET,
      jobs: { 'jobs.yaml': { presubmits: { 'org/repo': [{ name: 'unit', always_run: true, spec: { containers: [{ image: 'alpine', command: ['true'] }] } }] } } },
      plugins: {
        plugins: { org: { plugins: ['trigger'] } },
        // Nothing listens there: forwarding fails fast, as it would for a plugin that is down.
        external_plugins: { org: [{ name: 'ext', endpoint: 'http://127.0.0.1:9/' }] },
      },
    });
  });

  afterAll(async () => {
    await prow?.stop();
    await gh?.stop();
  });

  async function send(w: HostileWebhook, i: number): Promise<number> {
    const res = await fetch(prow.url('hook-port', '/hook'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': w.event, 'x-github-delivery': `fuzz-${SEED}-${i}`, 'x-hub-signature-256': sign(w.body, SECRET) },
      body: w.body,
    });
    await res.arrayBuffer();
    return res.status;
  }

  async function healthy(): Promise<boolean> {
    if (prow.exitStatus) return false;
    const res = await fetch(prow.url('health-port', '/healthz'));
    return res.status === 200;
  }

  it('answers every hostile webhook with 200 or 4xx and stays healthy', async () => {
    const bases = baseBodies('org', 'repo');
    const rnd = prng(SEED);
    const fixed = [...prototypeKeyWebhooks(bases)];
    const total = Math.max(REQUESTS, fixed.length);
    const byStatus = new Map<number, number>();
    const bad: string[] = [];
    let next = 0;
    let huge = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        // Huge bodies are costly on two cores: a few per run.
        const w = i < fixed.length ? fixed[i]! : randomWebhook(bases, rnd, { allowHuge: huge < 8 });
        if (w.body.length > 200_000) huge++;
        let status: number;
        try {
          status = await send(w, i);
        } catch (e) {
          bad.push(`#${i} ${w.what}: no answer (${String(e)})`);
          continue;
        }
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
        if (!(status === 200 || (status >= 400 && status < 500))) bad.push(`#${i} ${w.what}: ${status}`);
        if (i % 200 === 0 && !(await healthy())) bad.push(`#${i}: /healthz failed after ${w.what}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    // The process is still up and still takes a good webhook once the hostile ones were handled.
    const good = JSON.stringify(bases.issue_comment);
    const after = await send({ event: 'issue_comment', body: good, what: 'a valid comment' }, total);
    const counts = [...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(', ');
    process.stdout.write(`fuzz: seed ${SEED}, ${total} requests (${fixed.length} prototype-key cases, ${huge} huge bodies), answers ${counts}\n`);
    expect(bad).toEqual([]);
    expect(after).toBe(200);
    expect(await healthy()).toBe(true);
    expect(prow.exitStatus).toBeUndefined();
    const metrics = await (await fetch(prow.url('metrics-port', '/metrics'))).text();
    const eventLabels = [...metrics.matchAll(/prow_webhook_counter\{event_type="([^"]*)"\}/g)].map((m) => m[1]!);
    expect(eventLabels.every((l) => l.length <= 40)).toBe(true);
    expect(prow.stderr).not.toMatch(/TypeError|RangeError|uncaught|unhandled/i);
  });
});
