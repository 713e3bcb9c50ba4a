// Starting jobs: ProwJobs for the chosen presubmits (refs from the PR) and postsubmits (refs from the push), and
// aborting the older runs of the same job on the same PR, which a new run replaces.
import type { ProwJob, Refs } from '../../src/api/prowjob.js';
import { newPostsubmit, newPresubmit } from '../../src/api/create.js';
import { pullRequestRefs } from '../../src/api/refs.js';
import type { Postsubmit, Presubmit } from '../../src/config/types.js';
import type { PullRequest } from '../../src/github/types.js';
import { createOnce } from '../../src/store/retry.js';
import { abortJobs, unfinishedPresubmits } from '../shared/abort-jobs.js';
import type { TriggerContext } from './types.js';

/** Upstream trigger's description for the runs it aborts. */
export const ABORTED_BY_TRIGGER = 'Aborted by trigger plugin.';

/** Upstream's kube.RetestLabel: on jobs started by /retest or /retest-required. */
export const LABEL_RETEST = 'prow.k8s.io/retest';

export function refsForPullRequest(pr: PullRequest, baseSha: string): Refs {
  return pullRequestRefs({
    org: pr.base.repo.owner.login,
    repo: pr.base.repo.name,
    repoLink: pr.base.repo.html_url ?? `https://github.com/${pr.base.repo.full_name}`,
    baseRef: pr.base.ref,
    baseSha,
    number: pr.number,
    author: pr.user.login,
    headSha: pr.head.sha,
    title: pr.title,
    headRef: pr.head.ref,
    link: pr.html_url,
    ...(pr.user.html_url ? { authorLink: pr.user.html_url } : {}),
  });
}

/**
 * Creates a ProwJob per presubmit, then aborts older unfinished runs of those jobs on this PR. As upstream, nothing
 * starts on a PR GitHub knows does not merge (a conflict): the results would say nothing.
 */
export async function runRequested(ctx: TriggerContext<unknown>, pr: PullRequest, baseSha: string, jobs: Presubmit[], labels: Record<string, string> = {}): Promise<void> {
  if (pr.mergeable === false) {
    ctx.logger.info('The PR does not merge; starting no jobs.');
    return;
  }
  const refs = refsForPullRequest(pr, baseSha);
  const results = await Promise.allSettled(jobs.map(async (job) => {
    const pj = await createOnce(ctx.store, newPresubmit(job, refs, { eventGUID: ctx.guid, labels }));
    ctx.logger.info('Creating a new prowjob.', { job: job.name, name: pj.metadata.name, type: 'presubmit' });
    return pj;
  }));
  const created = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const errors = results.flatMap((r, i) => (r.status === 'rejected' ? [`${jobs[i].name}: ${(r.reason as Error).message}`] : []));
  if (created.length > 0) await abortOlder(ctx, refs, created);
  if (errors.length > 0) throw new Error(`failed to create ${errors.length} prowjob(s): ${errors.join('; ')}`);
}

export async function runPostsubmit(ctx: TriggerContext<unknown>, job: Postsubmit, refs: Refs): Promise<void> {
  const pj = await createOnce(ctx.store, newPostsubmit(job, refs, { eventGUID: ctx.guid }));
  ctx.logger.info('Creating a new prowjob.', { job: job.name, name: pj.metadata.name, type: 'postsubmit' });
}

/** Unfinished presubmits of the same jobs on the same PR that started before the new ones are aborted. */
async function abortOlder(ctx: TriggerContext<unknown>, refs: Refs, created: ProwJob[]): Promise<void> {
  const pull = refs.pulls?.[0]?.number;
  if (pull === undefined) return;
  const newest = new Map(created.map((pj) => [pj.spec.job, pj]));
  // Another unfinished run of the job that started no later than ours (start times have second precision) was
  // there before we created ours: it is the older one.
  const stale = (await unfinishedPresubmits(ctx, refs.org, refs.repo, pull)).filter((old) => {
    const replacement = newest.get(old.spec.job);
    return replacement !== undefined && old.metadata.name !== replacement.metadata.name
      && (old.status.startTime ?? '') <= (replacement.status.startTime ?? '');
  });
  await abortJobs(ctx, stale, ABORTED_BY_TRIGGER);
}

/** Every unfinished presubmit of a PR (upstream's abortAllJobs: on a push, on close, on conversion to draft). */
export async function abortAllJobs(ctx: TriggerContext<unknown>, pr: PullRequest): Promise<void> {
  await abortJobs(ctx, await unfinishedPresubmits(ctx, pr.base.repo.owner.login, pr.base.repo.name, pr.number), ABORTED_BY_TRIGGER);
}
