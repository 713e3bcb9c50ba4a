// refresh on the plugin test kit: `/refresh` reports the newest ProwJob of each presubmit at the PR's head again
// (statuses on the fake GitHub, and the test report comment for a failed one); older runs and old heads are left out.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newProwJob } from '../../../src/api/create.js';
import type { ProwJob, ProwJobState } from '../../../src/api/prowjob.js';
import { refresh } from '../../../plugins/refresh/index.js';
import { PluginTester } from '../../support/plugin-tester.js';

const PLUGINS = 'external_plugins:\n  org:\n  - name: refresh\n';

describe('refresh', () => {
  let t: PluginTester;
  let prNumber = 0;
  let headSha = '';

  const job = async (name: string, sha: string, state: ProwJobState, startTime: string, report = true): Promise<ProwJob> => {
    const pj = newProwJob({
      type: 'presubmit', job: name, context: name, report, agent: 'kubernetes',
      refs: { org: 'org', repo: 'repo', base_ref: 'main', base_sha: 'b'.repeat(40), pulls: [{ number: prNumber, author: 'alice', sha }] },
    }, { now: new Date(startTime) });
    pj.status = { ...pj.status, state, description: `Job ${state}.`, url: `https://prow.example.com/view/${pj.metadata.name}` };
    return t.store.create(pj);
  };

  beforeAll(async () => {
    t = await PluginTester.start({
      plugin: refresh, config: '{}', plugins: PLUGINS, inRepoConfig: false,
      seed: async (gh) => {
        gh.addOrg('org', { members: ['alice'] });
        await gh.createRepo('org', 'repo', { files: { 'a.txt': 'a\n' }, defaultBranch: 'main' });
        const pr = await gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'b.txt': 'b\n' } });
        prNumber = pr.number;
        headSha = pr.pull!.headSha;
      },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('does nothing when the PR has no ProwJobs at its head', async () => {
    await job('unit', 'c'.repeat(40), 'success', '2024-01-01T00:00:00Z');
    const out = await t.act((gh) => gh.comment('org', 'repo', prNumber, 'bob', '/refresh'));
    expect(out.errors).toEqual([]);
    expect(out.writes).toEqual([]);
  });

  it('reports the newest run of each presubmit at the head, and the failed-tests comment', async () => {
    await job('unit', headSha, 'failure', '2024-01-01T00:00:00Z');
    await job('unit', headSha, 'success', '2024-01-02T00:00:00Z');
    await job('e2e', headSha, 'failure', '2024-01-01T00:00:00Z');
    await job('quiet', headSha, 'failure', '2024-01-01T00:00:00Z', false);
    const out = await t.act((gh) => gh.comment('org', 'repo', prNumber, 'bob', '/REFRESH'));
    expect(out.errors).toEqual([]);
    const statuses = t.gh.statuses('org', 'repo', headSha).map((s) => `${s.context}=${s.state}`).sort();
    expect(statuses).toEqual(['e2e=failure', 'unit=success']);
    const report = t.gh.comments('org', 'repo', prNumber).filter((c) => c.user === 'k8s-ci-robot').map((c) => c.body);
    expect(report).toHaveLength(1);
    expect(report[0]).toContain('The following test **failed**');
    expect(report[0]).toContain('e2e');
  });

  it('ignores /refresh inside a sentence, and on closed PRs', async () => {
    const out = await t.act((gh) => gh.comment('org', 'repo', prNumber, 'bob', 'please /refresh'));
    expect(out.writes).toEqual([]);
    await t.gh.setIssueState('org', 'repo', prNumber, 'closed');
    const closed = await t.act((gh) => gh.comment('org', 'repo', prNumber, 'bob', '/refresh'));
    expect(closed.writes).toEqual([]);
  });
});
