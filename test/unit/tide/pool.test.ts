// A pool's state from its jobs, as upstream's accumulate/accumulateBatch, and the order PRs are picked in.
import { describe, expect, it } from '@jest/globals';
import { accumulate, accumulateBatch, pickBatchWithExistingTests, pickHighestPriority, type JobResult } from '../../../roles/tide/pool.js';
import type { TidePR } from '../../../roles/tide/types.js';
import type { Presubmit } from '../../../src/config/types.js';

const pr = (number: number, labels: string[] = []): TidePR => ({
  org: 'o', repo: 'r', number, title: `#${number}`, body: '', author: 'a', baseRef: 'main', headRefName: `h${number}`, headSha: `sha${number}`,
  mergeable: 'MERGEABLE', mergeStateStatus: 'CLEAN', canBeRebased: true, reviewDecision: null, labels, milestone: null, updatedAt: '', contexts: [], repoUrl: '', allowed: { merge: true, squash: true, rebase: true },
});
const job = (name: string): Presubmit => ({ name, context: name, always_run: true, spec: { containers: [] } }) as unknown as Presubmit;
const res = (type: JobResult['type'], context: string, prs: number[], state: JobResult['state']): JobResult => ({ type, context, state, pulls: prs.map((n) => ({ number: n, sha: `sha${n}` })) });

describe('accumulate', () => {
  const prs = [pr(1), pr(2), pr(3), pr(4)];
  const required = new Map(prs.map((p) => [p.number, [job('unit'), job('e2e')]]));
  it.each<[string, JobResult[], number[], number[], number[]]>([
    ['no jobs: all missing', [], [], [], [1, 2, 3, 4]],
    ['the best result of each job counts', [res('presubmit', 'unit', [1], 'failure'), res('presubmit', 'unit', [1], 'success'), res('presubmit', 'e2e', [1], 'success')], [1], [], [2, 3, 4]],
    ['pending', [res('presubmit', 'unit', [2], 'success'), res('presubmit', 'e2e', [2], 'pending')], [], [2], [1, 3, 4]],
    ['a failure is missing', [res('presubmit', 'unit', [3], 'success'), res('presubmit', 'e2e', [3], 'failure')], [], [], [1, 2, 3, 4]],
    ['an old head does not count', [{ ...res('presubmit', 'unit', [4], 'success'), pulls: [{ number: 4, sha: 'old' }] }, res('presubmit', 'e2e', [4], 'success')], [], [], [1, 2, 3, 4]],
  ])('%s', (_name, results, s, p, m) => {
    const a = accumulate(prs, required, results);
    expect([a.successes.map((x) => x.number), a.pendings.map((x) => x.number), a.missings.map((x) => x.number)]).toEqual([s, p, m]);
  });
  it('names the jobs each missing PR needs', () => {
    const a = accumulate([pr(1)], required, [res('presubmit', 'unit', [1], 'success')]);
    expect(a.missingTests.get(1)!.map((j) => j.name)).toEqual(['e2e']);
  });
});

describe('accumulateBatch', () => {
  const prs = [pr(1), pr(2), pr(3)];
  const req = (): Presubmit[] => [job('unit')];
  it.each<[string, JobResult[], number[], number[]]>([
    ['a passing batch', [res('batch', 'unit', [1, 2], 'success')], [1, 2], []],
    ['a running batch', [res('batch', 'unit', [1, 3], 'pending')], [], [1, 3]],
    ['a failed batch counts as neither', [res('batch', 'unit', [1, 2], 'failure')], [], []],
    ['a batch with a PR that left the pool is void', [res('batch', 'unit', [1, 9], 'success')], [], []],
    ['a batch with an old head is void', [{ ...res('batch', 'unit', [1, 2], 'success'), pulls: [{ number: 1, sha: 'sha1' }, { number: 2, sha: 'old' }] }], [], []],
  ])('%s', (_name, results, success, pending) => {
    const b = accumulateBatch(prs, results, req);
    expect([b.success.map((x) => x.number), b.pending.map((x) => x.number)]).toEqual([success, pending]);
  });
});

describe('picking', () => {
  it('takes priority label sets in order, then the lowest number', () => {
    const prs = [pr(5), pr(3, ['prio/high']), pr(2), pr(4, ['prio/high', 'kind/bug'])];
    expect(pickHighestPriority(prs, () => true)!.number).toBe(2);
    expect(pickHighestPriority(prs, () => true, [{ labels: ['prio/high', 'kind/bug'] }, { labels: ['prio/high'] }])!.number).toBe(4);
    expect(pickHighestPriority(prs, (p) => p.number !== 2)!.number).toBe(3);
    expect(pickHighestPriority(prs, () => false)).toBeUndefined();
  });
  it('reuses the existing batch with the most passing jobs', () => {
    const prs = [pr(1), pr(2), pr(3)];
    const results = [res('batch', 'unit', [1, 2], 'pending'), res('batch', 'unit', [2, 3], 'success'), res('batch', 'e2e', [2, 3], 'success'), res('batch', 'unit', [1, 3], 'failure')];
    expect(pickBatchWithExistingTests(prs, results, 0).map((p) => p.number)).toEqual([2, 3]);
    expect(pickBatchWithExistingTests(prs, results.slice(0, 1), 0).map((p) => p.number)).toEqual([1, 2]);
    expect(pickBatchWithExistingTests(prs, results, 1)).toEqual([]);
  });
});
