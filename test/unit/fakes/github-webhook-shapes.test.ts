// Webhook payloads from the fake carry every field of GitHub's own deliveries (fixtures: upstream Prow's
// reference payloads), so handlers written against real GitHub read the same fields from the fake.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeGitHub, type Delivery } from '../../fakes/github/index.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/**
 * Key paths present in `reference` but absent from `actual`. Arrays count by their presence; a null where the
 * reference has an object is a value (no assignee, no license), not a missing field.
 */
function missingKeys(reference: unknown, actual: unknown, prefix = ''): string[] {
  if (!reference || typeof reference !== 'object' || Array.isArray(reference)) return [];
  if (actual === null) return [];
  if (typeof actual !== 'object') return [prefix.replace(/\.$/, '')];
  const out: string[] = [];
  for (const [k, v] of Object.entries(reference)) {
    if (!(k in actual)) out.push(prefix + k);
    else out.push(...missingKeys(v, (actual as Record<string, unknown>)[k], `${prefix}${k}.`));
  }
  return out;
}

describe('webhook payload shapes', () => {
  let gh: FakeGitHub;
  let deliveries: readonly Delivery[];

  beforeAll(async () => {
    gh = await FakeGitHub.start();
    gh.addOrg('org', { members: ['alice', 'bob'] });
    await gh.createRepo('org', 'repo', {});
    const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { a: 'a\n' } });
    await gh.comment('org', 'repo', pr.number, 'bob', '/test all');
    await gh.review('org', 'repo', pr.number, 'bob', 'APPROVED');
    await gh.pushCommit('org', 'repo', 'main', { b: 'b\n' });
    deliveries = gh.deliveries;
  });

  afterAll(async () => {
    await gh.stop();
  });

  const reference = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as unknown;

  it.each([
    ['opened_pr.json', 'pull_request', 'opened'],
    ['test_comment.json', 'issue_comment', 'created'],
    ['review_approve_submitted.json', 'pull_request_review', 'submitted'],
    ['push.json', 'push', undefined],
  ])('%s: every field GitHub sends is present', (file, event, action) => {
    const d = deliveries.find((x) => x.event === event && x.action === action);
    expect(d).toBeDefined();
    expect(missingKeys(reference(file), d!.payload)).toEqual([]);
  });

  it('fills values as GitHub would', () => {
    const push = deliveries.find((d) => d.event === 'push')!.payload as { ref: string; commits: { added: string[]; message: string }[]; head_commit: { id: string }; after: string };
    expect(push.ref).toBe('refs/heads/main');
    expect(push.commits.map((c) => c.added)).toEqual([['b']]);
    expect(push.head_commit.id).toBe(push.after);
  });
});
