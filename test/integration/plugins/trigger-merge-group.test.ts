// trigger on GitHub's merge queue, through the fake GitHub: a queued PR's merge group runs the base branch's required
// presubmits (and those the ruleset requires by context) against the group's commit; the queue branch's push starts
// no postsubmits; a destroyed group's unfinished runs are aborted.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { trigger } from '../../../plugins/trigger/index.js';
import { ABORTED_MERGE_GROUP } from '../../../plugins/trigger/merge-group.js';
import { PluginTester } from '../../support/plugin-tester.js';

const CONFIG = `
prowjob_namespace: default
presubmits:
  org/repo:
  - name: unit
    always_run: true
    spec: {containers: [{image: alpine, command: [echo]}]}
  - name: integration
    context: ci/integration
    always_run: false
    spec: {containers: [{image: alpine, command: [echo]}]}
  - name: lint
    always_run: true
    optional: true
    spec: {containers: [{image: alpine, command: [echo]}]}
postsubmits:
  org/repo:
  - name: post-any
    spec: {containers: [{image: alpine, command: [echo]}]}
`;

describe('trigger on merge_group events', () => {
  let t: PluginTester;

  beforeAll(async () => {
    t = await PluginTester.start({
      plugin: trigger, config: CONFIG, plugins: 'plugins:\n  org:\n    plugins: [trigger]\n',
      seed: async (g) => {
        g.addOrg('org', { members: ['alice'], admins: ['k8s-ci-robot'] });
        await g.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
        g.addRuleset('org', 'repo', {
          name: 'queue',
          conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] } },
          rules: [
            { type: 'required_status_checks', parameters: { required_status_checks: [{ context: 'unit' }, { context: 'ci/integration' }] } },
            { type: 'merge_queue', parameters: { merge_method: 'SQUASH' } },
          ],
        });
      },
    });
  });

  afterAll(() => t.stop());

  it('runs the required presubmits on the group commit, and aborts them when the group is destroyed', async () => {
    const pr = await t.gh.openPullRequest('org', 'repo', { author: 'alice', title: 'a', files: { 'a.txt': 'a\n' } });
    await t.act(async () => undefined);
    const repo = t.gh.state.repo('org', 'repo');
    const queued = await t.act(async (gh) => {
      await gh.state.mergeQueues.enqueue(repo, pr.number, 'alice');
      await gh.mergeQueueIdle();
    });
    expect(queued.errors).toEqual([]);
    const [entry] = t.gh.mergeQueue('org', 'repo', 'main');
    const groupJobs = queued.jobs.filter((j) => j.spec.refs?.base_sha === entry!.headSha);
    expect(groupJobs.map((j) => j.spec.job).sort()).toEqual(['integration', 'unit']);
    expect(groupJobs[0]!.spec).toMatchObject({ type: 'presubmit', refs: { org: 'org', repo: 'repo', base_ref: entry!.headRef, base_sha: entry!.headSha } });
    expect(groupJobs[0]!.spec.refs).not.toHaveProperty('pulls');
    // The queue's push of its branch runs no postsubmit.
    expect(queued.jobs.filter((j) => j.spec.type === 'postsubmit')).toEqual([]);

    const dequeued = await t.act(async (gh) => {
      await gh.state.mergeQueues.dequeue(repo, pr.number, 'alice');
      await gh.mergeQueueIdle();
    });
    expect(dequeued.errors).toEqual([]);
    const after = (await t.store.list()).filter((j) => j.spec.refs?.base_sha === entry!.headSha);
    expect(after.map((j) => [j.status.state, j.status.description])).toEqual([['aborted', ABORTED_MERGE_GROUP], ['aborted', ABORTED_MERGE_GROUP]]);
  });
});
