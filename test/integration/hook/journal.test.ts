// The delivery journal across segment rotation and restarts: a delivery marked done is never replayed, whichever
// segment it was written to and whenever that segment was closed; one not marked done is replayed exactly once.
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DeliveryLog, MAX_REPLAYS, QUARANTINE_DIR, type Delivery } from '../../../roles/hook/deliveries.js';

const delivery = (guid: string, bytes = 10): Delivery => ({
  eventType: 'issue_comment', guid, headers: { 'x-github-delivery': guid }, body: Buffer.alloc(bytes, 'x'), receivedAt: new Date().toISOString(),
});

describe('delivery journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const leftoverGuids = (): string[] => new DeliveryLog(dir).leftovers(100).replay.map((l) => l.delivery.guid).sort();
  // Done marks are written once per turn of the event loop.
  const marksWritten = (): Promise<void> => new Promise((r) => setImmediate(r));

  it('keeps the done marks of deliveries whose segment was closed by a rotation (then a crash)', async () => {
    const log = new DeliveryLog(dir, { segmentBytes: 1_000 });
    const ids = ['a', 'b', 'c'].map((g) => log.save(delivery(g)));
    log.save(delivery('big', 5_000)); // fills the segment: the next write starts a new one
    const after = log.save(delivery('after'));
    log.done(ids[0]!);
    log.done(ids[1]!);
    log.done(after);
    await marksWritten();
    // No close(): the process was killed while "c" and "big" were still being handled.
    expect(leftoverGuids()).toEqual(['big', 'c']);
  });

  it('replays only what was not marked done, across several rotations', async () => {
    const log = new DeliveryLog(dir, { segmentBytes: 700 });
    const saved = new Map<string, number>();
    for (let i = 0; i < 30; i++) saved.set(`d${i}`, log.save(delivery(`d${i}`, 100)));
    for (const [guid, id] of saved) if (Number(guid.slice(1)) % 3 !== 0) log.done(id);
    await marksWritten();
    expect(leftoverGuids()).toEqual([...saved.keys()].filter((g) => Number(g.slice(1)) % 3 === 0).sort());
  });

  it('deletes a finished segment only once no older segment is left whose marks it may hold', () => {
    const log = new DeliveryLog(dir, { segmentBytes: 200 });
    const first = log.save(delivery('slow', 300)); // segment 1, still being handled
    const second = log.save(delivery('fast', 300)); // segment 2
    log.save(delivery('third')); // segment 3: segment 2 is closed
    log.done(second);
    log.done(first); // the mark for "slow" goes into segment 3
    expect(leftoverGuids()).toEqual(['third']);
  });

  it('replays a delivery left by a crash once, however often the process restarts', async () => {
    const first = new DeliveryLog(dir, { segmentBytes: 1_000 });
    first.save(delivery('left'));
    const second = new DeliveryLog(dir, { segmentBytes: 1_000 });
    const [replayed] = second.leftovers(10).replay;
    expect(replayed?.delivery.guid).toBe('left');
    second.done(replayed!.id);
    await marksWritten();
    // Killed again before anything else: nothing is replayed twice.
    expect(leftoverGuids()).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.log')).length).toBeLessThanOrEqual(2);
  });

  it('quarantines a delivery replayed MAX_REPLAYS times without ever finishing (it may be what kills the process)', () => {
    new DeliveryLog(dir).save(delivery('poison'));
    for (let i = 1; i <= MAX_REPLAYS; i++) expect(new DeliveryLog(dir).leftovers(10).replay.map((l) => l.delivery.guid)).toEqual(['poison']);
    const last = new DeliveryLog(dir).leftovers(10);
    expect(last.replay).toEqual([]);
    expect(last.quarantined.map((d) => d.guid)).toEqual(['poison']);
    const files = readdirSync(path.join(dir, QUARANTINE_DIR));
    expect(files).toHaveLength(1);
    expect(JSON.parse(readFileSync(path.join(dir, QUARANTINE_DIR, files[0]!), 'utf8'))).toMatchObject({ guid: 'poison', eventType: 'issue_comment' });
    expect(leftoverGuids()).toEqual([]);
  });

  it('keeps bodies byte for byte (newlines and all), and skips a record torn inside its body', () => {
    const log = new DeliveryLog(dir);
    const body = Buffer.from('{\n  "action": "created",\n  "text": "caf\u00e9 \\n"\n}\n');
    log.save({ ...delivery('pretty'), body });
    const segment = readdirSync(dir).filter((f) => f.endsWith('.log'))[0]!;
    // A crash while the next record's body was being written.
    appendFileSync(path.join(dir, segment), `${JSON.stringify({ t: 'b', id: 99, eventType: 'push', guid: 'torn', headers: {}, receivedAt: '', n: 500 })}\n{"ref":`);
    const [replayed, ...rest] = new DeliveryLog(dir).leftovers(10).replay;
    expect(rest).toEqual([]);
    expect(replayed!.delivery.guid).toBe('pretty');
    expect(replayed!.delivery.body.equals(body)).toBe(true);
  });

  it('replays the base64 lines an older version wrote (an upgrade with deliveries in flight)', () => {
    const body = Buffer.from('{"action":"created"}');
    const line = (l: object): string => `${JSON.stringify(l)}\n`;
    writeFileSync(path.join(dir, '000000000001.log'), [
      line({ t: 'd', id: 1, eventType: 'issue_comment', guid: 'old-done', headers: {}, body: body.toString('base64'), receivedAt: 'then' }),
      line({ t: 'd', id: 2, eventType: 'issue_comment', guid: 'old-open', headers: { 'x-github-delivery': 'old-open' }, body: body.toString('base64'), receivedAt: 'then' }),
      line({ t: 'x', id: 1, s: 1 }),
    ].join(''));
    const [replayed, ...rest] = new DeliveryLog(dir).leftovers(10).replay;
    expect(rest).toEqual([]);
    expect(replayed!.delivery).toEqual({ eventType: 'issue_comment', guid: 'old-open', headers: { 'x-github-delivery': 'old-open' }, body, receivedAt: 'then' });
    // Carried into the new format: still replayed (once more) if this process dies too.
    expect(new DeliveryLog(dir).leftovers(10).replay.map((l) => l.delivery.guid)).toEqual(['old-open']);
  });
});
