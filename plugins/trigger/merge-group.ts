// merge_group events from GitHub's merge queue: on `checks_requested`, run the base branch's required presubmits
// against the group's commit (refs: the `gh-readonly-queue/…` branch at the group's head SHA, no pulls), so crier
// reports them on that SHA, where the queue reads them. Required: always-run (or run_before_merge) presubmits that
// report and are not optional, and any presubmit whose context the branch's rulesets require. On `destroyed`
// (merged, dequeued, invalidated) the group's unfinished runs are aborted: their result no longer matters.
import { isFinalState, LABEL_TYPE } from '../../src/api/prowjob.js';
import { newPresubmit } from '../../src/api/create.js';
import { transition } from '../../src/api/state.js';
import { shouldRunOnBranch } from '../../src/config/jobs.js';
import type { Presubmit } from '../../src/config/types.js';
import type { MergeGroupEvent } from '../../src/github/events.js';
import { branchOfRef, requiredChecksFromRules } from '../../src/github/rulesets.js';
import { createOnce, updateWithRetry } from '../../src/store/retry.js';
import type { TriggerContext } from './types.js';

/** The description of a merge group's runs aborted when GitHub drops the group. */
export const ABORTED_MERGE_GROUP = 'Aborted: the merge group was destroyed.';

/** The presubmits a merge group needs: what Tide would require, and what the rulesets require by context. */
export function mergeGroupPresubmits(presubmits: readonly Presubmit[], branch: string, rulesRequire: ReadonlySet<string>): Presubmit[] {
  return presubmits.filter((ps) => {
    if (!shouldRunOnBranch(ps, branch)) return false;
    if (rulesRequire.has(ps.context ?? ps.name)) return true;
    return !ps.optional && !ps.skip_report && (ps.always_run || ps.run_before_merge === true);
  });
}

export async function handleMergeGroup(ctx: TriggerContext<MergeGroupEvent>): Promise<void> {
  const mg = ctx.event.merge_group;
  if (ctx.event.action === 'destroyed') return abortGroup(ctx, mg.head_sha);
  if (ctx.event.action !== 'checks_requested') return;
  const { org, repo } = ctx;
  const branch = branchOfRef(mg.base_ref);
  let required = new Set<string>();
  try {
    required = new Set(requiredChecksFromRules(await ctx.github.listBranchRules(org, repo, branch)));
  } catch (e) {
    ctx.logger.warn('cannot read the branch rules; running the always-run presubmits only', { branch, error: e });
  }
  const jobs = mergeGroupPresubmits(await ctx.jobs.presubmits(mg.base_sha, [mg.head_sha]), branch, required);
  const repoLink = ctx.event.repository.html_url ?? `https://${ctx.githubHost}/${org}/${repo}`;
  const refs = { org, repo, repo_link: repoLink, base_ref: branchOfRef(mg.head_ref), base_sha: mg.head_sha, base_link: `${repoLink}/commit/${mg.head_sha}` };
  const errors: string[] = [];
  for (const job of jobs) {
    try {
      const pj = await createOnce(ctx.store, newPresubmit(job, refs, { eventGUID: ctx.guid }));
      ctx.logger.info('Creating a new prowjob.', { job: job.name, name: pj.metadata.name, type: 'presubmit', merge_group: mg.head_ref });
    } catch (e) {
      errors.push(`${job.name}: ${(e as Error).message}`);
    }
  }
  if (errors.length) throw new Error(`failed to create ${errors.length} prowjob(s): ${errors.join('; ')}`);
}

async function abortGroup(ctx: TriggerContext<MergeGroupEvent>, headSha: string): Promise<void> {
  const running = (await ctx.store.list({ labelSelector: `${LABEL_TYPE}=presubmit`, unfinished: true }))
    .filter((pj) => pj.spec.refs?.org === ctx.org && pj.spec.refs.repo === ctx.repo && pj.spec.refs.base_sha === headSha && !pj.spec.refs.pulls?.length);
  for (const pj of running) {
    await updateWithRetry(ctx.store, pj.metadata.name, (cur) => {
      if (isFinalState(cur.status.state)) return false;
      transition(cur, 'aborted', { description: ABORTED_MERGE_GROUP });
      return cur;
    }).catch((e: unknown) => ctx.logger.warn('cannot abort a merge group run', { name: pj.metadata.name, error: e }));
  }
}
