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

/** Upstream trigger's description for the runs it aborts. */
export const ABORTED_BY_TRIGGER = 'Aborted by trigger plugin.';

/** Upstream's kube.RetestLabel: on jobs started by /retest or /retest-required. */
export const LABEL_RETEST = 'prow.k8s.io/retest';

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

/**
 * Creates a ProwJob per presubmit, then aborts older unfinished runs of those jobs on this PR. As upstream, nothing
 * starts on a PR GitHub knows does not merge (a conflict): the results would say nothing.
 */
export async function runRequested(agent: PluginAgent, pr: PullRequest, baseSha: string, jobs: Presubmit[], guid: string, labels: Record<string, string> = {}): Promise<void> {
  if (pr.mergeable === false) {
    agent.logger.info('The PR does not merge; starting no jobs.');
    return;
  }
  const refs = refsForPullRequest(pr, baseSha);
  const results = await Promise.allSettled(jobs.map(async (job) => {
    const pj = await createOnce(agent.store, newPresubmit(job, refs, { eventGUID: guid, labels }));
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

/** The unfinished presubmits of one PR. */
async function unfinishedPresubmits(agent: PluginAgent, org: string, repo: string, pull: number): Promise<ProwJob[]> {
  const selector = `${LABEL_TYPE}=presubmit,${LABEL_ORG}=${org},${LABEL_REPO}=${repo},${LABEL_PULL}=${pull}`;
  return (await agent.store.list({ labelSelector: selector }))
    .filter((pj) => !isFinalState(pj.status.state) && pj.spec.refs?.org === org && pj.spec.refs?.repo === repo);
}

async function abort(agent: PluginAgent, jobs: ProwJob[]): Promise<void> {
  await Promise.all(jobs.map((old) => updateWithRetry(agent.store, old.metadata.name, (pj) => {
    if (isFinalState(pj.status.state)) return false;
    transition(pj, 'aborted', { description: ABORTED_BY_TRIGGER });
    return pj;
  }).then(
    () => agent.logger.info('Aborted a run of the job.', { job: old.spec.job, name: old.metadata.name }),
    (e: unknown) => agent.logger.warn('cannot abort a run of the job', { name: old.metadata.name, error: (e as Error).message }),
  )));
}

/** Unfinished presubmits of the same jobs on the same PR that started before the new ones are aborted. */
async function abortOlder(agent: PluginAgent, refs: Refs, created: ProwJob[]): Promise<void> {
  const pull = refs.pulls?.[0]?.number;
  if (pull === undefined) return;
  const newest = new Map(created.map((pj) => [pj.spec.job, pj]));
  // Another unfinished run of the job that started no later than ours (start times have second precision) was
  // there before we created ours: it is the older one.
  const stale = (await unfinishedPresubmits(agent, refs.org, refs.repo, pull)).filter((old) => {
    const replacement = newest.get(old.spec.job);
    return replacement !== undefined && old.metadata.name !== replacement.metadata.name
      && (old.status.startTime ?? '') <= (replacement.status.startTime ?? '');
  });
  await abort(agent, stale);
}

/** Every unfinished presubmit of a PR (upstream's abortAllJobs: on a push, on close, on conversion to draft). */
export async function abortAllJobs(agent: PluginAgent, pr: PullRequest): Promise<void> {
  await abort(agent, await unfinishedPresubmits(agent, pr.base.repo.owner.login, pr.base.repo.name, pr.number));
}
