// Starting jobs: ProwJobs for the chosen presubmits (refs from the PR) and postsubmits (refs from the push), and
// aborting the older runs of the same job on the same PR, which a new run replaces.
import { isFinalState, LABEL_ORG, LABEL_PULL, LABEL_REPO, LABEL_TYPE, type ProwJob, type Refs } from '../../src/api/prowjob.js';
import { newPostsubmit, newPresubmit } from '../../src/api/create.js';
import { pullRequestRefs } from '../../src/api/refs.js';
import { transition } from '../../src/api/state.js';
import { postsubmitsFor, presubmitsFor as staticPresubmitsFor } from '../../src/config/jobs.js';
import type { Postsubmit, Presubmit } from '../../src/config/types.js';
import type { PullRequest } from '../../src/github/types.js';
import { createOnce, updateWithRetry } from '../../src/store/retry.js';
import type { PluginAgent } from '../types.js';

export const ABORTED_BY_NEWER = 'Aborted as the newer version of this job is running.';

export function staticPresubmits(agent: PluginAgent, org: string, repo: string): Presubmit[] {
  return staticPresubmitsFor(agent.config, `${org}/${repo}`);
}

/** The presubmits for a PR: the central ones, and the repo's .prow.yaml at the base with the PR merged in. */
export async function presubmitsFor(agent: PluginAgent, org: string, repo: string, baseSha: string, headSha: string): Promise<Presubmit[]> {
  if (!agent.inRepoConfig) return staticPresubmits(agent, org, repo);
  try {
    return await agent.inRepoConfig.presubmits(agent.config, org, repo, baseSha, [headSha]);
  } catch (e) {
    // As upstream: the central jobs still run (one of them may be what checks .prow.yaml); Tide will not merge.
    agent.logger.warn('cannot read inrepoconfig; using the central presubmits', { error: (e as Error).message });
    return staticPresubmits(agent, org, repo);
  }
}

/** The postsubmits for a push: the central ones, and the repo's .prow.yaml at the pushed SHA. */
export async function postsubmitsAt(agent: PluginAgent, org: string, repo: string, sha: string): Promise<Postsubmit[]> {
  if (!agent.inRepoConfig) return postsubmitsFor(agent.config, `${org}/${repo}`);
  try {
    return await agent.inRepoConfig.postsubmits(agent.config, org, repo, sha);
  } catch (e) {
    agent.logger.warn('cannot read inrepoconfig; using the central postsubmits', { error: (e as Error).message });
    return postsubmitsFor(agent.config, `${org}/${repo}`);
  }
}

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

/** Creates a ProwJob per presubmit, then aborts older unfinished runs of those jobs on this PR. */
export async function runRequested(agent: PluginAgent, pr: PullRequest, baseSha: string, jobs: Presubmit[], guid: string): Promise<void> {
  const refs = refsForPullRequest(pr, baseSha);
  const results = await Promise.allSettled(jobs.map(async (job) => {
    const pj = await createOnce(agent.store, newPresubmit(job, refs, { eventGUID: guid }));
    agent.logger.info('Creating a new prowjob.', { job: job.name, name: pj.metadata.name, type: 'presubmit' });
    return pj;
  }));
  const created = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const errors = results.flatMap((r, i) => (r.status === 'rejected' ? [`${jobs[i].name}: ${(r.reason as Error).message}`] : []));
  if (created.length > 0) await abortOlder(agent, refs, created);
  if (errors.length > 0) throw new Error(`failed to create ${errors.length} prowjob(s): ${errors.join('; ')}`);
}

export async function runPostsubmit(agent: PluginAgent, job: Postsubmit, refs: Refs, guid: string): Promise<void> {
  const pj = await createOnce(agent.store, newPostsubmit(job, refs, { eventGUID: guid }));
  agent.logger.info('Creating a new prowjob.', { job: job.name, name: pj.metadata.name, type: 'postsubmit' });
}

/**
 * Start time, then build ID, then name: a total order, so two runs created at once agree on which one survives.
 * startTime has second precision, so runs created within one second tie on it; build IDs are snowflakes that
 * grow with creation time, which breaks the tie the right way round.
 */
function olderThan(a: ProwJob, b: ProwJob): boolean {
  const sa = a.status.startTime ?? '';
  const sb = b.status.startTime ?? '';
  if (sa !== sb) return sa < sb;
  const ba = buildIdOrder(a);
  const bb = buildIdOrder(b);
  if (ba !== bb) return ba < bb;
  return a.metadata.name < b.metadata.name;
}

function buildIdOrder(pj: ProwJob): bigint {
  const id = pj.status.build_id;
  return id && /^\d+$/.test(id) ? BigInt(id) : -1n;
}

/** Unfinished presubmits of the same jobs on the same PR that started before the new ones are aborted. */
async function abortOlder(agent: PluginAgent, refs: Refs, created: ProwJob[]): Promise<void> {
  const pull = refs.pulls?.[0]?.number;
  if (pull === undefined) return;
  const newest = new Map(created.map((pj) => [pj.spec.job, pj]));
  const selector = `${LABEL_TYPE}=presubmit,${LABEL_ORG}=${refs.org},${LABEL_REPO}=${refs.repo},${LABEL_PULL}=${pull}`;
  const stale = (await agent.store.list({ labelSelector: selector })).filter((old) => {
    const replacement = newest.get(old.spec.job);
    return replacement !== undefined && olderThan(old, replacement) && !isFinalState(old.status.state)
      && old.spec.refs?.org === refs.org && old.spec.refs?.repo === refs.repo;
  });
  await Promise.all(stale.map((old) => updateWithRetry(agent.store, old.metadata.name, (pj) => {
    if (isFinalState(pj.status.state)) return false;
    transition(pj, 'aborted', { description: ABORTED_BY_NEWER });
    return pj;
  }).then(
    () => agent.logger.info('Aborted an older run of the job.', { job: old.spec.job, name: old.metadata.name }),
    (e: unknown) => agent.logger.warn('cannot abort an older run of the job', { name: old.metadata.name, error: (e as Error).message }),
  )));
}
