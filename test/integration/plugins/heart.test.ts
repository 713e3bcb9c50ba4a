// heart: reactions to adorees' PR comments matching the regexp, and to new PRs that add OWNERS lines.
import { expect } from '@jest/globals';
import { heart } from '../../../plugins/heart/index.js';
import type { Outcome } from '../../support/plugin-tester.js';
import { pluginCases } from '../../support/plugin-tester.js';

const PLUGINS = `
plugins:
  org: [heart]
heart:
  adorees: [alice]
  commentregexp: "(?i)thanks"
`;
const reactions = (out: Outcome): string[] => out.writes.filter((w) => w.method === 'POST' && w.path.endsWith('/reactions')).map((w) => `${w.path} ${(w.body as { content: string }).content}`);

pluginCases('heart', {
  plugin: heart, plugins: PLUGINS, inRepoConfig: false,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice', 'bob'] });
    await gh.createRepo('org', 'repo', { files: { 'README.md': 'hi\n', 'OWNERS': 'approvers: [alice]\n' }, defaultBranch: 'main' });
    await gh.openPullRequest('org', 'repo', { author: 'bob', files: { 'a.txt': 'a\n' } });
    await gh.createIssue('org', 'repo', 'bob', { title: 'an issue' });
  },
}, [
  {
    name: 'an adoree\'s matching PR comment gets one of the three reactions',
    act: (gh) => gh.comment('org', 'repo', 1, 'alice', 'THANKS a lot'),
    check: (out) => {
      expect(reactions(out)).toHaveLength(1);
      expect(reactions(out)[0]).toMatch(/^\/repos\/org\/repo\/issues\/comments\/\d+\/reactions (\+1|heart|hooray)$/);
    },
  },
  { name: 'a comment that does not match the regexp gets nothing', act: (gh) => gh.comment('org', 'repo', 1, 'alice', 'lgtm'), noWrites: true },
  { name: 'someone else\'s comment gets nothing', act: (gh) => gh.comment('org', 'repo', 1, 'bob', 'thanks'), noWrites: true },
  { name: 'an adoree\'s comment on an issue (not a PR) gets nothing', act: (gh) => gh.comment('org', 'repo', 2, 'alice', 'thanks'), noWrites: true },
  {
    name: 'a new PR adding an approver to OWNERS is celebrated',
    act: (gh) => gh.openPullRequest('org', 'repo', { author: 'bob', files: { 'OWNERS': 'approvers: [alice, bob]\n' } }),
    check: (out) => expect(reactions(out)).toEqual([expect.stringMatching(/^\/repos\/org\/repo\/issues\/3\/reactions (\+1|heart|hooray)$/)]),
  },
  { name: 'a new PR that does not touch OWNERS gets nothing', act: (gh) => gh.openPullRequest('org', 'repo', { author: 'bob', files: { 'b.txt': 'b\n' } }), noWrites: true },
]);
