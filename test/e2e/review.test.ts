// The review workflow on the built binary: a member's PR gets a reviewer requested from OWNERS (blunderbuss) and
// the approval notifier (approve); `/lgtm` from the reviewer and `/approve` from an approver leave `lgtm` and
// `approved` with one up-to-date notifier comment; `/hold`; a push takes lgtm away (approval stays), through the
// real hook (signed webhooks from the fake GitHub, the plugins enabled in plugins.yaml). Each step is its own test
// on one PR, in order.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeGitHub } from '../fakes/github/index.js';
import { Prow, waitForComment, waitForLabel, waitFor, done, seen } from './harness.js';

const ORG = 'acme';
const REPO = 'widgets';
const PLUGINS = ['lgtm', 'hold', 'assign', 'wip', 'approve', 'blunderbuss'];
const OWNERS = 'approvers:\n- alice\n- carol\nreviewers:\n- bob\n';

describe('the review workflow', () => {
  let gh: FakeGitHub;
  let prow: Prow | undefined;
  let number: number;
  const opts = (): { prow?: Prow } => (prow ? { prow } : {});

  beforeAll(async () => {
    gh = await FakeGitHub.start();
    gh.addOrg(ORG, { members: ['alice', 'bob', 'carol', 'dave'] });
    await gh.createRepo(ORG, REPO, { files: { 'README.md': 'widgets\n', OWNERS }, defaultBranch: 'main' });
    for (const c of ['alice', 'bob', 'carol', 'dave']) gh.addCollaborator(ORG, REPO, c, 'write');
    // OWNERS are cloned from --github-host, here the fake GitHub's git over plain HTTP.
    prow = await Prow.start({ github: gh, roles: ['hook'], plugins: { plugins: { [ORG]: PLUGINS } }, flags: { 'github-host': gh.url } });
    // dave is a member but not in OWNERS: his PR needs an approver.
    number = (await gh.openPullRequest(ORG, REPO, { author: 'dave', title: 'Add a widget', files: { 'src/widget.txt': 'w\n' } })).number;
  });

  const notifiers = () => gh.comments(ORG, REPO, number).filter((c) => c.body.includes('[APPROVALNOTIFIER]'));

  it('the new PR gets its OWNERS reviewer requested and a NOT APPROVED notifier', async () => {
    await waitFor('bob to be requested', () => {
      const r = gh.issue(ORG, REPO, number).pull!.requestedReviewers;
      return r.includes('bob') ? done(r) : seen(r);
    }, { context: () => prow!.logTail() });
    await waitForComment(gh, ORG, REPO, number, (c) => c.body.includes('This PR is **NOT APPROVED**'), opts());
    expect(gh.issue(ORG, REPO, number).labels).not.toContain('approved');
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
    await gh.comment(ORG, REPO, number, 'dave', '/lgtm');
    await waitForComment(gh, ORG, REPO, number, (c) => c.body.startsWith('@dave: you cannot LGTM your own PR.'), opts());
  });

  it('/approve from an approver adds approved, and the one notifier comment says APPROVED', async () => {
    await gh.comment(ORG, REPO, number, 'carol', '/approve');
    await waitForLabel(gh, ORG, REPO, number, 'approved', true, opts());
    await waitFor('the notifier to say APPROVED', () => {
      const n = notifiers();
      return n.length === 1 && n[0]!.body.includes('This PR is **APPROVED**') ? done(n) : seen(n.map((c) => c.body.slice(0, 80)));
    }, { context: () => prow!.logTail() });
    expect(notifiers()[0]!.body).toContain('carol');
    expect(gh.issue(ORG, REPO, number).labels).toEqual(expect.arrayContaining(['lgtm', 'approved']));
  });

  it('/hold adds do-not-merge/hold', async () => {
    await gh.comment(ORG, REPO, number, 'dave', '/hold');
    await waitForLabel(gh, ORG, REPO, number, 'do-not-merge/hold', true, opts());
  });

  it('a push removes lgtm with the notice and keeps the hold', async () => {
    await gh.pushToPullRequest(ORG, REPO, number, { files: { 'src/widget.txt': 'w2\n' } });
    await waitForLabel(gh, ORG, REPO, number, 'lgtm', false, opts());
    await waitForComment(gh, ORG, REPO, number, (c) => c.body === 'New changes are detected. LGTM label has been removed.', opts());
    expect(gh.issue(ORG, REPO, number).labels).toContain('do-not-merge/hold');
    // Approvals survive pushes, as upstream: still approved, still one notifier.
    expect(gh.issue(ORG, REPO, number).labels).toContain('approved');
    expect(notifiers()).toHaveLength(1);
  });

  it('/hold cancel takes the hold off', async () => {
    await gh.comment(ORG, REPO, number, 'carol', '/hold cancel');
    await waitForLabel(gh, ORG, REPO, number, 'do-not-merge/hold', false, opts());
  });

  it('a WIP title adds do-not-merge/work-in-progress, and dropping it removes the label', async () => {
    await gh.editIssue(ORG, REPO, number, { title: '[WIP] Add a widget' }, 'dave');
    await waitForLabel(gh, ORG, REPO, number, 'do-not-merge/work-in-progress', true, opts());
    await gh.editIssue(ORG, REPO, number, { title: 'Add a widget' }, 'dave');
    await waitForLabel(gh, ORG, REPO, number, 'do-not-merge/work-in-progress', false, opts());
  });

  it('handled every delivery without a plugin error', () => {
    expect(prow!.stderr).not.toMatch(/"level":"error"/);
  });
});
