// release-note on the plugin test kit: the label each PR body calls for, the notices, and who may use
// /release-note-none and /release-note-edit.
import { expect } from '@jest/globals';
import { releaseNote } from '../../../plugins/release-note/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { labelNames } from '../../support/labels.js';
import { pluginCases, type PluginTester } from '../../support/plugin-tester.js';

const PLUGINS = 'plugins:\n  org: [release-note]\nrelease_note:\n  guidelines_url: https://example.com/notes\n';
const block = (note: string): string => `Fixes things.\n\n\`\`\`release-note\n${note}\n\`\`\`\n`;
const open = (body: string, extra: { base?: string; labels?: string[]; author?: string } = {}) => async (gh: FakeGitHub) =>
  gh.openPullRequest('org', 'repo', { author: extra.author ?? 'alice', body, files: { [`f${Math.random()}.txt`]: 'x\n' }, ...extra });
const labels = (t: PluginTester, n: number): string[] => labelNames(t.gh, 'org', 'repo', n);
const comment = (n: number, who: string, body: string) => async (gh: FakeGitHub) => gh.comment('org', 'repo', n, who, body);

// PRs by number, in the order the cases open them (the seed opens #1 and #2).
pluginCases('release-note', {
  plugin: releaseNote, plugins: PLUGINS,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice', 'mia'] });
    gh.addUser('carol');
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'master' });
    await gh.pushCommit('org', 'repo', 'master', { 'x.txt': 'x\n' });
    const base = await gh.branchSha('org', 'repo', 'master');
    gh.state.repo('org', 'repo').git.updateRef('refs/heads/release-1.2', base!);
    // #1: a parent with a release note, for the cherry-pick case; #2: carol's PR.
    await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'p.txt': 'p\n' }, labels: ['release-note'] });
    await gh.openPullRequest('org', 'repo', { author: 'carol', files: { 'c.txt': 'c\n' }, body: 'no note' });
  },
}, [
  {
    name: 'a PR without a block gets do-not-merge/release-note-label-needed and the notice with the configured guidelines',
    act: open('Just code.'),
    labelsAdded: ['do-not-merge/release-note-label-needed'],
    comments: [/^Adding the "do-not-merge\/release-note-label-needed" label because no release-note block was detected, please follow our \[release note process\]\(https:\/\/example\.com\/notes\) to remove it\./],
    check: (_o, t) => expect(labels(t, 3)).toEqual(['do-not-merge/release-note-label-needed']),
  },
  { name: 'a note in the block gives release-note', act: open(block('Fixed a crash.')), check: (_o, t) => expect(labels(t, 4)).toEqual(['release-note']) },
  { name: '"NONE" gives release-note-none', act: open(block('NONE')), check: (_o, t) => expect(labels(t, 5)).toEqual(['release-note-none']) },
  {
    name: '"action required" gives release-note-action-required',
    act: open(block('The flag --x is gone: action required.')),
    check: (_o, t) => expect(labels(t, 6)).toEqual(['release-note-action-required']),
  },
  {
    name: 'a malformed block (never closed) is no note: label needed, with the notice',
    act: open('```release-note\nFixed a crash.\n'),
    labelsAdded: ['do-not-merge/release-note-label-needed'],
    comments: ['no release-note block was detected'],
    check: (_o, t) => expect(labels(t, 7)).toEqual(['do-not-merge/release-note-label-needed']),
  },
  {
    name: 'adding a block to the body swaps the label and deletes the notice',
    act: (gh) => gh.editIssue('org', 'repo', 3, { body: block('Now with a note.') }, 'alice'),
    check: (out, t) => {
      expect(labels(t, 3)).toEqual(['release-note']);
      expect(t.gh.comments('org', 'repo', 3).filter((c) => c.body.includes('no release-note block'))).toEqual([]);
      expect(out.writes.some((w) => w.method === 'DELETE' && /\/issues\/comments\/\d+$/.test(w.path))).toBe(true);
    },
  },
  {
    name: '/release-note-none from someone neither author nor member is refused',
    act: comment(7, 'carol', '/release-note-none'),
    comments: ['@carol: you can only set the release note label to release-note-none if you are the PR author or an org member.'],
    check: (_o, t) => expect(labels(t, 7)).toEqual(['do-not-merge/release-note-label-needed']),
  },
  {
    name: '/release-note-none from the author (not a member) sets release-note-none on a PR without a note',
    act: async (gh) => {
      await gh.openPullRequest('org', 'repo', { author: 'carol', body: 'no block', files: { 'd.txt': 'd\n' } });
      return gh.comment('org', 'repo', 8, 'carol', '/release-note-none');
    },
    check: (_o, t) => expect(labels(t, 8)).toEqual(['release-note-none']),
  },
  {
    name: '/release-note-none on a PR whose block has a real note is refused',
    act: comment(4, 'alice', '/release-note-none'),
    comments: ['you can only set the release note label to release-note-none if the release-note block in the PR body text is empty or "none".'],
    check: (_o, t) => expect(labels(t, 4)).toEqual(['release-note']),
  },
  {
    name: 'the deprecated /release-note gets upstream\'s explanation',
    act: comment(4, 'alice', '/release-note'),
    comments: [/^@alice: the `\/release-note` and `\/release-note-action-required` commands have been deprecated\./],
  },
  {
    name: '/release-note-edit from a non-member is refused',
    act: comment(4, 'carol', '/release-note-edit\n```release-note\nhacked\n```'),
    comments: ['@carol: You must be an org member to edit the release note.'],
    check: (_o, t) => expect(t.gh.issue('org', 'repo', 4).body).toContain('Fixed a crash.'),
  },
  {
    name: '/release-note-edit without a block says it needs one',
    act: comment(4, 'mia', '/release-note-edit'),
    comments: ['/release-note-edit must be used with a release note block.'],
  },
  {
    name: '/release-note-edit on a PR whose body has no block says so',
    act: comment(8, 'mia', '/release-note-edit\n```release-note\nSomething\n```'),
    comments: ['/release-note-edit must be used with a single release note block.'],
  },
  {
    name: '/release-note-edit from a member rewrites the block, and the label follows the new note',
    act: comment(4, 'mia', '/release-note-edit\n```release-note\nRemoved --y: action required\n```'),
    check: (_o, t) => {
      expect(t.gh.issue('org', 'repo', 4).body).toBe('Fixes things.\n\n```release-note\r\nRemoved --y: action required\r\n```\n');
      expect(labels(t, 4)).toEqual(['release-note-action-required']);
    },
  },
  {
    name: 'a kind/deprecation PR whose note is NONE still needs a note, with the deprecation notice',
    act: open(block('none'), { labels: ['kind/deprecation'] }),
    comments: ['Adding the "do-not-merge/release-note-label-needed" label and removing any existing "release-note-none" label because there is a "kind/deprecation" label on the PR.'],
    check: (_o, t) => expect(labels(t, 9)).toEqual(['do-not-merge/release-note-label-needed', 'kind/deprecation']),
  },
  {
    name: 'a cherry-pick whose parent has a release note needs none of its own',
    act: open('Cherry pick of #1 on release-1.2.', { base: 'release-1.2' }),
    check: (out, t) => {
      expect(labels(t, 10)).toEqual([]);
      expect(out.writes.filter((w) => w.method === 'POST')).toEqual([]);
    },
  },
  {
    name: 'a cherry-pick whose parent has no release note needs one, and says which parent lacks it',
    act: open('Cherry pick of #2 on release-1.2.', { base: 'release-1.2' }),
    comments: [
      'All \'parent\' PRs of a cherry-pick PR must have one of the "release-note" or "release-note-action-required" labels',
      'The following parent PRs have neither the "release-note" nor the "release-note-action-required" labels: #2.',
    ],
    check: (_o, t) => expect(labels(t, 11)).toEqual(['do-not-merge/release-note-label-needed']),
  },
  {
    // As upstream: any earlier /release-note-none comment on the PR (here carol's refused one) counts once the body has no note.
    name: 'release-note added by hand is corrected from the body and the earlier /release-note-none comments',
    act: (gh) => gh.addLabels('org', 'repo', 7, ['release-note'], 'mia'),
    check: (_o, t) => expect(labels(t, 7)).toEqual(['release-note-none']),
  },
  {
    name: 'release-note added by hand to a PR without a note or /release-note-none goes back to label needed',
    act: (gh) => gh.addLabels('org', 'repo', 2, ['release-note'], 'mia'),
    check: (_o, t) => expect(labels(t, 2)).toEqual(['do-not-merge/release-note-label-needed']),
  },
]);
