// pinIssue and unpinIssue: pin an issue to its repository (at most three) or unpin it, by the issue's node ID.
import { FieldError } from '../execute.js';
import type { Mutation } from './index.js';

const setPinned = (pinned: boolean): Mutation => (input, { state, schema, viewer }) => {
  const issueId = String(input.issueId ?? '');
  const found = state.issueByNodeId(issueId);
  if (!found || found.issue.pull) throw new FieldError(`Could not resolve to Issue node with the global id of '${issueId}'.`, 'NOT_FOUND');
  if (pinned && !found.issue.pinned && [...found.repo.issues.values()].filter((i) => i.pinned).length >= 3) {
    throw new FieldError('A repository can have at most 3 pinned issues.', 'UNPROCESSABLE');
  }
  state.setPinned(found.repo, found.issue.number, pinned, viewer);
  const payload = pinned ? 'PinIssuePayload' : 'UnpinIssuePayload';
  return { __typename: payload, clientMutationId: (input.clientMutationId as string | undefined) ?? null, issue: schema.issue(found.repo, found.issue) };
};

export const pinIssueMutations: Record<string, Mutation> = { pinIssue: setPinned(true), unpinIssue: setPinned(false) };
