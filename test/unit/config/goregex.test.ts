import { describe, expect, it } from '@jest/globals';
import { compileGoRegex, goRegexMatch, GoRegexError, translateGoRegex } from '../../../src/config/goregex.js';
import { defaultTriggerFor } from '../../../src/config/defaults.js';
import { RETEST_RE, RETEST_REQUIRED_RE, TEST_ALL_RE } from '../../../src/config/jobs.js';

// [Go pattern, input, does Go's MatchString match]
const TABLE: [string, string, boolean][] = [
  // upstream's default trigger for a job named "unit"
  [defaultTriggerFor('unit'), '/test unit', true],
  [defaultTriggerFor('unit'), 'looks good\n/test unit\nthanks', true],
  [defaultTriggerFor('unit'), '/test lint unit', true],
  [defaultTriggerFor('unit'), '/test unit, lint', true],
  [defaultTriggerFor('unit'), '/test unit-extra', false],
  [defaultTriggerFor('unit'), 'please /test unit', false],
  [defaultTriggerFor('unit'), '/test unit\r\n', true],
  [defaultTriggerFor('unit'), '/testunit', false],
  // /test all and /retest as the trigger plugin matches them
  [TEST_ALL_RE, '/test all', true],
  [TEST_ALL_RE, 'x\n/test all please', true],
  [TEST_ALL_RE, '/test allofit', false],
  [RETEST_RE, '/retest', true],
  [RETEST_RE, 'flaky\n/retest\n', true],
  [RETEST_RE, '/retest  ', true],
  [RETEST_RE, '/retest please', false],
  [RETEST_RE, '/retest-required', false],
  [RETEST_REQUIRED_RE, '/retest-required', true],
  // RE2 `$` without (?m) is end of text only; with (?m) it is before \n only (not \r).
  ['^abc$', 'abc\n', false],
  ['(?m)^abc$', 'abc\nx', true],
  ['(?m)^abc$', 'abc\r\nx', false],
  // `.` never matches \n unless (?s), but does match \r
  ['a.c', 'a\nc', false],
  ['a.c', 'a\rc', true],
  ['(?s)a.c', 'a\nc', true],
  // flags on part of a pattern
  ['a(?i)bc', 'aBC', true],
  ['a(?i)bc', 'ABC', false],
  ['(?i:x)y', 'Xy', true],
  ['(?i:x)y', 'XY', false],
  ['(?i)abc', 'ABC', true],
  ['(?i)abc(?-i)d', 'ABCd', true],
  ['(?i)abc(?-i)d', 'ABCD', false],
  ['(?i:[a-c])z', 'Bz', true],
  ['x(?s:.)y', 'x\ny', true],
  ['x(?s:.).y', 'x\n\ny', false],
  // RE2-only syntax
  ['(?P<name>ab)c', 'abc', true],
  ['\\Qa.b\\E', 'a.b', true],
  ['\\Qa.b\\E', 'axb', false],
  ['[[:digit:]]+', '42', true],
  ['[[:alpha:]]', '4', false],
  ['\\Ahead', 'head tail', true],
  ['tail\\z', 'head tail', true],
  ['\\pL', 'é', true],
  ['\\p{Greek}', 'λ', true],
  ['\\PL', 'a', false],
  // \s is ASCII whitespace only in RE2 (no \v, no non-breaking space)
  ['^\\s$', '\u00a0', false],
  ['^\\s$', '\t', true],
  // literal braces that are not a repeat count
  ['a{,3}', 'a{,3}', true],
  ['^a{2}$', 'aa', true],
  // ungreedy flag swaps greediness
  ['(?U)a+', 'aaa', true],
  // run_if_changed style
  ['^docs/|\\.md$', 'README.md', true],
  ['^docs/|\\.md$', 'src/docs/x.go', false],
];

describe('Go RE2 → JavaScript', () => {
  it.each(TABLE)('%j on %j → %s', (pattern, input, want) => {
    expect(goRegexMatch(pattern, input)).toBe(want);
  });

  it('(?U) makes repeats lazy', () => {
    expect(compileGoRegex('(?U)a+').exec('aaa')![0]).toBe('a');
    expect(compileGoRegex('(?U)a+?').exec('aaa')![0]).toBe('aaa');
  });

  it('maps a whole-pattern (?i) to the JS flag and partial ones to classes', () => {
    expect(translateGoRegex('(?i)abc').flags).toBe('iu');
    expect(translateGoRegex('a(?i)b')).toEqual({ source: 'a[bB]', flags: 'u' });
  });

  it.each([
    ['(abc', 'missing closing )'],
    ['abc)', 'unexpected )'],
    ['a**', 'invalid nested repetition operator'],
    ['*a', 'missing argument to repetition operator'],
    ['(a)\\1', 'backreferences are not supported'],
    ['(?=a)', 'invalid or unsupported Perl syntax'],
    ['(?<!a)b', 'invalid or unsupported Perl syntax'],
    ['[z-a]', 'invalid character class range'],
    ['a{1001}', 'invalid repeat count'],
    ['[[:^alpha:]]', 'negated POSIX classes'],
    ['(?x)a', 'invalid or unsupported Perl syntax'],
    ['\\p{NotAScript}', 'invalid character class range'],
  ])('rejects %j clearly', (pattern, reason) => {
    expect(() => translateGoRegex(pattern)).toThrow(GoRegexError);
    expect(() => translateGoRegex(pattern)).toThrow(reason);
  });

  it('caches compiled patterns, including failures', () => {
    expect(compileGoRegex('^cache-me$')).toBe(compileGoRegex('^cache-me$'));
    expect(() => compileGoRegex('(')).toThrow(GoRegexError);
    expect(() => compileGoRegex('(')).toThrow(GoRegexError);
  });
});
