// The deliveries journal's group commit: `synced` resolves for every caller once their lines are flushed, across
// segment rotation, and what was acknowledged is found again by the next process; the same whether the flush is done
// inline or on the thread pool, and a flush slower than the limit sends the next ones to the thread pool.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DeliveryLog, type Delivery, type DeliveryLogOptions } from '../../../roles/hook/deliveries.js';

const delivery = (guid: string): Delivery => ({
  eventType: 'issue_comment', guid, headers: { 'x-github-delivery': guid }, body: Buffer.from(JSON.stringify({ guid, pad: 'x'.repeat(200) })), receivedAt: new Date().toISOString(),
});

describe.each([
  ['on the thread pool', 0],
  ['inline', Infinity],
])('deliveries journal group commit, flushing %s', (_how, inlineFlushMs) => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hook-journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves every concurrent caller and keeps what it acknowledged for the next process', async () => {
    const log = new DeliveryLog(dir, { inlineFlushMs });
    const ids = ['a', 'b', 'c', 'd'].map((g) => log.save(delivery(g)));
    await Promise.all(ids.map(() => log.synced()));
    log.done(ids[1]);
    // Saved while nothing is flushing, and while a flush is under way.
    log.save(delivery('e'));
    const first = log.synced();
    log.save(delivery('f'));
    await Promise.all([first, log.synced()]);
    log.close();
    const next = new DeliveryLog(dir);
    expect(next.leftovers(100).replay.map((l) => l.delivery.guid)).toEqual(['a', 'c', 'd', 'e', 'f']);
    next.close();
  });

  it('gives every delivery staged in one turn of the event loop one shared fdatasync, as /hook stages them', async () => {
    const log = new DeliveryLog(dir, { inlineFlushMs });
    const acks = ['a', 'b', 'c', 'd', 'e'].map((g) => {
      log.stage(delivery(g));
      return log.synced();
    });
    await Promise.all(acks);
    expect(log.flushes).toBe(1);
    expect(log.inlineFlushes).toBe(inlineFlushMs === 0 ? 0 : 1);
    log.close();
    const next = new DeliveryLog(dir);
    expect(next.leftovers(100).replay.map((l) => l.delivery.guid)).toEqual(['a', 'b', 'c', 'd', 'e']);
    next.close();
  });

  it('rotates segments while flushes are in flight without losing a line', async () => {
    // A segment holds about one delivery: every save rotates.
    const log = new DeliveryLog(dir, { segmentBytes: 300, inlineFlushMs });
    const guids = Array.from({ length: 12 }, (_, i) => `r${i}`);
    const flushes: Promise<void>[] = [];
    for (const g of guids) {
      log.save(delivery(g));
      flushes.push(log.synced());
    }
    await Promise.all(flushes);
    expect(readdirSync(dir).filter((f) => f.endsWith('.log')).length).toBeGreaterThan(1);
    log.close();
    const next = new DeliveryLog(dir);
    const left = next.leftovers(100).replay.map((l) => l.delivery.guid);
    expect(left).toEqual(guids);
    next.close();
  });

  it('removes a finished segment once its flushes are over', async () => {
    const log = new DeliveryLog(dir, { segmentBytes: 300, inlineFlushMs });
    const id = log.save(delivery('x'));
    const flushed = log.synced();
    log.done(id);
    log.save(delivery('y')); // rotates: the first segment is retired while its flush may still run
    await Promise.all([flushed, log.synced()]);
    log.close();
    const next = new DeliveryLog(dir);
    expect(next.leftovers(100).replay.map((l) => l.delivery.guid)).toEqual(['y']);
    next.close();
  });

  it('writes staged deliveries when the flush starts: once synced they survive a crash, in order, with the done marks', async () => {
    const log = new DeliveryLog(dir, { inlineFlushMs });
    const [a] = ['a', 'b', 'c'].map((g) => log.stage(delivery(g)));
    const leftovers = (): string[] => {
      const next = new DeliveryLog(dir);
      const guids = next.leftovers(100).replay.map((l) => l.delivery.guid);
      next.close();
      return guids;
    };
    await log.synced();
    log.done(a!);
    const d = log.stage(delivery('d'));
    log.save(delivery('e')); // written at once, with the staged line before it
    log.done(d);
    await new Promise((r) => setImmediate(r)); // done marks are written once per turn of the event loop
    // No close(): the process is killed here.
    expect(leftovers()).toEqual(['b', 'c', 'e']);
  });
});

describe('deliveries journal flush path', () => {
  it('flushes inline while flushes are faster than the limit, and on the thread pool once one was slower', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hook-journal-'));
    try {
      // Any real fdatasync takes longer than a nanosecond: the first flush (no history) is inline, the rest are not.
      const opts: DeliveryLogOptions = { inlineFlushMs: 1e-6 };
      const log = new DeliveryLog(dir, opts);
      for (const g of ['a', 'b', 'c']) {
        log.stage(delivery(g));
        await log.synced();
      }
      expect([log.flushes, log.inlineFlushes]).toEqual([3, 1]);
      log.close();
      const next = new DeliveryLog(dir);
      expect(next.leftovers(100).replay.map((l) => l.delivery.guid)).toEqual(['a', 'b', 'c']);
      next.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
