import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { ManualClock } from '../../../src/clock.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { WorkQueue, type WorkQueueOptions } from '../../../src/runtime/workqueue.js';

function queue(process: (key: string) => Promise<void>, over: Partial<WorkQueueOptions> = {}): { q: WorkQueue; log: () => string; clock: ManualClock } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => { text += d.toString(); });
  const logger = createRootLogger({ stream: out, level: 'debug' });
  const clock = new ManualClock(0);
  const q = new WorkQueue({ workers: 2, clock, process, logFor: (key) => logger.child({ key }), what: 'work', backoffMs: 100, ...over });
  q.start();
  return { q, log: () => text, clock };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('WorkQueue', () => {
  it('processes a key once however often it is added while waiting, and again when added during processing', async () => {
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const { q } = queue(async (key) => {
      seen.push(key);
      if (seen.length === 1) await gate;
    }, { workers: 1 });
    q.add('a');
    await tick();
    // 'a' is being processed: these coalesce into one more run after it; 'b' waits once.
    q.add('a'); q.add('a'); q.add('b'); q.add('b');
    release();
    await q.idle();
    expect(seen.sort()).toEqual(['a', 'a', 'b']);
    await q.stop();
  });

  it('never processes one key twice at once, with several workers', async () => {
    let running = 0;
    let most = 0;
    const { q } = queue(async () => {
      running++;
      most = Math.max(most, running);
      await tick();
      running--;
    }, { workers: 4 });
    for (let i = 0; i < 20; i++) { q.add('same'); await tick(); }
    await q.idle();
    expect(most).toBe(1);
    await q.stop();
  });

  it('retries a failing key with doubling backoff on the clock, then gives up', async () => {
    let calls = 0;
    const { q, log, clock } = queue(async () => { calls++; throw new Error('boom'); }, { maxRetries: 2 });
    q.add('k');
    await q.idle();
    expect(calls).toBe(1);
    clock.advance(99);
    await q.idle();
    expect(calls).toBe(1);
    clock.advance(1);
    await tick();
    await q.idle();
    expect(calls).toBe(2);
    clock.advance(200);
    await tick();
    await q.idle();
    expect(calls).toBe(3);
    expect(log()).toContain('work failed; giving up after retries');
    clock.advance(10_000);
    await tick();
    expect(calls).toBe(3);
    await q.stop();
  });

  it('stop cancels pending retries and ignores later adds', async () => {
    let calls = 0;
    const { q, clock } = queue(async () => { calls++; throw new Error('boom'); });
    q.add('k');
    await q.idle();
    await q.stop();
    clock.advance(10_000);
    q.add('k');
    await tick();
    expect(calls).toBe(1);
  });
});
