// Push events: run the postsubmits whose branch and file filters match. Branch deletions run nothing; tags run the
// postsubmits whose branch filters match the tag name, as upstream.
import type { PushEvent } from '../../src/github/events.js';
import type { PluginAgent } from '../types.js';
import { postsubmitShouldRun } from './jobs.js';
import { postsubmitsAt, runPostsubmit } from './run.js';

const ZERO_SHA = '0000000000000000000000000000000000000000';

/** upstream PushEvent.Branch(): the ref without refs/heads/ or refs/tags/. */
export function pushBranch(ref: string): string {
  return ref.replace(/^refs\/heads\//, '').replace(/^refs\/tags\//, '');
}

export async function handlePush(agent: PluginAgent, pe: PushEvent & { guid: string }): Promise<void> {
  if (pe.deleted || pe.after === ZERO_SHA) return;
  const org = pe.repository.owner.login;
  const repo = pe.repository.name;
  const branch = pushBranch(pe.ref);
  const changes = async (): Promise<string[]> => {
    const files = new Set<string>();
    for (const c of pe.commits ?? []) for (const f of [...(c.added ?? []), ...(c.removed ?? []), ...(c.modified ?? [])]) files.add(f);
    return [...files];
  };
  for (const job of await postsubmitsAt(agent, org, repo, pe.after)) {
    if (!(await postsubmitShouldRun(job, branch, changes))) continue;
    await runPostsubmit(agent, job, {
      org, repo, base_ref: branch, base_sha: pe.after,
      ...(pe.compare ? { base_link: pe.compare } : {}),
      ...(pe.repository.html_url ? { repo_link: pe.repository.html_url } : {}),
    }, pe.guid);
  }
}
