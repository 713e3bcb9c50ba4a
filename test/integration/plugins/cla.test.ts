// cla on the plugin test kit: the EasyCLA status context becomes the cncf-cla labels; /check-cla rechecks.
import { expect } from '@jest/globals';
import { cla } from '../../../plugins/cla/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { labelNames } from '../../support/labels.js';
import { pluginCases } from '../../support/plugin-tester.js';

const head = (gh: FakeGitHub, n: number): string => gh.issue('org', 'repo', n).pull!.headSha;
const easyCla = (n: number, state: 'success' | 'failure' | 'error' | 'pending') => (gh: FakeGitHub) =>
  gh.setStatus('org', 'repo', head(gh, n), { state, context: 'EasyCLA' }, 'easycla');

pluginCases('cla', {
  plugin: cla, plugins: 'plugins:\n  org: [cla]\n',
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    gh.addUser('easycla');
    gh.addUser('carol');
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    await gh.openPullRequest('org', 'repo', { author: 'carol', files: { 'a.txt': 'a\n' } });
    await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'b.txt': 'b\n' } });
  },
}, [
  { name: 'a pending EasyCLA status does nothing', act: easyCla(1, 'pending'), noWrites: true },
  { name: 'another context does nothing', act: (gh) => gh.setStatus('org', 'repo', head(gh, 1), { state: 'failure', context: 'ci' }), noWrites: true },
  {
    name: 'a failed EasyCLA status labels the PR cncf-cla: no',
    act: easyCla(1, 'failure'),
    labelsAdded: ['cncf-cla: no'],
    check: (_o, t) => expect(labelNames(t.gh, 'org', 'repo', 1)).toEqual(['cncf-cla: no']),
  },
  { name: 'an error is a no too, already there: nothing to do', act: easyCla(1, 'error'), noWrites: true },
  {
    name: 'success swaps it for cncf-cla: yes',
    act: easyCla(1, 'success'),
    labelsAdded: ['cncf-cla: yes'],
    check: (_o, t) => expect(labelNames(t.gh, 'org', 'repo', 1)).toEqual(['cncf-cla: yes']),
  },
  {
    name: 'a status on a commit that is no PR\'s head labels nothing',
    act: async (gh) => gh.setStatus('org', 'repo', (await gh.branchSha('org', 'repo', 'main'))!, { state: 'success', context: 'EasyCLA' }, 'easycla'),
    noWrites: true,
  },
  {
    name: '/check-cla puts the label the current status calls for back after someone removed it',
    act: async (gh) => {
      await gh.removeLabel('org', 'repo', 1, 'cncf-cla: yes', 'alice');
      return gh.comment('org', 'repo', 1, 'carol', '/check-cla');
    },
    labelsAdded: ['cncf-cla: yes'],
  },
  { name: '/check-cla on a PR without an EasyCLA status does nothing', act: (gh) => gh.comment('org', 'repo', 2, 'alice', '/check-cla'), noWrites: true },
]);
