// cherrypicker end to end on the plugin test kit: real git repositories in the fake GitHub, a real clone over HTTP,
// `git am`, a push (with the bot's token) to the bot's fork the plugin makes, and the PR opened from it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cherryPickTitle, createCherrypicker, releaseNoteFromParent } from '../../../plugins/cherrypicker/index.js';
import { gitAuthHeader } from '../../../plugins/cherrypicker/git.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { PluginTester } from '../../support/plugin-tester.js';

const PLUGINS = 'external_plugins:\n  org:\n  - name: cherrypicker\n';
const BOT = 'k8s-ci-robot';

const bodies = (gh: FakeGitHub, n: number): string[] => gh.comments('org', 'repo', n).filter((c) => c.user === BOT).map((c) => c.body);
const openPulls = (gh: FakeGitHub) => [...gh.state.repo('org', 'repo').issues.values()].filter((i) => i.pull && i.state === 'open');

describe('cherrypicker', () => {
  let t: PluginTester;
  let fakeUrl = '';
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'cherrypicker-'));

  /** A merged PR by alice changing `file` to `content`. */
  const mergedPR = async (file: string, content: string, body = ''): Promise<number> => {
    const pr = await t.gh.openPullRequest('org', 'repo', { author: 'alice', title: `Change ${file}`, body, files: { [file]: content } });
    await t.gh.merge('org', 'repo', pr.number);
    await t.act(async () => undefined);
    return pr.number;
  };

  beforeAll(async () => {
    t = await PluginTester.start({
      plugin: createCherrypicker({
        workDir,
        cloneURI: (o, r) => `${fakeUrl}/${o}/${r}.git`,
        gitAuthorization: async () => gitAuthHeader('token plugin-tester-token'),
        labels: ['cherry-pick-approved'],
        forkWaitMs: 5_000,
      }),
      config: '{}', plugins: PLUGINS, inRepoConfig: false,
      seed: async (gh) => {
        fakeUrl = gh.url;
        gh.addOrg('org', { members: ['alice', BOT] });
        gh.addUser('mallory');
        await gh.createRepo('org', 'repo', { files: { 'a.txt': 'one\n', 'c.txt': 'common\n' }, defaultBranch: 'main' });
        await gh.pushCommit('org', 'repo', 'release-1.0', { 'c.txt': 'release only\n' });
        gh.createLabel('org', 'repo', 'cherry-pick-approved');
      },
    });
  });
  afterAll(async () => {
    await t.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('cherry-picks a merged PR into a new PR from the bot\'s fork, with upstream\'s title, body, labels and assignee', async () => {
    const num = await mergedPR('b.txt', 'new feature\n', 'Adds b.\n\n```release-note\nB is here.\n```\n');
    const out = await t.act((gh) => gh.comment('org', 'repo', num, 'alice', '/cherrypick release-1.0'));
    expect(out.errors).toEqual([]);
    const fork = t.gh.state.repo(BOT, 'repo');
    expect(fork.fork).toBe(true);
    const branch = `cherry-pick-${num}-to-release-1.0`;
    expect((await fork.git.readFile(`refs/heads/${branch}`, 'b.txt'))?.toString()).toBe('new feature\n');
    expect((await fork.git.readFile(`refs/heads/${branch}`, 'c.txt'))?.toString()).toBe('release only\n');
    const created = openPulls(t.gh).find((i) => i.pull!.headRef === branch)!;
    expect(created.title).toBe(`[release-1.0] Change b.txt`);
    expect(created.body).toBe(`This is an automated cherry-pick of #${num}\n\n/assign alice\n\n\`\`\`release-note\nB is here.\n\`\`\``);
    expect(created.pull!.baseRef).toBe('release-1.0');
    expect(created.pull!.headRepo).toBe(`${BOT}/repo`);
    expect(created.labels).toEqual(['cherry-pick-approved']);
    expect(created.assignees).toEqual(['alice']);
    const reply = bodies(t.gh, num).at(-1)!;
    expect(reply).toMatch(new RegExp(`^@alice: new pull request created: #${created.number}\n`));
    expect(reply).toContain('>/cherrypick release-1.0');
    expect(out.tookAction).toContain(true);
  });

  it('says so when the cherry-pick was made before', async () => {
    const num = openPulls(t.gh).find((i) => i.pull!.headRef.startsWith('cherry-pick-'))!.pull!.headRef.split('-')[2];
    const out = await t.act((gh) => gh.comment('org', 'repo', Number(num), 'alice', '/cherry-pick release-1.0'));
    expect(out.errors).toEqual([]);
    expect(bodies(t.gh, Number(num)).at(-1)).toMatch(new RegExp(`^@alice: Looks like #${num} has already been cherry picked in .*/org/repo/pull/\\d+\\n`));
  });

  it('reports a conflict with git\'s own words and opens nothing', async () => {
    const num = await mergedPR('c.txt', 'main changed it\n');
    const before = openPulls(t.gh).length;
    const out = await t.act((gh) => gh.comment('org', 'repo', num, 'alice', '/cherrypick release-1.0'));
    expect(out.errors).toEqual([]);
    const reply = bodies(t.gh, num).at(-1)!;
    expect(reply).toMatch(new RegExp(`^@alice: #${num} failed to apply on top of branch "release-1.0":\n\`\`\`\n`));
    expect(reply).toContain('CONFLICT (content): Merge conflict in c.txt');
    expect(openPulls(t.gh).length).toBe(before);
  });

  it('answers a branch that does not exist', async () => {
    const num = await mergedPR('d.txt', 'd\n');
    const out = await t.act((gh) => gh.comment('org', 'repo', num, 'alice', '/cherrypick release-9.9'));
    expect(out.errors).toEqual([]);
    expect(bodies(t.gh, num).at(-1)).toMatch(/^@alice: cannot checkout `release-9.9`: there is no branch `release-9.9` in org\/repo\n/);
  });

  it('refuses the base branch itself, unmerged closed PRs, and people outside the org', async () => {
    const num = await mergedPR('e.txt', 'e\n');
    await t.act((gh) => gh.comment('org', 'repo', num, 'alice', '/cherrypick main'));
    expect(bodies(t.gh, num).at(-1)).toMatch(/^@alice: base branch \(main\) needs to differ from target branch \(main\)\n/);
    await t.act((gh) => gh.comment('org', 'repo', num, 'mallory', '/cherrypick release-1.0'));
    expect(bodies(t.gh, num).at(-1)).toMatch(/^@mallory: only \[org\]\(https:\/\/github.com\/orgs\/org\/people\) org members may request cherry picks\./);
    const closed = await t.gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'f.txt': 'f\n' } });
    await t.gh.setIssueState('org', 'repo', closed.number, 'closed');
    await t.act((gh) => gh.comment('org', 'repo', closed.number, 'alice', '/cherrypick release-1.0'));
    expect(bodies(t.gh, closed.number).at(-1)).toMatch(/^@alice: cannot cherry-pick an unmerged PR\n/);
  });

  it('promises on an open PR and cherry-picks once it merges, chaining the other branches', async () => {
    await t.gh.pushCommit('org', 'repo', 'release-0.9', { 'c.txt': 'older\n' });
    const pr = await t.gh.openPullRequest('org', 'repo', { author: 'alice', title: '[main] Fix g', files: { 'g.txt': 'g\n' } });
    await t.act(async () => undefined);
    await t.act((gh) => gh.comment('org', 'repo', pr.number, 'alice', '/cherrypick release-1.0 release-0.9'));
    expect(bodies(t.gh, pr.number).at(-1)).toMatch(/^@alice: once the present PR merges, I will cherry-pick it on top of release-1.0 in a new PR and assign it to you\.\n/);
    const out = await t.act((gh) => gh.merge('org', 'repo', pr.number));
    expect(out.errors).toEqual([]);
    const created = openPulls(t.gh).find((i) => i.pull!.headRef === `cherry-pick-${pr.number}-to-release-1.0`)!;
    expect(created.title).toBe('[release-1.0] Fix g');
    expect(created.body).toBe(`This is an automated cherry-pick of #${pr.number}\n\n/assign alice\n\n/cherrypick release-0.9`);
    expect(bodies(t.gh, pr.number).at(-1)).toMatch(new RegExp(`^@alice: new pull request created: #${created.number}\n`));
  });

  it('cherry-picks for a cherrypick/<branch> label added to a merged PR', async () => {
    const num = await mergedPR('h.txt', 'h\n');
    const out = await t.act((gh) => gh.addLabels('org', 'repo', num, ['cherrypick/release-1.0'], 'alice'));
    expect(out.errors).toEqual([]);
    const created = openPulls(t.gh).find((i) => i.pull!.headRef === `cherry-pick-${num}-to-release-1.0`)!;
    expect(bodies(t.gh, num).at(-1)).toBe(`In response to a cherrypick label: new pull request created: #${created.number}`);
  });
});

