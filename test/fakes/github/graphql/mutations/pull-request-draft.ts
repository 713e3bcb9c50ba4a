// markPullRequestReadyForReview and convertPullRequestToDraft: flip a PR's draft flag by its node ID.
import { FieldError } from '../execute.js';
import type { Mutation } from './index.js';

const setDraft = (draft: boolean): Mutation => (input, { state, schema, viewer }) => {
  const found = state.issueByNodeId(String(input.pullRequestId ?? ''));
  if (!found?.issue.pull) throw new FieldError(`Could not resolve to a node with the global id of '${String(input.pullRequestId)}'.`, 'NOT_FOUND');
  state.setDraft(found.repo, found.issue.number, draft, viewer);
  return { __typename: draft ? 'ConvertPullRequestToDraftPayload' : 'MarkPullRequestReadyForReviewPayload', clientMutationId: (input.clientMutationId as string | undefined) ?? null, pullRequest: schema.pullRequest(found.repo, found.issue) };
};

export const pullRequestDraftMutations: Record<string, Mutation> = {
  markPullRequestReadyForReview: setDraft(false),
  convertPullRequestToDraft: setDraft(true),
};
