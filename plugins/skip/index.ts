// The skip plugin: /skip turns the stale failed or pending statuses of optional jobs (ones that do not block
// merging) into success "Skipped", so a PR's combined status reads clean once its required jobs pass.
import { compileGoRegex } from '../../src/config/goregex.js';
import type { Presubmit } from '../../src/config/types.js';
import type { GenericCommentEvent } from '../../src/github/events.js';
import type { PullRequest } from '../../src/github/types.js';
import { definePlugin, type CommandSpec, type HandlerContext } from '../types.js';

const SKIP: CommandSpec = {
  regex: /^\/skip\s*$/im, usage: '/skip', description: 'Cleans up GitHub stale commit statuses for non-blocking jobs on a PR.', examples: ['/skip'],
  whoCanUse: 'Anyone can trigger this command on a PR.',
};

/** Upstream's ContextRequired: the job's context blocks merging unless it is optional or not reported. */
const required = (job: Presubmit): boolean => !job.optional && !job.skip_report;
const contextOf = (job: Presubmit): string => job.context ?? job.name;

/** Jobs this same comment asks trigger to run (their statuses are about to change anyway). */
function triggeredBy(job: Presubmit, body: string): boolean {
  if (!job.trigger) return false;
  try {
    return compileGoRegex(job.trigger).test(body);
  } catch {
    return false;
  }
}

async function handleComment(ctx: HandlerContext<GenericCommentEvent>): Promise<void> {
  const e = ctx.event;
  if (!e.isPR || e.issueState !== 'open' || e.action !== 'created' || ctx.matches(SKIP).length === 0) return;
  let pr: PullRequest;
  try {
    pr = await ctx.github.getPullRequest(ctx.org, ctx.repo, e.number);
  } catch (error) {
    await ctx.respond(`Cannot get PR #${e.number} in ${ctx.org}/${ctx.repo}: ${(error as Error).message}`);
    return;
  }
  const baseSha = await ctx.github.getRef(ctx.org, ctx.repo, `heads/${pr.base.ref}`);
  const presubmits = await ctx.jobs.presubmits(baseSha, [pr.head.sha]);
  const combined = await ctx.github.getCombinedStatus(ctx.org, ctx.repo, pr.head.sha);
  if (combined.state === 'success') return;
  for (const job of presubmits) {
    const context = contextOf(job);
    const status = combined.statuses.find((s) => s.context === context);
    if (!status || status.state === 'success' || triggeredBy(job, e.body) || required(job)) continue;
    try {
      await ctx.github.createStatus(ctx.org, ctx.repo, pr.head.sha, { state: 'success', description: 'Skipped', context });
    } catch (error) {
      await ctx.respond(`Cannot update PR status for context ${context}: ${(error as Error).message}`);
      return;
    }
  }
}

export const skip = definePlugin({
  name: 'skip',
  description: 'The skip plugin allows users to clean up GitHub stale commit statuses for non-blocking jobs on a PR.',
  commands: [SKIP],
  handlers: { genericComment: handleComment },
});
