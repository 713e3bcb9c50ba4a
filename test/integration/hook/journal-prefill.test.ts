// Segments made ahead: a busy journal moves to a zero-filled segment written on the thread pool, overwrites it in
// place, and what it acknowledged is found again after a crash, whether the crash came before, while or after the
// next segment was made. A segment that cannot be made ahead leaves the journal appending, as before.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DeliveryLog, type Delivery } from '../../../roles/hook/deliveries.js';

const SEGMENT_BYTES = 64 * 1024;
const PREFILL_AFTER = 4 * 1024;

const delivery = (guid: string): Delivery => ({
  eventType: 'issue_comment', guid, headers: { 'x-github-delivery': guid }, body: Buffer.from(JSON.stringify({ guid, pad: 'x'.repeat(300) })), receivedAt: new Date().toISOString(),
});

describe('deliveries journal segments made ahead', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hook-prefill-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const segments = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
  const bytesOf = (f: string): Buffer => readFileSync(path.join(dir, f));
  const allZeros = (f: string): boolean => bytesOf(f).every((b) => b === 0);
  /** Segment files at least as long as a made-ahead one (the last record may go past it), holding records. */
  const zeroedInUse = (): string[] => segments().filter((f) => statSync(path.join(dir, f)).size >= SEGMENT_BYTES && bytesOf(f)[0] === 0x7b);
  const leftovers = (): string[] => {
    const next = new DeliveryLog(dir);
    const guids = next.leftovers(1000).replay.map((l) => l.delivery.guid);
    next.close();
    return guids;
  };
  const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 2));

  /** Saves deliveries (each acknowledged) until `until` holds, waiting a little between them; returns their guids. */
  async function saveUntil(log: DeliveryLog, until: () => boolean, prefix: string): Promise<{ guid: string; id: number }[]> {
    const saved: { guid: string; id: number }[] = [];
    for (let i = 0; !until(); i++) {
      if (i >= 2_000) throw new Error(`condition not met after ${i} deliveries: ${segments().join(', ')}`);
      const guid = `${prefix}${i}`;
      saved.push({ guid, id: log.stage(delivery(guid)) });
      await log.synced();
      await tick();
    }
    return saved;
  }

  it('moves to a zero-filled segment once one is ready, and replays across both after a crash, in order', async () => {
    const log = new DeliveryLog(dir, { segmentBytes: SEGMENT_BYTES, prefillAfterBytes: PREFILL_AFTER });
    const saved = await saveUntil(log, () => zeroedInUse().length > 0, 'a');
    const more = [0, 1, 2].map((i) => ({ guid: `b${i}`, id: log.stage(delivery(`b${i}`)) }));
    await log.synced();
    const all = [...saved, ...more];
    // Every third one finished before the crash.
    all.forEach((d, i) => i % 3 === 0 && log.done(d.id));
    await new Promise((r) => setImmediate(r));
    const [zeroed] = zeroedInUse();
    expect(segments().indexOf(zeroed!)).toBeGreaterThan(0); // the first segment was written by appending
    // No close(): the process is killed here.
    expect(leftovers()).toEqual(all.filter((_, i) => i % 3 !== 0).map((d) => d.guid));
  });

  it('makes the next segment ahead while writing a made-ahead one, and rotates into it at the segment size', async () => {
    const log = new DeliveryLog(dir, { segmentBytes: SEGMENT_BYTES, prefillAfterBytes: PREFILL_AFTER });
    const saved = await saveUntil(log, () => zeroedInUse().length >= 2, 'a');
    // A full made-ahead segment was retired into the next one: the records of both are found.
    expect(saved.length).toBeGreaterThan(SEGMENT_BYTES / 600);
    expect(leftovers()).toEqual(saved.map((d) => d.guid));
  });

  it('leaves no zero-filled file behind: removed on close (once made), and ignored and removed by the next process after a crash', async () => {
    const log = new DeliveryLog(dir, { segmentBytes: SEGMENT_BYTES, prefillAfterBytes: PREFILL_AFTER });
    const first = await saveUntil(log, () => segments().some(allZeros), 'a');
    // Crashed with a made-ahead segment not used yet.
    expect(leftovers()).toEqual(first.map((d) => d.guid));
    expect(segments().filter(allZeros)).toEqual([]);

    const second = new DeliveryLog(dir, { segmentBytes: SEGMENT_BYTES, prefillAfterBytes: PREFILL_AFTER });
    const again = await saveUntil(second, () => segments().some(allZeros), 'b');
    again.forEach((d) => second.done(d.id));
    second.close();
    // One still being made when the log closed is removed once it is made.
    for (let i = 0; i < 500 && segments().some(allZeros); i++) await tick();
    expect(segments().filter(allZeros)).toEqual([]);
  });

  it('goes on appending when the next segment cannot be made, and makes one later', async () => {
    const log = new DeliveryLog(dir, { segmentBytes: SEGMENT_BYTES, prefillAfterBytes: PREFILL_AFTER });
    // The next segment's name is taken (by something that is not a file), so making it fails.
    const taken = path.join(dir, '000000000002.log');
    mkdirSync(taken);
    const saved = await saveUntil(log, () => zeroedInUse().length > 0, 'a');
    expect(statSync(taken).isDirectory()).toBe(true); // not ours: left alone
    // The first try (segment 2) failed; a later one did not.
    expect(zeroedInUse().every((f) => f > '000000000002.log')).toBe(true);
    rmSync(taken, { recursive: true });
    expect(leftovers()).toEqual(saved.map((d) => d.guid));
  });
});
