import { describe, expect, it } from '@jest/globals';
import { LabelSelectorError, parseSelector } from '../../../src/store/selector.js';

describe('label selectors', () => {
  const labels = { 'prow.k8s.io/job': 'pull-test', 'prow.k8s.io/refs.pull': '12', team: 'a' };
  const cases: Array<[string, boolean]> = [
    ['', true],
    ['prow.k8s.io/job=pull-test', true],
    ['prow.k8s.io/job==pull-test', true],
    ['prow.k8s.io/job = pull-test', true],
    ['prow.k8s.io/job=other', false],
    ['prow.k8s.io/job!=other', true],
    ['missing!=x', true],
    ['team in (a, b)', true],
    ['team in (b,c)', false],
    ['team notin (b)', true],
    ['team notin (a)', false],
    ['team', true],
    ['!team', false],
    ['!missing', true],
    ['prow.k8s.io/refs.pull>11', true],
    ['prow.k8s.io/refs.pull<12', false],
    ['team=a,prow.k8s.io/refs.pull=12', true],
    ['team=a,prow.k8s.io/refs.pull=13', false],
    ['team=', false],
  ];
  it.each(cases)('%s → %s', (sel, want) => {
    expect(parseSelector(sel).matches(labels)).toBe(want);
  });

  it('matches empty values', () => {
    expect(parseSelector('team=').matches({ team: '' })).toBe(true);
  });

  it.each(['a in (b', 'a in b', 'a=b,', '=b', 'a=b c', 'a>x', 'a=b=c'])('rejects %s', (sel) => {
    expect(() => parseSelector(sel)).toThrow(LabelSelectorError);
  });
});
