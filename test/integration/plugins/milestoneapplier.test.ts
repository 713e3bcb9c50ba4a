// The milestoneapplier plugin as a table: the branch's configured milestone is set when a PR merges, and already
// when it is opened against a branch other than the default one.
import { expect } from '@jest/globals';
import { milestoneapplier } from '../../../plugins/milestoneapplier/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases } from '../../support/plugin-tester.js';

const milestoneOf = (gh: FakeGitHub, n: number): number | null => gh.issue('org', 'repo', n).milestone;

pluginCases('milestoneapplier', {
  plugin: milestoneapplier, config: '{}', inRepoConfig: false,
  plugins: 'plugins:\n  org: [milestoneapplier]\nmilestone_applier:\n  org/repo:\n    main: v1.20\n    release-1.19: v1.19\n    release-1.18: v1.18\n',
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { defaultBranch: 'main' });
    for (const b of ['release-1.19', 'release-1.18', 'dev']) await gh.pushCommit('org', 'repo', b, { [`${b}.txt`]: 'x\n' });
    gh.createMilestone('org', 'repo', 'v1.20'); // 1
    gh.createMilestone('org', 'repo', 'v1.19'); // 2
  },
}, [
  {
    name: 'a PR opened against the default branch gets no milestone yet',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.txt': 'a\n' } }), // #1
    noWrites: true,
  },
  {
    name: 'when it merges it gets the branch\'s milestone',
    act: (gh) => gh.merge('org', 'repo', 1),
    check: (_o, t) => expect(milestoneOf(t.gh, 1)).toBe(1),
  },
  {
    name: 'a PR opened against a release branch gets its milestone at once',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', base: 'release-1.19', files: { 'b.txt': 'b\n' } }), // #2
    check: (_o, t) => expect(milestoneOf(t.gh, 2)).toBe(2),
  },
  {
    name: 'a branch without a configured milestone is left alone',
    act: async (gh) => {
      await gh.openPullRequest('org', 'repo', { author: 'alice', base: 'dev', files: { 'c.txt': 'c\n' } }); // #3
      return gh.merge('org', 'repo', 3);
    },
    noWrites: true,
  },
  {
    name: 'a configured milestone the repo lacks is an error, and nothing is set',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', base: 'release-1.18', files: { 'd.txt': 'd\n' } }), // #4
    errors: ['The configured milestone v1.18 for release-1.18 branch does not exist in the org/repo repo'],
    noWrites: true,
    check: (_o, t) => expect(milestoneOf(t.gh, 4)).toBeNull(),
  },
]);
