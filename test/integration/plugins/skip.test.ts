// skip on the plugin test kit: /skip turns stale statuses of optional jobs green, and nothing else.
import { expect } from '@jest/globals';
import { skip } from '../../../plugins/skip/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases, type PluginTester } from '../../support/plugin-tester.js';

const job = (name: string, extra: string): string => `  - name: ${name}\n    always_run: false\n${extra}    spec: {containers: [{image: alpine, command: [echo]}]}\n`;
const CONFIG = `presubmits:
  org/repo:
${job('required-job', '')}${job('optional-job', '    optional: true\n')}${job('optional-passed', '    optional: true\n')}${job('hidden-job', '    skip_report: true\n    context: hidden\n')}${job('optional-rerun', '    optional: true\n')}`;

const sha = (gh: FakeGitHub): string => gh.issue('org', 'repo', 1).pull!.headSha;
const state = (t: PluginTester, context: string): { state: string; description: string | null } | undefined => {
  const s = t.gh.statuses('org', 'repo', sha(t.gh)).find((x) => x.context === context);
  return s && { state: s.state, description: s.description };
};

pluginCases('skip', {
  plugin: skip, config: CONFIG, plugins: 'plugins:\n  org: [skip]\n', inRepoConfig: false,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    gh.addUser('carol');
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    const pr = await gh.openPullRequest('org', 'repo', { author: 'carol', files: { 'a.txt': 'a\n' } });
    const head = pr.pull!.headSha;
    await gh.setStatus('org', 'repo', head, { state: 'failure', context: 'required-job' });
    await gh.setStatus('org', 'repo', head, { state: 'failure', context: 'optional-job' });
    await gh.setStatus('org', 'repo', head, { state: 'success', context: 'optional-passed' });
    await gh.setStatus('org', 'repo', head, { state: 'pending', context: 'hidden' });
    await gh.setStatus('org', 'repo', head, { state: 'failure', context: 'optional-rerun' });
  },
}, [
  { name: 'a comment without /skip does nothing', act: (gh) => gh.comment('org', 'repo', 1, 'carol', 'please /skip this'), noWrites: true },
  {
    name: '/skip from anyone marks the failed optional jobs Skipped, leaving required and rerun jobs alone',
    act: (gh) => gh.comment('org', 'repo', 1, 'carol', '/skip\n/test optional-rerun'),
    check: (out, t) => {
      expect(state(t, 'optional-job')).toEqual({ state: 'success', description: 'Skipped' });
      expect(state(t, 'hidden')).toEqual({ state: 'success', description: 'Skipped' });
      expect(state(t, 'required-job')).toEqual({ state: 'failure', description: null });
      expect(state(t, 'optional-rerun')).toEqual({ state: 'failure', description: null });
      expect(out.writes.map((w) => (w.body as { context: string }).context).sort()).toEqual(['hidden', 'optional-job']);
    },
  },
  {
    name: 'once the combined status is success, /skip has nothing to do',
    act: async (gh) => {
      await gh.setStatus('org', 'repo', sha(gh), { state: 'success', context: 'required-job' });
      await gh.setStatus('org', 'repo', sha(gh), { state: 'success', context: 'optional-rerun' });
      return gh.comment('org', 'repo', 1, 'carol', '/skip');
    },
    noWrites: true,
  },
]);
