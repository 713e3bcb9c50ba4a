// The e2e harness itself: waits that explain themselves, and a clear failure when prow cannot start.
import { describe, expect, it } from '@jest/globals';
import { done, failed, Prow, seen, waitFor } from './harness.js';

describe('waitFor', () => {
  it('returns the value once the probe is done', async () => {
    let n = 0;
    expect(await waitFor('n to reach 3', () => (++n >= 3 ? done(n) : seen(n)), { intervalMs: 1 })).toBe(3);
  });

  it('times out with the description, what was last seen and the context', async () => {
    await expect(waitFor('the impossible', () => seen({ state: 'pending' }), { timeoutMs: 30, intervalMs: 5, context: () => 'log tail here' })).rejects.toThrow(
      /timed out after 30ms waiting for the impossible\n--- last seen ---\n\{\n {2}"state": "pending"\n\}\n--- context ---\nlog tail here/,
    );
  });

  it('reports what a throwing probe said and stops at once on failed', async () => {
    await expect(waitFor('x', () => { throw new Error('boom'); }, { timeoutMs: 20, intervalMs: 5 })).rejects.toThrow(/probe threw: boom/);
    let calls = 0;
    await expect(waitFor('y', () => { calls++; return failed('it exited', 'last'); }, { timeoutMs: 10_000 })).rejects.toThrow(/gave up waiting for y: it exited\n--- last seen ---\nlast/);
    expect(calls).toBe(1);
  });
});

describe('Prow.start', () => {
  it('fails fast with prow’s output when the process exits before it is ready', async () => {
    const err = (await Prow.start({ config: 'prowjob_namespace: [unterminated\n' }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/gave up waiting for prow to report ready on \/healthz\/ready: prow exited \(code [1-9]/);
    expect(err.message).toContain('$ prow --role=all');
  });
});
