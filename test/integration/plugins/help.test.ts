// The help plugin as a table: /help and /good-first-issue on open issues with upstream's guidelines comment,
// their removal (labels off, the bot's guidelines comments deleted), and what it ignores.
import { expect } from '@jest/globals';
import { goodFirstIssueMessage, help, helpMessage } from '../../../plugins/help/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases } from '../../support/plugin-tester.js';

const comment = (number: number, who: string, body: string) => async (gh: FakeGitHub) => gh.comment('org', 'repo', number, who, body);
const labelsOf = (gh: FakeGitHub, n: number): string[] => gh.issue('org', 'repo', n).labels.map(String).sort();
const botComments = (gh: FakeGitHub, n: number): string[] => gh.comments('org', 'repo', n).filter((c) => c.user === 'k8s-ci-robot').map((c) => c.body);
const DEFAULTS = { guidelinesUrl: 'https://git.k8s.io/community/contributors/guide/help-wanted.md', guidelinesSummary: '' };

// #1 and #3 open issues, #2 a PR, #4 a closed issue.
pluginCases('help', {
  plugin: help, config: '{}', plugins: 'plugins:\n  org: [help]\n', inRepoConfig: false,
  seed: async (gh) => {
    gh.addUser('carol');
    gh.addUser('dave');
    await gh.createRepo('org', 'repo', { defaultBranch: 'main' });
    await gh.createIssue('org', 'repo', 'carol', { title: 'one' });
    await gh.openPullRequest('org', 'repo', { author: 'carol', files: { 'a.txt': 'a\n' } });
    await gh.createIssue('org', 'repo', 'carol', { title: 'three' });
    await gh.createIssue('org', 'repo', 'carol', { title: 'four' });
    await gh.setIssueState('org', 'repo', 4, 'closed', 'carol');
  },
}, [
  {
    name: 'anyone asks for help on an open issue: the label and upstream\'s guidelines comment',
    act: comment(1, 'dave', '/help'),
    labelsAdded: ['help wanted'],
    comments: [/^@dave: \n\tThis request has been marked as needing help from a contributor\.\n\nPlease ensure the request meets the requirements listed \[here\]\(https:\/\/git\.k8s\.io\/community\/contributors\/guide\/help-wanted\.md\)\.\n/],
    check: (out) => expect(String((out.writes.find((w) => w.path.endsWith('/comments'))!.body as { body: string }).body)).toMatch(/In response to \[this\]\(http:\/\/127\.0\.0\.1:\d+\/org\/repo\/issues\/1\):/),
  },
  { name: '/help again does nothing', act: comment(1, 'dave', '/help'), noWrites: true },
  {
    name: '/good-first-issue adds both labels and its comment',
    act: comment(3, 'dave', '/good-first-issue'),
    labelsAdded: ['good first issue', 'help wanted'],
    comments: [goodFirstIssueMessage(DEFAULTS)],
  },
  {
    name: '/remove-help takes off both labels and deletes the bot\'s guidelines comments',
    act: comment(3, 'carol', '/remove-help'),
    check: (_o, t) => {
      expect(labelsOf(t.gh, 3)).toEqual([]);
      expect(botComments(t.gh, 3)).toEqual([]);
    },
  },
  {
    name: '/remove-good-first-issue keeps help wanted',
    act: async (gh) => {
      await gh.comment('org', 'repo', 1, 'dave', '/good-first-issue');
      return gh.comment('org', 'repo', 1, 'dave', '/remove-good-first-issue');
    },
    check: (_o, t) => {
      expect(labelsOf(t.gh, 1)).toEqual(['help wanted']);
      expect(botComments(t.gh, 1).map((b) => b.includes('needing help'))).toEqual([true]);
    },
  },
  { name: 'a PR is not an issue', act: comment(2, 'dave', '/help'), noWrites: true },
  { name: 'a closed issue is left alone', act: comment(4, 'dave', '/good-first-issue'), noWrites: true },
]);

pluginCases('help with a guidelines summary', {
  plugin: help, config: '{}', inRepoConfig: false,
  plugins: 'plugins:\n  org: [help]\nhelp:\n  help_guidelines_url: https://example.com/help.md\n  help_guidelines_summary: "- Be specific\\n- Be kind"\n',
  seed: async (gh) => {
    await gh.createRepo('org', 'repo', { defaultBranch: 'main' });
    await gh.createIssue('org', 'repo', 'carol', { title: 'one' });
  },
}, [
  {
    name: 'the comment has the summary and the configured link',
    act: comment(1, 'dave', '/help'),
    comments: [helpMessage({ guidelinesUrl: 'https://example.com/help.md', guidelinesSummary: '- Be specific\n- Be kind' })],
    check: (out) => expect(String((out.writes.find((w) => w.path.endsWith('/comments'))!.body as { body: string }).body)).toContain('### Guidelines\n- Be specific\n- Be kind\n\nFor more details on the requirements of such an issue, please see [here](https://example.com/help.md)'),
  },
]);
