// enqueuePullRequest and dequeuePullRequest: add a PR to its base branch's merge queue (which builds its merge
// group and sends merge_group/checks_requested) or take it out, by the PR's node ID.
import { GitHubError, type RepoRec } from '../../model.js';
import { FieldError } from '../execute.js';
import type { Mutation, MutationContext } from './index.js';
import type { Args } from '../execute.js';

/** The PR the input names, when the viewer may change its queue (write access, as GitHub requires). */
function pullOf(input: Args, field: string, { state, viewer }: MutationContext, verb: string): { repo: RepoRec; number: number } {
  const found = state.issueByNodeId(String(input[field] ?? ''));
  if (!found?.issue.pull) throw new FieldError(`Could not resolve to a node with the global id of '${String(input[field])}'.`, 'NOT_FOUND');
  if (!['write', 'maintain', 'admin'].includes(state.permissionOf(found.repo, viewer))) throw new FieldError(`${viewer} does not have permission to ${verb} this pull request.`, 'FORBIDDEN');
  return { repo: found.repo, number: found.issue.number };
}

/** GitHub answers a refused queue change as a GraphQL error with its message. */
async function orFieldError<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof GitHubError) throw new FieldError(e.message, 'UNPROCESSABLE');
    throw e;
  }
}

const enqueuePullRequest: Mutation = async (input, ctx) => {
  const { repo, number } = pullOf(input, 'pullRequestId', ctx, 'enqueue');
  const expected = typeof input.expectedHeadOid === 'string' ? input.expectedHeadOid : undefined;
  const entry = await orFieldError(ctx.state.mergeQueues.enqueue(repo, number, ctx.viewer, expected));
  const position = (repo.mergeQueues.get(ctx.state.pull(repo, number).pull.baseRef) ?? []).indexOf(entry) + 1;
  return {
    __typename: 'EnqueuePullRequestPayload',
    clientMutationId: (input.clientMutationId as string | undefined) ?? null,
    // The entry may have merged already (a queue without required checks): GitHub then answers its last state.
    mergeQueueEntry: ctx.schema.mergeQueueEntry(repo, entry, position),
  };
};

const dequeuePullRequest: Mutation = async (input, ctx) => {
  const { repo, number } = pullOf(input, 'id', ctx, 'dequeue');
  const entry = await orFieldError(ctx.state.mergeQueues.dequeue(repo, number, ctx.viewer));
  return { __typename: 'DequeuePullRequestPayload', clientMutationId: (input.clientMutationId as string | undefined) ?? null, mergeQueueEntry: ctx.schema.mergeQueueEntry(repo, entry, 0) };
};

export const mergeQueueMutations: Record<string, Mutation> = { enqueuePullRequest, dequeuePullRequest };