describe('cherrypicker texts', () => {
  it('drops the base branch indicator of a backport from the title', () => {
    expect(cherryPickTitle('[release-9.9] Hello world', 'release-9.9', 'release-9.8')).toBe('[release-9.8] Hello world');
    expect(cherryPickTitle('Hello world', 'main', 'release-9.8')).toBe('[release-9.8] Hello world');
  });

  it('carries the release note over in either of upstream\'s forms', () => {
    expect(releaseNoteFromParent('**Release note**:\n<!-- write it -->\n```\nFixed it.\n```')).toBe('```release-note\nFixed it.\n```');
    expect(releaseNoteFromParent('no note')).toBe('');
  });
});

describe('cherrypicker with --create-issue-on-conflict and --use-prow-assignments=false', () => {
  let t: PluginTester;
  let fakeUrl = '';
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'cherrypicker-issue-'));
  beforeAll(async () => {
    t = await PluginTester.start({
      plugin: createCherrypicker({
        workDir, cloneURI: (o, r) => `${fakeUrl}/${o}/${r}.git`, gitAuthorization: async () => gitAuthHeader('token plugin-tester-token'),
        issueOnConflict: true, prowAssignments: false, forkWaitMs: 5_000,
      }),
      config: '{}', plugins: PLUGINS, inRepoConfig: false,
      seed: async (gh) => {
        fakeUrl = gh.url;
        gh.addOrg('org', { members: ['alice'] });
        await gh.createRepo('org', 'repo', { files: { 'c.txt': 'common\n' }, defaultBranch: 'main' });
        await gh.pushCommit('org', 'repo', 'release-1.0', { 'c.txt': 'release only\n' });
      },
    });
  });
  afterAll(async () => {
    await t.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('opens an issue for the requestor when the patch conflicts', async () => {
    const pr = await t.gh.openPullRequest('org', 'repo', { author: 'alice', title: 'Change c', files: { 'c.txt': 'main changed it\n' } });
    await t.gh.merge('org', 'repo', pr.number);
    await t.act(async () => undefined);
    const out = await t.act((gh) => gh.comment('org', 'repo', pr.number, 'alice', '/cherrypick release-1.0'));
    expect(out.errors).toEqual([]);
    const issue = [...t.gh.state.repo('org', 'repo').issues.values()].find((i) => !i.pull)!;
    expect(issue.title).toBe('[release-1.0] Change c');
    expect(issue.body).toMatch(new RegExp(`^Manual cherrypick required\\.\\n\\n#${pr.number} failed to apply on top of branch "release-1.0":`));
    expect(issue.assignees).toEqual(['alice']);
    expect(bodies(t.gh, pr.number).at(-1)).toMatch(new RegExp(`^@alice: new issue created for failed cherrypick: #${issue.number}\\n`));
  });

  it('leaves /assign out of the body and assigns nobody', async () => {
    const pr = await t.gh.openPullRequest('org', 'repo', { author: 'alice', title: 'Add d', files: { 'd.txt': 'd\n' } });
    await t.gh.merge('org', 'repo', pr.number);
    await t.act(async () => undefined);
    const out = await t.act((gh) => gh.comment('org', 'repo', pr.number, 'alice', '/cherrypick release-1.0'));
    expect(out.errors).toEqual([]);
    const created = openPulls(t.gh).find((i) => i.pull!.headRef === `cherry-pick-${pr.number}-to-release-1.0`)!;
    expect(created.body).toBe(`This is an automated cherry-pick of #${pr.number}`);
    expect(created.assignees).toEqual([]);
  });
});
