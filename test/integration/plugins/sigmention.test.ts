// sigmention: SIG team mentions → sig/* and kind/* labels (only labels the repo has); a non-member's mention is
// repeated by the bot.
import { expect } from '@jest/globals';
import { sigmention } from '../../../plugins/sigmention/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases } from '../../support/plugin-tester.js';

const comment = (who: string, body: string, number = 1) => (gh: FakeGitHub) => gh.comment('org', 'repo', number, who, body);

pluginCases('sigmention', {
  plugin: sigmention, plugins: 'plugins:\n  org: [sigmention]\n', inRepoConfig: false,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    gh.addUser('carol');
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    for (const l of ['sig/testing', 'SIG/Node', 'kind/bug', 'kind/feature']) gh.createLabel('org', 'repo', l);
    await gh.createIssue('org', 'repo', 'carol', { title: 'flaky' });
    await gh.createIssue('org', 'repo', 'carol', { title: 'another' });
  },
}, [
  {
    name: 'a member\'s mention adds the sig and kind labels and no comment',
    act: comment('alice', 'cc @kubernetes/sig-testing-bugs'),
    labelsAdded: ['sig/testing', 'kind/bug'],
    check: (out) => expect(out.writes.filter((w) => w.path.endsWith('/comments'))).toEqual([]),
  },
  {
    name: 'a non-member\'s mention is labelled (with the repo\'s spelling) and repeated once',
    act: comment('carol', '@kubernetes/sig-node-feature-requests and @kubernetes/sig-node-misc please', 2),
    labelsAdded: ['SIG/Node', 'kind/feature'],
    comments: [/^@carol: Reiterating the mentions to trigger a notification: \n@kubernetes\/sig-node-feature-requests, @kubernetes\/sig-node-misc\n/],
    check: (out) => expect(out.writes.filter((w) => w.path.endsWith('/labels')).flatMap((w) => (w.body as { labels: string[] }).labels)).toEqual(['SIG/Node', 'kind/feature']),
  },
  { name: 'a SIG the repo has no label for changes nothing', act: comment('carol', '@kubernetes/sig-storage-bugs'), noWrites: true },
  { name: 'a comment without mentions changes nothing', act: comment('carol', 'thanks'), noWrites: true },
]);
