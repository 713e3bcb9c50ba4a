// Pieces of checkconfig's warnings: Go's URL parser refusals and the org/repo set algebra upstream's checks use.
// The URL cases were checked against upstream's checkconfig (`--warnings=validate-urls`).
import { describe, expect, it } from '@jest/globals';
import { goURLParseFails } from '../../../src/cli/checkconfig-warnings.js';
import { OrgRepoSet, orgRepoSetForPlugin, tideOrgRepoSet } from '../../../src/cli/org-repo-set.js';

describe('validate-urls', () => {
  it.each([
    ['http://[::1', true],
    [':foo', true],
    ['1a:b', true],
    ['http://host:port/x', true],
    ['%zz', true],
    ['a:b/c', false],
    ['https://example.com/x?q=%zz', false],
    ['https://example.com/a b', false],
    ['mailto:x@y', false],
  ])('%s refused: %s', (url, refused) => {
    expect(goURLParseFails(url)).toBe(refused);
  });
});

describe('org/repo sets', () => {
  it('an org minus its excluded repos, less a plugin enabled per repo', () => {
    const tide = tideOrgRepoSet([{ orgs: ['o'], excludedRepos: ['o/skip'] }, { repos: ['p/one'] }]);
    expect(tide.items()).toEqual(["org: o without repo(s) o/skip 'o/skip'", 'repo: p/one']);
    const plugin = orgRepoSetForPlugin({ plugins: { 'o/a': { plugins: ['lgtm'] }, p: { plugins: ['lgtm'], excluded_repos: ['one'] } } }, 'lgtm', false);
    expect(tide.difference(plugin).items()).toEqual(["org: o without repo(s) o/a, o/skip 'o/a' 'o/skip'", 'repo: p/one']);
    expect(plugin.intersection(tide).items()).toEqual(['repo: o/a']);
  });

  it('union keeps an org when either side has it, minus exceptions both keep', () => {
    const a = new OrgRepoSet(new Map([['o', new Set(['o/x', 'o/y'])]]), new Set(['p/r']));
    const b = new OrgRepoSet(new Map([['o', new Set(['o/y'])]]), new Set(['o/x']));
    expect(a.union(b).items()).toEqual(["org: o without repo(s) o/y 'o/y'", 'repo: p/r']);
  });
});
