// The size plugin on the plugin test kit: size/* labels from changed lines, generated files (.generated_files and
// .gitattributes, read from the real git repository at the PR's base SHA) left out, configured thresholds, and a
// PR of 10,000 files (more than the 3000 GitHub lists).
import { expect } from '@jest/globals';
import { size } from '../../../plugins/size/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases, type Outcome } from '../../support/plugin-tester.js';

const lines = (n: number, tag = 'x'): string => Array.from({ length: n }, (_, i) => `${tag}${i}\n`).join('');
const labelsOf = (gh: FakeGitHub, n: number): string[] => gh.issue('org', 'repo', n).labels.map(String);
const removed = (out: Outcome): string[] => out.writes.filter((w) => w.method === 'DELETE').map((w) => decodeURIComponent(w.path.split('/labels/')[1]!));

const BASE_FILES = {
  'README.md': 'hi\n',
  '.generated_files': '# generated code\nfile-name zz_generated.deepcopy.go\npath-prefix vendor/\nfile-prefix gen_\npaths-from-repo hack/generated.txt\n',
  'hack/generated.txt': 'api/openapi.json\n',
  '.gitattributes': '*.pb.go linguist-generated=true\ndocs/**/*.html linguist-generated=true\n*.md text\n',
};

pluginCases('size with the default thresholds', {
  plugin: size, config: '{}', plugins: 'plugins:\n  org: [size]\n', inRepoConfig: false,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { defaultBranch: 'main', files: BASE_FILES });
  },
}, [
  {
    name: 'a PR of 5 lines gets size/XS',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.txt': lines(5) } }), // #1
    labelsAdded: ['size/XS'],
    tookAction: true,
  },
  {
    name: 'a push to 40 lines swaps size/XS for size/M',
    act: (gh) => gh.pushToPullRequest('org', 'repo', 1, { files: { 'a.txt': lines(40) } }, 'alice'),
    labelsAdded: ['size/M'],
    check: (out, t) => {
      expect(removed(out)).toEqual(['size/XS']);
      expect(labelsOf(t.gh, 1)).toEqual(['size/M']);
    },
  },
  {
    name: 'generated files (.generated_files forms, paths-from-repo, linguist-generated) do not count',
    act: (gh) => gh.openPullRequest('org', 'repo', { // #2
      author: 'alice',
      files: {
        'main.go': lines(3),
        'pkg/zz_generated.deepcopy.go': lines(500),
        'vendor/lib/x.go': lines(500),
        'pkg/gen_types.go': lines(500),
        'api/openapi.json': lines(500),
        'api/v1/types.pb.go': lines(500),
        'docs/a/b/page.html': lines(500),
      },
    }),
    labelsAdded: ['size/XS'],
  },
  {
    name: 'a label already right is left alone; other size labels go',
    act: async (gh) => {
      await gh.addLabels('org', 'repo', 2, ['size/XXL'], 'alice');
      return gh.editIssue('org', 'repo', 2, { title: 'renamed' }, 'alice');
    },
    check: (out, t) => {
      expect(removed(out)).toEqual(['size/XXL']);
      expect(labelsOf(t.gh, 2)).toEqual(['size/XS']);
    },
  },
  {
    name: 'a label or a comment is not a change to the PR',
    act: async (gh) => {
      await gh.addLabels('org', 'repo', 2, ['kind/bug'], 'alice');
      return gh.comment('org', 'repo', 2, 'alice', 'looks good');
    },
    noWrites: true,
  },
  {
    // The 3000 files GitHub lists (in path order) are all generated: the 7000 lines past them still count.
    name: 'a PR changing 10,000 files (GitHub lists 3000) is sized from all of them: size/XXL',
    act: (gh) => gh.openPullRequest('org', 'repo', { // #3
      author: 'alice',
      files: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [i < 3000 ? `a/gen_${i}.txt` : `b/f${i}.txt`, 'x\n'])),
    }),
    labelsAdded: ['size/XXL'],
    check: (_out, t) => expect(labelsOf(t.gh, 3)).toEqual(['size/XXL']),
    // Writing 10,000 files into the fake's git repository takes a while on a busy machine.
    timeoutMs: 300_000,
  },
]);

pluginCases('size with configured thresholds', {
  plugin: size, config: '{}', plugins: 'plugins:\n  org: [size]\nsize: {s: 2, m: 4, l: 6, xl: 8, xxl: 10}\n', inRepoConfig: false,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { defaultBranch: 'main' });
  },
}, ([[1, 'size/XS'], [2, 'size/S'], [5, 'size/M'], [6, 'size/L'], [9, 'size/XL'], [10, 'size/XXL']] as const).map(([n, want]) => ({
  name: `${n} changed lines → ${want}`,
  act: (gh: FakeGitHub) => gh.openPullRequest('org', 'repo', { author: 'alice', files: { [`f${n}.txt`]: lines(n) } }),
  labelsAdded: [want],
})));
