// Adding or removing lgtm for one command or review, after checking who asked: the author may cancel but not
// lgtm their own PR; anyone else must be a collaborator (who is then assigned, as upstream), or, in repos in
// owners.skip_collaborators, an approver or reviewer in the OWNERS files of a changed file.
import { ownersAtBase } from '../shared/owners.js';
import { hasLabel, LGTM } from '../shared/labels.js';
import { pruneBotComments } from '../shared/prune.js';
import type { HandlerContext } from '../types.js';
import type { LgtmSettings } from './config.js';
import { CANNOT_LGTM_OWN_PR, LGTM_REMOVED_ON_PUSH, RESTRICTED_TO_COLLABORATORS, RESTRICTED_TO_OWNERS, treeHashNotice, treeHashOf } from './messages.js';
import { isStickyLgtmAuthor } from './sticky.js';

export interface LgtmRequest {
  /** Who commented or reviewed. */
  author: string;
  issueAuthor: string;
  assignees: string[];
  number: number;
  /** true: /lgtm or an approving review; false: a cancel or a review requesting changes. */
  want: boolean;
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** upstream's owners.skip_collaborators: the repo trusts OWNERS files alone. */
function skipsCollaborators(ctx: HandlerContext<unknown, LgtmSettings>): boolean {
  return (ctx.pluginsConfig.owners?.skip_collaborators ?? []).some((e) => e === ctx.org || e === `${ctx.org}/${ctx.repo}`);
}

async function isOwnersReviewer(ctx: HandlerContext<unknown, LgtmSettings>, number: number, login: string): Promise<boolean> {
  const { org, repo, github: gh } = ctx;
  const pr = await gh.getPullRequest(org, repo, number);
  const owners = await ownersAtBase(ctx, pr);
  const files = await gh.getPullRequestChanges(org, repo, number);
  const l = login.toLowerCase();
  return files.some((f) => owners.approvers(f.filename).has(l) || owners.reviewers(f.filename).has(l));
}

export async function handleLgtm(ctx: HandlerContext<unknown, LgtmSettings>, r: LgtmRequest): Promise<void> {
  const { org, repo, github: gh } = ctx;
  const isAuthor = same(r.author, r.issueAuthor);
  if (isAuthor && r.want) {
    ctx.logger.info(`Commenting with "${CANNOT_LGTM_OWN_PR}".`);
    await ctx.respond(CANNOT_LGTM_OWN_PR);
    return;
  }
  const skipCollaborators = skipsCollaborators(ctx);
  if (!isAuthor) {
    if (!skipCollaborators) {
      if (!(await gh.isCollaborator(org, repo, r.author))) {
        ctx.logger.info(`Reply to /lgtm request with comment: "${RESTRICTED_TO_COLLABORATORS}"`);
        await ctx.respond(RESTRICTED_TO_COLLABORATORS);
        return;
      }
      // A collaborator who lgtms becomes an assignee, so the PR shows who reviewed it.
      if (!r.assignees.some((a) => same(a, r.author))) {
        const missing = await gh.assignIssueChecked(org, repo, r.number, [r.author]).catch((e: unknown) => {
          ctx.logger.error(`Failed to assign ${org}/${repo}#${r.number} to ${r.author}`, { error: e });
          return [];
        });
        if (missing.length > 0) ctx.logger.info('GitHub did not assign the reviewer', { login: r.author });
      }
    } else if (!(await isOwnersReviewer(ctx, r.number, r.author))) {
      ctx.logger.info(`Reply to /lgtm request with comment: "${RESTRICTED_TO_OWNERS}"`);
      await ctx.respond(RESTRICTED_TO_OWNERS);
      return;
    }
  }

  const has = hasLabel(await gh.getIssueLabels(org, repo, r.number), LGTM);
  const settings = ctx.settings;
  const where = { org, repo, number: r.number, botLogin: ctx.botLogin };
  if (has && !r.want) {
    ctx.logger.info('Removing LGTM label.');
    await removeLgtm(ctx, r.number, r.assignees);
    if (settings.store_tree_hash) await pruneBotComments(gh, where, (c) => treeHashOf(c.body) !== undefined);
  } else if (!has && r.want) {
    ctx.logger.info('Adding LGTM label.');
    await gh.addLabel(org, repo, r.number, LGTM);
    if (await isStickyLgtmAuthor(gh, settings, org, r.issueAuthor, ctx.logger)) return;
    if (settings.store_tree_hash) {
      const pr = await gh.getPullRequest(org, repo, r.number);
      const commit = await gh.getSingleCommit(org, repo, pr.head.sha);
      ctx.logger.info('Adding comment to store tree-hash.', { tree: commit.commit.tree.sha });
      await gh.createComment(org, repo, r.number, treeHashNotice(commit.commit.tree.sha));
    }
    // The "removed on push" notice no longer applies.
    await pruneBotComments(gh, where, (c) => c.body.includes(LGTM_REMOVED_ON_PUSH));
  }
}

/**
 * Takes the label off; with store_tree_hash, asks the assignees to review again, as upstream. Those GitHub will
 * not ask (the author among them) are logged, not an error.
 */
export async function removeLgtm(ctx: HandlerContext<unknown, LgtmSettings>, number: number, assignees: string[]): Promise<void> {
  const { org, repo, github: gh } = ctx;
  await gh.removeLabel(org, repo, number, LGTM);
  if (!ctx.settings.store_tree_hash || assignees.length === 0) return;
  const refused = await gh.requestReviewChecked(org, repo, number, assignees);
  if (refused.length > 0) ctx.logger.info('GitHub refused to re-request reviews', { logins: refused });
}
