// GitHub Projects (v2), GraphQL only: an org's or user's projects with their "Status" single-select field (whose
// options are the board's columns, what classic Projects called columns), the project items of an issue or PR, and
// adding an item, setting its Status and removing it.
import { graphqlApi, graphqlDocument, type PageInfo, type RateLimited } from './graphql.js';
import { GitHubClientError, type RestContext } from './rest.js';
import { STATUS_FIELD, type ProjectsAPI, type ProjectV2 } from './projects-v2.js';


interface ProjectNode {
  id: string;
  number: number;
  title: string;
  closed: boolean;
  field: { id?: string; name?: string; options?: { id: string; name: string }[] } | null;
}
interface Page<T> {
  nodes: T[];
  pageInfo: PageInfo;
}
interface ItemNode {
  id: string;
  project: { id: string };
  fieldValueByName: { name?: string; optionId?: string } | null;
}

const PROJECT_PAGE = `fragment ProjectPage on ProjectV2Connection {
  nodes { id number title closed field(name: "${STATUS_FIELD}") { ... on ProjectV2SingleSelectField { id name options { id name } } } }
  pageInfo { hasNextPage endCursor }
}`;

const PROJECTS_OF_OWNER = graphqlDocument<{ repositoryOwner: { projectsV2?: Page<ProjectNode> } | null } & RateLimited, { owner: string; query: string | null; after?: string | null }>('ProjectsV2OfOwner', `
query ProjectsV2OfOwner($owner: String!, $query: String, $after: String) {
  repositoryOwner(login: $owner) {
    ... on Organization { projectsV2(first: 100, after: $after, query: $query) { ...ProjectPage } }
    ... on User { projectsV2(first: 100, after: $after, query: $query) { ...ProjectPage } }
  }
  rateLimit { cost remaining }
}
${PROJECT_PAGE}`);

const ITEM_PAGE = `fragment ItemPage on ProjectV2ItemConnection {
  nodes { id project { id } fieldValueByName(name: "${STATUS_FIELD}") { ... on ProjectV2ItemFieldSingleSelectValue { name optionId } } }
  pageInfo { hasNextPage endCursor }
}`;

const PROJECT_ITEMS_OF = graphqlDocument<
  { repository: { issueOrPullRequest: { id: string; projectItems: Page<ItemNode> } | null } } & RateLimited,
  { owner: string; name: string; number: number; after?: string | null }
>('ProjectItemsOf', `
query ProjectItemsOf($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    issueOrPullRequest(number: $number) {
      ... on Issue { id projectItems(first: 100, after: $after) { ...ItemPage } }
      ... on PullRequest { id projectItems(first: 100, after: $after) { ...ItemPage } }
    }
  }
  rateLimit { cost remaining }
}
${ITEM_PAGE}`);

const ADD_ITEM = graphqlDocument<{ addProjectV2ItemById?: { item: { id: string } } }, { projectId: string; contentId: string }>('AddProjectV2ItemById', `
mutation AddProjectV2ItemById($projectId: ID!, $contentId: ID!) {
  addProjectV2ItemById(input: { projectId: $projectId, contentId: $contentId }) { item { id } }
}`);

const SET_COLUMN = graphqlDocument<unknown, { projectId: string; itemId: string; fieldId: string; optionId: string }>('UpdateProjectV2ItemFieldValue', `
mutation UpdateProjectV2ItemFieldValue($projectId: ID!, $itemId: ID!, $fieldId: ID!, $optionId: String!) {
  updateProjectV2ItemFieldValue(input: { projectId: $projectId, itemId: $itemId, fieldId: $fieldId, value: { singleSelectOptionId: $optionId } }) { projectV2Item { id } }
}`);

const DELETE_ITEM = graphqlDocument<unknown, { projectId: string; itemId: string }>('DeleteProjectV2Item', `
mutation DeleteProjectV2Item($projectId: ID!, $itemId: ID!) {
  deleteProjectV2Item(input: { projectId: $projectId, itemId: $itemId }) { deletedItemId }
}`);

const NO_PAGE: Page<never> = { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };

function toProject(n: ProjectNode): ProjectV2 {
  const f = n.field;
  return {
    id: n.id, number: n.number, title: n.title, closed: n.closed,
    // A field named Status that is not single-select (a text field) comes back without options: no columns.
    status: f?.id && f.options ? { fieldId: f.id, columns: f.options.map((o) => ({ id: o.id, name: o.name })) } : null,
  };
}


export function projectsApi(ctx: RestContext): ProjectsAPI {
  const gql = graphqlApi(ctx);
  return {
    async listProjectsV2(owner, query) {
      const nodes = await gql.graphqlPages(PROJECTS_OF_OWNER, { owner, query: query ?? null }, (d) => {
        if (!d.repositoryOwner) throw new GitHubClientError(`GraphQL ProjectsV2OfOwner: no org or user ${owner}`);
        return d.repositoryOwner.projectsV2 ?? NO_PAGE;
      });
      return nodes.map(toProject);
    },
    async projectItemsOf(org, repo, number) {
      let contentId = '';
      const nodes = await gql.graphqlPages(PROJECT_ITEMS_OF, { owner: org, name: repo, number }, (d) => {
        const content = d.repository.issueOrPullRequest;
        if (!content) throw new GitHubClientError(`GraphQL ProjectItemsOf: ${org}/${repo}#${number} not found`);
        contentId = content.id;
        return content.projectItems;
      });
      return {
        contentId,
        items: nodes.map((n) => ({
          id: n.id, projectId: n.project.id,
          column: n.fieldValueByName?.optionId ? { id: n.fieldValueByName.optionId, name: n.fieldValueByName.name ?? '' } : null,
        })),
      };
    },
    async addProjectV2Item(projectId, contentId) {
      return (await gql.graphql(ADD_ITEM, { projectId, contentId })).addProjectV2ItemById?.item.id;
    },
    async setProjectV2ItemColumn(projectId, itemId, fieldId, optionId) {
      await gql.graphql(SET_COLUMN, { projectId, itemId, fieldId, optionId });
    },
    async deleteProjectV2Item(projectId, itemId) {
      await gql.graphql(DELETE_ITEM, { projectId, itemId });
    },
  };
}
