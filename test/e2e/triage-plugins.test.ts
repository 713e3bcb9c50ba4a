// The triage plugins through the built binary and the fake GitHub: a PR goes through size, label, lifecycle,
// retitle and milestone as webhooks reach prow's /hook, and the labels, title, milestone and state on GitHub are
// checked after each event. A label command for a label the repo lacks gets its reply and the other plugins keep working.
// issue-management links an issue to the PR (its body) and moves an issue to another repo (GraphQL transferIssue).
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { FakeGitHub } from '../fakes/github/index.js';
import { done, Prow, seen, waitFor, waitForComment, waitForLabel } from './harness.js';

jest.setTimeout(150_000);

const PLUGINS = {
  plugins: { acme: { plugins: ['label', 'size', 'lifecycle', 'retitle', 'milestone', 'help', 'stage', 'issue-management'] } },
  size: { s: 5, m: 20, l: 50, xl: 100, xxl: 200 },
  repo_milestone: { 'acme/widgets': { maintainers_team: 'release', maintainers_friendly_name: 'release managers' } },
};

describe('triage plugins in the hook', () => {
  let gh: FakeGitHub;
  let prow: Prow;
  beforeAll(async () => {
    gh = await FakeGitHub.start();
    gh.addOrg('acme', { members: ['alice', 'rel'] });
    gh.addTeam('acme', 'release', { members: ['rel'] });
    gh.addUser('mallory');
    await gh.createRepo('acme', 'widgets', { files: { 'README.md': 'hi\n', '.gitattributes': '*.gen.go linguist-generated=true\n' }, defaultBranch: 'main' });
    for (const l of ['kind/bug', 'area/api']) gh.createLabel('acme', 'widgets', l);
    gh.createMilestone('acme', 'widgets', 'v1.0');
    await gh.createRepo('acme', 'gadgets', { defaultBranch: 'main' });
    prow = await Prow.start({ github: gh, roles: ['hook'], plugins: PLUGINS });
  });
  afterAll(async () => {
    await prow?.stop();
    await gh?.stop();
  });

  const lines = (n: number): string => 'x\n'.repeat(n);
  const labels = (): string[] => gh.issue('acme', 'widgets', 1).labels.map(String).sort();
  const opts = (): { prow: Prow } => ({ prow });

  it('labels, retitles, sets the milestone and closes a PR as its events arrive', async () => {
    await gh.openPullRequest('acme', 'widgets', { author: 'alice', title: 'wip', files: { 'a.go': lines(3), 'b.gen.go': lines(500) } });
    await waitForLabel(gh, 'acme', 'widgets', 1, 'size/XS', true, opts());
    expect(labels()).toEqual(['size/XS']);

    await gh.pushToPullRequest('acme', 'widgets', 1, { files: { 'a.go': lines(30) } }, 'alice');
    await waitForLabel(gh, 'acme', 'widgets', 1, 'size/M', true, opts());
    await waitForLabel(gh, 'acme', 'widgets', 1, 'size/XS', false, opts());

    await gh.comment('acme', 'widgets', 1, 'mallory', '/kind bug\n/area nowhere');
    await waitForComment(gh, 'acme', 'widgets', 1, (c) => c.body.startsWith('@mallory: The label(s) `area/nowhere` cannot be applied, because the repository doesn\'t have them.'), opts());
    await waitForLabel(gh, 'acme', 'widgets', 1, 'kind/bug', true, opts());
    expect(labels()).toEqual(['kind/bug', 'size/M']);

    await gh.comment('acme', 'widgets', 1, 'alice', '/retitle Fix the widget\n/lifecycle stale');
    await waitForLabel(gh, 'acme', 'widgets', 1, 'lifecycle/stale', true, opts());
    await waitFor('the new title', () => (gh.issue('acme', 'widgets', 1).title === 'Fix the widget' ? done(undefined) : seen(gh.issue('acme', 'widgets', 1).title)), { context: () => prow.logTail() });

    await gh.comment('acme', 'widgets', 1, 'alice', '/milestone v1.0');
    await waitForComment(gh, 'acme', 'widgets', 1, (c) => c.body.startsWith('@alice: You must be a member of the [acme/release]'), opts());
    await gh.comment('acme', 'widgets', 1, 'rel', '/milestone v1.0');
    await waitFor('the milestone', () => (gh.issue('acme', 'widgets', 1).milestone === 1 ? done(undefined) : seen(gh.issue('acme', 'widgets', 1).milestone)), { context: () => prow.logTail() });

    // Anyone may close what is stale.
    await gh.comment('acme', 'widgets', 1, 'mallory', '/close');
    await waitForComment(gh, 'acme', 'widgets', 1, (c) => c.body.startsWith('@mallory: Closed this PR.'), opts());
    expect(gh.issue('acme', 'widgets', 1).state).toBe('closed');
    expect(labels()).toEqual(['kind/bug', 'lifecycle/stale', 'size/M']);
  });

  it('links an issue to the PR and transfers an issue to another repo of the org', async () => {
    await gh.createIssue('acme', 'widgets', 'mallory', { title: 'gadget bug' }); // #2
    await gh.comment('acme', 'widgets', 1, 'alice', '/link-issue 2');
    await waitFor('the Fixes line', () => {
      const body = gh.issue('acme', 'widgets', 1).body ?? '';
      return body.endsWith('Fixes #2') ? done(undefined) : seen(body);
    }, { context: () => prow.logTail() });

    await gh.comment('acme', 'widgets', 2, 'alice', '/transfer-issue gadgets');
    await waitFor('the issue in acme/gadgets', () => {
      const moved = gh.state.repo('acme', 'gadgets').issues.get(1);
      return moved?.title === 'gadget bug' ? done(undefined) : seen(moved?.title);
    }, { context: () => prow.logTail() });
    expect(gh.state.repo('acme', 'widgets').issues.has(2)).toBe(false);
  });
});
