// Push events: run the postsubmits whose branch and file filters match. Branch deletions run nothing; tags run the
// postsubmits whose branch filters match the tag name, as upstream.
import type { PushEvent } from '../../src/github/events.js';
import { MERGE_QUEUE_BRANCH_PREFIX } from '../../src/github/rulesets.js';
import { pushBranch } from '../context.js';
import { postsubmitShouldRun } from './jobs.js';
import { runPostsubmit } from './run.js';
import type { TriggerContext } from './types.js';

const ZERO_SHA = '0000000000000000000000000000000000000000';

export async function handlePush(ctx: TriggerContext<PushEvent>): Promise<void> {
  const pe = ctx.event;
  if (pe.deleted || pe.after === ZERO_SHA) return;
  const { org, repo } = ctx;
  const branch = pushBranch(pe.ref);
  // GitHub's merge queue pushes its group branches too; their jobs start from merge_group events.
  if (branch.startsWith(MERGE_QUEUE_BRANCH_PREFIX)) return;
  const changes = async (): Promise<string[]> => {
    const files = new Set<string>();
    for (const c of pe.commits ?? []) for (const f of [...(c.added ?? []), ...(c.removed ?? []), ...(c.modified ?? [])]) files.add(f);
    return [...files];
  };
  for (const job of await ctx.jobs.postsubmits(pe.after)) {
    if (!(await postsubmitShouldRun(job, branch, changes))) continue;
    await runPostsubmit(ctx, job, {
      org, repo, base_ref: branch, base_sha: pe.after,
      ...(pe.compare ? { base_link: pe.compare } : {}),
      ...(pe.repository.html_url ? { repo_link: pe.repository.html_url } : {}),
    });
  }
}
