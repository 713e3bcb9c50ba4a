// Tide queries as GitHub search strings, exactly as upstream's TideQuery.Query/OrgQueries write them.
import { describe, expect, it } from '@jest/globals';
import { orgQueries, orgRepoTokens, queriesForRepo, queryString } from '../../../roles/tide/query.js';
import type { TideQuery } from '../../../src/config/types.js';

describe('queryString', () => {
  it.each<[string, TideQuery, string]>([
    ['orgs and repos', { orgs: ['org'], repos: ['k/k', 'k/t'] }, 'is:pr state:open archived:false org:"org" repo:"k/k" repo:"k/t"'],
    ['labels, OR-labels and missing labels', { repos: ['k/k'], labels: ['lgtm', 'approved,approved-for-release'], missingLabels: ['do-not-merge/hold'] },
      'is:pr state:open archived:false label:"lgtm" label:"approved","approved-for-release" -label:"do-not-merge/hold" repo:"k/k"'],
    ['author, branches, milestone, review', { orgs: ['o'], excludedRepos: ['o/x'], author: 'bot', includedBranches: ['main'], excludedBranches: ['old'], milestone: 'v1', reviewApprovedRequired: true },
      'is:pr state:open archived:false author:"bot" -base:"old" base:"main" milestone:"v1" review:approved org:"o" -repo:"o/x"'],
    ['a malformed repo is left out, as GitHub ignores it', { repos: ['bad', 'o/r'] }, 'is:pr state:open archived:false repo:"o/r"'],
  ])('%s', (_name, q, want) => {
    expect(queryString(q)).toBe(want);
  });
});

describe('orgQueries', () => {
  it('splits a query per org', () => {
    expect(Object.fromEntries(orgQueries({ orgs: ['a'], repos: ['b/r1', 'b/r2'], labels: ['lgtm'] }))).toEqual({
      a: 'is:pr state:open archived:false label:"lgtm" org:"a"',
      b: 'is:pr state:open archived:false label:"lgtm" repo:"b/r1" repo:"b/r2"',
    });
  });
});

describe('queriesForRepo and orgRepoTokens', () => {
  const qs: TideQuery[] = [{ orgs: ['o'], excludedRepos: ['o/x'], labels: ['a'] }, { repos: ['o/x', 'p/y'], labels: ['b'] }];
  it.each<[string, string, number]>([['o', 'r', 1], ['o', 'x', 1], ['p', 'y', 1], ['p', 'z', 0]])('%s/%s is covered by %d queries', (org, repo, n) => {
    expect(queriesForRepo(qs, org, repo)).toHaveLength(n);
  });
  it('names each org once; a repo another query includes is not excluded', () => {
    expect(Object.fromEntries(orgRepoTokens(qs))).toEqual({ o: 'org:"o"', p: 'repo:"p/y"' });
    expect(Object.fromEntries(orgRepoTokens([qs[0]!]))).toEqual({ o: 'org:"o" -repo:"o/x"' });
  });
});
