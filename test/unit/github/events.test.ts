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
});
