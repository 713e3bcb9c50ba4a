import { describe, expect, it } from '@jest/globals';
import { computeDelta, denied, isEmpty } from '../../../roles/status-reconciler/delta.js';
import type { Presubmit } from '../../../src/config/types.js';

const p = (name: string, extra: Partial<Presubmit> = {}): Presubmit => ({ name, always_run: true, ...extra }) as Presubmit;

describe('status-reconciler delta', () => {
  it('adds new blocking presubmits that run by themselves, in new repos too', () => {
    const d = computeDelta(
      { 'o/r': [p('a')] },
      { 'o/r': [p('a'), p('b'), p('opt', { optional: true }), p('skip', { skip_report: true }), p('manual', { always_run: false }), p('changed', { always_run: false, run_if_changed: '\\.go$' })], 'o/new': [p('x')] },
    );
    expect(Object.fromEntries(Object.entries(d.added).map(([k, v]) => [k, v.map((j) => j.name)]))).toEqual({ 'o/r': ['b', 'changed'], 'o/new': ['x'] });
    expect(d.removed).toEqual({});
    expect(d.migrated).toEqual({});
  });

  it('adds a job that stops skipping its report', () => {
    expect(computeDelta({ 'o/r': [p('a', { skip_report: true })] }, { 'o/r': [p('a')] }).added['o/r'].map((j) => j.name)).toEqual(['a']);
  });

  it('retires removed blocking contexts (by context) and ignores removed optional ones', () => {
    const d = computeDelta({ 'o/r': [p('a', { context: 'ci/a' }), p('opt', { optional: true })], 'o/gone': [p('g')] }, { 'o/r': [] });
    expect(d.removed).toEqual({ 'o/r': ['ci/a'], 'o/gone': ['g'] });
  });

  it('migrates renamed contexts of required jobs', () => {
    const d = computeDelta({ 'o/r': [p('a'), p('b', { context: 'x' })] }, { 'o/r': [p('a', { context: 'ci/a' }), p('b', { context: 'x', optional: true })] });
    expect(d.migrated).toEqual({ 'o/r': [{ from: 'a', to: 'ci/a' }] });
    expect(d.added).toEqual({});
  });

  it('is empty when nothing relevant changed', () => {
    expect(isEmpty(computeDelta({ 'o/r': [p('a')] }, { 'o/r': [p('a', { optional: false })] }))).toBe(true);
  });

  it('denies by org or org/repo', () => {
    expect(denied(['o'], 'o/r')).toBe(true);
    expect(denied(['o/r'], 'o/r')).toBe(true);
    expect(denied(['o/x'], 'o/r')).toBe(false);
  });
});
