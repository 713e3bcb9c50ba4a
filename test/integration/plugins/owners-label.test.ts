// owners-label on the plugin test kit: the labels of the OWNERS files covering a PR's files are added to it.
import { expect } from '@jest/globals';
import { ownersLabel } from '../../../plugins/owners-label/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases } from '../../support/plugin-tester.js';

const labelsOf = (gh: FakeGitHub, n: number): string[] => gh.issue('org', 'repo', n).labels.map((l) => (typeof l === 'string' ? l : (l as { name: string }).name)).sort();

pluginCases('owners-label', {
  plugin: ownersLabel, config: '{}', inRepoConfig: false,
  plugins: 'plugins:\n  org: [owners-label]\nowners:\n  labels_denylist: [forbidden]\n',
  seed: async (gh) => {
    gh.addOrg('org', { members: ['author'] });
    await gh.createRepo('org', 'repo', {
      defaultBranch: 'main',
      files: {
        OWNERS: 'approvers:\n- root\nlabels:\n- area/root\n',
        'api/OWNERS': 'approvers:\n- alice\nlabels:\n- sig/api\n- not-in-repo\n- forbidden\n',
        'api/v1/OWNERS': 'filters:\n  "\\\\.proto$":\n    labels:\n    - kind/proto\n',
        'docs/OWNERS': 'options:\n  no_parent_owners: true\napprovers:\n- dan\n',
        'README.md': 'hi\n',
      },
    });
    for (const l of ['area/root', 'sig/api', 'kind/proto', 'forbidden']) gh.createLabel('org', 'repo', l);
  },
}, [
  {
    name: 'labels of every OWNERS file up the tree are added; a label the repo lacks and a denylisted one are not',
    act: async (gh) => gh.openPullRequest('org', 'repo', { author: 'author', files: { 'api/x.go': 'x\n' } }),
    labelsAdded: ['area/root', 'sig/api'],
    check: (out, t) => {
      expect(labelsOf(t.gh, 1)).toEqual(['area/root', 'sig/api']);
      expect(out.errors).toEqual([]);
    },
  },
  {
    name: 'a push adding a file a filter matches adds that filter\'s label; labels already there are not added again',
    act: async (gh) => gh.pushToPullRequest('org', 'repo', 1, { files: { 'api/v1/types.proto': 'syntax\n' } }),
    check: (out, t) => {
      expect(out.writes.map((w) => (w.body as { labels: string[] }).labels)).toEqual([['kind/proto']]);
      expect(labelsOf(t.gh, 1)).toEqual(['area/root', 'kind/proto', 'sig/api']);
    },
  },
  {
    name: 'no_parent_owners: a docs/ PR gets none of the root\'s labels',
    act: async (gh) => gh.openPullRequest('org', 'repo', { author: 'author', files: { 'docs/x.md': 'x\n' } }),
    noWrites: true,
  },
]);
