// The label plugin as a table on the plugin test kit: who may add and remove which labels, and upstream's replies.
import { expect } from '@jest/globals';
import { label } from '../../../plugins/label/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases, type Outcome } from '../../support/plugin-tester.js';

const PLUGINS = `
plugins:
  org: [label]
label:
  additional_labels: [api-review]
  restricted_labels:
    org/repo:
    - label: tide/merge-method-squash
      allowed_teams: [release]
      allowed_users: [rita]
      assign_on: [{label: approved}]
`;

const comment = (number: number, who: string, body: string) => async (gh: FakeGitHub) => gh.comment('org', 'repo', number, who, body);
const labelsOf = (gh: FakeGitHub, n: number): string[] => gh.issue('org', 'repo', n).labels.map(String).sort();
const removed = (out: Outcome): string[] => out.writes.filter((w) => w.method === 'DELETE').map((w) => decodeURIComponent(w.path.split('/labels/')[1]!));

const REPO_LABELS = ['kind/bug', 'kind/feature', 'area/prow', 'sig/testing', 'priority/important-soon', 'triage/accepted', 'needs-kind', 'api-review', 'tide/merge-method-squash', 'approved', 'committee/steering', 'wg/policy', 'language/zh'];

pluginCases('label', {
  plugin: label, config: '{}', plugins: PLUGINS, inRepoConfig: false,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice', 'rita', 'tom'] });
    gh.addTeam('org', 'release', { members: ['tom'] });
    gh.addUser('carol');
    await gh.createRepo('org', 'repo', { defaultBranch: 'main' });
    for (const l of REPO_LABELS) gh.createLabel('org', 'repo', l);
    await gh.createIssue('org', 'repo', 'carol', { title: 'an issue' }); // #1
    await gh.openPullRequest('org', 'repo', { author: 'carol', files: { 'a.txt': 'a\n' } }); // #2
  },
}, [
  {
    name: 'anyone adds kind, area, sig, priority, committee, wg and language labels',
    act: comment(1, 'carol', '/kind bug\n/area prow\n/sig testing\n/priority important-soon\n/committee steering\n/wg policy\n/language zh'),
    labelsAdded: ['kind/bug', 'area/prow', 'sig/testing', 'priority/important-soon', 'committee/steering', 'wg/policy', 'language/zh'],
    check: (out, t) => {
      expect(out.writes.filter((w) => w.method === 'POST' && w.path.endsWith('/comments'))).toEqual([]);
      expect(labelsOf(t.gh, 1)).toEqual(['area/prow', 'committee/steering', 'kind/bug', 'language/zh', 'priority/important-soon', 'sig/testing', 'wg/policy']);
    },
  },
  { name: 'a label already there is not added again', act: comment(1, 'carol', '/kind bug'), noWrites: true },
  {
    name: 'the label name is lower-cased, as upstream',
    act: comment(1, 'carol', '/kind Feature'),
    labelsAdded: ['kind/feature'],
  },
  {
    name: 'removing every kind label brings needs-kind back',
    act: comment(1, 'carol', '/remove-kind bug feature'),
    labelsAdded: ['needs-kind'],
    check: (out, t) => {
      expect(removed(out).sort()).toEqual(['kind/bug', 'kind/feature']);
      expect(labelsOf(t.gh, 1)).toContain('needs-kind');
    },
  },
  {
    name: 'a label the repository does not have gets upstream\'s reply naming it',
    act: comment(1, 'carol', '/kind nonsense\n/area nowhere'),
    comments: [/^@carol: The label\(s\) `kind\/nonsense, area\/nowhere` cannot be applied, because the repository doesn't have them\.\n/],
    check: (out) => expect(out.writes.filter((w) => w.path.endsWith('/labels'))).toEqual([]),
  },
  {
    name: 'removing a label the issue does not have says so',
    act: comment(1, 'carol', '/remove-area nothere'),
    comments: ['@carol: Those labels are not set on the issue: `area/nothere`'],
  },
  {
    name: 'triage/accepted from a non-member is refused',
    act: comment(1, 'carol', '/triage accepted'),
    comments: ['@carol: The label `triage/accepted` cannot be applied. Only GitHub organization members can add the label.'],
    check: (_out, t) => expect(labelsOf(t.gh, 1)).not.toContain('triage/accepted'),
  },
  { name: 'triage/accepted from an org member is applied', act: comment(1, 'alice', '/triage accepted'), labelsAdded: ['triage/accepted'] },
  { name: '/label for an additional label', act: comment(1, 'carol', '/label api-review'), labelsAdded: ['api-review'] },
  {
    name: '/label for a label not configured gets upstream\'s reply listing the supported ones',
    act: comment(1, 'carol', '/label shiny'),
    comments: ['@carol: The label(s) `/label shiny` cannot be applied. These labels are supported: `api-review, tide/merge-method-squash`. Is this label configured under `labels -> additional_labels` or `labels -> restricted_labels` in `plugin.yaml`?'],
  },
  {
    name: 'a restricted label from someone neither allowed nor in the team is refused',
    act: comment(1, 'alice', '/label tide/merge-method-squash'),
    comments: ['@alice: Can not set label tide/merge-method-squash: Must be member in one of these teams: [release]'],
    check: (_out, t) => expect(labelsOf(t.gh, 1)).not.toContain('tide/merge-method-squash'),
  },
  { name: 'a restricted label from a member of an allowed team', act: comment(1, 'tom', '/label tide/merge-method-squash'), labelsAdded: ['tide/merge-method-squash'] },
  {
    name: 'removing a restricted label is restricted too',
    act: comment(1, 'carol', '/remove-label tide/merge-method-squash'),
    comments: ['Can not set label tide/merge-method-squash'],
    check: (_out, t) => expect(labelsOf(t.gh, 1)).toContain('tide/merge-method-squash'),
  },
  {
    name: 'an allowed user removes it',
    act: comment(1, 'rita', '/remove-label tide/merge-method-squash'),
    check: (out, t) => {
      expect(removed(out)).toEqual(['tide/merge-method-squash']);
      expect(labelsOf(t.gh, 1)).not.toContain('tide/merge-method-squash');
    },
  },
  { name: 'commands in HTML comments, quotes and code blocks are ignored', act: comment(1, 'carol', '<!-- /kind bug -->\n> /area prow\n```\n/sig testing\n```'), noWrites: true },
  { name: 'an edited comment is ignored', act: async (gh) => gh.editComment('org', 'repo', gh.comments('org', 'repo', 1)[0]!.id, 'carol', '/kind bug'), noWrites: true },
  {
    name: 'an assign_on label added to a PR assigns the restricted label\'s allowed users',
    act: async (gh) => gh.addLabels('org', 'repo', 2, ['approved'], 'alice'),
    check: (_out, t) => expect(t.gh.issue('org', 'repo', 2).assignees).toEqual(['rita']),
  },
]);
