// The merge-method-comment plugin: on PRs with more than one commit, explains how Tide will merge them (the repo's
// merge method) and which label asks for the other method, once per PR.
import type { Tide } from '../../src/config/types.js';
import type { PullRequestEvent } from '../../src/github/events.js';
import { formatNotice } from '../shared/reply.js';
import { definePlugin, type HandlerContext } from '../types.js';

/** Tide's merge method for org/repo: the repo's entry, else the org's, else merge (branch-level entries are Tide's concern). */
export function mergeMethodFor(tide: Tide | undefined, org: string, repo: string): string {
  for (const key of [`${org}/${repo}`, org]) {
    const v = tide?.merge_method?.[key];
    if (typeof v === 'string') return v;
  }
  return 'merge';
}

/** Upstream's text for a PR with several commits, or undefined when it needs none. */
export function mergeMethodComment(tide: Tide | undefined, org: string, repo: string): string {
  const method = mergeMethodFor(tide, org, repo);
  let comment = `This PR has multiple commits, and the default merge method is: ${method}.\n`;
  if (method === 'squash') {
    comment += tide?.merge_label ? `You can request commits to be merged using the label: ${tide.merge_label}` : 'Commits will be squashed, as no merge labels are defined';
  } else if (method === 'merge') {
    comment += tide?.squash_label ? `You can request commits to be squashed using the label: ${tide.squash_label}` : 'Commits will be merged, as no squash labels are defined';
  }
  return comment;
}

async function handlePullRequest(ctx: HandlerContext<PullRequestEvent>): Promise<void> {
  const e = ctx.event;
  if (!['opened', 'reopened', 'synchronize', 'edited'].includes(e.action)) return;
  const commits = (e.pull_request as { commits?: number }).commits ?? 0;
  if (commits <= 1) return;
  const number = e.pull_request.number;
  const comment = mergeMethodComment(ctx.prowConfig.tide, ctx.org, ctx.repo);
  const bot = ctx.botLogin.toLowerCase();
  const comments = await ctx.github.listIssueComments(ctx.org, ctx.repo, number);
  if (comments.some((c) => c.user.login.toLowerCase() === bot && c.body.includes(comment))) return;
  await ctx.github.createComment(ctx.org, ctx.repo, number, formatNotice(comment));
}

export const mergeMethodCommentPlugin = definePlugin({
  name: 'merge-method-comment',
  description: 'The merge-method-comment plugin adds a comment on how to request a different-from-default merge method to PRs with more than 1 commit',
  handlers: { pullRequest: handlePullRequest },
});
