// Aborting a PR's unfinished presubmit runs: trigger aborts those a new run or a push replaces, override those
// whose context it has forced to pass (so their result cannot replace the override).
import { isFinalState, LABEL_ORG, LABEL_PULL, LABEL_REPO, LABEL_TYPE, type ProwJob } from '../../src/api/prowjob.js';
import { transition } from '../../src/api/state.js';
import { updateWithRetry } from '../../src/store/retry.js';
import type { HandlerContext } from '../types.js';

type Ctx = Pick<HandlerContext<unknown, unknown>, 'store' | 'logger'>;

/** The unfinished presubmits of one PR. */
export async function unfinishedPresubmits(ctx: Ctx, org: string, repo: string, pull: number): Promise<ProwJob[]> {
  const selector = `${LABEL_TYPE}=presubmit,${LABEL_ORG}=${org},${LABEL_REPO}=${repo},${LABEL_PULL}=${pull}`;
  return (await ctx.store.list({ labelSelector: selector, unfinished: true }))
    .filter((pj) => pj.spec.refs?.org === org && pj.spec.refs?.repo === repo);
}

/**
 * Moves each still-unfinished job to aborted with `description` (the executor stops what runs); with
 * `stopReporting`, crier no longer reports it either. A job that cannot be updated is logged and left. `jobs` are
 * the caller's copies as just listed, handed over: they are edited for the first attempt, not read again.
 */
export async function abortJobs(ctx: Ctx, jobs: readonly ProwJob[], description: string, opts: { stopReporting?: boolean } = {}): Promise<void> {
  await Promise.all(jobs.map((old) => updateWithRetry(ctx.store, old.metadata.name, (pj) => {
    if (isFinalState(pj.status.state)) return false;
    if (opts.stopReporting) pj.spec.report = false;
    transition(pj, 'aborted', { description });
    return pj;
  }, { current: old }).then(
    () => ctx.logger.info('Aborted a run of the job.', { job: old.spec.job, name: old.metadata.name }),
    (e: unknown) => ctx.logger.warn('cannot abort a run of the job', { name: old.metadata.name, error: e }),
  )));
}
