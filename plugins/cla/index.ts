// The cla plugin: mirrors the EasyCLA status context into the `cncf-cla: yes` / `cncf-cla: no` labels of the open
// PRs whose head it is about, and rechecks on /check-cla.
import type { GenericCommentEvent, StatusEvent } from '../../src/github/events.js';
import { CLA_NO, CLA_YES } from '../shared/labels.js';
import { definePlugin, type CommandSpec, type HandlerContext } from '../types.js';

/** The status context the CLA service reports (fixed, as upstream). */
export const CLA_CONTEXT = 'EasyCLA';

const CHECK_CLA: CommandSpec = {
  regex: /^\/check-cla\s*$/im, usage: '/check-cla', description: 'Forces rechecking of the CLA status.', examples: ['/check-cla'], whoCanUse: 'Anyone', featured: true,
};

/** Puts `want` on the PR and takes the other CLA label off, as the labels it has call for. */
async function setLabel(ctx: HandlerContext<unknown>, number: number, labels: readonly string[], want: typeof CLA_YES | typeof CLA_NO): Promise<void> {
  const other = want === CLA_YES ? CLA_NO : CLA_YES;
  if (labels.includes(other)) await ctx.github.removeLabel(ctx.org, ctx.repo, number, other);
  if (!labels.includes(want)) await ctx.github.addLabel(ctx.org, ctx.repo, number, want);
}

async function handleStatus(ctx: HandlerContext<StatusEvent>): Promise<void> {
  const e = ctx.event;
  if (e.context !== CLA_CONTEXT || e.state === 'pending') return;
  const want = e.state === 'success' ? CLA_YES : e.state === 'failure' || e.state === 'error' ? CLA_NO : undefined;
  if (!want) return;
  // The open PRs whose head is this commit (upstream searches for them and retries while the index lags; the
  // PR list is current at once).
  const pulls = (await ctx.github.getPullRequests(ctx.org, ctx.repo, 'open')).filter((p) => p.head.sha === e.sha);
  for (const pr of pulls) {
    const labels = pr.labels.map((l) => l.name);
    if (labels.includes(want)) continue;
    await setLabel(ctx, pr.number, labels, want);
  }
}

async function handleComment(ctx: HandlerContext<GenericCommentEvent>): Promise<void> {
  const e = ctx.event;
  if (e.issueState !== 'open' || e.action !== 'created' || !e.isPR || ctx.matches(CHECK_CLA).length === 0) return;
  const labels = (await ctx.github.getIssueLabels(ctx.org, ctx.repo, e.number)).map((l) => l.name);
  const pr = await ctx.github.getPullRequest(ctx.org, ctx.repo, e.number);
  const status = (await ctx.github.getCombinedStatus(ctx.org, ctx.repo, pr.head.sha)).statuses.find((s) => s.context === CLA_CONTEXT);
  if (status?.state === 'success') await setLabel(ctx, e.number, labels, CLA_YES);
  else if (status?.state === 'failure') await setLabel(ctx, e.number, labels, CLA_NO);
}

export const cla = definePlugin({
  name: 'cla',
  description: `The cla plugin manages the application and removal of the 'cncf-cla' prefixed labels on pull requests as a reaction to the ${CLA_CONTEXT} github status context. It is also responsible for warning unauthorized PR authors that they need to sign the CNCF CLA before their PR will be merged.`,
  commands: [CHECK_CLA],
  handlers: { status: handleStatus, genericComment: handleComment },
});
