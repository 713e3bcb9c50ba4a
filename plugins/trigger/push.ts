// Push events: run the postsubmits whose branch and file filters match. Branch deletions run nothing; tags run the
// postsubmits whose branch filters match the tag name, as upstream.
import type { PushEvent } from '../../src/github/events.js';
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
