// A push to a PR takes lgtm off, with upstream's notice, unless the author is in the sticky-lgtm team or, with
// store_tree_hash, the new head has the same tree as the one the last lgtm was given for (a squash or a rebase
// that changed nothing).
import type { PullRequestEvent } from '../../src/github/events.js';
import { hasLabel, LGTM } from '../shared/labels.js';
import { isBotLogin } from '../shared/prune.js';
import type { HandlerContext } from '../types.js';
import type { LgtmSettings } from './config.js';
import { removeLgtm } from './handle.js';
import { LGTM_REMOVED_ON_PUSH, treeHashOf } from './messages.js';
import { isStickyLgtmAuthor } from './sticky.js';

export async function handlePush(ctx: HandlerContext<PullRequestEvent, LgtmSettings>): Promise<void> {
  const pr = ctx.event.pull_request;
  if (pr.merged || ctx.action !== 'synchronize') return;
  const { org, repo, github: gh } = ctx;
  const number = pr.number;
  if (await isStickyLgtmAuthor(gh, ctx.settings, org, pr.user.login, ctx.logger)) return;
  if (!hasLabel(await gh.getIssueLabels(org, repo, number), LGTM)) return;

  if (ctx.settings.store_tree_hash) {
    const comments = await gh.listIssueComments(org, repo, number);
    // The newest unedited notice by the bot counts (an edited one could say anything).
    let lgtmTree: string | undefined;
    for (let i = comments.length - 1; i >= 0 && lgtmTree === undefined; i--) {
      const c = comments[i]!;
      if (isBotLogin(c.user.login, ctx.botLogin) && c.updated_at === c.created_at) lgtmTree = treeHashOf(c.body);
    }
    if (lgtmTree !== undefined) {
      const tree = (await gh.getSingleCommit(org, repo, pr.head.sha)).commit.tree.sha;
      if (tree === lgtmTree) {
        ctx.logger.info(`Keeping LGTM label as the tree-hash remained the same: ${tree}`);
        return;
      }
    }
  }
  await removeLgtm(ctx, number, (pr.assignees ?? []).map((a) => a.login));
  ctx.logger.info(`Commenting with an LGTM removed notification to ${org}/${repo}#${number}`);
  await gh.createComment(org, repo, number, LGTM_REMOVED_ON_PUSH);
}
