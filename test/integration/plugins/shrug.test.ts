// shrug: /shrug adds the ¯\_(ツ)_/¯ label, /unshrug removes it with a shrug.
import { expect } from '@jest/globals';
import { SHRUG, shrug } from '../../../plugins/shrug/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases } from '../../support/plugin-tester.js';

const comment = (body: string) => (gh: FakeGitHub) => gh.comment('org', 'repo', 1, 'carol', body);

pluginCases('shrug', {
  plugin: shrug, plugins: 'plugins:\n  org: [shrug]\n', inRepoConfig: false,
  seed: async (gh) => {
    gh.addUser('carol');
    gh.addOrg('org');
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    await gh.createIssue('org', 'repo', 'carol', { title: 'hmm' });
  },
}, [
  { name: '/unshrug without the label does nothing', act: comment('/unshrug'), noWrites: true },
  { name: '/shrug adds the label', act: comment('/shrug'), labelsAdded: [SHRUG] },
  { name: '/shrug again does nothing', act: comment('/shrug'), noWrites: true },
  {
    name: '/unshrug replies with a shrug and removes the label',
    act: comment('/unshrug'),
    comments: ['@carol: ¯\\\\\\_(ツ)\\_/¯'],
    check: (_out, t) => expect(t.gh.issue('org', 'repo', 1).labels).toEqual([]),
  },
]);
