// The blunderbuss plugin: requests reviews from OWNERS reviewers when a PR opens (or is marked ready), and on
// `/auto-cc`. With `wait_for_status`, not when the PR opens but once its head commit's status reaches the configured
// one (by default: Tide says only reviews are missing).
import { goRegexMatch } from '../../src/config/goregex.js';
import type { GenericCommentEvent, PullRequestEvent, StatusEvent } from '../../src/github/events.js';
import { graphqlDocument } from '../../src/github/graphql-document.js';
import type { PullRequest } from '../../src/github/types.js';
import { ownersAtBase } from '../shared/owners.js';
import { seededRandom, seedOf } from '../shared/random.js';
import { definePlugin, type CommandSpec, type HandlerContext } from '../types.js';
import { BLUNDERBUSS_CONFIG, DEFAULT_REQUEST_COUNT, waitForStatus, type BlunderbussSettings } from './config.js';
import { chooseReviewers, type ReviewerSource } from './reviewers.js';

export const AUTO_CC: CommandSpec = {
  regex: /^\/auto-cc\s*$/im,
  usage: '/auto-cc',
  description: 'Manually request reviews from reviewers for a PR. Useful if OWNERS file were updated since the PR was opened.',
  examples: ['/auto-cc'],
  whoCanUse: 'Anyone',
};

/** Upstream's assign.CCRegexp: a PR whose body already asks for reviewers gets none from blunderbuss. */
const CC_IN_BODY = /^\/(un)?cc(( +@?[-/\w]+?)*)\s*$/im;

const USER_AVAILABILITY = graphqlDocument<{ user: { login: string; status: { indicatesLimitedAvailability: boolean } | null } | null }, { login: string }>(
  'UserAvailability',
  'query UserAvailability($login: String!) { user(login: $login) { login status { indicatesLimitedAvailability } } }',
);

type Ctx = HandlerContext<unknown, BlunderbussSettings>;

async function requestReviewers(ctx: Ctx, pr: PullRequest): Promise<void> {
  const s = ctx.settings;
  const count = s.request_count ?? DEFAULT_REQUEST_COUNT;
  const gh = ctx.github;
  const [owners, changes] = await Promise.all([ownersAtBase(ctx, pr), gh.getPullRequestChanges(ctx.org, ctx.repo, pr.number)]);
  const files = changes.map((c) => ({ filename: c.filename, changes: c.changes ?? (c.additions ?? 0) + (c.deletions ?? 0) }));
  const random = seededRandom(seedOf(`${ctx.org}/${ctx.repo}#${pr.number}`));
  const isBusy = s.use_status_availability
    ? async (login: string): Promise<boolean> => {
      try {
        return (await gh.graphql(USER_AVAILABILITY, { login })).user?.status?.indicatesLimitedAvailability ?? false;
      } catch (error) {
        ctx.logger.error('error checking user availability', { user: login, error });
        return false;
      }
    }
    : undefined;
  const reviewersOf: ReviewerSource = { leaf: (f) => owners.leafReviewers(f), all: (f) => owners.reviewers(f), required: (f) => owners.requiredReviewers(f) };
  const opts = { author: pr.user.login, count, random, ...(isBusy ? { isBusy } : {}) };
  const chosen = await chooseReviewers(reviewersOf, files, opts);
  let reviewers = chosen.reviewers;
  if (reviewers.length < count && !s.exclude_approvers) {
    // Too few reviewers in OWNERS: approvers are reviewers too (unless exclude_approvers).
    const approversOf: ReviewerSource = { leaf: (f) => owners.leafApprovers(f), all: (f) => owners.approvers(f), required: () => new Set() };
    const fallback = await chooseReviewers(approversOf, files, opts);
    const before = reviewers.length;
    reviewers = [...reviewers, ...fallback.reviewers.filter((a) => !reviewers.includes(a))];
    ctx.logger.info(`Added ${reviewers.length - before} approvers as reviewers. ${reviewers.length}/${count} reviewers found.`);
  }
  if (reviewers.length < count) ctx.logger.debug(`Not enough reviewers found in OWNERS files for files touched by this PR. ${reviewers.length}/${count} reviewers found.`);
  const max = s.max_request_count ?? 0;
  if (max > 0 && reviewers.length > max) {
    ctx.logger.info(`Limiting request of ${reviewers.length} reviewers to ${max} maxReviewers.`);
    reviewers = reviewers.slice(0, max);
  }
  const all = [...reviewers, ...chosen.required.filter((r) => !reviewers.includes(r))];
  if (all.length === 0) return;
  ctx.logger.info(`Requesting reviews from users ${all.join(', ')}.`);
  // GitHub refuses a whole request when one login cannot review: the checked request asks for each alone then, so
  // one stale OWNERS entry does not cost the PR its other reviewers.
  const refused = await gh.requestReviewChecked(ctx.org, ctx.repo, pr.number, all);
  if (refused.length > 0) ctx.logger.warn(`GitHub refused review requests for ${refused.join(', ')}`, { reviewers: refused });
}

