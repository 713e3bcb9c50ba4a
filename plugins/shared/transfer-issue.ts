// `/transfer[-issue] <repo>`: moves an issue to another repository of the same org (GraphQL transferIssue). Upstream
// has it twice, as the older transfer-issue plugin and folded into issue-management; both use this.
import type { GenericCommentEvent } from '../../src/github/events.js';
import { transferIssue } from '../../src/github/issue-mutations.js';
import type { CommandSpec, HandlerContext } from '../types.js';
import { orgMemberOrRefuse } from './org-member.js';

export const TRANSFER_ISSUE: CommandSpec = {
  regex: /^\/transfer(?:-issue)?(?: +(.*))?$/im,
  usage: '/transfer[-issue] <destination repo in same org>',
  description: 'Transfers an issue to a different repo in the same org.',
  examples: ['/transfer-issue kubectl', '/transfer test-infra'],
  whoCanUse: 'Org members.',
  featured: true,
};

/** Handles the transfer command when the comment has one; false when it has none. */
export async function handleTransfer(ctx: HandlerContext<GenericCommentEvent, unknown>): Promise<boolean> {
  const e = ctx.event;
  const found = ctx.matches(TRANSFER_ISSUE);
  if (found.length === 0) return false;
  if (e.isPR || e.action !== 'created') return true;
  const dst = found.length === 1 ? (found[0]![1] ?? '').trim() : '';
  if (dst === '') {
    await ctx.respond('/transfer-issue must only be used once and with a single destination repo.');
    return true;
  }
  const { org, repo } = ctx;
  const user = e.user.login;
  let repositoryId: string;
  try {
    repositoryId = (await ctx.github.getRepo(org, dst)).node_id;
  } catch (error) {
    ctx.logger.warn('could not fetch destination repo', { error, dstRepo: `${org}/${dst}` });
    await ctx.respond(`Something went wrong or the destination repo ${org}/${dst} does not exist.`);
    return true;
  }
  if (!(await orgMemberOrRefuse(ctx, user, 'You must be an org member to transfer this issue.'))) return true;
  const issue = await ctx.github.getIssue(org, repo, e.number);
  if (!issue.node_id) throw new Error(`issue ${org}/${repo}#${e.number} has no node ID`);
  const url = await transferIssue(ctx.github, issue.node_id, repositoryId);
  ctx.logger.info('successfully transferred issue', { user, srcRepo: repo, issueNumber: e.number, dstURL: url });
  return true;
}
