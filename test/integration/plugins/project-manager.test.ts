// The project-manager plugin as a table against the fake GitHub's Projects (v2): issues and PRs whose labels, state
// and org match a configured column land in that column (a Status option) of the project, once; what does not
// match, a project or column that does not exist, and a classic column id change nothing and fail nothing.
import { expect } from '@jest/globals';
import { projectManager } from '../../../plugins/project-manager/index.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases, type Outcome } from '../../support/plugin-tester.js';

const boards = (gh: FakeGitHub, number: number, org = 'org', repo = 'repo'): Record<string, string | null> => gh.projectsOf(org, repo, number);
const mutations = (o: Outcome): number => o.writes.filter((w) => w.path === '/graphql' && /^\s*mutation/.test(String((w.body as { query?: string }).query))).length;

pluginCases('project-manager', {
  plugin: projectManager, config: '{}', inRepoConfig: false,
  plugins: `plugins:
  org: [project-manager]
  elsewhere: [project-manager]
project_manager:
  orgsRepos:
    org:
      projects:
        Triage:
          columns:
            - name: Needs Triage
              org: org
              state: open
              labels: [kind/bug]
            - name: Security
              org: org
              labels: [kind/bug, area/security]
        Roadmap:
          columns:
            - name: Todo
              org: org
              labels: [kind/feature]
        Missing:
          columns:
            - name: Todo
              org: org
              labels: [kind/feature]
        Nowhere:
          columns:
            - name: No Such Column
              org: org
              labels: [kind/feature]
        Classic:
          columns:
            - id: 1234
              org: org
              labels: [kind/feature]
    ghost-org:
      projects:
        Haunted:
          columns:
            - name: Todo
              org: org
              labels: [kind/feature]
`,
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    gh.addOrg('elsewhere', { members: ['alice'] });
    await gh.createRepo('org', 'repo', { defaultBranch: 'main' });
    await gh.createRepo('elsewhere', 'repo', { defaultBranch: 'main' });
    for (const l of ['kind/bug', 'kind/feature', 'area/security']) {
      gh.createLabel('org', 'repo', l);
      gh.createLabel('elsewhere', 'repo', l);
    }
    gh.createProjectV2('org', 'Triage', ['Needs Triage', 'Security', 'Done']);
    gh.createProjectV2('org', 'Roadmap', ['Todo', 'Done']);
    gh.createProjectV2('org', 'Nowhere', ['Todo']);
    gh.createProjectV2('org', 'Classic', ['Todo']);
  },
}, [
  {
    name: 'a new issue with a column\'s labels goes in that column',
    act: async (gh) => gh.createIssue('org', 'repo', 'alice', { title: 'a bug', labels: ['kind/bug'] }),
    check: (o, t) => {
      expect(boards(t.gh, 1)).toEqual({ Triage: 'Needs Triage' });
      expect(mutations(o)).toBe(2);
    },
  },
  {
    name: 'the first matching column of a project wins',
    act: async (gh) => gh.createIssue('org', 'repo', 'alice', { title: 'a security bug', labels: ['kind/bug', 'area/security'] }),
    check: (_o, t) => expect(boards(t.gh, 2)).toEqual({ Triage: 'Needs Triage' }),
  },
  {
    name: 'an issue without matching labels is left alone',
    act: async (gh) => gh.createIssue('org', 'repo', 'alice', { title: 'a question' }),
    check: (o, t) => {
      expect(boards(t.gh, 3)).toEqual({});
      expect(mutations(o)).toBe(0);
    },
  },
  {
    name: 'a label added later puts it on the matching board; missing owners, projects, columns and classic ids are skipped',
    act: async (gh) => gh.addLabels('org', 'repo', 3, ['kind/feature'], 'alice'),
    check: (o, t) => {
      expect(boards(t.gh, 3)).toEqual({ Roadmap: 'Todo' });
      expect(o.errors).toEqual([]);
    },
  },
  {
    name: 'labeling again does not add it twice; the other project still gets it',
    act: async (gh) => gh.addLabels('org', 'repo', 3, ['kind/bug'], 'alice'),
    check: (o, t) => {
      expect(boards(t.gh, 3)).toEqual({ Roadmap: 'Todo', Triage: 'Needs Triage' });
      expect(mutations(o)).toBe(2);
    },
  },
  {
    name: 'removing a label never removes it from a board',
    act: async (gh) => gh.removeLabel('org', 'repo', 3, 'kind/bug', 'alice'),
    check: (o, t) => {
      expect(boards(t.gh, 3)).toEqual({ Roadmap: 'Todo', Triage: 'Needs Triage' });
      expect(mutations(o)).toBe(0);
    },
  },
  {
    name: 'an issue closed without labels is left alone',
    act: async (gh) => {
      await gh.createIssue('org', 'repo', 'alice', { title: 'closed one' });
      await gh.setIssueState('org', 'repo', 4, 'closed', 'alice');
    },
    check: (_o, t) => expect(boards(t.gh, 4)).toEqual({}),
  },
  {
    name: 'a closed issue matches only columns without state: open',
    act: async (gh) => gh.addLabels('org', 'repo', 4, ['kind/bug', 'kind/feature'], 'alice'),
    check: (_o, t) => expect(boards(t.gh, 4)).toEqual({ Roadmap: 'Todo' }),
  },
  {
    name: 'a PR opened with matching labels goes on the board too',
    act: async (gh) => gh.openPullRequest('org', 'repo', { author: 'alice', files: { 'f.txt': 'f\n' }, labels: ['kind/feature'] }),
    check: (_o, t) => expect(boards(t.gh, 5)).toEqual({ Roadmap: 'Todo' }),
  },
  {
    name: 'an issue in an org the columns do not name is left alone',
    act: async (gh) => gh.createIssue('elsewhere', 'repo', 'alice', { title: 'a bug elsewhere', labels: ['kind/bug'] }),
    check: (o, t) => {
      expect(boards(t.gh, 1, 'elsewhere')).toEqual({});
      expect(mutations(o)).toBe(0);
    },
  },
]);
