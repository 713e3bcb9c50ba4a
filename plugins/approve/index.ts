// The approve plugin: the `approved` label and the [APPROVALNOTIFIER] comment, recomputed from every approval on
// the PR whenever a comment, review, push or label may have changed it.
import type { GenericCommentEvent, PullRequestEvent, ReviewEvent } from '../../src/github/events.js';
import { APPROVED } from '../shared/labels.js';
import { definePlugin, type CommandSpec, type HandlerContext } from '../types.js';
import { APPROVE_CONFIG, type ApproveSettings } from './config.js';
import { factsOfPR, handleApproval, hasApprovalCommand, isApprovalState } from './handle.js';

export const APPROVE_COMMAND: CommandSpec = {
  regex: /^\/(?:remove-)?approve(?:[\t ]+(?:no-issue|cancel))?[\t ]*$/im,
  usage: '/[remove-]approve [no-issue|cancel]',
  description: 'Approves a pull request',
  featured: true,
  whoCanUse: 'Users listed as \'approvers\' in appropriate OWNERS files.',
  examples: ['/approve', '/approve no-issue', '/remove-approve'],
};

async function onComment(ctx: HandlerContext<GenericCommentEvent, ApproveSettings>): Promise<void> {
  const e = ctx.event;
  if (e.action !== 'created' || !e.isPR || e.issueState === 'closed' || ctx.isBot) return;
  if (!hasApprovalCommand(ctx.commandText, ctx.settings.lgtmActsAsApprove)) return;
  const pr = await ctx.github.getPullRequest(ctx.org, ctx.repo, e.number);
  await handleApproval(ctx, factsOfPR(pr, ctx.org, ctx.repo));
}

/** Reviews with an approval command in their body are the comment handler's; this one handles review states. */
async function onReview(ctx: HandlerContext<ReviewEvent, ApproveSettings>): Promise<void> {
  const e = ctx.event;
  if ((e.action !== 'submitted' && e.action !== 'dismissed') || ctx.isBot) return;
  if (hasApprovalCommand(ctx.commandText, ctx.settings.lgtmActsAsApprove)) return;
  if (!isApprovalState(e.review.state, ctx.settings.reviewActsAsApprove)) return;
  await handleApproval(ctx, factsOfPR(e.pull_request, ctx.org, ctx.repo));
}

async function onPullRequest(ctx: HandlerContext<PullRequestEvent, ApproveSettings>): Promise<void> {
  const e = ctx.event;
  if (!['opened', 'reopened', 'synchronize', 'labeled'].includes(e.action)) return;
  // A person adding `approved` by hand is an approval (the notifier says requirements were bypassed).
  if (e.action === 'labeled' && (e.label?.name.toLowerCase() !== APPROVED || ctx.isBot || e.pull_request.state === 'closed')) return;
  await handleApproval(ctx, factsOfPR(e.pull_request, ctx.org, ctx.repo));
}

export const approve = definePlugin<ApproveSettings>({
  name: 'approve',
  description: `The approve plugin implements a pull request approval process that manages the '${APPROVED}' label and an approval notification comment. Approval is achieved when the set of users that have approved the PR is capable of approving every file changed by the PR. A user is able to approve a file if their username or an alias they belong to is listed in the 'approvers' section of an OWNERS file in the directory of the file or higher in the directory tree.
<br>
<br>Per-repo configuration may be used to require that PRs link to an associated issue before approval is granted. It may also be used to specify that the PR authors implicitly approve their own PRs.
<br>For more information see <a href="https://docs.prow.k8s.io/docs/components/plugins/approve/approvers/">here</a>.`,
  config: APPROVE_CONFIG,
  commands: [APPROVE_COMMAND],
  handlers: { genericComment: onComment, review: onReview, pullRequest: onPullRequest },
});
