// The review workflow on the built binary: a member's PR, `/lgtm` from a reviewer, `/hold`, and a push that takes
// lgtm away, through the real hook (signed webhooks from the fake GitHub, the plugins enabled in plugins.yaml).
// Each step is its own test on one PR, in order; the repo has OWNERS so approve and blunderbuss can join: add them
// to PLUGINS and a step where the approvers /approve.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeGitHub } from '../fakes/github/index.js';
import { Prow, waitForComment, waitForLabel, waitFor, done, seen } from './harness.js';

const ORG = 'acme';
const REPO = 'widgets';
const PLUGINS = ['lgtm', 'hold', 'assign', 'wip'];
const OWNERS = 'approvers:\n- alice\n- carol\nreviewers:\n- bob\n';

describe('the review workflow', () => {
  let gh: FakeGitHub;
  let prow: Prow | undefined;
  let number: number;
  const opts = (): { prow?: Prow } => (prow ? { prow } : {});

  beforeAll(async () => {
    gh = await FakeGitHub.start();
    gh.addOrg(ORG, { members: ['alice', 'bob', 'carol'] });
    await gh.createRepo(ORG, REPO, { files: { 'README.md': 'widgets\n', OWNERS }, defaultBranch: 'main' });
    for (const c of ['alice', 'bob', 'carol']) gh.addCollaborator(ORG, REPO, c, 'write');
    prow = await Prow.start({ github: gh, roles: ['hook'], plugins: { plugins: { [ORG]: PLUGINS } } });
    number = (await gh.openPullRequest(ORG, REPO, { author: 'alice', title: 'Add a widget', files: { 'src/widget.txt': 'w\n' } })).number;
  });

  afterAll(async () => {
    await prow?.stop();
    await gh.stop();
  });

  it('a reviewer\'s /lgtm leaves lgtm on the member\'s PR and assigns the reviewer', async () => {
    await gh.comment(ORG, REPO, number, 'bob', '/lgtm');
    await waitForLabel(gh, ORG, REPO, number, 'lgtm', true, opts());
    await waitFor('bob to be assigned', () => {
      const a = gh.issue(ORG, REPO, number).assignees;
      return a.includes('bob') ? done(a) : seen(a);
    }, { context: () => prow!.logTail() });
  });

  it('the author\'s own /lgtm is refused with upstream\'s reply', async () => {
    await gh.comment(ORG, REPO, number, 'alice', '/lgtm');
    await waitForComment(gh, ORG, REPO, number, (c) => c.body.startsWith('@alice: you cannot LGTM your own PR.'), opts());
  });

  it('/hold adds do-not-merge/hold', async () => {
    await gh.comment(ORG, REPO, number, 'alice', '/hold');
    await waitForLabel(gh, ORG, REPO, number, 'do-not-merge/hold', true, opts());
  });

  it('a push removes lgtm with the notice and keeps the hold', async () => {
    await gh.pushToPullRequest(ORG, REPO, number, { files: { 'src/widget.txt': 'w2\n' } });
    await waitForLabel(gh, ORG, REPO, number, 'lgtm', false, opts());
    await waitForComment(gh, ORG, REPO, number, (c) => c.body === 'New changes are detected. LGTM label has been removed.', opts());
    expect(gh.issue(ORG, REPO, number).labels).toContain('do-not-merge/hold');
  });

  it('/hold cancel takes the hold off', async () => {
    await gh.comment(ORG, REPO, number, 'carol', '/hold cancel');
    await waitForLabel(gh, ORG, REPO, number, 'do-not-merge/hold', false, opts());
  });

  it('a WIP title adds do-not-merge/work-in-progress, and dropping it removes the label', async () => {
    await gh.editIssue(ORG, REPO, number, { title: '[WIP] Add a widget' }, 'alice');
    await waitForLabel(gh, ORG, REPO, number, 'do-not-merge/work-in-progress', true, opts());
    await gh.editIssue(ORG, REPO, number, { title: 'Add a widget' }, 'alice');
    await waitForLabel(gh, ORG, REPO, number, 'do-not-merge/work-in-progress', false, opts());
  });

  it('handled every delivery without a plugin error', () => {
    expect(prow!.stderr).not.toMatch(/"level":"error"/);
  });
});
