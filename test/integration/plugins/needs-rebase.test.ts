// needs-rebase on the plugin test kit: real conflicting PRs in the fake GitHub's git repositories (mergeability is
// computed by git), on PR events, comments and the periodic sweep.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CheckedRecently, createNeedsRebase, sweep } from '../../../plugins/needs-rebase/index.js';
import { constructQueries } from '../../../plugins/needs-rebase/sweep.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { PluginTester } from '../../support/plugin-tester.js';

const PLUGINS = `
external_plugins:
  org:
  - name: needs-rebase
    events: [pull_request, issue_comment]
  other/listed:
  - name: needs-rebase
`;

const NEEDS_REBASE_COMMENT = `PR needs rebase.

<details>

Instructions for interacting with me using PR comments are available [here](https://git.k8s.io/community/contributors/guide/pull-requests.md).  If you have questions or suggestions related to my behavior, please file an issue against the [kubernetes-sigs/prow](https://github.com/kubernetes-sigs/prow/issues/new?title=Prow%20issue:) repository.
</details>`;

const quietLogger = () => createRootLogger({ stream: new PassThrough(), level: 'error' });
const labelsOf = (t: PluginTester, n: number): string[] => t.gh.issue('org', 'repo', n).labels.map((l) => String(l));
const botComments = (t: PluginTester, n: number): string[] => t.gh.comments('org', 'repo', n).filter((c) => c.user === 'k8s-ci-robot').map((c) => c.body);

