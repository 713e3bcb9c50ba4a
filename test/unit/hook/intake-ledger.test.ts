// The intake ledger on disk: what survives a restart, what the retention drops, torn lines, content keys' windows.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { IntakeLedger } from '../../../roles/hook/intake-ledger.js';
import { eventKeys } from '../../../roles/hook/event-keys.js';
import { webhookFromPayload } from '../../../src/github/events.js';

const HOUR = 3600_000;

describe('IntakeLedger', () => {
  let dir: string;
  let now: number;
  const open = (): IntakeLedger => new IntakeLedger(dir, { now: () => now, retentionMs: 24 * HOUR });

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-'));
    now = Date.parse('2030-01-01T00:00:00Z');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps accepted GUIDs, catch-up marks, content keys and the scan time across a restart', () => {
    const l = open();
    expect(l.lastAcceptedAt).toBeUndefined();
    l.accepted('g1', [{ key: 'comment:1' }, { key: 'pr:a/b#1:labeled:x', ttlMs: HOUR }]);
    l.markCaughtUp('g2');
    l.scanStarted(now - 5);
    l.close();

    now += 10 * 60_000;
    const again = open();
    expect(again.hasDelivery('g1')).toBe(true);
    expect(again.hasDelivery('g2')).toBe(false);
    expect(again.caughtUp('g2')).toBe(true);
    expect(again.lastAcceptedAt).toBe(now - 10 * 60_000);
    expect(again.lastScanAt).toBe(now - 10 * 60_000 - 5);
    expect(again.seenKey([{ key: 'comment:1' }])).toBe('comment:1');
    expect(again.seenKey([{ key: 'pr:a/b#1:labeled:x' }])).toBe('pr:a/b#1:labeled:x');
    again.close();

    // Past the repeat window the label key no longer stands; past the retention nothing does.
    now += HOUR;
    const later = open();
    expect(later.seenKey([{ key: 'pr:a/b#1:labeled:x' }])).toBeUndefined();
    expect(later.seenKey([{ key: 'comment:1' }])).toBe('comment:1');
    later.close();
    now += 24 * HOUR;
    const expired = open();
    expect(expired.hasDelivery('g1')).toBe(false);
    expect(expired.seenKey([{ key: 'comment:1' }])).toBeUndefined();
    expired.close();
    expect(readFileSync(path.join(dir, 'ledger.jsonl'), 'utf8').trim().split('\n').filter((x) => x !== '')).toHaveLength(1); // the scan time
  });

  it('skips a line torn by a crash and keeps the rest', () => {
    const l = open();
    l.accepted('g1', []);
    l.close();
    appendFileSync(path.join(dir, 'ledger.jsonl'), '{"g":"g2","t":');
    const again = open();
    expect(again.hasDelivery('g1')).toBe(true);
    expect(again.hasDelivery('g2')).toBe(false);
    again.close();
  });
});

describe('eventKeys', () => {
  const WEBHOOKS = '/work/shared/reference/prow/webhooks';
  const parse = (type: string, file: string, patch: Record<string, unknown> = {}): ReturnType<typeof webhookFromPayload> =>
    webhookFromPayload(type, 'g', { ...(JSON.parse(readFileSync(path.join(WEBHOOKS, file), 'utf8')) as Record<string, unknown>), ...patch });

  it('gives a webhook and the poller the same key for the same change', () => {
    const comment = parse('issue_comment', 'test_comment.json');
    const c = comment.kind === 'issue_comment' ? comment.payload.comment : undefined;
    expect(eventKeys(comment, 1000)).toEqual([{ key: `comment:${c!.id}` }]);
    const opened = parse('pull_request', 'opened_pr.json', { action: 'opened' }); // the fixture says "created"
    const pr = opened.kind === 'pull_request' ? opened.payload : undefined;
    const at = `pr:${pr!.repository.full_name.toLowerCase()}#${pr!.pull_request.number}`;
    expect(eventKeys(opened, 1000)).toEqual([{ key: `${at}:opened` }, { key: `${at}:head:${pr!.pull_request.head.sha}` }]);
    const labeled = parse('pull_request', 'opened_pr.json', { action: 'labeled', label: { name: 'lgtm' } });
    expect(eventKeys(labeled, 1000)).toEqual([{ key: `${at}:labeled:lgtm`, ttlMs: 1000 }]);
    const push = parse('push', 'push.json');
    const p = push.kind === 'push' ? push.payload : undefined;
    expect(eventKeys(push, 1000)).toEqual([{ key: `push:${p!.repository.full_name.toLowerCase()}:${p!.ref}:${p!.after}` }]);
  });
});
