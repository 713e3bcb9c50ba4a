// The Fixes line /link-issue and /unlink-issue edit, and the issue references they accept, as upstream's tables.
import { describe, expect, it } from '@jest/globals';
import { formatIssueRef, parseIssueRef, updateFixesLine } from '../../../plugins/issue-management/fixes-line.js';

describe('parseIssueRef', () => {
  it.each([
    ['123', { org: 'o', repo: 'r', num: 123 }],
    ['+7', { org: 'o', repo: 'r', num: 7 }],
    ['k/test-infra#9', { org: 'k', repo: 'test-infra', num: 9 }],
    ['abc', undefined],
    ['#12', undefined],
    ['a/b/c#1', undefined],
    ['a/b#x', undefined],
    ['a/b#1#2', undefined],
  ])('%s', (ref, want) => expect(parseIssueRef(ref, 'o', 'r')).toEqual(want));

  it('formats references to this repo as #n', () => {
    expect(formatIssueRef({ org: 'o', repo: 'r', num: 1 }, 'o', 'r')).toBe('#1');
    expect(formatIssueRef({ org: 'x', repo: 'r', num: 1 }, 'o', 'r')).toBe('x/r#1');
  });
});

describe('updateFixesLine', () => {
  it.each([
    ['an empty body gets the line after an empty first line', '', ['#1'], [], '\nFixes #1'],
    ['appended after a blank line', 'Body', ['#2', '#1'], [], 'Body\n\nFixes #1 #2'],
    ['a body ending in a newline: its empty last line is the blank line', 'Body\n', ['#1'], [], 'Body\n\nFixes #1'],
    ['the existing line is merged and sorted', 'x\nfixes #3\ny', ['#1', 'o/r#2'], [], 'x\nFixes #1 #3 o/r#2\ny'],
    ['a trailing \\r is dropped with the line rewritten', 'Fixes #1\r\nmore', ['#2'], [], 'Fixes #1 #2\nmore'],
    ['removing some keeps the rest', 'Fixes #1 #2', [], ['#1'], 'Fixes #2'],
    ['removing all removes the line', 'a\nFixes #1\nb', [], ['#1'], 'a\nb'],
    ['only the first Fixes line counts', 'Fixes #1\nFixes #2', ['#3'], [], 'Fixes #1 #3\nFixes #2'],
    ['nothing to remove and nothing to add leaves the body', 'Body', [], ['#9'], 'Body'],
  ])('%s', (_n, body, add, remove, want) => expect(updateFixesLine(body, add, remove)).toBe(want));
});