describe('needs-rebase', () => {
  let t: PluginTester;
  const cache = new CheckedRecently(60_000);
  beforeAll(async () => {
    t = await PluginTester.start({
      plugin: createNeedsRebase({ cache }), config: '{}', plugins: PLUGINS, inRepoConfig: false,
      seed: async (gh) => {
        gh.addOrg('org', { members: ['alice'] });
        gh.addUser('dependabot[bot]');
        await gh.createRepo('org', 'repo', { files: { 'a.txt': 'one\n', 'b.txt': 'b\n' }, defaultBranch: 'main' });
        gh.createLabel('org', 'repo', 'needs-rebase');
      },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('leaves a PR that merges cleanly alone', async () => {
    const out = await t.act((gh) => gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'c.txt': 'c\n' } }));
    expect(out.errors).toEqual([]);
    expect(out.writes).toEqual([]);
  });

  it('labels a PR that conflicts with its base once a push shows it, with upstream\'s comment', async () => {
    const pr = await t.gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'a.txt': 'two\n' } });
    expect((await t.act(async () => undefined)).writes).toEqual([]);
    await t.act((gh) => gh.pushCommit('org', 'repo', 'main', { 'a.txt': 'three\n' }));
    const out = await t.act((gh) => gh.pushToPullRequest('org', 'repo', pr.number, { files: { 'd.txt': 'd\n' } }));
    expect(out.errors).toEqual([]);
    expect(labelsOf(t, pr.number)).toContain('needs-rebase');
    expect(botComments(t, pr.number)).toEqual([NEEDS_REBASE_COMMENT]);
    expect(out.tookAction).toContain(true);
  });

  it('does nothing more on a second event while the PR still conflicts', async () => {
    const pr = [...t.gh.state.repo('org', 'repo').issues.values()].find((i) => i.labels.includes('needs-rebase'))!;
    const out = await t.act((gh) => gh.pushToPullRequest('org', 'repo', pr.number, { files: { 'e.txt': 'e\n' } }));
    expect(out.errors).toEqual([]);
    expect(out.writes).toEqual([]);
  });

  it('removes the label and its comment once the PR is rebased', async () => {
    const pr = [...t.gh.state.repo('org', 'repo').issues.values()].find((i) => i.labels.includes('needs-rebase'))!;
    const git = t.gh.state.repo('org', 'repo').git;
    const rebased = await git.commit({ parent: (await git.resolve('refs/heads/main'))!, ref: 'refs/heads/rebased', files: { 'a.txt': 'three\nfour\n' }, message: 'rebased' });
    const out = await t.act((gh) => gh.pushToPullRequest('org', 'repo', pr.number, { headSha: rebased }));
    expect(out.errors).toEqual([]);
    expect(labelsOf(t, pr.number)).not.toContain('needs-rebase');
    expect(botComments(t, pr.number)).toEqual([]);
  });

  it('checks a PR on a comment, and not again within --cache-valid-time', async () => {
    const pr = await t.gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'b.txt': 'mine\n' } });
    await t.gh.pushCommit('org', 'repo', 'main', { 'b.txt': 'theirs\n' });
    cache.flush();
    const first = await t.act((gh) => gh.comment('org', 'repo', pr.number, 'alice', 'is this ok?'));
    expect(first.errors).toEqual([]);
    expect(labelsOf(t, pr.number)).toContain('needs-rebase');
    await t.gh.removeLabel('org', 'repo', pr.number, 'needs-rebase');
    const second = await t.act((gh) => gh.comment('org', 'repo', pr.number, 'alice', 'ping'));
    expect(second.writes).toEqual([]);
  });

  it('tells dependabot to "rebase"', async () => {
    const pr = await t.gh.openPullRequest('org', 'repo', { author: 'dependabot[bot]', files: { 'a.txt': 'bumped\n' }, base: 'main' });
    await t.act(async () => undefined);
    await t.gh.pushCommit('org', 'repo', 'main', { 'a.txt': 'moved on\n' });
    const out = await t.act((gh) => gh.pushToPullRequest('org', 'repo', pr.number, { files: { 'f.txt': 'f\n' } }));
    expect(out.errors).toEqual([]);
    expect(t.gh.comments('org', 'repo', pr.number).map((c) => c.body)).toEqual([NEEDS_REBASE_COMMENT.replace('PR needs rebase.', 'rebase')]);
  });

  it('sweeps every open PR: labels one a merge elsewhere made conflict, unlabels one that merges again', async () => {
    const victim = await t.gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'v.txt': 'victim\n' } });
    const other = await t.gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'v.txt': 'winner\n' } });
    await t.gh.merge('org', 'repo', other.number);
    const stale = await t.gh.openPullRequest('org', 'repo', { author: 'alice', files: { 's.txt': 's\n' } });
    await t.gh.addLabels('org', 'repo', stale.number, ['needs-rebase']);
    await t.gh.flush();
    const r = await sweep({ github: () => t.github.forOrg('org'), botLogin: 'k8s-ci-robot', pluginsConfig: { external_plugins: { org: [{ name: 'needs-rebase' }] } }, usesApp: false, logger: quietLogger() });
    expect(r.rateLimited).toBe(false);
    expect(r.errors).toBe(0);
    expect(labelsOf(t, victim.number)).toContain('needs-rebase');
    expect(botComments(t, victim.number)).toEqual([NEEDS_REBASE_COMMENT]);
    expect(labelsOf(t, stale.number)).not.toContain('needs-rebase');
    const searches = t.gh.requestsTo('POST', /\/graphql$/).map((q) => (q.body as { variables?: { query?: string } }).variables?.query);
    expect(searches).toContain('archived:false is:pr is:open org:"org"');
  });

  it('stops querying when GraphQL\'s rate limit is nearly spent, and acts on what it found', async () => {
    const before = t.gh.requestsTo('POST', /\/graphql$/).length;
    t.gh.rateLimits.graphql.remaining = 50;
    const pluginsConfig = { external_plugins: { org: [{ name: 'needs-rebase' }], 'third/repo': [{ name: 'needs-rebase' }] } };
    const r = await sweep({ github: () => t.github.forOrg('org'), botLogin: 'k8s-ci-robot', pluginsConfig, usesApp: false, logger: quietLogger() });
    t.gh.rateLimits.graphql.remaining = t.gh.rateLimits.graphql.limit;
    expect(r.rateLimited).toBe(true);
    expect(t.gh.requestsTo('POST', /\/graphql$/).length - before).toBe(1);
    expect(r.checked).toBeGreaterThan(0);
  });

  it('searches each org once and the listed repos together (per org with a GitHub App)', () => {
    const log = quietLogger();
    expect(Object.fromEntries(constructQueries(['org'], ['other/a', 'other/b', 'org/x', 'third/c'], false, log))).toEqual({
      org: ['archived:false is:pr is:open org:"org"'],
      '': ['archived:false is:pr is:open repo:"other/a" repo:"other/b" repo:"third/c"'],
    });
    expect(Object.fromEntries(constructQueries([], ['other/a', 'other/b', 'third/c'], true, log))).toEqual({
      other: ['archived:false is:pr is:open repo:"other/a" repo:"other/b"'],
      third: ['archived:false is:pr is:open repo:"third/c"'],
    });
  });
});
