// bugzilla: PR titles naming a bug are validated against a fake Bugzilla (REST and JSON-RPC) through the real
// client, with the labels and replies upstream gives; refresh and cc-qa; bug moves on merge and close; a clone for
// an automated cherry-pick; and a Bugzilla that is down, answers junk, or is not configured.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bugzilla } from '../../../plugins/bugzilla/index.js';
import { BugzillaClient } from '../../../src/bugzilla/client.js';
import { FakeBugzilla, type FakeBug } from '../../fakes/bugzilla/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases, PluginTester, type Outcome } from '../../support/plugin-tester.js';

const PLUGINS = `plugins:
  org: [bugzilla]
bugzilla:
  default:
    '*':
      is_open: true
      target_release: '4.2'
      valid_states: [{status: NEW}, {status: ASSIGNED}]
      state_after_validation: {status: POST}
      add_external_link: true
      state_after_merge: {status: MODIFIED}
      state_after_close: {status: NEW}
      enable_backporting: true
      allowed_groups: [public]
    release-4.1:
      target_release: '4.1'
`;
const CONFIG = 'tide:\n  queries:\n  - repos: [org/repo]\n';

const BUGS: FakeBug[] = [
  { id: 1, summary: 'fix it', status: 'NEW', is_open: true, target_release: ['4.2'], severity: 'high', qa_contact_detail: { email: 'qa@example.com' } },
  { id: 2, summary: 'old', status: 'CLOSED', resolution: 'ERRATA', is_open: false, target_release: ['4.1'], severity: 'low' },
  { id: 3, summary: 'secret', status: 'NEW', is_open: true, target_release: ['4.2'], groups: ['secret'] },
  { id: 4, summary: 'closing', status: 'NEW', is_open: true, target_release: ['4.2'] },
  { id: 5, summary: 'no qa', status: 'NEW', is_open: true, target_release: ['4.2'], severity: 'urgent' },
  { id: 6, summary: 'moved', status: 'NEW', is_open: true, target_release: ['4.2'] },
  { id: 7, summary: 'shared', status: 'NEW', is_open: true, target_release: ['4.2'], qa_contact_detail: { email: 'shared@example.com' } },
];

async function seed(gh: FakeGitHub): Promise<void> {
  gh.addOrg('org', { members: ['alice'] });
  gh.addUser('qa-person', { email: 'qa@example.com' });
  gh.addUser('qa-one', { email: 'shared@example.com' });
  gh.addUser('qa-two', { email: 'Shared@example.com' });
  await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
  await gh.pushCommit('org', 'repo', 'release-4.1', { 'b.txt': 'b\n' });
  await gh.createIssue('org', 'repo', 'alice', { title: 'an issue' });
}

