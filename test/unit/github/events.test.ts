import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { BadEventError, eventCoordinates, genericCommentFrom, parseWebhook } from '../../../src/github/events.js';

const WEBHOOKS = '/work/shared/reference/prow/webhooks';
const read = (f: string): Buffer => readFileSync(path.join(WEBHOOKS, f));

describe('webhook events', () => {
  it('derives the generic comment event from a review, as upstream (submitted → created)', () => {
    const ev = parseWebhook('pull_request_review', 'g1', read('review_approve_submitted.json'));
    const g = genericCommentFrom(ev);
    expect(g).toMatchObject({ isPR: true, action: 'created', guid: 'g1' });
    expect(g?.user.login).toBeTruthy();
    expect(g?.issueAuthor.login).toBeTruthy();
    expect(g?.number).toBe(eventCoordinates(ev).number);
  });

  it('derives it from an opened PR body, and not from a push', () => {
    const pr = parseWebhook('pull_request', 'g2', JSON.stringify({
      action: 'opened', number: 3,
      pull_request: { number: 3, title: 't', body: '/test all', state: 'open', html_url: 'h', user: { login: 'a' }, labels: [], head: { sha: 's', ref: 'r' }, base: { ref: 'main', repo: { name: 'r', full_name: 'o/r', owner: { login: 'o' } } } },
      repository: { name: 'r', full_name: 'o/r', owner: { login: 'o' } },
    }));
    expect(genericCommentFrom(pr)).toMatchObject({ action: 'created', body: '/test all', isPR: true, number: 3 });
    const push = parseWebhook('push', 'g3', read('push.json'));
    expect(genericCommentFrom(push)).toBeUndefined();
    // Push payloads name the owner `name`; every event gets an owner login.
    expect(push.kind === 'push' && push.payload.repository.owner.login).toBe('kubernetes');
    expect(eventCoordinates(push)).toMatchObject({ org: 'kubernetes', repo: 'test-infra' });
  });

  it('keeps unknown event types for external plugins, and rejects bodies handlers could not use', () => {
    expect(parseWebhook('check_suite', 'g4', '{"action":"completed"}').kind).toBe('other');
    expect(() => parseWebhook('issue_comment', 'g5', '[]')).toThrow(BadEventError);
    expect(() => parseWebhook('issue_comment', 'g6', '{"action":"created","repository":{"full_name":"o/r","name":"r"}}')).toThrow(/payload has no issue\b/);
    expect(() => parseWebhook('push', 'g7', 'nope')).toThrow(/not valid JSON/);
  });

  it('parses merge_group events for trigger, and refuses one without its group', () => {
    const repository = { name: 'r', full_name: 'o/r', owner: { login: 'o' } };
    const merge_group = { head_sha: 'h'.repeat(40), head_ref: 'refs/heads/gh-readonly-queue/main/pr-1-' + 'b'.repeat(40), base_sha: 'b'.repeat(40), base_ref: 'refs/heads/main', head_commit: { id: 'h'.repeat(40), message: 'm' } };
    const ev = parseWebhook('merge_group', 'g8', JSON.stringify({ action: 'checks_requested', merge_group, repository }));
    expect(ev.kind).toBe('merge_group');
    expect(eventCoordinates(ev)).toMatchObject({ org: 'o', repo: 'r', number: undefined });
    expect(() => parseWebhook('merge_group', 'g9', JSON.stringify({ action: 'checks_requested', repository }))).toThrow(/payload has no merge_group\b/);
    expect(() => parseWebhook('merge_group', 'g10', JSON.stringify({ action: 'destroyed', merge_group: { ...merge_group, head_sha: 1 }, repository }))).toThrow(/merge_group\.head_sha must be a string/);
  });
});
