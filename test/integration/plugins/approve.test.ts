// The approve plugin on the plugin test kit: real OWNERS trees in the fake GitHub's git repositories, comments and
// reviews as users make them, and the label and [APPROVALNOTIFIER] comment that must come out.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { approve } from '../../../plugins/approve/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { PluginTester, pluginCases } from '../../support/plugin-tester.js';

const labelsOf = (gh: FakeGitHub, n: number): string[] => gh.issue('org', 'repo', n).labels.map((l) => (typeof l === 'string' ? l : (l as { name: string }).name));
const notifiers = (gh: FakeGitHub, n: number) => gh.comments('org', 'repo', n).filter((c) => c.body.startsWith('[APPROVALNOTIFIER]'));
/** The one notifier comment on PR n (the test fails if there is not exactly one). */
function notifier(gh: FakeGitHub, n: number): string {
  const all = notifiers(gh, n);
  expect(all).toHaveLength(1);
  return all[0]!.body;
}

// The seed docs' example ("Approval Handler and the Approved Label"): A is the top directory, E under A/B and G
// under A/C are changed; approver1 owns E, approver2 owns C and G, approver3 owns D (nothing changed there).
const DOC_TREE = {
  'A/OWNERS': 'approvers:\n- root-approver\n',
  'A/B/OWNERS': 'reviewers:\n- reviewer-b\n',
  'A/B/E/OWNERS': 'approvers:\n- approver1\n',
  'A/C/OWNERS': 'approvers:\n- approver2\n',
  'A/C/G/OWNERS': 'approvers:\n- approver2\n',
  'A/D/OWNERS': 'approvers:\n- approver3\n',
  'README.md': 'hi\n',
};

