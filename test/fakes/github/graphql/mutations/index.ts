// GitHub's GraphQL mutations the fake models, by field name. A feature adds a module beside this one and one entry
// below; each mutation takes its `input` argument and returns its payload object, changing state through
// GitHubState so the same webhooks fire as for the REST route (or the test helper) that makes the same change.
import type { GitHubState } from '../../state.js';
import type { GraphQLSchema } from '../schema.js';
import type { Args, Resolved } from '../execute.js';
import { projectsV2Mutations } from './projects-v2.js';
import { pinIssueMutations } from './pin-issue.js';
import { mergeQueueMutations } from './merge-queue.js';
import { pullRequestDraftMutations } from './pull-request-draft.js';
import { transferIssueMutations } from './transfer-issue.js';

export interface MutationContext {
  state: GitHubState;
  schema: GraphQLSchema;
  /** The login the request authenticated as. */
  viewer: string;
}

export type Mutation = (input: Args, ctx: MutationContext) => Resolved | Promise<Resolved>;

export const MUTATIONS: Record<string, Mutation> = {
  ...pullRequestDraftMutations,
  ...projectsV2Mutations,
  ...transferIssueMutations,
  ...pinIssueMutations,
  ...mergeQueueMutations,
};
