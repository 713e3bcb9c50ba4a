// The lgtm plugin: `/lgtm` from a collaborator (or, with review_acts_as_lgtm, an approving review) puts the `lgtm`
// label on a PR, `/lgtm cancel` or `/remove-lgtm` (or a review requesting changes) takes it off; a push takes it off
// again unless the tree did not change (store_tree_hash) or the author is in trusted_team_for_sticky_lgtm.
import type { GenericCommentEvent, PullRequestEvent, ReviewEvent } from '../../src/github/events.js';
import type { User } from '../../src/github/types.js';
import { definePlugin, type CommandSpec, type HandlerContext } from '../types.js';
import { LGTM_CONFIG, type LgtmSettings } from './config.js';
import { handleLgtm, type LgtmRequest } from './handle.js';
import { handlePush } from './push.js';

export const LGTM_RE = /^\/lgtm(?: no-issue)?\s*$/im;
export const LGTM_CANCEL_RE = /^\/(remove-lgtm|lgtm cancel)\s*$/im;

const LGTM_COMMAND: CommandSpec = {
  regex: /^\/(?:lgtm(?: no-issue| cancel)?|remove-lgtm)\s*$/im,
  usage: '/[remove-]lgtm [cancel] or GitHub Review action',
  description: 'Adds or removes the \'lgtm\' label which is typically used to gate merging.',
  featured: true,
  whoCanUse: 'Collaborators on the repository. \'/lgtm cancel\' can be used additionally by the PR author.',
  examples: ['/lgtm', '/lgtm cancel', '/remove-lgtm'],
};

async function genericComment(ctx: HandlerContext<GenericCommentEvent, LgtmSettings>): Promise<void> {
  const e = ctx.event;
  if (!e.isPR || e.issueState !== 'open' || e.action !== 'created') return;
  // /lgtm wins over a cancel in the same comment, as upstream.
  let want: boolean;
  if (LGTM_RE.test(ctx.commandText)) want = true;
  else if (LGTM_CANCEL_RE.test(ctx.commandText)) want = false;
  else return;
  await handleLgtm(ctx, request(ctx.author, e.issueAuthor.login, e.assignees, e.number, want));
}

async function review(ctx: HandlerContext<ReviewEvent, LgtmSettings>): Promise<void> {
  if (!ctx.settings.review_acts_as_lgtm || ctx.action !== 'submitted') return;
  // A review whose body holds a command is handled as a comment.
  if (LGTM_RE.test(ctx.commandText) || LGTM_CANCEL_RE.test(ctx.commandText)) return;
  const state = (ctx.event.review.state ?? '').toUpperCase();
  if (state !== 'APPROVED' && state !== 'CHANGES_REQUESTED') return;
  const pr = ctx.event.pull_request;
  await handleLgtm(ctx, request(ctx.event.review.user.login, pr.user.login, pr.assignees ?? [], pr.number, state === 'APPROVED'));
}

function request(author: string, issueAuthor: string, assignees: User[], number: number, want: boolean): LgtmRequest {
  return { author, issueAuthor, assignees: assignees.map((a) => a.login), number, want };
}

export const lgtm = definePlugin<LgtmSettings>({
  name: 'lgtm',
  description: 'The lgtm plugin manages the application and removal of the \'lgtm\' (Looks Good To Me) label which is typically used to gate merging.',
  config: LGTM_CONFIG,
  commands: [LGTM_COMMAND],
  handlers: {
    genericComment,
    review,
    pullRequest: (ctx: HandlerContext<PullRequestEvent, LgtmSettings>) => handlePush(ctx),
  },
});