async function onPullRequest(ctx: HandlerContext<PullRequestEvent, BlunderbussSettings>): Promise<void> {
  const { action, pull_request: pr } = ctx.event;
  if ((action !== 'opened' && action !== 'ready_for_review') || CC_IN_BODY.test(pr.body ?? '')) return;
  // With wait_for_status, the status event asks instead.
  if (waitForStatus(ctx.settings)) return;
  if (skipped(ctx.settings, pr)) return;
  await requestReviewers(ctx, pr);
}

function skipped(s: BlunderbussSettings, pr: PullRequest): boolean {
  return (pr.draft === true && s.ignore_drafts === true) || (s.ignore_authors ?? []).includes(pr.user.login);
}

/**
 * wait_for_status: when the configured context reaches the configured state with a matching description, each open
 * PR whose head is that commit and that has no requested reviewers yet gets them. Statuses on older commits of a PR
 * and PRs someone already asked reviewers of are left alone, as upstream.
 */
async function onStatus(ctx: HandlerContext<StatusEvent, BlunderbussSettings>): Promise<void> {
  const wfs = waitForStatus(ctx.settings);
  const e = ctx.event;
  if (!wfs || e.context !== wfs.context || e.state !== wfs.state || !goRegexMatch(wfs.description, e.description ?? '')) return;
  // The open PRs whose head is this commit (the PR list, as cla: current at once, where upstream's search lags).
  const pulls = (await ctx.github.getPullRequests(ctx.org, ctx.repo, 'open')).filter((p) => p.head.sha === e.sha);
  ctx.logger.info(`Found ${pulls.length} PRs matching commit.`);
  for (const pr of pulls) {
    if (skipped(ctx.settings, pr) || (pr.requested_reviewers ?? []).length > 0) continue;
    ctx.logger.info(`Requesting reviewers for PR #${pr.number}: its head reached ${wfs.context} ${wfs.state}.`);
    await requestReviewers(ctx, pr);
  }
}

async function onComment(ctx: HandlerContext<GenericCommentEvent, BlunderbussSettings>): Promise<void> {
  const e = ctx.event;
  if (e.action !== 'created' || !e.isPR || e.issueState === 'closed') return;
  if (ctx.matches(AUTO_CC).length === 0) return;
  await requestReviewers(ctx, await ctx.github.getPullRequest(ctx.org, ctx.repo, e.number));
}

export const blunderbuss = definePlugin<BlunderbussSettings>({
  name: 'blunderbuss',
  description: 'The blunderbuss plugin automatically requests reviews from reviewers when a new PR is created. The reviewers are selected based on the reviewers specified in the OWNERS files that apply to the files modified by the PR.',
  config: BLUNDERBUSS_CONFIG,
  commands: [AUTO_CC],
  handlers: { pullRequest: onPullRequest, genericComment: onComment, status: onStatus },
});
