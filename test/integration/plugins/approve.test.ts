// The approve plugin on the plugin test kit: real OWNERS trees in the fake GitHub's git repositories, comments and
// reviews as users make them, and the label and [APPROVALNOTIFIER] comment that must come out.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { approve } from '../../../plugins/approve/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { PluginTester, pluginCases } from '../../support/plugin-tester.js';

const labelsOf = (gh: FakeGitHub, n: number): string[] => gh.issue('org', 'repo', n).labels.map((l) => (typeof l === 'string' ? l : (l as { name: string }).name));
const notifiers = (gh: FakeGitHub, n: number) => gh.comments('org', 'repo', n).filter((c) => c.body.startsWith('[APPROVALNOTIFIER]'));
/** The one notifier comment on PR n (the test fails if there is not exactly one). */
function notifier(gh: FakeGitHub, n: number): string {
  const all = notifiers(gh, n);
  expect(all).toHaveLength(1);
  return all[0]!.body;
}

// The seed docs' example ("Approval Handler and the Approved Label"): A is the top directory, E under A/B and G
// under A/C are changed; approver1 owns E, approver2 owns C and G, approver3 owns D (nothing changed there).
const DOC_TREE = {
  'A/OWNERS': 'approvers:\n- root-approver\n',
  'A/B/OWNERS': 'reviewers:\n- reviewer-b\n',
  'A/B/E/OWNERS': 'approvers:\n- approver1\n',
  'A/C/OWNERS': 'approvers:\n- approver2\n',
  'A/C/G/OWNERS': 'approvers:\n- approver2\n',
  'A/D/OWNERS': 'approvers:\n- approver3\n',
  'README.md': 'hi\n',
};

describe('approve: the documented approval example, step by step', () => {
  let t: PluginTester;
  let pr: number;
  beforeAll(async () => {
    t = await PluginTester.start({
      plugin: approve, config: '{}', plugins: 'plugins:\n  org: [approve]\n', inRepoConfig: false,
      seed: async (gh) => {
        gh.addOrg('org', { members: ['PRAuthor', 'approver1', 'approver2', 'approver3', 'root-approver'] });
        await gh.createRepo('org', 'repo', { files: DOC_TREE, defaultBranch: 'main' });
      },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('step 1: the bot suggests approver1 and approver2 and lists both OWNERS files', async () => {
    const out = await t.act(async (gh) => {
      pr = (await gh.openPullRequest('org', 'repo', { author: 'PRAuthor', files: { 'A/B/E/e.go': 'package e\n', 'A/C/G/g.go': 'package g\n' } })).number;
    });
    expect(out.errors).toEqual([]);
    console.log(JSON.stringify(notifier(t.gh, pr)));
  });
});
