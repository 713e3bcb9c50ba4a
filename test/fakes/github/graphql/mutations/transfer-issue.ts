// transferIssue: moves an issue to another repository of the same owner, by the issue's and the repository's node IDs.
import { FieldError } from '../execute.js';
import type { Mutation } from './index.js';

const transferIssue: Mutation = (input, { state, schema, viewer }) => {
  const issueId = String(input.issueId ?? '');
  const repositoryId = String(input.repositoryId ?? '');
  const found = state.issueByNodeId(issueId);
  if (!found || found.issue.pull) throw new FieldError(`Could not resolve to Issue node with the global id of '${issueId}'.`, 'NOT_FOUND');
  const to = state.repoByNodeId(repositoryId);
  if (!to) throw new FieldError(`Could not resolve to a node with the global id of '${repositoryId}'.`, 'NOT_FOUND');
  if (to.owner.toLowerCase() !== found.repo.owner.toLowerCase()) throw new FieldError('Issues can only be transferred to repositories owned by the same user or organization.', 'UNPROCESSABLE');
  if (to === found.repo) throw new FieldError('The issue is already in this repository.', 'UNPROCESSABLE');
  const moved = state.transferIssue(found.repo, found.issue.number, to, viewer);
  return { __typename: 'TransferIssuePayload', clientMutationId: (input.clientMutationId as string | undefined) ?? null, issue: schema.issue(to, moved) };
};

export const transferIssueMutations: Record<string, Mutation> = { transferIssue };
