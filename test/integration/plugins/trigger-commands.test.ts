// Trigger's slash commands as a table on the plugin test kit: each row is a comment on a seeded PR and what must
// come out (ProwJobs, comments, labels, took_action).
import { expect } from '@jest/globals';
import { trigger } from '../../../plugins/trigger/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases } from '../../support/plugin-tester.js';

const CONFIG = `
presubmits:
  org/repo:
  - name: unit
    always_run: true
    spec: {containers: [{image: alpine, command: [echo]}]}
  - name: manual
    always_run: false
    spec: {containers: [{image: alpine, command: [echo]}]}
`;
const PLUGINS = 'plugins:\n  org: [trigger]\ntriggers:\n- repos: [org]\n';

// The seed opens PR 1 by a member and PR 2 by a stranger; the kit ignores what the seed raised.
const comment = (number: number, who: string, body: string) => async (gh: FakeGitHub) => gh.comment('org', 'repo', number, who, body);

pluginCases('trigger commands', {
  plugin: trigger, config: CONFIG, plugins: PLUGINS, inRepoConfig: false,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    gh.addUser('carol');
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.txt': 'a\n' } });
    await gh.openPullRequest('org', 'repo', { author: 'carol', files: { 'b.txt': 'b\n' } });
  },
}, [
  { name: 'a /test in a quoted line is not a command', act: comment(1, 'alice', '> /test manual\nthat was a mistake'), jobs: [], noWrites: true },
  { name: 'a /test in a code block is not a command', act: comment(1, 'alice', 'run\n```\n/test manual\n```\n'), jobs: [], noWrites: true },
  { name: '/test <job> from a member starts the job and took action', act: comment(1, 'alice', '/test manual'), jobs: ['manual'], tookAction: true },
  {
    name: 'an unknown /test gets the job list in upstream\'s reply format',
    act: comment(1, 'alice', '/test nope'),
    jobs: [],
    comments: [
      /^@alice: The specified target\(s\) for `\/test` were not found\.\n/,
      'In response to [this](',
      '>/test nope',
      'Instructions for interacting with me using PR comments are available [here]',
    ],
  },
  {
    name: 'a stranger\'s /test on an untrusted PR gets upstream\'s /ok-to-test reply',
    act: comment(2, 'carol', '/test all'),
    jobs: [],
    comments: ['@carol: Cannot trigger testing until a trusted user reviews the PR and leaves an `/ok-to-test` message.'],
  },
  {
    name: '/ok-to-test from a member labels the PR and starts its jobs',
    act: comment(2, 'alice', '/ok-to-test'),
    jobs: ['unit'],
    labelsAdded: ['ok-to-test'],
    check: async (_out, t) => expect(t.gh.issue('org', 'repo', 2).labels.map((l) => (typeof l === 'string' ? l : (l as { name: string }).name))).toContain('ok-to-test'),
  },
]);
