// The fake GitHub's Projects (v2) through raw GraphQL, in GitHub's shapes: projectV2(number:) and projectsV2 on an
// org, fields and the Status options, items with their content and fieldValueByName, Issue.projectItems,
// node(id:) for projects and items, the three item mutations, and GitHub's errors for what does not exist.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from 'octokit';
import { FakeGitHub } from '../../fakes/github/index.js';

describe('fake GitHub Projects (v2)', () => {
  let gh: FakeGitHub;
  let ok: Octokit;
  beforeAll(async () => {
    gh = await FakeGitHub.start();
    gh.addOrg('org');
    await gh.createRepo('org', 'repo', { defaultBranch: 'main' });
    await gh.createIssue('org', 'repo', 'alice', { title: 'an issue' });
    gh.createProjectV2('org', 'Roadmap', ['Todo', 'Done']);
    gh.createProjectV2('org', 'Plain', null);
    ok = new Octokit({ auth: 'tok', baseUrl: gh.url, throttle: { enabled: false }, retry: { enabled: false } });
  });
  afterAll(async () => {
    await gh.stop();
  });

  interface ProjectQ {
    organization: {
      projectV2: { id: string; number: number; title: string; url: string; closed: boolean; field: { __typename: string; id: string; options: { id: string; name: string }[] } | null; fields: { nodes: { __typename: string; name: string }[] } };
      projectsV2: { totalCount: number; nodes: { title: string }[] };
    };
  }
  const project = async (n: number): Promise<ProjectQ['organization']> => (await ok.graphql<ProjectQ>(`query($n: Int!) { organization(login: "org") {
    projectV2(number: $n) { id number title url closed field(name: "Status") { __typename ... on ProjectV2SingleSelectField { id options { id name } } } fields(first: 20) { nodes { __typename ... on ProjectV2FieldCommon { name } } } }
    projectsV2(first: 10) { totalCount nodes { title } }
  } }`, { n })).organization;

  it('answers an org\'s projects with their Status field', async () => {
    const p = await project(1);
    expect(p.projectsV2).toEqual({ totalCount: 2, nodes: [{ title: 'Roadmap' }, { title: 'Plain' }] });
    expect(p.projectV2).toMatchObject({ number: 1, title: 'Roadmap', closed: false });
    expect(p.projectV2.url).toMatch(/\/orgs\/org\/projects\/1$/);
    expect(p.projectV2.field?.__typename).toBe('ProjectV2SingleSelectField');
    expect(p.projectV2.field?.options.map((o) => o.name)).toEqual(['Todo', 'Done']);
    expect(p.projectV2.field?.options[0]!.id).toMatch(/^[0-9a-f]{8}$/);
    expect(p.projectV2.fields.nodes).toEqual([{ __typename: 'ProjectV2Field', name: 'Title' }, { __typename: 'ProjectV2SingleSelectField', name: 'Status' }]);
    expect((await project(2)).projectV2.field).toBeNull();
    const missing = await ok.graphql('{ organization(login: "org") { projectV2(number: 9) { id } } }').catch((e: unknown) => e);
    expect(String(missing)).toContain('Could not resolve to a ProjectV2 with the number 9.');
  });

  it('adds an item, sets its Status, reads it from both sides and by node ID, and deletes it', async () => {
    const p = (await project(1)).projectV2;
    const issue = (await ok.graphql<{ repository: { issue: { id: string } } }>('{ repository(owner: "org", name: "repo") { issue(number: 1) { id } } }')).repository.issue;
    const add = await ok.graphql<{ addProjectV2ItemById: { item: { id: string; type: string; content: { number: number } } } }>(
      'mutation($p: ID!, $c: ID!) { addProjectV2ItemById(input: {projectId: $p, contentId: $c}) { item { id type content { ... on Issue { number } } } } }', { p: p.id, c: issue.id });
    const item = add.addProjectV2ItemById.item;
    expect(item).toMatchObject({ type: 'ISSUE', content: { number: 1 } });
    const done = p.field!.options[1]!;
    await ok.graphql('mutation($p: ID!, $i: ID!, $f: ID!, $o: String!) { updateProjectV2ItemFieldValue(input: {projectId: $p, itemId: $i, fieldId: $f, value: {singleSelectOptionId: $o}}) { projectV2Item { id } } }',
      { p: p.id, i: item.id, f: p.field!.id, o: done.id });
    type Items = { repository: { issue: { projectItems: { nodes: { id: string; project: { title: string }; status: { name: string; optionId: string } | null }[] } } } };
    const fromIssue = await ok.graphql<Items>('{ repository(owner: "org", name: "repo") { issue(number: 1) { projectItems(first: 10) { nodes { id project { title } status: fieldValueByName(name: "Status") { ... on ProjectV2ItemFieldSingleSelectValue { name optionId } } } } } } }');
    expect(fromIssue.repository.issue.projectItems.nodes).toEqual([{ id: item.id, project: { title: 'Roadmap' }, status: { name: 'Done', optionId: done.id } }]);
    const byNode = await ok.graphql<{ node: { __typename: string; items: { totalCount: number } } }>('query($id: ID!) { node(id: $id) { __typename ... on ProjectV2 { items(first: 5) { totalCount } } } }', { id: p.id });
    expect(byNode.node).toEqual({ __typename: 'ProjectV2', items: { totalCount: 1 } });
    const itemNode = await ok.graphql<{ node: { __typename: string } }>('query($id: ID!) { node(id: $id) { __typename } }', { id: item.id });
    expect(itemNode.node.__typename).toBe('ProjectV2Item');
    const del = await ok.graphql<{ deleteProjectV2Item: { deletedItemId: string } }>('mutation($p: ID!, $i: ID!) { deleteProjectV2Item(input: {projectId: $p, itemId: $i}) { deletedItemId } }', { p: p.id, i: item.id });
    expect(del.deleteProjectV2Item.deletedItemId).toBe(item.id);
    expect(gh.projectsOf('org', 'repo', 1)).toEqual({});
    const again = await ok.graphql('mutation($p: ID!, $i: ID!) { deleteProjectV2Item(input: {projectId: $p, itemId: $i}) { deletedItemId } }', { p: p.id, i: item.id }).catch((e: unknown) => e);
    expect(String(again)).toContain('The item does not exist in the project.');
  });
});
