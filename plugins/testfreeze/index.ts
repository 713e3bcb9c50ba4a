// The testfreeze plugin: during Kubernetes' Test Freeze (a new release branch exists and its vX.Y.0 tag does not
// yet), PRs opened against kubernetes/kubernetes master get a note that merges are fast-forwarded to that branch.
import type { ProwJob } from '../../src/api/prowjob.js';
import type { PullRequestEvent } from '../../src/github/events.js';
import { githubBaseURL } from '../../src/github/flags.js';
import { definePlugin, type HandlerContext } from '../types.js';
import { checkTestFreeze } from './freeze.js';

const KUBERNETES = 'kubernetes';
const BRANCH = 'master';
/** The periodic job that fast-forwards the release branch; its last success is quoted. */
export const FAST_FORWARD_JOB = 'ci-fast-forward';

export function freezeComment(branch: string, tag: string, lastFastForward: string): string {
  return `Please note that we're already in [Test Freeze](https://github.com/kubernetes/sig-release/blob/master/releases/release_phases.md#test-freeze) for the \`${branch}\` branch. This means every merged PR will be automatically fast-forwarded via the periodic [ci-fast-forward](https://testgrid.k8s.io/sig-release-releng-blocking#git-repo-kubernetes-fast-forward) job to the release branch of the upcoming ${tag} release.

Fast forwards are scheduled to happen every 6 hours, whereas the most recent run was: ${lastFastForward}.
`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** Go's time.UnixDate layout ("Mon Jan _2 15:04:05 MST 2006"), in UTC. */
export function unixDate(d: Date): string {
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** When the fast-forward job last succeeded, from this Prow's own ProwJobs (upstream asks prow.k8s.io, which is this). */
async function lastFastForward(ctx: HandlerContext<PullRequestEvent>): Promise<string> {
  try {
    const runs = (await ctx.store.list()).filter((j: ProwJob) => j.spec.job === FAST_FORWARD_JOB && j.status.state === 'success' && j.status.completionTime);
    const last = runs.map((j) => Date.parse(j.status.completionTime!)).filter((t) => !Number.isNaN(t)).sort((a, b) => b - a)[0];
    return last === undefined ? 'unknown' : unixDate(new Date(last));
  } catch (error) {
    ctx.logger.error('Unable to get last fast forward result.', { error });
    return 'unknown';
  }
}

async function handlePullRequest(ctx: HandlerContext<PullRequestEvent>): Promise<void> {
  const e = ctx.event;
  if (e.action !== 'opened' && e.action !== 'reopened') return;
  if (ctx.org !== KUBERNETES || ctx.repo !== KUBERNETES || e.pull_request.base.ref !== BRANCH) return;
  // The repository's branches and tags as anyone would clone them (github.com's, or --github-host's).
  const remote = e.repository.html_url ?? `${githubBaseURL(ctx.githubHost)}/${KUBERNETES}/${KUBERNETES}`;
  let result;
  try {
    result = await checkTestFreeze(remote);
  } catch (error) {
    // As upstream: a failed check skips the note and is only logged.
    ctx.logger.error('skipping: cannot get the test freeze state', { error });
    return;
  }
  if (!result.inTestFreeze) return;
  await ctx.github.createComment(ctx.org, ctx.repo, e.pull_request.number, freezeComment(result.branch, result.tag, await lastFastForward(ctx)));
}

export const testfreeze = definePlugin({
  name: 'testfreeze',
  description: 'The testfreeze plugin adds additional documentation about cherry-picks during the Test Freeze period.',
  handlers: { pullRequest: handlePullRequest },
});
