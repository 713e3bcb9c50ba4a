// jira: keys of existing issues in known projects become links in the text and get a remote link back, against a
// fake Jira REST API through the real client; disabled projects, unknown keys and code are left alone.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertLinks, jira } from '../../../plugins/jira/index.js';
import { JiraClient } from '../../../src/jira/client.js';
import { FakeJira } from '../../fakes/jira/index.js';
import { PluginTester } from '../../support/plugin-tester.js';

const PLUGINS = 'plugins:\n  org: [jira]\njira:\n  disabled_jira_projects: [DIS]\n';

describe('jira', () => {
  let fake: FakeJira;
  let t: PluginTester;
  let down: PluginTester;
  beforeAll(async () => {
    fake = await FakeJira.start({ projects: ['ABC', 'DIS'], issues: ['ABC-1', 'ABC-2', 'DIS-1'] });
    const seed = async (gh: Parameters<NonNullable<Parameters<typeof PluginTester.start>[0]['seed']>>[0]): Promise<void> => {
      gh.addOrg('org', { members: ['alice'] });
      await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
      await gh.createIssue('org', 'repo', 'alice', { title: 'tracking' });
      // Editing someone else's comment takes more than commenting.
      gh.addCollaborator('org', 'repo', 'k8s-ci-robot', 'admin');
    };
    t = await PluginTester.start({ plugin: jira, plugins: PLUGINS, inRepoConfig: false, seed, services: { jira: new JiraClient({ endpoint: fake.url, bearerToken: () => 't' }) } });
    down = await PluginTester.start({ plugin: jira, plugins: PLUGINS, inRepoConfig: false, seed, services: { jira: new JiraClient({ endpoint: 'http://127.0.0.1:9' }) } });
  });
  afterAll(async () => {
    await t.stop();
    await down.stop();
    await fake.stop();
  });

  it('links the keys of existing issues in the comment and adds a remote link to each issue', async () => {
    const out = await t.act((gh) => gh.comment('org', 'repo', 1, 'alice', 'Fixes ABC-1, not ABC-9 nor XYZ-3 nor DIS-1.\n```\nABC-1 in code\n```'));
    expect(out.errors).toEqual([]);
    const edit = out.writes.find((w) => w.method === 'PATCH' && /\/issues\/comments\/\d+$/.test(w.path))!;
    expect((edit.body as { body: string }).body).toBe(`Fixes [ABC-1](${fake.url}/browse/ABC-1), not ABC-9 nor XYZ-3 nor DIS-1.\n\`\`\`\nABC-1 in code\n\`\`\``);
    expect(fake.links('ABC-1').map((l) => l.object)).toEqual([{ url: expect.stringMatching(/\/org\/repo\/(issues|pull)\/1$/), title: 'org/repo#1: tracking', icon: { url16x16: 'https://github.com/favicon.ico', title: 'GitHub' } }]);
    expect(fake.links('DIS-1')).toEqual([]);
  });

  it('a second mention keeps the one remote link', async () => {
    await t.act((gh) => gh.comment('org', 'repo', 1, 'alice', 'see ABC-1'));
    expect(fake.links('ABC-1')).toHaveLength(1);
  });

  it('a new PR whose body names an issue gets its body linked', async () => {
    const out = await t.act((gh) => gh.openPullRequest('org', 'repo', { author: 'alice', title: 'fix', body: 'For ABC-2', files: { 'a.txt': 'a\n' } }));
    expect(out.errors).toEqual([]);
    const edit = out.writes.find((w) => w.method === 'PATCH' && /\/issues\/2$/.test(w.path))!;
    expect((edit.body as { body: string }).body).toBe(`For [ABC-2](${fake.url}/browse/ABC-2)`);
  });

  it('a Jira that cannot be reached fails the handler with a clear error and writes nothing to GitHub', async () => {
    const out = await down.act((gh) => gh.comment('org', 'repo', 1, 'alice', 'Fixes ABC-1'));
    expect(out.writes).toEqual([]);
    expect(String(out.errors[0])).toContain('jira: cannot reach http://127.0.0.1:9');
  });

  it('keys after [, /, ` or - are not linked again', () => {
    expect(insertLinks('[ABC-1](x) a/ABC-1 `ABC-1` X-ABC-1 ABC-1', ['ABC-1'], 'https://j')).toBe('[ABC-1](x) a/ABC-1 `ABC-1` X-ABC-1 [ABC-1](https://j/browse/ABC-1)');
  });
});
