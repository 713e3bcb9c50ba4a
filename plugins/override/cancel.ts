// /override-cancel: sets overridden statuses ("Overridden by …", regular or sticky) back to failure and cancels the
// success check runs override created, on the PR's HEAD commit; all of them, or those named. One reply says what
// was cancelled and what could not be.
import type { CheckRun } from '../../src/github/checks.js';
import type { GenericCommentEvent } from '../../src/github/events.js';
import type { PullRequest, Status } from '../../src/github/types.js';
import type { HandlerContext } from '../types.js';

/** The check run /override creates for `name` (and upstream's title for it). */
export const overrideRunTitle = (name: string): string => `Prow override - ${name}`;

const isOverrideRun = (run: CheckRun): boolean =>
  run.status === 'completed' && run.conclusion === 'success' && run.output.title === overrideRunTitle(run.name);

/**
 * Cancels the overrides on `pr`'s head: every one, or (with `names`) those of these contexts or check runs.
 * `overriddenBy` is the start of an override's status description.
 */
export async function cancelOverrides(ctx: HandlerContext<GenericCommentEvent, unknown>, pr: PullRequest, user: string, names: Set<string> | undefined, overriddenBy: string): Promise<void> {
  const { org, repo } = ctx;
  const sha = pr.head.sha;
  const wanted = (name: string): boolean => names === undefined || names.has(name);
  let runs: CheckRun[];
  let statuses: Status[];
  try {
    runs = await ctx.github.listCheckRuns(org, repo, sha);
  } catch (error) {
    ctx.logger.warn('cannot list check runs', { error });
    await ctx.respond(`Cannot list check runs for PR #${pr.number} in ${org}/${repo}, so no overrides were cancelled. Please retry /override-cancel.`);
    return;
  }
  try {
    statuses = (await ctx.github.getCombinedStatus(org, repo, sha)).statuses;
  } catch (error) {
    ctx.logger.warn('cannot get commit statuses', { error });
    await ctx.respond(`Cannot get commit statuses for PR #${pr.number} in ${org}/${repo}, so no overrides were cancelled. Please retry /override-cancel.`);
    return;
  }
  const done = new Set<string>();
  const problems: string[] = [];
  const cancelled = `Override cancelled by ${user}`;
  for (const s of statuses) {
    if (s.state !== 'success' || !(s.description ?? '').includes(overriddenBy) || !wanted(s.context)) continue;
    try {
      await ctx.github.createStatus(org, repo, sha, { context: s.context, state: 'failure', description: cancelled, ...(s.target_url ? { target_url: s.target_url } : {}) });
      done.add(s.context);
    } catch (error) {
      ctx.logger.warn('cannot set the status', { error, context: s.context });
      problems.push(`Cannot update PR status for context ${s.context}`);
    }
  }
  for (const run of runs) {
    if (!isOverrideRun(run) || !wanted(run.name)) continue;
    try {
      await ctx.github.updateCheckRun(org, repo, Number(run.id), {
        status: 'completed', conclusion: 'cancelled', output: { title: `Prow override cancelled - ${run.name}`, summary: cancelled },
      });
      done.add(run.name);
    } catch (error) {
      // GitHub lets only the app that created a check run change it: another app's, or one made with a token.
      ctx.logger.warn('cannot cancel the override check run', { error, checkRun: run.name });
      problems.push(`Cannot cancel override check run ${run.name}: ${(error as Error).message}`);
    }
  }
  const lines = [...(done.size > 0 ? [`Cancelled overrides on behalf of ${user}: ${[...done].sort().join(', ')}`] : []), ...problems];
  await ctx.respond(lines.length > 0 ? lines.join('\n') : 'No overrides found to cancel.');
}