const LINKS = `The full list of commands accepted by this bot can be found [here](https://go.k8s.io/bot-commands?repo=org%2Frepo).`;
const PROCESS = 'https://git.k8s.io/community/contributors/guide/owners.md#the-code-review-process';
const FOOTER = 'Approvers can indicate their approval by writing `/approve` in a comment\nApprovers can cancel approval by writing `/approve cancel` in a comment\n</details>';
const E = '[A/B/E/OWNERS](https://github.com/org/repo/blob/main/A/B/E/OWNERS)';
const G = '[A/C/G/OWNERS](https://github.com/org/repo/blob/main/A/C/G/OWNERS)';
const by = (who: [string, string][]): string => who.map(([login, how]) => `*<a href="…" title="${how}">${login}</a>*`).join(', ');
/** Links to comments differ per run: compare them as "…" (and check one of them separately). */
const unlinked = (body: string): string => body.replace(/href="[^"]*"/g, 'href="…"');
const assignHint = (who: string[]): string =>
  `**Once this PR has been reviewed and has the lgtm label**, please assign ${who.map((w) => `[${w}](https://github.com/${w})`).join(', ')} for approval. For more information see [the Kubernetes Code Review Process](${PROCESS}).`;

describe('approve: the documented approval example, step by step', () => {
  let t: PluginTester;
  let pr: number;
  beforeAll(async () => {
    t = await PluginTester.start({
      plugin: approve, config: '{}', plugins: 'plugins:\n  org: [approve]\n', inRepoConfig: false,
      seed: async (gh) => {
        gh.addOrg('org', { members: ['PRAuthor', 'approver1', 'approver2', 'approver3', 'root-approver'] });
        await gh.createRepo('org', 'repo', { files: DOC_TREE, defaultBranch: 'main' });
      },
    });
  });
  afterAll(async () => {
    await t.stop();
  });
  const comment = (who: string, body: string) => t.act((gh) => gh.comment('org', 'repo', pr, who, body));

  it('step 1: PRAuthor opens the PR; the bot suggests approver1 and approver2 and lists both OWNERS files', async () => {
    const out = await t.act(async (gh) => {
      pr = (await gh.openPullRequest('org', 'repo', { author: 'PRAuthor', files: { 'A/B/E/e.go': 'package e\n', 'A/C/G/g.go': 'package g\n' } })).number;
    });
    expect(out.errors).toEqual([]);
    const body = notifier(t.gh, pr);
    expect(body).toMatch(new RegExp(`href="[^"]*/org/repo/pull/${pr}#" title="Author self-approved"`));
    expect(unlinked(body)).toBe(`[APPROVALNOTIFIER] This PR is **NOT APPROVED**

This pull-request has been approved by: ${by([['PRAuthor', 'Author self-approved']])}
${assignHint(['approver1', 'approver2'])}

${LINKS}

<details open>
Needs approval from an approver in each of these files:

- **${E}**
- **${G}**

${FOOTER}
<!-- META={"approvers":["approver1","approver2"]} -->`);
    expect(labelsOf(t.gh, pr)).not.toContain('approved');
  });

  it('step 2: approver1 (E) approves; E is struck through with approver1, approver2 is still suggested', async () => {
    const out = await comment('approver1', '/approve');
    expect(out.errors).toEqual([]);
    // Edited in place: no new comment.
    expect(out.writes.map((w) => w.method)).toEqual(['PATCH']);
    const body = notifier(t.gh, pr);
    const approval = t.gh.comments('org', 'repo', pr).find((c) => c.user === 'approver1')!;
    expect(body).toContain(`title="Approved">approver1</a>`);
    expect(body).toContain(`/pull/${pr}#issuecomment-${approval.id}`);
    expect(unlinked(body)).toBe(`[APPROVALNOTIFIER] This PR is **NOT APPROVED**

This pull-request has been approved by: ${by([['approver1', 'Approved'], ['PRAuthor', 'Author self-approved']])}
${assignHint(['approver2'])}

${LINKS}

<details open>
Needs approval from an approver in each of these files:

- ~~${E}~~ [approver1]
- **${G}**

${FOOTER}
<!-- META={"approvers":["approver2"]} -->`);
  });

  let step3 = '';
  it('step 3: approver3 (D only) approves; listed as approving, nothing else changes', async () => {
    await comment('approver3', '/approve');
    step3 = notifier(t.gh, pr);
    expect(unlinked(step3)).toBe(`[APPROVALNOTIFIER] This PR is **NOT APPROVED**

This pull-request has been approved by: ${by([['approver1', 'Approved'], ['approver3', 'Approved'], ['PRAuthor', 'Author self-approved']])}
${assignHint(['approver2'])}

${LINKS}

<details open>
Needs approval from an approver in each of these files:

- ~~${E}~~ [approver1]
- **${G}**

${FOOTER}
<!-- META={"approvers":["approver2"]} -->`);
    expect(labelsOf(t.gh, pr)).not.toContain('approved');
  });

  it('step 4: approver1 writes /lgtm; the comment stays as it was (lgtm does not act as approval by default)', async () => {
    const out = await comment('approver1', '/lgtm');
    expect(out.writes).toEqual([]);
    expect(notifier(t.gh, pr)).toBe(step3);
  });

  it('step 5: approver2 (C, parent of G) approves; the PR is approved and both files are struck through', async () => {
    const out = await comment('approver2', '/approve');
    expect(out.errors).toEqual([]);
    expect(labelsOf(t.gh, pr)).toContain('approved');
    expect(unlinked(notifier(t.gh, pr))).toBe(`[APPROVALNOTIFIER] This PR is **APPROVED**

This pull-request has been approved by: ${by([['approver1', 'Approved'], ['approver2', 'Approved'], ['approver3', 'Approved'], ['PRAuthor', 'Author self-approved']])}

${LINKS}

The pull request process is described [here](${PROCESS})

<details >
Needs approval from an approver in each of these files:

- ~~${E}~~ [approver1]
- ~~${G}~~ [approver2]

${FOOTER}
<!-- META={"approvers":[]} -->`);
  });

  it('/approve cancel takes approver2\'s approval back: the label goes, G is unapproved again', async () => {
    await comment('approver2', '/approve cancel');
    expect(labelsOf(t.gh, pr)).not.toContain('approved');
    const body = notifier(t.gh, pr);
    expect(body).toContain('This PR is **NOT APPROVED**');
    expect(body).toContain(`- **${G}**\n`);
    expect(body).toContain(assignHint(['approver2']));
  });
});

// One repo per approve setting, all with the same OWNERS tree: root approves everything, alice owns a/, bob owns
// b/, carol owns iso/ alone (no_parent_owners), and broken/OWNERS does not parse (its files fall back to the root).
const TREE = {
  OWNERS: 'approvers:\n- root\n',
  'a/OWNERS': 'approvers:\n- alice\nreviewers:\n- ann\n',
  'b/OWNERS': 'approvers:\n- bob\n',
  'iso/OWNERS': 'options:\n  no_parent_owners: true\napprovers:\n- carol\n',
  'broken/OWNERS': 'approvers: [unclosed\n',
  'README.md': 'hi\n',
};
const REPOS = ['plain', 'noreview', 'lgtm', 'self', 'issue', 'iso', 'broken', 'spam', 'assigned', 'assignee'];
const APPROVE_YAML = `plugins:
  org: [approve]
approve:
- repos: [org/noreview]
  ignore_review_state: true
- repos: [org/lgtm]
  lgtm_acts_as_approve: true
- repos: [org/self]
  require_self_approval: true
- repos: [org/issue]
  issue_required: true
  commandHelpLink: https://prow.example.com/command-help
  pr_process_link: https://example.com/process
`;

const onRepo = (repo: string) => ({
  labels: (gh: FakeGitHub): string[] => gh.issue('org', repo, 1).labels.map((l) => (typeof l === 'string' ? l : (l as { name: string }).name)),
  notifier: (gh: FakeGitHub): string => {
    const all = gh.comments('org', repo, 1).filter((c) => c.body.startsWith('[APPROVALNOTIFIER]'));
    expect(all).toHaveLength(1);
    return all[0]!.body;
  },
});
const say = (repo: string, who: string, body: string) => async (gh: FakeGitHub) => gh.comment('org', repo, 1, who, body);

pluginCases('approve: commands, reviews and options', {
  plugin: approve, config: '{}', plugins: APPROVE_YAML, inRepoConfig: false,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['author', 'root', 'alice', 'bob', 'carol', 'ann'] });
    for (const repo of REPOS) {
      await gh.createRepo('org', repo, { files: TREE, defaultBranch: 'main' });
      const files: Record<string, string> = repo === 'iso' ? { 'iso/x.go': 'x\n', 'a/y.go': 'y\n' } : repo === 'broken' ? { 'broken/x.go': 'x\n' } : { 'a/x.go': 'x\n', 'b/y.go': 'y\n' };
      await gh.openPullRequest('org', repo, { author: 'author', files, body: repo === 'issue' ? 'no issue here' : 'Fixes #7' });
    }
    await gh.openPullRequest('org', 'issue', { author: 'author', files: { 'a/x.go': 'x\n' }, body: 'Fixes #7' });
    gh.issue('org', 'assignee', 1).assignees.push('root');
  },
}, [
  { name: 'a quoted /approve is not a command', act: say('plain', 'root', '> /approve\nno'), noWrites: true },
  { name: 'a comment without /approve does nothing', act: say('plain', 'alice', 'looks fine'), noWrites: true },
  {
    name: 'alice approves a/: the notifier is created, b/ still needs bob',
    act: say('plain', 'alice', '/approve'),
    comments: ['[APPROVALNOTIFIER] This PR is **NOT APPROVED**', 'please assign [bob](https://github.com/bob) for approval'],
    check: (_o, t) => expect(onRepo('plain').labels(t.gh)).not.toContain('approved'),
  },
  {
    name: 'a GitHub APPROVED review from bob approves b/: the label is added and the notifier edited in place',
    act: async (gh) => gh.review('org', 'plain', 1, 'bob', 'APPROVED'),
    labelsAdded: ['approved'],
    check: (out, t) => {
      expect(out.writes.filter((w) => w.method === 'POST' && /comments$/.test(w.path))).toEqual([]);
      expect(onRepo('plain').notifier(t.gh)).toContain('This PR is **APPROVED**');
    },
  },
  {
    name: 'a CHANGES_REQUESTED review from bob cancels his approval',
    act: async (gh) => gh.review('org', 'plain', 1, 'bob', 'CHANGES_REQUESTED', 'please fix'),
    check: (_o, t) => {
      expect(onRepo('plain').labels(t.gh)).not.toContain('approved');
      expect(onRepo('plain').notifier(t.gh)).toContain('- **[b/OWNERS](https://github.com/org/repo'.replace('repo', 'plain'));
    },
  },
  {
    name: 'a push keeps the approvals (the notifier is already right: nothing written)',
    act: async (gh) => gh.pushToPullRequest('org', 'plain', 1, { files: { 'a/x.go': 'x2\n' } }),
    noWrites: true,
  },
  {
    name: 'the root approver covers every file',
    act: say('plain', 'root', '/approve'),
    labelsAdded: ['approved'],
  },
  {
    name: '/remove-approve takes the root approval back',
    act: say('plain', 'root', '/remove-approve'),
    check: (_o, t) => expect(onRepo('plain').labels(t.gh)).not.toContain('approved'),
  },
  {
    name: 'ignore_review_state: an APPROVED review from a root approver does nothing',
    act: async (gh) => gh.review('org', 'noreview', 1, 'root', 'APPROVED'),
    noWrites: true,
  },
  {
    name: 'ignore_review_state: /approve in a review body still counts',
    act: async (gh) => gh.review('org', 'noreview', 1, 'root', 'COMMENTED', '/approve'),
    labelsAdded: ['approved'],
  },
  {
    name: 'lgtm_acts_as_approve: /lgtm from the root approver approves (shown as LGTM)',
    act: say('lgtm', 'root', '/lgtm'),
    labelsAdded: ['approved'],
    comments: ['title="LGTM">root</a>'],
  },
  {
    name: 'require_self_approval: the author is not counted until they approve',
    act: say('self', 'alice', '/approve'),
    check: (_o, t) => {
      const body = onRepo('self').notifier(t.gh);
      expect(body).toContain('This pull-request has been approved by: *<a href=');
      expect(body).not.toContain('Author self-approved');
      expect(body).not.toContain('>author</a>');
    },
  },
  {
    name: 'issue_required: files approved but no linked issue: NOT APPROVED, with upstream\'s hint and the configured links',
    act: say('issue', 'root', '/approve'),
    comments: [
      '*No associated issue*. Update pull-request body to add a reference to an issue, or get approval with `/approve no-issue`',
      '[here](https://prow.example.com/command-help?repo=org%2Fissue)',
      'The pull request process is described [here](https://example.com/process)',
      'This PR is **NOT APPROVED**',
    ],
    check: (_o, t) => expect(onRepo('issue').labels(t.gh)).not.toContain('approved'),
  },
  {
    name: 'issue_required: /approve no-issue from an approver bypasses the requirement',
    act: say('issue', 'root', '/approve no-issue'),
    labelsAdded: ['approved'],
    check: (_o, t) => expect(onRepo('issue').notifier(t.gh)).toMatch(/Associated issue requirement bypassed by: \*<a href="[^"]+" title="Approved">root<\/a>\*/),
  },
  {
    name: 'issue_required: a PR whose body links an issue is approved by a plain /approve',
    act: async (gh) => gh.comment('org', 'issue', 2, 'root', '/approve'),
    labelsAdded: ['approved'],
    comments: ['Associated issue: *#7*'],
  },
  {
    name: 'no_parent_owners: the root approver does not cover iso/, carol is suggested',
    act: say('iso', 'root', '/approve'),
    comments: ['please assign [carol](https://github.com/carol) for approval', '- ~~[a/OWNERS](https://github.com/org/iso/blob/main/a/OWNERS)~~ [root]', '- **[iso/OWNERS]'],
    check: (_o, t) => expect(onRepo('iso').labels(t.gh)).not.toContain('approved'),
  },
  {
    name: 'no_parent_owners: carol approves iso/: approved',
    act: say('iso', 'carol', '/approve'),
    labelsAdded: ['approved'],
  },
  {
    name: 'a broken OWNERS file: its files fall back to the parent OWNERS (root is suggested)',
    act: say('broken', 'bob', '/approve'),
    comments: ['please assign [root](https://github.com/root) for approval', '- **[OWNERS](https://github.com/org/broken/blob/main/OWNERS)**'],
  },
  {
    name: 'a comment with a thousand /approve lines counts once: one notifier, one label',
    act: say('spam', 'root', Array.from({ length: 1000 }, () => '/approve').join('\n')),
    labelsAdded: ['approved'],
    check: (out, t) => {
      expect(out.writes.map((w) => `${w.method} ${w.path.replace(/\d+/g, 'N')}`).sort()).toEqual(['POST /repos/org/spam/issues/N/comments', 'POST /repos/org/spam/issues/N/labels']);
      onRepo('spam').notifier(t.gh);
    },
  },
  {
    name: 'a current assignee who can approve the rest is asked rather than a new name',
    act: say('assignee', 'alice', '/approve'),
    comments: ['please ask for approval from [root](https://github.com/root). For more information see', '<!-- META={"approvers":["root"]} -->'],
  },
  {
    name: 'a person adding the approved label by hand: requirements bypassed, label kept',
    act: async (gh) => gh.addLabels('org', 'assigned', 1, ['approved'], 'root'),
    comments: ['Approval requirements bypassed by manually added approval.', 'This PR is **APPROVED**'],
    check: (out) => expect(out.writes.some((w) => w.method === 'DELETE')).toBe(false),
  },
  {
    name: 'a duplicate notifier left behind is deleted and the latest one edited',
    act: async (gh) => {
      await gh.comment('org', 'spam', 1, 'k8s-ci-robot', '[APPROVALNOTIFIER] This PR is **NOT APPROVED**\n\nold');
      await gh.comment('org', 'spam', 1, 'alice', '/approve');
    },
    check: (out, t) => {
      expect(out.writes.map((w) => w.method).sort()).toEqual(['DELETE', 'PATCH']);
      expect(onRepo('spam').notifier(t.gh)).toContain('title="Approved">alice</a>');
    },
  },
]);
