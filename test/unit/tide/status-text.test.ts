// The `tide` context's texts, as upstream's status controller writes them, and the context policy behind them.
import { describe, expect, it } from '@jest/globals';
import { contextPolicy, unsuccessfulContexts, type ContextPolicy } from '../../../roles/tide/contexts.js';
import { expectedStatus, prMergeMethod, requirementDiff, retestingStatus, type StatusInputs } from '../../../roles/tide/status-text.js';
import type { TidePR } from '../../../roles/tide/types.js';
import type { Config, Presubmit, TideQuery } from '../../../src/config/types.js';

const pr = (over: Partial<TidePR> = {}): TidePR => ({
  org: 'o', repo: 'r', number: 1, title: 't', body: '', author: 'alice', baseRef: 'main', headRefName: 'fix', headSha: 'a'.repeat(40),
  mergeable: 'MERGEABLE', mergeStateStatus: 'CLEAN', canBeRebased: true, reviewDecision: null, labels: [], milestone: null, updatedAt: '', contexts: [],
  repoUrl: 'https://github.com/o/r', allowed: { merge: true, squash: true, rebase: true }, ...over,
});
const none: ContextPolicy = { required: new Set(), requiredIfPresent: new Set(), optional: new Set(), optionalRegexes: [], skipUnknown: false };
const q: TideQuery = { repos: ['o/r'], labels: ['lgtm', 'approved'], missingLabels: ['do-not-merge/hold'] };

describe('requirementDiff', () => {
  it.each<[string, Partial<TidePR>, TideQuery, string, number]>([
    ['meets it', { labels: ['lgtm', 'approved'] }, q, '', 0],
    ['one label missing', { labels: ['lgtm'] }, q, ' Needs approved label.', 1],
    ['two labels missing', {}, q, ' Needs approved, lgtm labels.', 2],
    ['an OR-label', { labels: ['lgtm'] }, { labels: ['lgtm', 'approved,ok-to-merge'] }, ' Needs approved or ok-to-merge label.', 1],
    ['a label it should not have', { labels: ['lgtm', 'approved', 'do-not-merge/hold'] }, q, ' Should not have do-not-merge/hold label.', 1],
    ['a failing job', { labels: ['lgtm', 'approved'], contexts: [{ context: 'unit', state: 'FAILURE', description: '' }] }, q, ' Job unit has not succeeded.', 1],
    ['two failing jobs', { labels: ['lgtm', 'approved'], contexts: [{ context: 'e2e', state: 'PENDING', description: '' }, { context: 'unit', state: 'ERROR', description: '' }] }, q, ' Jobs e2e, unit have not succeeded.', 2],
    ['the tide context itself does not count', { labels: ['lgtm', 'approved'], contexts: [{ context: 'tide', state: 'PENDING', description: '' }] }, q, '', 0],
    ['the wrong branch', { baseRef: 'old' }, { excludedBranches: ['old'] }, ' Merging to branch old is forbidden.', 2000],
    ['the wrong author', {}, { author: 'bot' }, ' Must be by author bot.', 1000],
    ['the wrong milestone', {}, { milestone: 'v2' }, ' Must be in milestone v2.', 100],
    ['no approving review', {}, { reviewApprovedRequired: true }, ' PullRequest is missing sufficient approving GitHub review(s)', 50],
  ])('%s', (_name, over, query, desc, diff) => {
    expect(requirementDiff(pr(over), query, none)).toEqual({ desc, diff });
  });

  it('keeps at least one name and drops what does not fit 50 characters', () => {
    const long = { labels: ['a-very-long-label-name-number-one', 'a-very-long-label-name-number-two', 'short'] };
    expect(requirementDiff(pr(), long, none).desc).toBe(' Needs a-very-long-label-name-number-one label.');
  });
});

