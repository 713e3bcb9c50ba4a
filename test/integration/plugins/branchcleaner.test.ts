// branchcleaner: a merged same-repo PR loses its head branch; preserved branches, forks and unmerged PRs keep it.
import { expect } from '@jest/globals';
import { branchcleaner } from '../../../plugins/branchcleaner/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases } from '../../support/plugin-tester.js';

const PLUGINS = `
plugins:
  org: [branchcleaner]
branch_cleaner:
  preserved_branches:
    org/repo: [keep-me]
    org: ['^release-']
`;

const mergeFrom = (head: string) => async (gh: FakeGitHub) => {
  const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', head, files: { [`${head}.txt`]: 'x\n' } });
  await gh.merge('org', 'repo', pr.number);
};

pluginCases('branchcleaner', {
  plugin: branchcleaner, plugins: PLUGINS, inRepoConfig: false,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
  },
}, [
  {
    name: 'a merged PR\'s head branch is deleted',
    act: mergeFrom('feature'),
    check: async (out, t) => {
      expect(out.writes.map((w) => `${w.method} ${w.path}`)).toEqual(['DELETE /repos/org/repo/git/refs/heads/feature']);
      expect(await t.gh.branchSha('org', 'repo', 'feature')).toBeNull();
    },
  },
  { name: 'a branch the repo preserves is kept', act: mergeFrom('keep-me'), noWrites: true },
  { name: 'a branch matching the org\'s preserved regexp is kept', act: mergeFrom('release-1.0'), noWrites: true },
  {
    name: 'a PR closed without merging keeps its branch',
    act: async (gh) => {
      const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', head: 'abandoned', files: { 'a.txt': 'a\n' } });
      await gh.setIssueState('org', 'repo', pr.number, 'closed');
    },
    noWrites: true,
  },
  {
    name: 'a merged PR from a fork is left alone (its branch is not ours)',
    act: async () => undefined,
    check: async (_out, t) => {
      // What GitHub sends for a fork's merged PR: the head repository is another one (here with a branch name
      // that exists in the base repository, which must survive).
      const closed = t.gh.deliveries.filter((d) => d.event === 'pull_request' && (d.payload as { action: string }).action === 'closed').at(-1)!;
      const payload = structuredClone(closed.payload) as { pull_request: { head: { ref: string; repo: { full_name: string } } } };
      payload.pull_request.head = { ...payload.pull_request.head, ref: 'main', repo: { ...payload.pull_request.head.repo, full_name: 'someone/repo' } };
      const out = await t.deliver('pull_request', payload);
      expect(out.writes).toEqual([]);
      expect(out.errors).toEqual([]);
      expect(await t.gh.branchSha('org', 'repo', 'main')).toBeDefined();
    },
  },
]);
