// cherry-pick-unapproved on the plugin test kit: PRs against release branches without cherry-pick-approved get
// do-not-merge/cherry-pick-not-approved and the comment; approval, or moving the base off the release branches,
// takes both away.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { inspectConfig } from '../../../src/config/load.js';
import { cherryPickUnapproved, DEFAULT_COMMENT } from '../../../plugins/cherry-pick-unapproved/index.js';
import { PLUGIN_REGISTRY } from '../../../plugins/index.js';
import { formatNotice } from '../../../plugins/shared/reply.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases, type PluginTester } from '../../support/plugin-tester.js';

const APPROVED = 'cherry-pick-approved';
const UNAPPROVED = 'do-not-merge/cherry-pick-not-approved';
const labels = (t: PluginTester, n: number): string[] => t.gh.issue('org', 'repo', n).labels;
const botComments = (t: PluginTester, n: number): string[] => t.gh.comments('org', 'repo', n).filter((c) => c.user === 'k8s-ci-robot').map((c) => c.body);

async function seed(gh: FakeGitHub): Promise<void> {
  gh.addOrg('org', { members: ['alice', 'rm'] });
  await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
  await gh.pushCommit('org', 'repo', 'release-1.0', { 'NOTES.md': '1.0\n' });
}

pluginCases('cherry-pick-unapproved', { plugin: cherryPickUnapproved, config: '{}', plugins: 'plugins:\n  org: [cherry-pick-unapproved]\n', inRepoConfig: false, seed }, [
  { name: 'a PR against main is left alone', act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.txt': 'a\n' } }), noWrites: true },
  {
    name: 'a PR against a release branch gets the label and upstream\'s comment',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', base: 'release-1.0', files: { 'b.txt': 'b\n' } }),
    labelsAdded: [UNAPPROVED],
    check: (_o, t) => expect(botComments(t, 2)).toEqual([formatNotice(DEFAULT_COMMENT)]),
  },
  { name: 'an unrelated label change is ignored', act: (gh) => gh.addLabels('org', 'repo', 2, ['kind/bug'], 'rm'), noWrites: true },
  {
    name: 'cherry-pick-approved removes the label and the comment',
    act: (gh) => gh.addLabels('org', 'repo', 2, [APPROVED], 'rm'),
    check: (_o, t) => {
      expect(labels(t, 2)).toEqual(expect.arrayContaining([APPROVED]));
      expect(labels(t, 2)).not.toContain(UNAPPROVED);
      expect(botComments(t, 2)).toEqual([]);
    },
  },
  {
    name: 'taking cherry-pick-approved away puts the label back',
    act: (gh) => gh.removeLabel('org', 'repo', 2, APPROVED, 'rm'), labelsAdded: [UNAPPROVED],
  },
  {
    name: 'moving the base to main removes the label and the comment',
    act: (gh) => gh.editIssue('org', 'repo', 2, { base: 'main' }, 'alice'),
    check: (_o, t) => {
      expect(labels(t, 2)).not.toContain(UNAPPROVED);
      expect(botComments(t, 2)).toEqual([]);
    },
  },
  { name: 'moving it back to the release branch labels it again', act: (gh) => gh.editIssue('org', 'repo', 2, { base: 'release-1.0' }, 'alice'), labelsAdded: [UNAPPROVED] },
  { name: 'editing the title is ignored', act: (gh) => gh.editIssue('org', 'repo', 2, { title: 'new title' }, 'alice'), noWrites: true },
]);

pluginCases('cherry-pick-unapproved with its own branches and comment', {
  plugin: cherryPickUnapproved, config: '{}', inRepoConfig: false, seed,
  plugins: 'plugins:\n  org: [cherry-pick-unapproved]\ncherry_pick_unapproved:\n  branchregexp: ^stable$\n  comment: Ask the release team.\n',
}, [
  { name: 'release-1.0 is not a cherry-pick branch here', act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', base: 'release-1.0', files: { 'a.txt': 'a\n' } }), noWrites: true },
  {
    name: 'stable is, and the configured comment is used',
    act: async (gh) => {
      await gh.pushCommit('org', 'repo', 'stable', { 'S.md': 's\n' });
      await gh.openPullRequest('org', 'repo', { author: 'alice', base: 'stable', files: { 'b.txt': 'b\n' } });
    },
    comments: [/^Ask the release team\.\n\n<details>/],
  },
]);

describe('cherry_pick_unapproved config', () => {
  it('is defaulted, and a branchregexp that is not a Go regex is an error with its path', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cpu-'));
    try {
      const ok = path.join(dir, 'ok.yaml');
      writeFileSync(ok, 'plugins:\n  org: [cherry-pick-unapproved]\n');
      const good = await inspectConfig({ pluginConfig: ok }, { plugins: PLUGIN_REGISTRY, strict: true });
      expect(good.plugins.cherry_pick_unapproved).toEqual({ branchregexp: '^release-.*$', comment: DEFAULT_COMMENT });
      const bad = path.join(dir, 'bad.yaml');
      writeFileSync(bad, 'cherry_pick_unapproved:\n  branchregexp: "release-("\n  commnt: x\n');
      const r = await inspectConfig({ pluginConfig: bad }, { plugins: PLUGIN_REGISTRY, strict: true });
      const errors = r.problems.filter((p) => p.severity === 'error').map((p) => p.path);
      expect(errors).toEqual(expect.arrayContaining(['cherry_pick_unapproved.branchregexp', 'cherry_pick_unapproved.commnt']));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
