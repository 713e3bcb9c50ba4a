// The stage plugin as a table: one stage/* label at a time, /remove-stage, and what is not a command.
import { expect } from '@jest/globals';
import { stage } from '../../../plugins/stage/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases } from '../../support/plugin-tester.js';

const comment = (body: string) => async (gh: FakeGitHub) => gh.comment('org', 'repo', 1, 'dave', body);
const labelsOf = (gh: FakeGitHub): string[] => gh.issue('org', 'repo', 1).labels.map(String);

pluginCases('stage', {
  plugin: stage, config: '{}', plugins: 'plugins:\n  org: [stage]\n', inRepoConfig: false,
  seed: async (gh) => {
    await gh.createRepo('org', 'repo', { defaultBranch: 'main' });
    await gh.createIssue('org', 'repo', 'carol', { title: 'a feature' });
  },
}, [
  { name: 'anyone sets a stage', act: comment('/stage alpha'), labelsAdded: ['stage/alpha'] },
  {
    name: 'a new stage replaces the old one',
    act: comment('/stage Beta'),
    labelsAdded: ['stage/beta'],
    check: (_o, t) => expect(labelsOf(t.gh)).toEqual(['stage/beta']),
  },
  { name: 'the stage it already has is left alone', act: comment('/stage beta'), noWrites: true },
  { name: '/remove-stage of another stage does nothing', act: comment('/remove-stage stable'), noWrites: true },
  { name: '/remove-stage removes it', act: comment('/remove-stage beta'), check: (_o, t) => expect(labelsOf(t.gh)).toEqual([]) },
  { name: 'an unknown stage is not a command', act: comment('/stage gamma'), noWrites: true },
]);
