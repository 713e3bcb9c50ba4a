// welcome: a first-time, untrusted PR author is greeted with the configured template; trusted authors and
// returning contributors are not (unless always_post).
import { expect } from '@jest/globals';
import { welcome } from '../../../plugins/welcome/index.js';
import { pluginCases } from '../../support/plugin-tester.js';

const PLUGINS = `
plugins:
  org: [welcome]
welcome:
- repos: [org/custom]
  message_template: "Hi {{.AuthorName}} (@{{.AuthorLogin}}), welcome to {{.Org}}/{{.Repo}}!"
- repos: [org/always]
  always_post: true
  message_template: "Thanks @{{.AuthorLogin}}"
`;

pluginCases('welcome', {
  plugin: welcome, plugins: PLUGINS, inRepoConfig: false,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    gh.addUser('carol', { name: 'Carol <b>C</b>' });
    gh.addUser('dave');
    gh.addUser('erin');
    for (const r of ['repo', 'custom', 'always']) await gh.createRepo('org', r, { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
  },
}, [
  {
    name: 'a first PR by a stranger gets the default greeting, verbatim',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'dave', files: { 'a.txt': 'a\n' } }),
    check: (out) => {
      const bodies = out.writes.filter((w) => w.method === 'POST' && w.path.endsWith('/comments')).map((w) => (w.body as { body: string }).body);
      expect(bodies).toEqual(['Welcome @dave! It looks like this is your first PR to org/repo 🎉']);
    },
  },
  { name: 'the same stranger\'s second PR is not greeted', act: (gh) => gh.openPullRequest('org', 'repo', { author: 'dave', files: { 'b.txt': 'b\n' } }), noWrites: true },
  { name: 'an org member is not greeted', act: (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'c.txt': 'c\n' } }), noWrites: true },
  {
    name: 'a per-repo template gets the author\'s name from the profile',
    act: (gh) => gh.openPullRequest('org', 'custom', { author: 'carol', files: { 'a.txt': 'a\n' } }),
    comments: ['Hi Carol <b>C</b> (@carol), welcome to org/custom!'],
  },
  {
    name: 'always_post greets members and returning authors too',
    act: async (gh) => {
      await gh.openPullRequest('org', 'always', { author: 'alice', files: { 'a.txt': 'a\n' } });
      await gh.openPullRequest('org', 'always', { author: 'alice', files: { 'b.txt': 'b\n' } });
    },
    check: (out) => {
      const bodies = out.writes.filter((w) => w.method === 'POST' && w.path.endsWith('/comments')).map((w) => (w.body as { body: string }).body);
      expect(bodies).toEqual(['Thanks @alice', 'Thanks @alice']);
    },
  },
  { name: 'a comment on a PR is not a reason to greet', act: (gh) => gh.comment('org', 'repo', 1, 'erin', 'hello'), noWrites: true },
]);
