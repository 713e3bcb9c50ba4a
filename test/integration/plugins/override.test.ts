// override on the plugin test kit: who may override (admins, allowed teams, top-level OWNERS approvers), what may
// be overridden (failed statuses by context or job name, failed check runs, missing required contexts), the
// ProwJob recorded for a Prow job's context, and upstream's replies.
import { expect } from '@jest/globals';
import { ABORTED_BY_OVERRIDE, override } from '../../../plugins/override/index.js';
import { newPresubmit } from '../../../src/api/create.js';
import { pullRequestRefs } from '../../../src/api/refs.js';
import type { Presubmit } from '../../../src/config/types.js';
import { contextDescriptionWithBaseSha } from '../../../src/report/github.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases, type PluginTester } from '../../support/plugin-tester.js';

const CONFIG = `presubmits:
  org/repo:
  - name: unit
    always_run: true
    spec: {containers: [{image: alpine, command: [echo]}]}
  - name: e2e-job
    context: ci/e2e
    always_run: true
    spec: {containers: [{image: alpine, command: [echo]}]}
`;
const PLUGINS = `plugins:
  org: [override]
override:
  allow_top_level_owners: true
  allowed_github_teams:
    org/repo: [overriders]
`;

const head = (gh: FakeGitHub): string => gh.issue('org', 'repo', 1).pull!.headSha;
const status = (t: PluginTester, context: string): { state: string; description: string | null } | undefined => {
  const s = t.gh.statuses('org', 'repo', head(t.gh)).find((x) => x.context === context);
  return s && { state: s.state, description: s.description };
};
const say = (who: string, body: string) => (gh: FakeGitHub) => gh.comment('org', 'repo', 1, who, body);
/** What an override writes: the description with the base branch's SHA (main's tip) appended, as crier's. */
const overridden = async (t: PluginTester, desc: string): Promise<{ state: string; description: string }> =>
  ({ state: 'success', description: contextDescriptionWithBaseSha(desc, (await t.gh.branchSha('org', 'repo', 'main'))!) });
const lastRun = (t: PluginTester, name: string) => t.gh.state.repo('org', 'repo').checkRuns.filter((r) => r.name === name).at(-1);

/** A run of `unit` on PR #1 that has not finished, as trigger would have started it. */
async function startUnit(t: PluginTester): Promise<string> {
  const pr = t.gh.issue('org', 'repo', 1);
  const refs = pullRequestRefs({
    org: 'org', repo: 'repo', repoLink: 'https://github.com/org/repo', baseRef: 'main', baseSha: (await t.gh.branchSha('org', 'repo', 'main'))!,
    number: 1, author: 'carol', headSha: pr.pull!.headSha, title: pr.title, headRef: 'pr-1', link: 'https://github.com/org/repo/pull/1',
  });
  const job = { name: 'unit', always_run: true, spec: { containers: [{ image: 'alpine', command: ['echo'] }] } } as unknown as Presubmit;
  return (await t.store.create(newPresubmit(job, refs, { eventGUID: 'trigger' }))).metadata.name;
}
let running = '';

async function seed(gh: FakeGitHub): Promise<void> {
  gh.addOrg('org', { members: ['alice'], admins: ['root'] });
  for (const u of ['carol', 'bob', 'olive', 'tina']) gh.addUser(u);
  gh.addTeam('org', 'overriders', { members: ['tina'] });
  await gh.createRepo('org', 'repo', { files: { OWNERS: 'approvers:\n- olive\n', 'README.md': 'hi\n' }, defaultBranch: 'main' });
  gh.addCollaborator('org', 'repo', 'bob', 'write');
  gh.setBranchProtection('org', 'repo', 'main', { required_status_checks: { strict: false, contexts: ['required-but-missing'] } });
  const pr = await gh.openPullRequest('org', 'repo', { author: 'carol', files: { 'a.txt': 'a\n' } });
  const sha = pr.pull!.headSha;
  await gh.setStatus('org', 'repo', sha, { state: 'failure', context: 'unit' });
  await gh.setStatus('org', 'repo', sha, { state: 'failure', context: 'ci/e2e' });
  await gh.setStatus('org', 'repo', sha, { state: 'pending', context: 'lint' });
  await gh.setStatus('org', 'repo', sha, { state: 'success', context: 'ok' });
  gh.state.createCheckRun(gh.state.repo('org', 'repo'), { name: 'test / Unit Tests', headSha: sha, conclusion: 'failure' }, 'github-actions');
  gh.state.createCheckRun(gh.state.repo('org', 'repo'), { name: 'build', headSha: sha, conclusion: 'failure' }, 'github-actions');
  gh.state.createCheckRun(gh.state.repo('org', 'repo'), { name: 'build', headSha: sha, conclusion: 'success' }, 'github-actions');
}

