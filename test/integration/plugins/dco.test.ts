// dco on the plugin test kit: the `dco` status context, the dco-signoff labels, the comment listing unsigned
// commits, /check-dco, and who is exempt (skip_dco_check_for_members / _collaborators, trusted_apps).
import { expect } from '@jest/globals';
import { dco } from '../../../plugins/dco/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { labelNames } from '../../support/labels.js';
import { forcePushPull } from '../../support/pr-commits.js';
import { pluginCases, type PluginTester } from '../../support/plugin-tester.js';

const PLUGINS = `plugins:
  org: [dco]
dco:
  org/repo:
    contributing_repo: org/community
    contributing_branch: main
    contributing_path: docs/CONTRIBUTING.md
  org/members:
    skip_dco_check_for_members: true
    trusted_apps: [dependabot]
  org/collabs:
    skip_dco_check_for_collaborators: true
`;
const SIGNED = 'Add things\n\nSigned-off-by: Carol <carol@example.com>';
const CONTRIBUTING = 'https://github.com/org/community/blob/main/docs/CONTRIBUTING.md';

async function dcoStatus(t: PluginTester, repo: string, n: number): Promise<{ state: string; description: string | null; targetUrl: string | null } | undefined> {
  const sha = t.gh.issue('org', repo, n).pull!.headSha;
  return t.gh.statuses('org', repo, sha).find((s) => s.context === 'dco');
}
const open = (repo: string, author: string, message: string) => (gh: FakeGitHub) =>
  gh.openPullRequest('org', repo, { author, message, files: { [`${author}-${Date.now()}.txt`]: 'x\n' } });

pluginCases('dco', {
  plugin: dco, plugins: PLUGINS,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    gh.addUser('carol');
    gh.addUser('bob');
    gh.addUser('dependabot[bot]');
    for (const r of ['repo', 'members', 'collabs']) {
      await gh.createRepo('org', r, { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
      gh.addCollaborator('org', r, 'bob', 'write');
    }
  },
}, [
  {
    name: 'an unsigned commit: dco-signoff: no, a failed `dco` context linking the contributing guide, and the list',
    act: open('repo', 'carol', 'Add things'),
    labelsAdded: ['dco-signoff: no'],
    comments: [
      /^Thanks for your pull request\. Before we can look at it, you'll need to add a 'DCO signoff' to your commits\.\n\n:memo: \*\*Please follow instructions in the \[contributing guide\]\(https:\/\/github\.com\/org\/community\/blob\/main\/docs\/CONTRIBUTING\.md\)/,
      /\*\*The list of commits missing DCO signoff\*\*:\n\n- \[[0-9a-f]{7}\]\(https:\/\/github\.com\/org\/repo\/commits\/[0-9a-f]{40}\) Add things\n/,
    ],
    check: async (_o, t) => expect(await dcoStatus(t, 'repo', 1)).toMatchObject({ state: 'failure', description: 'Commits in PR missing Signed-off-by', targetUrl: CONTRIBUTING }),
  },
  {
    name: 'a signed commit on top of the unsigned one: still failing, the comment replaced, no label churn',
    act: (gh) => gh.pushToPullRequest('org', 'repo', 1, { files: { 'y.txt': 'y\n' }, message: SIGNED }, 'carol'),
    check: async (out, t) => {
      expect(await dcoStatus(t, 'repo', 1)).toMatchObject({ state: 'failure' });
      expect(out.writes.filter((w) => w.path.endsWith('/labels'))).toEqual([]);
      expect(t.gh.comments('org', 'repo', 1)).toHaveLength(1);
    },
  },
  {
    name: 'after a force-push of signed commits only: dco-signoff: yes, success, and the comment deleted',
    act: (gh) => forcePushPull(gh, 'org', 'repo', 1, 'carol', { message: SIGNED }),
    labelsAdded: ['dco-signoff: yes'],
    check: async (_o, t) => {
      expect(labelNames(t.gh, 'org', 'repo', 1)).toEqual(['dco-signoff: yes']);
      expect(await dcoStatus(t, 'repo', 1)).toMatchObject({ state: 'success', description: 'All commits have Signed-off-by' });
      expect(t.gh.comments('org', 'repo', 1)).toEqual([]);
    },
  },
  {
    name: '/check-dco sets the context again after someone else changed it',
    act: async (gh) => {
      await gh.setStatus('org', 'repo', gh.issue('org', 'repo', 1).pull!.headSha, { state: 'pending', context: 'dco' }, 'bob');
      return gh.comment('org', 'repo', 1, 'carol', '/check-dco');
    },
    check: async (_o, t) => expect(await dcoStatus(t, 'repo', 1)).toMatchObject({ state: 'success' }),
  },
  {
    name: 'a member\'s unsigned commit passes where skip_dco_check_for_members is set',
    act: open('members', 'alice', 'No sign-off'),
    labelsAdded: ['dco-signoff: yes'],
    check: async (_o, t) => expect(await dcoStatus(t, 'members', 1)).toMatchObject({ state: 'success' }),
  },
  {
    name: 'a trusted app\'s unsigned commit passes there too',
    act: open('members', 'dependabot[bot]', 'Bump deps'),
    labelsAdded: ['dco-signoff: yes'],
  },
  {
    name: 'a collaborator is not exempt where only members are',
    act: open('members', 'bob', 'No sign-off'),
    labelsAdded: ['dco-signoff: no'],
  },
  {
    name: 'a collaborator is exempt where skip_dco_check_for_collaborators is set',
    act: open('collabs', 'bob', 'No sign-off'),
    labelsAdded: ['dco-signoff: yes'],
  },
  {
    name: 'a stranger is never exempt',
    act: open('collabs', 'carol', 'No sign-off'),
    labelsAdded: ['dco-signoff: no'],
    comments: ['https://github.com/org/collabs/blob/master/CONTRIBUTING.md'],
  },
]);
