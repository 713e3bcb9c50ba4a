// Comments: /test <job>, /test all, /retest, /retest-required and /ok-to-test on open PRs, from trusted users or on
// trusted PRs; anyone else is told that a trusted user must /ok-to-test first.
import { LRUCache } from 'lru-cache';
import type { GenericCommentEvent } from '../../src/github/events.js';
import type { Label } from '../../src/github/types.js';
import { hasLabel, NEEDS_OK_TO_TEST, OK_TO_TEST } from '../shared/labels.js';
import {
  filterPresubmits, mayNeedHelpComment, mentionsTrigger, OK_TO_TEST_RE, presubmitFilter, RETEST_RE, RETEST_REQUIRED_RE, shouldRespondWithHelp,
  type ContextStatus,
} from './filters.js';
import { presubmitCouldRun, presubmitRerunCommand } from './jobs.js';
import { CANNOT_TRIGGER_UNTRUSTED, helpReply, isHelpReply } from './messages.js';
import { changedFiles } from './pull-request.js';
import { LABEL_RETEST, runRequested } from './run.js';
import { trustedPullRequest, trustedUser } from './trust.js';
import type { TriggerContext } from './types.js';

/**
 * PRs this process left a help reply on. Only those are searched for help replies to prune once a command works, so
 * an ordinary `/test` costs no listing of the PR's comments (upstream never lists them for it). After a restart,
 * older help replies stay, as upstream's do.
 */
const helpRepliedOn = new LRUCache<string, true>({ max: 10_000 });

export async function handleGenericComment(ctx: TriggerContext<GenericCommentEvent>): Promise<void> {
  const gc = ctx.event;
  // Only new comments on open PRs.
  if (ctx.action !== 'created' || !ctx.isPR || gc.issueState !== 'open') return;
  const { org, repo, author: commenter } = ctx;
  const number = gc.number;
  // Commands in quotes and code blocks are not commands.
  const body = ctx.commandText;
  if (!mentionsTrigger(body, ctx.jobs.staticPresubmits())) return;
  if (ctx.isBot) return;

  const gh = ctx.github;
  const t = ctx.settings;
  let labels: Label[] | undefined;
  if (!(await trustedUser(gh, t, commenter, org, repo, ctx.botLogin))) {
    // As upstream: anyone may ask for tests on a trusted PR (its author is trusted, or it has ok-to-test).
    const pr = await trustedPullRequest(gh, t, gc.issueAuthor.login, org, repo, number, ctx.botLogin);
    if (!pr.trusted) {
      ctx.logger.info('Neither the commenter nor the PR is trusted; asking for /ok-to-test.', { commenter });
      await ctx.respond(CANNOT_TRIGGER_UNTRUSTED);
      return;
    }
    labels = pr.labels;
  }
  labels ??= await gh.getIssueLabels(org, repo, number);

  // The PR is trusted now: record it in the labels.
  const okToTest = !t.ignore_ok_to_test && OK_TO_TEST_RE.test(body);
  if (okToTest && !hasLabel(labels, OK_TO_TEST)) await gh.addLabel(org, repo, number, OK_TO_TEST);
  if ((okToTest || hasLabel(labels, OK_TO_TEST)) && hasLabel(labels, NEEDS_OK_TO_TEST)) {
    await gh.removeLabel(org, repo, number, NEEDS_OK_TO_TEST);
  }

  const pr = await gh.getPullRequest(org, repo, number);
  const baseSha = await gh.getRef(org, repo, `heads/${pr.base.ref}`);
  const presubmits = await ctx.jobs.presubmits(baseSha, [pr.head.sha]);
  const contexts = async (): Promise<ContextStatus> => {
    const combined = await gh.getCombinedStatus(org, repo, pr.head.sha);
    const failed = new Set<string>();
    const all = new Set<string>();
    for (const s of combined.statuses) {
      all.add(s.context);
      if (s.state === 'failure' || s.state === 'error') failed.add(s.context);
    }
    return { failed, all };
  };
  const filter = await presubmitFilter(body, !t.ignore_ok_to_test, contexts);
  const toRun = await filterPresubmits(filter, changedFiles(ctx, number), pr.base.ref, presubmits);

  const [needsHelp, note] = shouldRespondWithHelp(body, toRun.length);
  if (needsHelp) {
    await ctx.respond(helpReply(org, repo, pr.base.ref, note, presubmits, (p) => presubmitCouldRun(p, pr.base.ref), presubmitRerunCommand));
    helpRepliedOn.set(`${org}/${repo}#${number}`, true);
    return;
  }
  // The command worked: earlier help replies on this PR are noise now.
  const key = `${org}/${repo}#${number}`;
  if (mayNeedHelpComment(body) && helpRepliedOn.has(key)) {
    await pruneHelpReplies(ctx, number);
    helpRepliedOn.delete(key);
  }
  // Reruns are labelled so they can be told apart from first runs (upstream's prow.k8s.io/retest).
  const retest = RETEST_RE.test(body) || RETEST_REQUIRED_RE.test(body);
  await runRequested(ctx, pr, baseSha, toRun, retest ? { [LABEL_RETEST]: 'true' } : {});
}

async function pruneHelpReplies(ctx: TriggerContext<unknown>, number: number): Promise<void> {
  const comments = await ctx.github.listIssueComments(ctx.org, ctx.repo, number);
  for (const c of comments) {
    if (c.user.login === ctx.botLogin && isHelpReply(c.body)) await ctx.github.deleteComment(ctx.org, ctx.repo, c.id);
  }
}