pluginCases('override', { plugin: override, config: CONFIG, plugins: PLUGINS, inRepoConfig: false, seed }, [
  {
    name: 'the PR author is not authorized',
    act: say('carol', '/override unit'),
    jobs: [],
    comments: ['@carol: carol unauthorized: /override is restricted to Repo administrators, approvers in top level OWNERS file, and the following github teams:org/repo: overriders.'],
    check: (_o, t) => expect(status(t, 'unit')?.state).toBe('failure'),
  },
  { name: 'a collaborator with write access is not authorized', act: say('bob', '/override unit'), comments: ['bob unauthorized: /override is restricted to'] },
  { name: '/override in a quoted line is no command', act: say('root', '> /override unit\nno'), noWrites: true },
  { name: '/override without contexts says it needs some', act: say('root', '/override'), comments: ['@root: /override requires failed status contexts to operate on, but none was given'] },
  {
    name: 'an unknown context gets the list of what can be overridden',
    act: say('root', '/override nope'),
    comments: ['The following unknown contexts/checkruns were given:\n - `nope`\n\nOnly the following failed or pending contexts/checkruns were expected:\n - `ci/e2e`\n - `e2e-job`\n - `lint`\n - `required-but-missing`\n - `test / Unit Tests`\n - `unit`\n'],
  },
  {
    name: 'a passing context with an overridable one and an unknown one: nothing is applied, the reply says what to re-run',
    act: say('root', '/override ok "test / Unit Tests" nope'),
    comments: [
      'The following unknown contexts/checkruns were given:\n - `nope`\n',
      '`ok` is already passing (or already overridden); no action taken. Use `/override-cancel ok` to remove an existing override.',
      'No overrides were applied. Re-run `/override "test / Unit Tests"` with only the contexts that can be overridden.',
    ],
    check: (out, t) => {
      expect(out.writes.filter((w) => !w.path.endsWith('/comments'))).toEqual([]);
      expect(lastRun(t, 'test / Unit Tests')?.conclusion).toBe('failure');
    },
  },
  {
    name: 'a run of unit is going (not the plugin\'s doing)',
    act: async (gh, t) => {
      running = await startUnit(t);
      await gh.comment('org', 'repo', 1, 'carol', 'waiting for unit');
    },
    noWrites: true,
  },
  {
    name: 'a repo admin overrides a Prow job\'s context: success status, a ProwJob recorded as passed, the running one aborted',
    act: say('root', '/override unit'),
    jobs: ['unit'],
    comments: ['@root: Overrode contexts on behalf of root: unit'],
    check: async (out, t) => {
      expect(status(t, 'unit')).toEqual(await overridden(t, 'Overridden by root'));
      expect(out.jobs[0]!.status).toMatchObject({ state: 'success', description: 'Overridden by root' });
      expect(out.jobs[0]!.status.completionTime).toBeDefined();
      expect(out.jobs[0]!.spec.refs?.pulls?.[0]?.sha).toBe(head(t.gh));
      const aborted = await t.store.get(running);
      expect(aborted?.status).toMatchObject({ state: 'aborted', description: ABORTED_BY_OVERRIDE });
      expect(aborted?.spec.report).toBe(false);
    },
  },
  {
    name: 'a member of an allowed team overrides by job name (the job\'s context is set)',
    act: say('tina', '/override e2e-job'),
    jobs: ['e2e-job'],
    comments: ['Overrode contexts on behalf of tina: ci/e2e'],
    check: async (_o, t) => expect(status(t, 'ci/e2e')).toEqual(await overridden(t, 'Overridden by tina')),
  },
  {
    name: 'a top-level approver overrides a quoted check run, a plain status and a missing required context',
    act: say('olive', '/override "test / Unit Tests" lint required-but-missing'),
    jobs: [],
    comments: ['Overrode contexts on behalf of olive: lint, required-but-missing, test / Unit Tests'],
    check: async (_o, t) => {
      expect(status(t, 'lint')).toEqual(await overridden(t, 'Overridden by olive'));
      expect(status(t, 'required-but-missing')).toEqual(await overridden(t, 'Overridden by olive'));
      const runs = t.gh.state.repo('org', 'repo').checkRuns.filter((r) => r.name === 'test / Unit Tests');
      expect(runs.at(-1)).toMatchObject({ conclusion: 'success', output: { title: 'Prow override - test / Unit Tests', summary: 'Prow has received override command for the test / Unit Tests checkrun.' } });
    },
  },
  {
    name: 'a check run that passed on a rerun is already passing',
    act: say('root', '/override build'),
    comments: ['@root: `build` is already passing (or already overridden); no action taken. Use `/override-cancel build` to remove an existing override.'],
    check: (out) => expect(out.writes.filter((w) => !w.path.endsWith('/comments'))).toEqual([]),
  },
  {
    name: 'an overridden context is already passing; /override-sticky says so too',
    act: say('root', '/override-sticky lint'),
    comments: ['@root: `lint` is already passing (or already overridden); no action taken. Use `/override-cancel lint` to remove an existing override.'],
  },
  { name: '/override-sticky without contexts says it needs some', act: say('root', '/override-sticky'), comments: ['@root: /override-sticky requires failed status contexts to operate on, but none was given'] },
  { name: '/override-sticky by the PR author is refused', act: say('carol', '/override-sticky unit'), comments: ['@carol: carol unauthorized: /override-sticky is restricted to Repo administrators'] },
  { name: '/override-cancel by the PR author is refused', act: say('carol', '/override-cancel'), comments: ['@carol: carol unauthorized: /override-cancel is restricted to Repo administrators'] },
  {
    name: 'a repo admin cancels one override by name: back to failure',
    act: say('root', '/override-cancel unit'),
    comments: ['@root: Cancelled overrides on behalf of root: unit'],
    check: (_o, t) => {
      expect(status(t, 'unit')).toEqual({ state: 'failure', description: 'Override cancelled by root' });
      expect(status(t, 'lint')?.state).toBe('success');
    },
  },
  {
    name: 'a top-level approver overrides sticky: the status carries the skip-retest sentinel',
    act: say('olive', '/override-sticky unit'),
    jobs: ['unit'],
    comments: ['@olive: Overrode contexts on behalf of olive: unit'],
    check: async (_o, t) => expect(status(t, 'unit')).toEqual(await overridden(t, 'Overridden by olive [prow:skip-retest]')),
  },
  {
    name: 'an allowed team member cancels every override: statuses fail, the override check run is cancelled',
    act: say('tina', 'flake fixed\n/override-cancel'),
    comments: ['@tina: Cancelled overrides on behalf of tina: ci/e2e, lint, required-but-missing, test / Unit Tests, unit'],
    check: (_o, t) => {
      for (const c of ['ci/e2e', 'lint', 'required-but-missing', 'unit']) expect(status(t, c)).toEqual({ state: 'failure', description: 'Override cancelled by tina' });
      expect(status(t, 'ok')?.state).toBe('success');
      expect(lastRun(t, 'test / Unit Tests')).toMatchObject({ conclusion: 'cancelled', output: { title: 'Prow override cancelled - test / Unit Tests', summary: 'Override cancelled by tina' } });
    },
  },
  { name: 'nothing left to cancel', act: say('root', '/override-cancel'), comments: ['@root: No overrides found to cancel.'] },
  {
    name: 'an in-progress check run can be overridden',
    act: async (gh) => {
      gh.state.createCheckRun(gh.state.repo('org', 'repo'), { name: 'soak-gate', headSha: head(gh), status: 'in_progress' }, 'github-actions');
      await gh.comment('org', 'repo', 1, 'root', '/override soak-gate');
    },
    comments: ['@root: Overrode contexts on behalf of root: soak-gate'],
    check: (_o, t) => expect(lastRun(t, 'soak-gate')).toMatchObject({ conclusion: 'success', output: { title: 'Prow override - soak-gate' } }),
  },
  { name: 'an overridden in-progress check run is already passing', act: say('root', '/override soak-gate'), comments: ['`soak-gate` is already passing (or already overridden)'] },
  {
    name: 'an override check run another app made cannot be cancelled: the reply says so',
    act: async (gh) => {
      gh.state.createCheckRun(gh.state.repo('org', 'repo'), { name: 'build', headSha: head(gh), conclusion: 'success', output: { title: 'Prow override - build', summary: null, text: null } }, 'other-app');
      await gh.comment('org', 'repo', 1, 'root', '/override-cancel build');
    },
    comments: ['@root: Cannot cancel override check run build: '],
    check: (_o, t) => expect(lastRun(t, 'build')?.conclusion).toBe('success'),
  },
]);

pluginCases('override without top-level owners or teams', {
  plugin: override, config: CONFIG, plugins: 'plugins:\n  org: [override]\n', inRepoConfig: false, seed,
}, [
  { name: 'a top-level approver is refused', act: say('olive', '/override unit'), comments: ['@olive: olive unauthorized: /override is restricted to Repo administrators.'] },
  { name: 'a repo admin may', act: say('root', '/override lint'), comments: ['Overrode contexts on behalf of root: lint'] },
]);
