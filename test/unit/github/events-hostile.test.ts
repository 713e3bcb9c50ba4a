// Signed payloads an attacker controls: prototype names as event types, wrong field types, deep nesting. Each is a
// BadEventError (a 400 at the door), never a TypeError.
import { describe, expect, it } from '@jest/globals';
import { BadEventError, parseWebhook, webhookFromPayload } from '../../../src/github/events.js';

const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

const repo = { name: 'r', full_name: 'o/r', owner: { login: 'o' } };
const user = { login: 'alice' };
const pr = { number: 1, title: 't', html_url: 'h', state: 'open', user, labels: [], head: { sha: 's', ref: 'f' }, base: { ref: 'main', repo } };

describe('hostile webhook payloads', () => {
  it('treats prototype names as unknown event types (forwarded, never a crash)', () => {
    for (const t of PROTO_KEYS) {
      expect(webhookFromPayload(t, 'g', {})).toMatchObject({ kind: 'other', eventType: t });
      expect(parseWebhook(t, 'g', '{}').kind).toBe('other');
    }
  });

  it('refuses fields of the wrong type with the path of the field', () => {
    const comment = (c: unknown, issueUser: unknown = user): unknown => ({ action: 'created', issue: { number: 1, user: issueUser }, comment: c, repository: repo });
    expect(() => webhookFromPayload('issue_comment', 'g', comment({ body: '/test', user: { login: 5 } }))).toThrow(/comment\.user\.login must be a string, not number/);
    expect(() => webhookFromPayload('issue_comment', 'g', comment({ body: ['x'], user }))).toThrow(/comment\.body must be a string, not array/);
    expect(() => webhookFromPayload('issue_comment', 'g', comment({ body: 'x', user }, 'alice'))).toThrow(/issue\.user must be an object, not string/);
    expect(() => webhookFromPayload('pull_request', 'g', { action: 'opened', pull_request: { ...pr, head: { sha: 's', ref: 7 } }, repository: repo })).toThrow(/pull_request\.head\.ref must be a string/);
    expect(() => webhookFromPayload('pull_request', 'g', { action: 'opened', pull_request: { ...pr, labels: [{ name: {} }] }, repository: repo })).toThrow(/pull_request\.labels\[0\]\.name must be a string/);
    expect(() => webhookFromPayload('pull_request', 'g', { action: 'opened', pull_request: { ...pr, base: { ref: 'main' } }, repository: repo })).toThrow(/payload has no pull_request\.base\.repo/);
    expect(() => webhookFromPayload('push', 'g', { ref: { replace: 1 }, after: 's', repository: repo })).toThrow(/ref must be a string, not object/);
    expect(() => webhookFromPayload('status', 'g', { sha: 's', state: 'success', context: 'c', repository: { ...repo, full_name: null } })).toThrow(BadEventError);
    // Nullable fields GitHub sends as null stay accepted.
    expect(webhookFromPayload('pull_request', 'g', { action: 'opened', pull_request: { ...pr, body: null, head: { ...pr.head, repo: null } }, repository: repo }).kind).toBe('pull_request');
  });

  it('refuses payloads nested deeper than any GitHub sends, for every event type', () => {
    let deep: unknown = {};
    for (let i = 0; i < 200; i++) deep = { x: deep };
    expect(() => webhookFromPayload('issue_comment', 'g', { action: 'created', extra: deep })).toThrow(/nests deeper than/);
    expect(() => webhookFromPayload('check_run', 'g', { action: 'created', extra: deep })).toThrow(/nests deeper than/);
  });
});
