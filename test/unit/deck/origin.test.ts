// Deck's cross-origin rule for POSTs: a browser sends `Origin: null` from sandboxed iframes, data: URLs and file:
// pages, which are other sites as far as Deck knows; only an Origin naming Deck's own host (or none, from a
// non-browser client) gets through.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeJob, startTestDeck, type TestDeck } from './harness.js';

const running = makeJob({ job: 'ci-running', state: 'pending', buildId: '300' });

describe('deck POST origin check', () => {
  let d: TestDeck;
  beforeAll(async () => {
    d = await startTestDeck({ jobs: [running], config: { deck: { rerun_auth_configs: { '*': { allow_anyone: true } } } } });
  });
  afterAll(async () => d.stop());

  const abort = (headers: Record<string, string>): Promise<Response> => fetch(`${d.url}/abort?prowjob=${running.metadata.name}`, { method: 'POST', headers });

  it('refuses Origin: null and leaves the job running', async () => {
    const res = await abort({ Origin: 'null' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('cross-origin');
    expect((await d.store.get(running.metadata.name)).status.state).toBe('pending');
  });

  it('accepts its own origin', async () => {
    const res = await abort({ Origin: d.url });
    expect(res.status).toBe(200);
  });
});
