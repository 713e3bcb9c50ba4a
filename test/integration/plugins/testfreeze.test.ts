// testfreeze on the plugin test kit: the repository's release branches and tags are read with git ls-remote from the
// fake GitHub (served over HTTP as github.com serves them); the last fast-forward comes from the ProwJob store.
import { describe, expect, it } from '@jest/globals';
import { newProwJob } from '../../../src/api/create.js';
import { freezeFromRefs } from '../../../plugins/testfreeze/freeze.js';
import { testfreeze, unixDate } from '../../../plugins/testfreeze/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases } from '../../support/plugin-tester.js';

const K = 'kubernetes';
const ref = async (gh: FakeGitHub, name: string): Promise<void> => {
  const sha = await gh.branchSha(K, K, 'master');
  await gh.state.repo(K, K).git.updateRef(name, sha!);
};
const openPr = (base = 'master', repo = K) => (gh: FakeGitHub) => gh.openPullRequest(K, repo, { author: 'alice', base, files: { [`f-${Date.now()}.go`]: 'package f\n' } });

pluginCases('testfreeze', {
  plugin: testfreeze, plugins: 'plugins:\n  kubernetes: [testfreeze]\n',
  seed: async (gh) => {
    gh.addOrg(K, { members: ['alice'] });
    await gh.createRepo(K, K, { files: { 'README.md': 'k\n' }, defaultBranch: 'master' });
    await gh.createRepo(K, 'website', { files: { 'README.md': 'w\n' }, defaultBranch: 'master' });
    await ref(gh, 'refs/heads/release-1.9');
    await ref(gh, 'refs/heads/release-1.10');
    await ref(gh, 'refs/tags/v1.9.0');
    await ref(gh, 'refs/tags/v1.10.0-rc.0');
  },
}, [
  {
    name: 'a PR to master while release-1.10 has no v1.10.0 gets the freeze note (last fast-forward unknown)',
    act: openPr(),
    comments: [
      'Please note that we\'re already in [Test Freeze](https://github.com/kubernetes/sig-release/blob/master/releases/release_phases.md#test-freeze) for the `release-1.10` branch.',
      'to the release branch of the upcoming v1.10.0 release.\n\nFast forwards are scheduled to happen every 6 hours, whereas the most recent run was: unknown.\n',
    ],
  },
  {
    name: 'the last successful ci-fast-forward run is quoted in Go\'s UnixDate form',
    act: async (gh, t) => {
      const pj = newProwJob({ type: 'periodic', agent: 'kubernetes', job: 'ci-fast-forward' });
      pj.status = { ...pj.status, state: 'success', completionTime: '2024-06-03T04:05:06Z' };
      await t.store.create(pj);
      return openPr()(gh);
    },
    comments: ['whereas the most recent run was: Mon Jun  3 04:05:06 UTC 2024.'],
  },
  { name: 'a PR to a release branch gets nothing', act: openPr('release-1.10'), noWrites: true },
  { name: 'a PR to another repository gets nothing', act: openPr('master', 'website'), noWrites: true },
  {
    name: 'once v1.10.0 is tagged the freeze is over',
    act: async (gh) => {
      await ref(gh, 'refs/tags/v1.10.0');
      return openPr()(gh);
    },
    noWrites: true,
  },
]);

describe('testfreeze refs', () => {
  it('picks the newest release branch by version, not by name, and ignores non-version branches', () => {
    const out = 'a\trefs/heads/release-1.9\nb\trefs/heads/release-1.10\nc\trefs/heads/release-next\nd\trefs/tags/v1.9.0\ne\trefs/tags/v1.9.0^{}\n';
    expect(freezeFromRefs(out)).toEqual({ inTestFreeze: true, branch: 'release-1.10', tag: 'v1.10.0' });
  });
  it('fails clearly without a release branch', () => {
    expect(() => freezeFromRefs('a\trefs/heads/master\n')).toThrow('no latest release branch found');
  });
  it('formats dates as Go\'s time.UnixDate', () => {
    expect(unixDate(new Date('2026-12-02T16:56:20Z'))).toBe('Wed Dec  2 16:56:20 UTC 2026');
  });
});
