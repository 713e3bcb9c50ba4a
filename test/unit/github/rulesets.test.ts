// What branch rules mean for merging: required checks, the merge queue, merge group refs. Table-driven.
import { describe, expect, it } from '@jest/globals';
import { branchOfRef, protectionRequiresMergeQueue, requiredChecksFromRules, requiresMergeQueue } from '../../../src/github/rulesets.js';
import type { BranchRule } from '../../../src/github/repos.js';

const rule = (type: string, parameters?: Record<string, unknown>): BranchRule => ({ type, ...(parameters ? { parameters } : {}), ruleset_source_type: 'Repository', ruleset_source: 'o/r', ruleset_id: 1 }) as BranchRule;
const checks = (...contexts: string[]): BranchRule => rule('required_status_checks', { strict_required_status_checks_policy: false, required_status_checks: contexts.map((context) => ({ context })) });

describe('branch rules', () => {
  it.each<[string, BranchRule[], string[], boolean]>([
    ['no rules', [], [], false],
    ['required checks of two rulesets, merged and sorted', [checks('unit', 'e2e'), checks('unit', 'lint')], ['e2e', 'lint', 'unit'], false],
    ['a merge queue', [rule('merge_queue', { merge_method: 'SQUASH' }), rule('pull_request', { required_approving_review_count: 1 })], [], true],
    ['both', [checks('unit'), rule('merge_queue')], ['unit'], true],
  ])('%s', (_name, rules, wantChecks, wantQueue) => {
    expect(requiredChecksFromRules(rules)).toEqual(wantChecks);
    expect(requiresMergeQueue(rules)).toBe(wantQueue);
  });

  it.each<[unknown, boolean]>([[undefined, false], [{}, false], [{ required_merge_queue: true }, true], [{ required_merge_queue: { enabled: true } }, true], [{ required_merge_queue: { enabled: false } }, false]])(
    'branch protection %j requires the queue: %s', (p, want) => expect(protectionRequiresMergeQueue(p)).toBe(want),
  );

  it('names the branch of a full ref', () => {
    expect(branchOfRef('refs/heads/release/1.2')).toBe('release/1.2');
    expect(branchOfRef('main')).toBe('main');
  });
});
