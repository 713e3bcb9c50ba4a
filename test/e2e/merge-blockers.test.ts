// A PR's life through release-note and the merge blockers on the real `prow` binary (hook role, fake GitHub): after
// each event the PR carries exactly the labels Tide would read. Also `prow checkconfig --strict` on these plugins'
// config, good and misspelt.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { FakeGitHub } from '../fakes/github/index.js';
import { done, Prow, seen, waitFor, waitForStatus } from './harness.js';
import { runProw } from './subcommand.js';

const PLUGINS = {
  plugins: { org: ['release-note', 'mergecommitblocker', 'invalidcommitmsg', 'blockade', 'dco', 'cla', 'require-matching-label'] },
  blockades: [{ repos: ['org/repo'], blockregexps: ['^vendor/'], explanation: 'vendor is managed by a bot' }],
  require_matching_label: [{ org: 'org', repo: 'repo', prs: true, regexp: '^kind/', missing_label: 'needs-kind', grace_period: '0s' }],
  dco: { org: { contributing_branch: 'main' } },
};
const SIGN_OFF = '\n\nSigned-off-by: Carol <carol@example.com>';

describe('a PR through release-note and the merge blockers', () => {
  let gh: FakeGitHub;
  let prow: Prow;

  beforeAll(async () => {
    gh = await FakeGitHub.start();
    gh.addOrg('org', { members: ['alice'] });
    gh.addUser('carol');
    gh.addUser('easycla');
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
    prow = await Prow.start({ github: gh, roles: ['hook'], plugins: PLUGINS });
  });
  afterAll(async () => {
    await prow?.stop();
    await gh?.stop();
  });

  const labels = (): string[] => gh.issue('org', 'repo', 1).labels.map(String).sort();
  /** Waits until PR #1 carries exactly `want` (the plugins have handled the event and what their writes raised). */
  const settlesOn = (what: string, want: string[]): Promise<string[]> => waitFor(`${what}: labels ${want.join(', ')}`, () => {
    const now = labels();
    return JSON.stringify(now) === JSON.stringify([...want].sort()) ? done(now) : seen(now);
  }, { context: () => prow.logTail() });

  it('opened without a release note, unsigned, touching vendor/, no kind: every blocker says so', async () => {
    await gh.openPullRequest('org', 'repo', { author: 'carol', title: 'Update deps', body: 'Updates things.', message: 'Update deps', files: { 'vendor/lib.go': 'package lib\n' } });
    await settlesOn('opened', ['do-not-merge/release-note-label-needed', 'dco-signoff: no', 'do-not-merge/blocked-paths', 'needs-kind']);
    await waitForStatus(gh, 'org', 'repo', gh.issue('org', 'repo', 1).pull!.headSha, 'dco', 'failure', { prow });
  });

  it('a release note in the body: release-note replaces label-needed', async () => {
    await gh.editIssue('org', 'repo', 1, { body: 'Updates things.\n\n```release-note\nDependencies updated.\n```\n' }, 'carol');
    await settlesOn('body edited', ['release-note', 'dco-signoff: no', 'do-not-merge/blocked-paths', 'needs-kind']);
  });

  it('a force-push of one signed commit outside vendor/: dco passes and the path block goes', async () => {
    const base = await gh.branchSha('org', 'repo', 'main');
    const sha = await gh.state.repo('org', 'repo').git.commit({ parent: base!, files: { 'deps.txt': 'v2\n' }, message: `Update deps${SIGN_OFF}`, author: gh.state.gitPerson('carol') });
    await gh.pushToPullRequest('org', 'repo', 1, { headSha: sha }, 'carol');
    await settlesOn('force-pushed', ['release-note', 'dco-signoff: yes', 'needs-kind']);
  });

  it('merging main in (a merge commit) and a commit that "Fixes #9": the merge-commit and commit-message blockers', async () => {
    const pull = gh.issue('org', 'repo', 1).pull!;
    const mainSha = await gh.pushCommit('org', 'repo', 'main', { 'other.txt': 'o\n' });
    const repo = gh.state.repo('org', 'repo');
    const merge = await repo.git.commit({ parent: pull.headSha, extraParents: [mainSha], files: { 'other.txt': 'o\n' }, message: `Merge branch 'main'${SIGN_OFF}`, author: gh.state.gitPerson('carol') });
    const fix = await repo.git.commit({ parent: merge, files: { 'fix.txt': 'f\n' }, message: `Fixes #9${SIGN_OFF}`, author: gh.state.gitPerson('carol') });
    await gh.pushToPullRequest('org', 'repo', 1, { headSha: fix }, 'carol');
    await settlesOn('merge commit pushed', ['release-note', 'dco-signoff: yes', 'needs-kind', 'do-not-merge/contains-merge-commits', 'do-not-merge/invalid-commit-message']);
  });

  it('EasyCLA reports success and someone adds kind/cleanup: cncf-cla: yes, needs-kind goes', async () => {
    await gh.setStatus('org', 'repo', gh.issue('org', 'repo', 1).pull!.headSha, { state: 'success', context: 'EasyCLA' }, 'easycla');
    await gh.addLabels('org', 'repo', 1, ['kind/cleanup'], 'alice');
    await settlesOn('CLA and kind', ['release-note', 'dco-signoff: yes', 'do-not-merge/contains-merge-commits', 'do-not-merge/invalid-commit-message', 'cncf-cla: yes', 'kind/cleanup']);
  });

  it('a rebase onto main with a clean message clears the last blockers', async () => {
    const base = await gh.branchSha('org', 'repo', 'main');
    const sha = await gh.state.repo('org', 'repo').git.commit({ parent: base!, files: { 'deps.txt': 'v3\n' }, message: `Update deps${SIGN_OFF}`, author: gh.state.gitPerson('carol') });
    await gh.pushToPullRequest('org', 'repo', 1, { headSha: sha }, 'carol');
    // EasyCLA reports on the new head too.
    await gh.setStatus('org', 'repo', sha, { state: 'success', context: 'EasyCLA' }, 'easycla');
    await settlesOn('rebased', ['release-note', 'dco-signoff: yes', 'cncf-cla: yes', 'kind/cleanup']);
    // Each plugin deletes its notice once its label goes.
    await waitFor('the blockers\' notices to be deleted', () => {
      const left = gh.comments('org', 'repo', 1).filter((c) => /merge commits|invalid commit messages|DCO signoff|protected file|release-note block/.test(c.body));
      return left.length === 0 ? done(true) : seen(left.map((c) => c.body.split('\n')[0]));
    }, { context: () => prow.logTail() });
  });

  it('checkconfig --strict accepts this config and names a misspelt option with its path', async () => {
    const good = await runProw(['checkconfig', '--plugin-config', path.join(prow.configDir, 'plugins.yaml'), '--strict']);
    expect(good).toMatchObject({ code: 0, stderr: '' });
    const bad = path.join(prow.tmpDir, 'bad-plugins.yaml');
    writeFileSync(bad, 'plugins:\n  org: [blockade, dco]\nblockades:\n- repos: [org]\n  blockregexps: ["(unclosed"]\ndco:\n  org: {skip_dco_check_for_member: true}\n');
    const r = await runProw(['checkconfig', '--plugin-config', bad, '--strict']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain(`error: ${bad}: dco.org.skip_dco_check_for_member: unknown field "skip_dco_check_for_member"`);
    expect(r.stdout + r.stderr).toMatch(new RegExp(`error: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: blockades\\[0\\]\\.blockregexps\\[0\\]: .*\\(unclosed`));
  });
});
