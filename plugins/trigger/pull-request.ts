// Pull request events: run the presubmits for new, reopened, updated and ready PRs from trusted authors; welcome
// untrusted authors with needs-ok-to-test.
import type { PullRequestEvent } from '../../src/github/events.js';
import type { PullRequest } from '../../src/github/types.js';
import { hasLabel, LGTM, NEEDS_OK_TO_TEST } from '../shared/labels.js';
import { filterPresubmits, testAllFilter } from './filters.js';
import { welcomeMessage } from './messages.js';
import { runRequested } from './run.js';
import { trustedPullRequest, trustedUser } from './trust.js';
import type { TriggerContext } from './types.js';

export async function handlePullRequest(ctx: TriggerContext<PullRequestEvent>): Promise<void> {
  const ev = ctx.event;
  const pr = ev.pull_request;
  const { org, repo, author } = ctx;
  const t = ctx.settings;
  const gh = ctx.github;

  const buildAllIfTrusted = async (): Promise<void> => {
    // An untrusted author was asked for /ok-to-test when the PR was opened; no need to ask again.
    const { trusted, labels } = await trustedPullRequest(gh, t, author, org, repo, pr.number);
    if (!trusted) return;
    if (labels && hasLabel(labels, NEEDS_OK_TO_TEST)) await gh.removeLabel(org, repo, pr.number, NEEDS_OK_TO_TEST);
    ctx.logger.info('Starting all jobs for updated PR.');
    await buildAll(ctx, pr);
  };

  switch (ev.action) {
    case 'opened': {
      if (await trustedUser(gh, t, author, org, repo)) {
        ctx.logger.info('Starting all jobs for new PR.');
        await buildAll(ctx, pr);
        return;
      }
      ctx.logger.info('Welcome message to PR author.', { author });
      await gh.createComment(org, repo, pr.number, welcomeMessage({
        author, org, repoFullName: pr.base.repo.full_name, trustedOrg: t.trusted_org, joinOrgUrl: t.join_org_url, ignoreOkToTest: t.ignore_ok_to_test,
      }));
      if (!t.ignore_ok_to_test) await gh.addLabel(org, repo, pr.number, NEEDS_OK_TO_TEST);
      return;
    }
    case 'reopened':
    case 'synchronize':
    case 'ready_for_review':
      await buildAllIfTrusted();
      return;
    case 'edited':
      // A new base branch means new jobs may apply.
      if (ev.changes?.base?.ref?.from || ev.changes?.base?.sha?.from) await buildAllIfTrusted();
      return;
    case 'labeled':
      // An lgtm on an untrusted PR tests it once (upstream: the reviewer has vouched for this version).
      if (ev.label?.name === LGTM) {
        const { trusted } = await trustedPullRequest(gh, t, author, org, repo, pr.number);
        if (!trusted) await buildAll(ctx, pr);
      }
      return;
    default:
      return;
  }
}

/** Runs every presubmit that /test all would run on this PR. */
export async function buildAll(ctx: TriggerContext<unknown>, pr: PullRequest): Promise<void> {
  const baseSha = await ctx.github.getRef(ctx.org, ctx.repo, `heads/${pr.base.ref}`);
  const presubmits = await ctx.jobs.presubmits(baseSha, [pr.head.sha]);
  const toRun = await filterPresubmits(testAllFilter, changedFiles(ctx, pr.number), pr.base.ref, presubmits);
  await runRequested(ctx, pr, baseSha, toRun);
}

/** The PR's changed files, fetched once and only when a job's file filter needs them. */
export function changedFiles(ctx: TriggerContext<unknown>, number: number): () => Promise<string[]> {
  let files: Promise<string[]> | undefined;
  return () => (files ??= ctx.github.getPullRequestChanges(ctx.org, ctx.repo, number).then((fs) => fs.map((f) => f.filename)));
}