describe('expectedStatus', () => {
  const base: StatusInputs = { pr: pr({ labels: ['lgtm', 'approved'] }), queries: [q], policy: none, inPool: true, method: 'merge', blockers: [], displayAllQueries: false, retesting: [] };
  it.each<[string, Partial<StatusInputs>, string, string]>([
    ['in the pool', {}, 'success', 'In merge pool.'],
    ['in the pool, being retested', { retesting: ['unit', 'e2e'] }, 'pending', 'Not mergeable. Retesting: e2e unit'],
    ['in the merge queue', { pr: pr({ labels: ['lgtm', 'approved'], queue: { position: 2, total: 3, state: 'AWAITING_CHECKS' } }) }, 'success', 'In merge queue (position 2 of 3).'],
    ['in the merge queue, counted before the others joined', { pr: pr({ labels: ['lgtm', 'approved'], queue: { position: 2, total: 1, state: 'QUEUED' } }) }, 'success', 'In merge queue (position 2 of 2).'],
    ['queued, but missing a label now', { inPool: false, pr: pr({ labels: ['lgtm'], queue: { position: 1, total: 1, state: 'AWAITING_CHECKS' } }) }, 'pending', 'Not mergeable. Needs approved label.'],
    ['a merge conflict', { pr: pr({ mergeable: 'CONFLICTING' }) }, 'error', 'Not mergeable. PR has a merge conflict.'],
    ['two merge labels', { method: undefined }, 'error', 'Not mergeable. PR has conflicting merge method override labels'],
    ['GitHub blocks it, with policy block', { blocksPolicy: 'block', pr: pr({ labels: ['lgtm', 'approved'], mergeStateStatus: 'BLOCKED' }) }, 'error', 'Not mergeable. GitHub blocks merging (branch protection, rulesets or required reviews).'],
    ['GitHub blocks it, with policy permit', { blocksPolicy: 'permit', pr: pr({ labels: ['lgtm', 'approved'], mergeStateStatus: 'BLOCKED' }) }, 'success', 'In merge pool.'],
    ['a method the repo forbids', { method: 'squash', pr: pr({ allowed: { merge: true, squash: false, rebase: true } }) }, 'error', 'Not mergeable. Merge type "squash" disallowed by repo settings'],
    ['blocked', { inPool: false, blockers: [{ number: 7, title: 'x', url: '' }, { number: 9, title: 'y', url: '' }] }, 'error', 'Not mergeable. Merging is blocked by issues 7, 9.'],
    ['the closest query', { inPool: false, pr: pr({ labels: ['lgtm'] }), queries: [q, { repos: ['o/r'], labels: ['a', 'b', 'c'] }] }, 'pending', 'Not mergeable. Needs approved label.'],
    ['every query', { inPool: false, pr: pr(), queries: [{ labels: ['lgtm'] }, { labels: ['ok'] }, { includedBranches: ['rel'] }], displayAllQueries: true }, 'pending', 'Not mergeable. Needs lgtm label OR Needs ok label.'],
    ['no query for the branch', { inPool: false, pr: pr(), queries: [{ includedBranches: ['rel'] }], displayAllQueries: true }, 'pending', 'Not mergeable. No Tide query for branch main found.'],
  ])('%s', (_name, over, state, description) => {
    expect(expectedStatus({ ...base, ...over })).toEqual({ state, description });
  });

  it('never exceeds 140 characters', () => {
    const many = Array.from({ length: 30 }, (_, i) => `job-number-${i}`);
    expect(retestingStatus(many)).toBe('Not mergeable. Retesting 30 jobs.');
    const d = expectedStatus({ ...base, inPool: false, pr: pr(), queries: [{ labels: ['x'.repeat(200)] }] }).description;
    expect(d).toHaveLength(140);
    expect(d.endsWith('...')).toBe(true);
  });
});

describe('prMergeMethod', () => {
  const labels = { squash: 'tide/squash', rebase: 'tide/rebase', merge: 'tide/merge' };
  it.each<[string[], string | undefined]>([[[], 'merge'], [['tide/squash'], 'squash'], [['x', 'tide/rebase'], 'rebase'], [['tide/squash', 'tide/merge'], undefined]])('%j → %s', (l, want) => {
    expect(prMergeMethod('merge', l, labels)).toBe(want);
  });
});

describe('contextPolicy', () => {
  const job = (over: Partial<Presubmit>): Presubmit => ({ name: 'j', spec: { containers: [] }, ...over }) as Presubmit;
  const cfg = {
    tide: { context_options: { 'optional-contexts': ['coverage'], orgs: { o: { 'required-contexts': ['cla'], repos: { r: { 'skip-unknown-contexts': true } } } } } },
  } as Config;
  const p = contextPolicy(cfg, 'o', 'r', 'main', [
    job({ name: 'unit', always_run: true }),
    job({ name: 'docs', run_if_changed: '^docs/' }),
    job({ name: 'manual' }),
    job({ name: 'opt', always_run: true, optional: true }),
    job({ name: 'other-branch', always_run: true, branches: ['^rel$'] }),
  ]);
  it('requires always-run jobs and configured contexts; conditional jobs only when present', () => {
    expect([...p.required].sort()).toEqual(['cla', 'unit']);
    expect([...p.requiredIfPresent].sort()).toEqual(['docs', 'manual']);
    expect([...p.optional].sort()).toEqual(['coverage', 'opt']);
    expect(p.skipUnknown).toBe(true);
  });
  it('counts the checks GitHub requires (rulesets, branch protection) with from-branch-protection, never tide itself', () => {
    const withRules = (fromBP: boolean): string[] => [...contextPolicy({ tide: { context_options: { 'from-branch-protection': fromBP } } } as Config, 'o', 'r', 'main', [], ['lint', 'tide']).required].sort();
    expect(withRules(true)).toEqual(['lint']);
    expect(withRules(false)).toEqual([]);
  });
  it('reports failing and missing required contexts; check runs count as contexts', () => {
    const failed = unsuccessfulContexts([{ context: 'docs', state: 'FAILURE', description: '' }, { context: 'coverage', state: 'FAILURE', description: '' }, { context: 'random', state: 'FAILURE', description: '' }], p);
    expect(failed.map((c) => [c.context, c.state])).toEqual([['docs', 'FAILURE'], ['cla', 'EXPECTED'], ['unit', 'EXPECTED']]);
  });
});
