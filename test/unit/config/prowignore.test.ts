// .prowignore patterns with gitignore's meaning (upstream reads them with go-gitignore in repository mode).
import { describe, expect, it } from '@jest/globals';
import { prowIgnoreMatcher } from '../../../src/config/prowignore.js';

describe('prowIgnoreMatcher', () => {
  const ignored = (files: Record<string, string>, p: string): boolean => prowIgnoreMatcher(Object.entries(files).map(([path, content]) => ({ path, content })))(p);

  it.each([
    // [pattern, path, ignored]
    ['*.yaml', '.prow/a.yaml', true],
    ['*.yaml', '.prow/sub/a.yaml', true],
    ['/a.yaml', '.prow/a.yaml', false],
    ['.prow/a.yaml', '.prow/a.yaml', true],
    ['.prow/a.yaml', '.prow/sub/.prow/a.yaml', false],
    ['sub/', '.prow/sub/a.yaml', true],
    ['a.yaml/', '.prow/a.yaml', false],
    ['.prow/**/x.yaml', '.prow/x.yaml', true],
    ['.prow/**/x.yaml', '.prow/p/q/x.yaml', true],
    ['.prow/**', '.prow/p/q.yaml', true],
    ['**/q.yaml', '.prow/p/q.yaml', true],
    ['?.yaml', '.prow/ab.yaml', false],
    ['[ab].yaml', '.prow/b.yaml', true],
    ['[!ab].yaml', '.prow/b.yaml', false],
    ['# *.yaml', '.prow/a.yaml', false],
    ['\\#x.yaml', '.prow/#x.yaml', true],
  ])('%s on %s: %s', (pattern, p, want) => {
    expect(ignored({ '.prowignore': `${pattern}\n` }, p)).toBe(want);
  });

  it('applies a nested .prowignore relative to its directory, after the root one', () => {
    const files = { '.prowignore': '*.yaml\n', '.prow/sub/.prowignore': '!keep.yaml\n' };
    expect(ignored(files, '.prow/sub/keep.yaml')).toBe(false);
    expect(ignored(files, '.prow/sub/other.yaml')).toBe(true);
    expect(ignored(files, '.prow/keep.yaml')).toBe(true);
  });

  it('does not re-include a file below an ignored directory, and the last matching line wins', () => {
    expect(ignored({ '.prowignore': 'sub/\n!sub/a.yaml\n' }, '.prow/sub/a.yaml')).toBe(true);
    expect(ignored({ '.prowignore': '*.yaml\n!a.yaml\n' }, '.prow/a.yaml')).toBe(false);
    expect(ignored({ '.prowignore': '!a.yaml\n*.yaml\n' }, '.prow/a.yaml')).toBe(true);
  });
});
