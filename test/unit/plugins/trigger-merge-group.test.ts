// Which presubmits a merge group runs: what Tide requires (always-run or run_before_merge, reported, not optional)
// for the group's base branch, and whatever the branch's rulesets require by context.
import { describe, expect, it } from '@jest/globals';
import { mergeGroupPresubmits } from '../../../plugins/trigger/merge-group.js';
import type { Presubmit } from '../../../src/config/types.js';

const job = (over: Partial<Presubmit>): Presubmit => ({ name: 'j', spec: { containers: [] }, ...over }) as Presubmit;
const JOBS = [
  job({ name: 'unit', always_run: true }),
  job({ name: 'lint', always_run: true, optional: true }),
  job({ name: 'silent', always_run: true, skip_report: true }),
  job({ name: 'e2e', run_before_merge: true }),
  job({ name: 'docs', run_if_changed: '^docs/' }),
  job({ name: 'integration', context: 'ci/integration' }),
  job({ name: 'release-only', always_run: true, branches: ['^release-.*$'] }),
];

describe('mergeGroupPresubmits', () => {
  it.each<[string, string, string[], string[]]>([
    ['main, nothing from rules', 'main', [], ['e2e', 'unit']],
    ['main, a ruleset requires a manual job by its context', 'main', ['ci/integration'], ['e2e', 'integration', 'unit']],
    ['main, a ruleset requires an optional job', 'main', ['lint'], ['e2e', 'lint', 'unit']],
    ['a release branch', 'release-1', [], ['e2e', 'release-only', 'unit']],
  ])('%s', (_name, branch, rules, want) => {
    expect(mergeGroupPresubmits(JOBS, branch, new Set(rules)).map((j) => j.name).sort()).toEqual(want);
  });
});