const comments = (out: Outcome): string[] => out.writes.filter((w) => w.method === 'POST' && /\/comments$/.test(w.path)).map((w) => String((w.body as { body: string }).body));
const labelsAdded = (out: Outcome): string[] => out.writes.filter((w) => w.method === 'POST' && /\/labels$/.test(w.path)).flatMap((w) => (w.body as { labels: string[] }).labels);
const labelsRemoved = (out: Outcome): string[] => out.writes.filter((w) => w.method === 'DELETE' && /\/labels\//.test(w.path)).map((w) => decodeURIComponent(w.path.split('/labels/')[1]!));

const fake = await FakeBugzilla.start({ apiKey: 'secret-key', bugs: BUGS });
afterAll(() => fake.stop());
const pr: Record<string, number> = {};
const open = async (gh: FakeGitHub, key: string, title: string, opts: { base?: string; body?: string } = {}): Promise<void> => {
  pr[key] = (await gh.openPullRequest('org', 'repo', { author: 'alice', title, files: { [`${key}.txt`]: `${key}\n` }, ...opts })).number;
};
const ep = fake.url;

pluginCases('bugzilla', {
  plugin: bugzilla, plugins: PLUGINS, config: CONFIG, inRepoConfig: false, seed,
  services: { bugzilla: new BugzillaClient({ endpoint: fake.url, apiKey: () => 'secret-key' }) },
}, [
  {
    name: 'a valid bug: valid and severity labels, moved to POST, the PR linked, the QA contact asked for review',
    act: (gh) => open(gh, 'valid', 'Bug 1: fix it'),
    labelsAdded: ['bugzilla/severity-high', 'bugzilla/valid-bug'],
    comments: [
      `This pull request references [Bugzilla bug 1](${ep}/show_bug.cgi?id=1), which is valid. The bug has been moved to the POST state. The bug has been updated to refer to the pull request using the external bug tracker.`,
      '<summary>3 validation(s) were run on this bug</summary>\n\n* bug is open, matching expected state (open)\n* bug target release (4.2) matches configured target release for branch (4.2)\n* bug is in the state NEW, which is one of the valid states (NEW, ASSIGNED, POST)</details>',
      'Requesting review from QA contact:\n/cc @qa-person',
      '>Bug 1: fix it',
    ],
    check: () => {
      expect(fake.bug(1).status).toBe('POST');
      expect(fake.links(1).map((l) => l.id)).toEqual([`org/repo/pull/${pr.valid}`]);
    },
  },
  {
    name: 'an invalid bug: invalid label and every reason',
    act: (gh) => open(gh, 'invalid', 'Bug 2: old thing'),
    labelsAdded: ['bugzilla/severity-low', 'bugzilla/invalid-bug'],
    comments: [`This pull request references [Bugzilla bug 2](${ep}/show_bug.cgi?id=2), which is invalid:
 - expected the bug to be open, but it isn't
 - expected the bug to target the "4.2" release, but it targets "4.1" instead
 - expected the bug to be in one of the following states: NEW, ASSIGNED, POST, but it is CLOSED (ERRATA) instead

Comment <code>/bugzilla refresh</code> to re-evaluate validity`],
    check: () => expect(fake.bug(2).status).toBe('CLOSED'),
  },
  { name: 'a title naming no bug is left alone (validate_by_default is off)', act: (gh) => open(gh, 'nobug', 'just a change'), noWrites: true },
  {
    name: '/bugzilla refresh on a PR naming no bug says how to name one',
    act: (gh) => gh.comment('org', 'repo', pr.nobug!, 'alice', '/bugzilla refresh'),
    comments: ["No Bugzilla bug is referenced in the title of this pull request.\nTo reference a bug, add 'Bug XXX:' to the title"],
  },
  {
    name: '/bugzilla refresh on an issue is refused',
    act: (gh) => gh.comment('org', 'repo', 1, 'alice', '/bugzilla refresh'),
    comments: ['Bugzilla bug referencing is only supported for Pull Requests, not issues.'],
  },
  {
    name: 'a bug that does not exist',
    act: (gh) => open(gh, 'missing', 'Bug 999: nope'),
    comments: [`No Bugzilla bug with ID 999 exists in the tracker at ${ep}.\nOnce a valid bug is referenced`],
    check: (out) => expect(labelsAdded(out)).toEqual([]),
  },
  {
    name: 'a bug in a group the repo does not allow',
    act: (gh) => open(gh, 'secret', 'Bug 3: secret'),
    comments: [`[Bugzilla bug 3](${ep}/show_bug.cgi?id=3) is in a bug group that is not in the allowed groups for this repo.\nAllowed groups for this repo are:\n- public`],
    check: (out) => expect(labelsAdded(out)).toEqual([]),
  },
  {
    name: 'retitling the invalid PR to a valid bug swaps the labels',
    act: (gh) => gh.editIssue('org', 'repo', pr.invalid!, { title: 'Bug 1: fix it too' }, 'alice'),
    labelsAdded: ['bugzilla/valid-bug', 'bugzilla/severity-high'],
    check: (out) => {
      expect(labelsRemoved(out).sort()).toEqual(['bugzilla/invalid-bug', 'bugzilla/severity-low']);
      expect(fake.links(1).map((l) => l.id)).toEqual([`org/repo/pull/${pr.valid}`, `org/repo/pull/${pr.invalid}`]);
    },
  },
  {
    name: 'an edit that keeps the same bug is left alone',
    act: (gh) => gh.editIssue('org', 'repo', pr.invalid!, { title: 'Bug 1: fix it, too' }, 'alice'),
    noWrites: true,
  },
  {
    name: 'merging one of two linked PRs leaves the bug where it is and says which PR is open',
    act: (gh) => gh.merge('org', 'repo', pr.valid!),
    check: (out) => {
      expect(comments(out)).toEqual([expect.stringContaining(`Some pull requests linked via external trackers have merged:\n * [org/repo#${pr.valid}](https://github.com/org/repo/pull/${pr.valid})\n\nThe following pull requests linked via external trackers have not merged:\n * [org/repo#${pr.invalid}](https://github.com/org/repo/pull/${pr.invalid}) is open`)]);
      expect(fake.bug(1).status).toBe('POST');
    },
  },
  {
    name: 'merging the last linked PR moves the bug to state_after_merge',
    act: (gh) => gh.merge('org', 'repo', pr.invalid!),
    check: (out) => {
      expect(comments(out)).toEqual([expect.stringContaining(`All pull requests linked via external trackers have merged:\n * [org/repo#${pr.valid}](https://github.com/org/repo/pull/${pr.valid})\n * [org/repo#${pr.invalid}](https://github.com/org/repo/pull/${pr.invalid})\n\n[Bugzilla bug 1](${ep}/show_bug.cgi?id=1) has been moved to the MODIFIED state.`)]);
      expect(fake.bug(1).status).toBe('MODIFIED');
    },
  },
  {
    name: 'a bug a person moved on meanwhile is not moved on merge',
    act: async (gh, t) => {
      await t.act((g) => open(g, 'moved', 'Bug 6: moved by hand'));
      expect(fake.bug(6).status).toBe('POST');
      fake.bug(6).status = 'VERIFIED';
      await gh.merge('org', 'repo', pr.moved!);
    },
    comments: [`[Bugzilla bug 6](${ep}/show_bug.cgi?id=6) is in an unrecognized state (VERIFIED) and will not be moved to the MODIFIED state.`],
    check: () => expect(fake.bug(6).status).toBe('VERIFIED'),
  },
  {
    name: 'closing an unmerged PR unlinks it and, with no links left, moves the bug to state_after_close',
    act: async (gh) => {
      await open(gh, 'closing', 'Bug 4: closing');
      await gh.setIssueState('org', 'repo', pr.closing!, 'closed', 'alice');
    },
    comments: [`This pull request references [Bugzilla bug 4](${ep}/show_bug.cgi?id=4). The bug has been updated to no longer refer to the pull request using the external bug tracker. All external bug links have been closed. The bug has been moved to the NEW state.`],
    check: () => {
      expect(fake.links(4)).toEqual([]);
      expect(fake.bug(4).status).toBe('NEW');
      expect(fake.comments(4).at(-1)).toMatchObject({ text: `Bug status changed to NEW as previous linked PR https://github.com/org/repo/pull/${pr.closing} has been closed`, is_private: true });
    },
  },
  {
    name: 'an automated cherry-pick gets a clone of the bug for its branch release and is retitled to it',
    act: (gh) => open(gh, 'pick', '[release-4.1] Bug 1: fix it', { base: 'release-4.1', body: `This is an automated cherry-pick of #${pr.valid}\n\n/assign alice` }),
    comments: [/\[Bugzilla bug 1\]\(.*\) has been cloned as \[Bugzilla bug 1000\]\(.*id=1000\)\. Retitling PR to link against new bug\.\n\/retitle \[release-4\.1\] Bug 1000: fix it/],
    check: () => {
      expect(fake.bug(1000)).toMatchObject({ summary: 'fix it', severity: 'high', target_release: ['4.1'], depends_on: [1] });
      expect(fake.comments(1000)[0]!.text).toBe('+++ This bug was initially created as a clone of Bug #1 +++\n\nDescription of 1');
    },
  },
  {
    name: 'a second cherry-pick to the same release finds the clone instead of making another',
    act: (gh) => open(gh, 'pick2', '[release-4.1] Bug 1: fix it', { base: 'release-4.1', body: `This is an automated cherry-pick of #${pr.valid}` }),
    comments: [/Detected clone of \[Bugzilla bug 1\].* with correct target release\. Retitling PR to link to clone:\n\/retitle \[release-4\.1\] Bug 1000: fix it/],
  },
  {
    name: '/bugzilla cc-qa on a bug with no QA contact says so',
    act: async (gh) => {
      await open(gh, 'noqa', 'Bug 5: no qa');
      await gh.comment('org', 'repo', pr.noqa!, 'alice', '/bugzilla cc-qa');
    },
    comments: [`[Bugzilla bug 5](${ep}/show_bug.cgi?id=5) does not have a QA contact, skipping assignment`],
  },
  {
    name: 'retitling a PR to name no bug removes its labels and says how to name one',
    act: (gh) => gh.editIssue('org', 'repo', pr.noqa!, { title: 'no bug any more' }, 'alice'),
    comments: ["No Bugzilla bug is referenced in the title of this pull request."],
    check: (out) => expect(labelsRemoved(out).sort()).toEqual(['bugzilla/severity-urgent', 'bugzilla/valid-bug']),
  },
  {
    name: '/bugzilla cc-qa with several GitHub users for the QA email lists them instead of asking one',
    act: async (gh) => {
      await gh.editIssue('org', 'repo', pr.noqa!, { title: 'Bug 7: shared qa' }, 'alice');
      await gh.comment('org', 'repo', pr.noqa!, 'alice', '/bugzilla cc-qa');
    },
    comments: ['Multiple GitHub users were found matching the public email listed for the QA contact in Bugzilla (shared@example.com), skipping review request. List of users with matching email:\n\t- qa-one\n\t- qa-two'],
  },
  {
    name: 'a bugzilla/valid-bug label a person added is kept on an invalid bug',
    act: async (gh) => {
      await open(gh, 'manual', 'Bug 2: manual');
      await gh.addLabels('org', 'repo', pr.manual!, ['bugzilla/valid-bug'], 'alice');
      await gh.comment('org', 'repo', pr.manual!, 'alice', '/bugzilla refresh');
    },
    comments: ['Retaining the bugzilla/valid-bug label as it was manually added.'],
    check: (out) => expect(labelsAdded(out)).not.toContain('bugzilla/invalid-bug'),
  },
]);

describe('bugzilla when Bugzilla fails', () => {
  let t: PluginTester;
  let down: PluginTester;
  let none: PluginTester;
  beforeAll(async () => {
    const base = { plugin: bugzilla, plugins: PLUGINS, config: CONFIG, inRepoConfig: false, seed };
    t = await PluginTester.start({ ...base, services: { bugzilla: new BugzillaClient({ endpoint: fake.url, apiKey: () => 'secret-key' }) } });
    down = await PluginTester.start({ ...base, services: { bugzilla: new BugzillaClient({ endpoint: 'http://127.0.0.1:9' }) } });
    none = await PluginTester.start(base);
  });
  afterAll(async () => {
    fake.answerJunk = false;
    await Promise.all([t.stop(), down.stop(), none.stop()]);
  });

  it('a Bugzilla that cannot be reached gets upstream\'s error reply and no labels', async () => {
    const out = await down.act((gh) => gh.openPullRequest('org', 'repo', { author: 'alice', title: 'Bug 1: x', files: { 'x.txt': 'x\n' } }));
    expect(out.errors).toEqual([]);
    expect(labelsAdded(out)).toEqual([]);
    expect(comments(out)).toEqual([expect.stringContaining('An error was encountered searching for bug 1 on the Bugzilla server at http://127.0.0.1:9. No known errors were detected')]);
    expect(comments(out)[0]).toContain('cannot reach http://127.0.0.1:9');
  });

  it('a Bugzilla that answers junk gets the same, naming the junk', async () => {
    fake.answerJunk = true;
    const out = await t.act((gh) => gh.openPullRequest('org', 'repo', { author: 'alice', title: 'Bug 1: y', files: { 'y.txt': 'y\n' } }));
    fake.answerJunk = false;
    expect(out.errors).toEqual([]);
    expect(comments(out)).toEqual([expect.stringContaining('the response is not JSON')]);
  });

  it('a wrong API key is reported, not taken for a missing bug', async () => {
    const wrong = await PluginTester.start({ plugin: bugzilla, plugins: PLUGINS, config: CONFIG, inRepoConfig: false, seed, services: { bugzilla: new BugzillaClient({ endpoint: fake.url, apiKey: () => 'wrong' }) } });
    try {
      const out = await wrong.act((gh) => gh.openPullRequest('org', 'repo', { author: 'alice', title: 'Bug 1: z', files: { 'z.txt': 'z\n' } }));
      expect(comments(out)).toEqual([expect.stringContaining('code 306: The API key you specified is invalid.')]);
      expect(comments(out)[0]).not.toContain('wrong');
    } finally {
      await wrong.stop();
    }
  });

  it('without --bugzilla-endpoint a command gets a reply saying so, and PR events only a log line', async () => {
    const opened = await none.act((gh) => gh.openPullRequest('org', 'repo', { author: 'alice', title: 'Bug 1: w', files: { 'w.txt': 'w\n' } }));
    expect(opened.writes).toEqual([]);
    const out = await none.act((gh) => gh.comment('org', 'repo', 2, 'alice', '/bugzilla refresh'));
    expect(comments(out)).toEqual([expect.stringContaining('this Prow runs without `--bugzilla-endpoint`')]);
  });
});
