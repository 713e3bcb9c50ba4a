// addProjectV2ItemById, updateProjectV2ItemFieldValue (single-select values: the Status column) and
// deleteProjectV2Item, on the fake's Projects (v2).
import type { ProjectV2Rec } from '../../projects-v2.js';
import { FieldError, type Args } from '../execute.js';
import { idOfNode } from '../projects-v2.js';
import type { Mutation, MutationContext } from './index.js';

const unresolved = (id: unknown): FieldError => new FieldError(`Could not resolve to a node with the global id of '${String(id)}'`, 'NOT_FOUND');

function projectOf(input: Args, { state }: MutationContext): ProjectV2Rec {
  const id = idOfNode('ProjectV2', input.projectId);
  const p = id === undefined ? undefined : state.projectsV2.byId(id);
  if (!p) throw unresolved(input.projectId);
  return p;
}

function itemIdOf(input: Args): number {
  const id = idOfNode('ProjectV2Item', input.itemId);
  if (id === undefined) throw unresolved(input.itemId);
  return id;
}

const clientMutationId = (input: Args): string | null => (input.clientMutationId as string | undefined) ?? null;

export const projectsV2Mutations: Record<string, Mutation> = {
  addProjectV2ItemById: (input, ctx) => {
    const project = projectOf(input, ctx);
    const found = ctx.state.issueByNodeId(String(input.contentId ?? ''));
    if (!found) throw unresolved(input.contentId);
    const item = ctx.state.projectsV2.addItem(project, found.repo, found.issue);
    return { __typename: 'AddProjectV2ItemByIdPayload', clientMutationId: clientMutationId(input), item: ctx.schema.projectsV2.item(project, item) };
  },
  updateProjectV2ItemFieldValue: (input, ctx) => {
    const project = projectOf(input, ctx);
    if (idOfNode('ProjectV2SingleSelectField', input.fieldId) !== project.status?.id) throw unresolved(input.fieldId);
    const value = (input.value ?? {}) as Args;
    if (typeof value.singleSelectOptionId !== 'string') throw new FieldError('The fake GitHub sets single-select values only (value.singleSelectOptionId)', 'UNPROCESSABLE');
    const item = ctx.state.projectsV2.setStatus(project, itemIdOf(input), value.singleSelectOptionId);
    return { __typename: 'UpdateProjectV2ItemFieldValuePayload', clientMutationId: clientMutationId(input), projectV2Item: ctx.schema.projectsV2.item(project, item) };
  },
  deleteProjectV2Item: (input, ctx) => {
    const project = projectOf(input, ctx);
    ctx.state.projectsV2.deleteItem(project, itemIdOf(input));
    return { __typename: 'DeleteProjectV2ItemPayload', clientMutationId: clientMutationId(input), deletedItemId: String(input.itemId) };
  },
};
