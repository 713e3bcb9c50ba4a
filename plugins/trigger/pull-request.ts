// Pull request events, as upstream's trigger: run the presubmits for new, reopened, updated and ready PRs from
// trusted authors (never for drafts); welcome untrusted authors with needs-ok-to-test; abort the PR's running jobs
// when it is pushed to, closed or turned back into a draft.
import type { Presubmit } from '../../src/config/types.js';
import type { PullRequestEvent } from '../../src/github/events.js';
import type { PullRequest } from '../../src/github/types.js';
import { hasLabel, LGTM, NEEDS_OK_TO_TEST, OK_TO_TEST } from '../shared/labels.js';
import { filterPresubmits, testAllFilter } from './filters.js';
import { DRAFT_MESSAGE, welcomeMessage } from './messages.js';
import { abortAllJobs, runRequested } from './run.js';
import { trustedPullRequest, trustedUser } from './trust.js';
import type { TriggerContext } from './types.js';

const HANDLED_ACTIONS = new Set([
  'opened', 'reopened', 'edited', 'synchronize', 'labeled', 'closed', 'ready_for_review', 'converted_to_draft',
]);

export async function handlePullRequest(ctx: TriggerContext<PullRequestEvent>): Promise<void> {
  const ev = ctx.event;
  if (!HANDLED_ACTIONS.has(ev.action)) return;
  const pr = ev.pull_request;
  const { org, repo, author } = ctx;
  const t = ctx.settings;
  const gh = ctx.github;

  // As upstream: a repo without presubmits gets nothing from trigger, not even the welcome message.
  const baseSha = await gh.getRef(org, repo, `heads/${pr.base.ref}`);
  const presubmits = await ctx.jobs.presubmits(baseSha, [pr.head.sha]);
  if (presubmits.length === 0) return;
  const build = (): Promise<void> => buildAllButDrafts(ctx, pr, baseSha, presubmits);

  const buildAllIfTrusted = async (): Promise<void> => {
    // An untrusted author was asked for /ok-to-test when the PR was opened; no need to ask again.
    const { trusted, labels } = await trustedPullRequest(gh, t, author, org, repo, pr.number, ctx.botLogin);
    if (!trusted) return;
    if (labels && hasLabel(labels, NEEDS_OK_TO_TEST)) await gh.removeLabel(org, repo, pr.number, NEEDS_OK_TO_TEST);
    ctx.logger.info('Starting all jobs for updated PR.');
    await build();
  };

  switch (ev.action) {
    case 'opened': {
      if (await trustedUser(gh, t, author, org, repo, ctx.botLogin)) {
        if (pr.draft) {
          ctx.logger.info('Skipping all jobs for draft PR.');
          await gh.createComment(org, repo, pr.number, DRAFT_MESSAGE);
          return;
        }
        ctx.logger.info('Starting all jobs for new PR.');
        await build();
        return;
      }
      ctx.logger.info('Welcome message to PR author.', { author });
      await welcome(ctx, pr);
      return;
    }
    case 'reopened':
    case 'ready_for_review':
      await buildAllIfTrusted();
      return;
    case 'synchronize':
      // The jobs of the old head say nothing about the new one.
      await abortAllJobs(ctx, pr);
      await buildAllIfTrusted();
      return;
    case 'edited':
      // A new base branch means new jobs may apply.
      if (ev.changes?.base?.ref?.from || ev.changes?.base?.sha?.from) await buildAllIfTrusted();
      return;
    case 'labeled':
      // An lgtm on an untrusted PR tests it once (upstream: the reviewer has vouched for this version).
      if (ev.label?.name === LGTM) {
        const { trusted } = await trustedPullRequest(gh, t, author, org, repo, pr.number, ctx.botLogin);
        if (!trusted) {
          ctx.logger.info('Starting all jobs for untrusted PR with LGTM.');
          await build();
        }
      }
      // ok-to-test added by a person (the bot adds it for /ok-to-test, whose comment already started the jobs).
      if (ev.label?.name === OK_TO_TEST && ev.sender?.login !== ctx.botLogin) await build();
      return;
    case 'closed':
    case 'converted_to_draft':
      await abortAllJobs(ctx, pr);
      return;
  }
}

/** The welcome comment, and needs-ok-to-test unless someone (or some automation) already added ok-to-test. */
async function welcome(ctx: TriggerContext<unknown>, pr: PullRequest): Promise<void> {
  const { org, repo, settings: t } = ctx;
  const ignoreOkToTest = t.ignore_ok_to_test ?? false;
  const errors: Error[] = [];
  if (!ignoreOkToTest) {
    try {
      const labels = await ctx.github.getIssueLabels(org, repo, pr.number);
      if (!hasLabel(labels, OK_TO_TEST)) await ctx.github.addLabel(org, repo, pr.number, NEEDS_OK_TO_TEST);
    } catch (e) {
      errors.push(e as Error);
    }
  }
  await ctx.github.createComment(org, repo, pr.number, welcomeMessage({
    author: pr.user.login, org, repoFullName: pr.base.repo.full_name, trustedOrg: t.trusted_org, joinOrgUrl: t.join_org_url, ignoreOkToTest,
  }));
  if (errors.length > 0) throw errors[0];
}

/** Runs every presubmit that /test all would run on this PR, unless it is a draft. */
async function buildAllButDrafts(ctx: TriggerContext<unknown>, pr: PullRequest, baseSha: string, presubmits: Presubmit[]): Promise<void> {
  if (pr.draft) {
    ctx.logger.info('Skipping all jobs for draft PR.');
    return;
  }
  const toRun = await filterPresubmits(testAllFilter, changedFiles(ctx, pr.number), pr.base.ref, presubmits);
  await runRequested(ctx, pr, baseSha, toRun);
}

/** The PR's changed files, fetched once and only when a job's file filter needs them. */
export function changedFiles(ctx: TriggerContext<unknown>, number: number): () => Promise<string[]> {
  let files: Promise<string[]> | undefined;
  return () => (files ??= ctx.github.getPullRequestChanges(ctx.org, ctx.repo, number).then((fs) => fs.map((f) => f.filename)));
}
