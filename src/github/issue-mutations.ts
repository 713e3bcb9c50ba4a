// GraphQL mutations on issues that REST does not offer: moving an issue to another repository and pinning it.
// Each takes GraphQL node IDs (an issue's `node_id`, a repository's `node_id`).
import { graphqlDocument } from './graphql-document.js';
import type { GraphQLAPI } from './graphql.js';

const TRANSFER = graphqlDocument<{ transferIssue: { issue: { url: string; number: number } } }, { issueId: string; repositoryId: string }>(
  'transferIssue',
  'mutation transferIssue($issueId: ID!, $repositoryId: ID!) { transferIssue(input: {issueId: $issueId, repositoryId: $repositoryId}) { issue { url number } } }',
);

const PIN = graphqlDocument<{ pinIssue: { issue: { id: string } } }, { issueId: string }>(
  'pinIssue', 'mutation pinIssue($issueId: ID!) { pinIssue(input: {issueId: $issueId}) { issue { id } } }',
);

const UNPIN = graphqlDocument<{ unpinIssue: { issue: { id: string } } }, { issueId: string }>(
  'unpinIssue', 'mutation unpinIssue($issueId: ID!) { unpinIssue(input: {issueId: $issueId}) { issue { id } } }',
);

/** Moves an issue to another repository of the same owner; returns the issue's new URL. */
export async function transferIssue(gh: GraphQLAPI, issueId: string, repositoryId: string): Promise<string> {
  return (await gh.graphql(TRANSFER, { issueId, repositoryId })).transferIssue.issue.url;
}

/** Pins (true) or unpins (false) an issue on its repository. */
export async function setIssuePinned(gh: GraphQLAPI, issueId: string, pinned: boolean): Promise<void> {
  if (pinned) await gh.graphql(PIN, { issueId });
  else await gh.graphql(UNPIN, { issueId });
}
