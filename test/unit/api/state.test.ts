import { describe, expect, it } from '@jest/globals';
import { BuildIdGenerator } from '../../../src/api/build-id.js';
import { FINAL_STATES, type ProwJob, type ProwJobState } from '../../../src/api/prowjob.js';
import { canTransition, IllegalTransitionError, transition } from '../../../src/api/state.js';

function job(state: ProwJobState): ProwJob {
  return { apiVersion: 'prow.k8s.io/v1', kind: 'ProwJob', metadata: { name: 'j' }, spec: { type: 'periodic', job: 'j' }, status: { state } };
}

describe('state transitions', () => {
  it('runs triggered → pending → final, stamping times', () => {
    const pj = job('triggered');
    transition(pj, 'pending', { now: new Date('2026-01-01T00:00:01.500Z'), url: 'http://deck/1' });
    expect(pj.status).toMatchObject({ state: 'pending', pendingTime: '2026-01-01T00:00:01Z', url: 'http://deck/1' });
    transition(pj, 'success', { now: new Date('2026-01-01T00:01:00Z'), description: 'Job succeeded.' });
    expect(pj.status).toMatchObject({ state: 'success', completionTime: '2026-01-01T00:01:00Z', description: 'Job succeeded.', pendingTime: '2026-01-01T00:00:01Z' });
  });

  it('lets a triggered job be aborted or fail to start', () => {
    expect(canTransition('triggered', 'aborted')).toBe(true);
    expect(canTransition('triggered', 'error')).toBe(true);
    expect(canTransition('scheduling', 'triggered')).toBe(true);
  });

  it.each(FINAL_STATES.flatMap((from) => (['triggered', 'pending', 'success', 'failure', 'aborted', 'error'] as ProwJobState[]).map((to) => [from, to] as const)))(
    'refuses %s → %s: nothing leaves a final state',
    (from, to) => {
      const pj = job(from);
      expect(() => transition(pj, to)).toThrow(IllegalTransitionError);
      expect(pj.status.state).toBe(from);
    },
  );

  it('refuses skipping pending and going back', () => {
    expect(canTransition('triggered', 'success')).toBe(false);
    expect(canTransition('pending', 'triggered')).toBe(false);
    expect(canTransition('pending', 'pending')).toBe(true);
  });
});

describe('build IDs', () => {
  it('grow with time, within one millisecond, and when the clock goes back', () => {
    let now = 1_800_000_000_000;
    const gen = new BuildIdGenerator(1n, () => now);
    const ids: bigint[] = [];
    for (let i = 0; i < 5000; i++) ids.push(BigInt(gen.next())); // more than 4096 in one millisecond
    now -= 60_000;
    ids.push(BigInt(gen.next()));
    now += 120_000;
    ids.push(BigInt(gen.next()));
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(String(ids[0])).toMatch(/^\d{19}$/);
  });

  it('stay above an observed ID after a restart with the clock set back', () => {
    const before = new BuildIdGenerator(1n, () => 1_900_000_000_000).next();
    const after = new BuildIdGenerator(1n, () => 1_800_000_000_000);
    after.observe(before);
    expect(BigInt(after.next()) > BigInt(before)).toBe(true);
  });
});
