// Comments: /test <job>, /test all, /retest, /retest-required and /ok-to-test on open PRs, from trusted users or on
// trusted PRs; anyone else is told that a trusted user must /ok-to-test first.
import { LRUCache } from 'lru-cache';
import type { GenericCommentEvent } from '../../src/github/events.js';
import type { PluginAgent } from '../types.js';
import type { Label } from '../../src/github/types.js';
import {
  filterPresubmits, mayNeedHelpComment, mentionsTrigger, OK_TO_TEST_RE, presubmitFilter, RETEST_RE, RETEST_REQUIRED_RE, shouldRespondWithHelp,
  type ContextStatus,
} from './filters.js';
import { presubmitCouldRun, presubmitRerunCommand } from './jobs.js';
import { CANNOT_TRIGGER_UNTRUSTED, formatResponseRaw, helpReply, isHelpReply, LABEL_NEEDS_OK_TO_TEST, LABEL_OK_TO_TEST } from './messages.js';
import { changedFiles } from './pull-request.js';
import { LABEL_RETEST, presubmitsFor, runRequested, staticPresubmits } from './run.js';
import { hasLabel, triggerFor, trustedPullRequest, trustedUser } from './trust.js';

/**
 * PRs this process left a help reply on. Only those are searched for help replies to prune once a command works, so
 * an ordinary `/test` costs no listing of the PR's comments (upstream never lists them for it). After a restart,
 * older help replies stay, as upstream's do.
 */
const helpRepliedOn = new LRUCache<string, true>({ max: 10_000 });

export async function handleGenericComment(agent: PluginAgent, gc: GenericCommentEvent): Promise<void> {
  // Only new comments on open PRs.
  if (gc.action !== 'created' || !gc.isPR || gc.issueState !== 'open') return;
  const org = gc.repo.owner.login;
  const repo = gc.repo.name;
  const commenter = gc.user.login;
  if (!mentionsTrigger(gc.body, staticPresubmits(agent, org, repo))) return;
  if (commenter === agent.botLogin) return;

  const gh = agent.github;
  const t = triggerFor(agent.pluginConfig, org, repo);
  let labels: Label[] | undefined;
  if (!(await trustedUser(gh, t, commenter, org, repo, agent.botLogin))) {
    // As upstream: anyone may ask for tests on a trusted PR (its author is trusted, or it has ok-to-test).
    const pr = await trustedPullRequest(gh, t, gc.issueAuthor.login, org, repo, gc.number, agent.botLogin);
    if (!pr.trusted) {
      agent.logger.info('Neither the commenter nor the PR is trusted; asking for /ok-to-test.', { commenter });
      await gh.createComment(org, repo, gc.number, formatResponseRaw(gc.body, gc.htmlUrl, commenter, CANNOT_TRIGGER_UNTRUSTED));
      return;
    }
    labels = pr.labels;
  }
  labels ??= await gh.getIssueLabels(org, repo, gc.number);

  // The PR is trusted now: record it in the labels.
  const okToTest = !t.ignore_ok_to_test && OK_TO_TEST_RE.test(gc.body);
  if (okToTest && !hasLabel(labels, LABEL_OK_TO_TEST)) await gh.addLabel(org, repo, gc.number, LABEL_OK_TO_TEST);
  if ((okToTest || hasLabel(labels, LABEL_OK_TO_TEST)) && hasLabel(labels, LABEL_NEEDS_OK_TO_TEST)) {
    await gh.removeLabel(org, repo, gc.number, LABEL_NEEDS_OK_TO_TEST);
  }

  const pr = await gh.getPullRequest(org, repo, gc.number);
  const baseSha = await gh.getRef(org, repo, `heads/${pr.base.ref}`);
  const presubmits = await presubmitsFor(agent, org, repo, baseSha, pr.head.sha);
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
  const filter = await presubmitFilter(gc.body, !t.ignore_ok_to_test, contexts);
  const toRun = await filterPresubmits(filter, changedFiles(agent, org, repo, gc.number), pr.base.ref, presubmits);

  const [needsHelp, note] = shouldRespondWithHelp(gc.body, toRun.length);
  if (needsHelp) {
    const reply = helpReply(org, repo, pr.base.ref, note, presubmits, (p) => presubmitCouldRun(p, pr.base.ref), presubmitRerunCommand);
    await gh.createComment(org, repo, gc.number, formatResponseRaw(gc.body, gc.htmlUrl, commenter, reply));
    helpRepliedOn.set(`${org}/${repo}#${gc.number}`, true);
    return;
  }
  // The command worked: earlier help replies on this PR are noise now.
  const key = `${org}/${repo}#${gc.number}`;
  if (mayNeedHelpComment(gc.body) && helpRepliedOn.has(key)) {
    await pruneHelpReplies(agent, org, repo, gc.number);
    helpRepliedOn.delete(key);
  }
  // Reruns are labelled so they can be told apart from first runs (upstream's prow.k8s.io/retest).
  const retest = RETEST_RE.test(gc.body) || RETEST_REQUIRED_RE.test(gc.body);
  await runRequested(agent, pr, baseSha, toRun, gc.guid, retest ? { [LABEL_RETEST]: 'true' } : {});
}

async function pruneHelpReplies(agent: PluginAgent, org: string, repo: string, number: number): Promise<void> {
  const comments = await agent.github.listIssueComments(org, repo, number);
  for (const c of comments) {
    if (c.user.login === agent.botLogin && isHelpReply(c.body)) await agent.github.deleteComment(org, repo, c.id);
  }
}
