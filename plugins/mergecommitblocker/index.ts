// The mergecommitblocker plugin: do-not-merge/contains-merge-commits while a PR's commits include a merge commit.
import type { PullRequestEvent } from '../../src/github/events.js';
import { hasLabel, MERGE_COMMITS } from '../shared/labels.js';
import { pruneBotComments } from '../shared/prune.js';
import { formatNotice } from '../shared/reply.js';
import { definePlugin, type HandlerContext } from '../types.js';

export const MERGE_COMMITS_NOTICE = `Adding label \`${MERGE_COMMITS}\` because PR contains merge commits, which are not allowed in this repository.
Use \`git rebase\` to reapply your commits on top of the target branch. Detailed instructions for doing so can be found [here](https://git.k8s.io/community/contributors/guide/github-workflow.md#4-keep-your-branch-in-sync).`;

async function handlePullRequest(ctx: HandlerContext<PullRequestEvent>): Promise<void> {
  const e = ctx.event;
  if (e.action !== 'opened' && e.action !== 'reopened' && e.action !== 'synchronize') return;
  const number = e.pull_request.number;
  // The PR's commits as GitHub lists them (those on the head and not on the base); a merge commit has 2+ parents.
  const commits = await ctx.github.listPullRequestCommits(ctx.org, ctx.repo, number);
  const hasMerges = commits.some((c) => c.parents.length > 1);
  const labelled = hasLabel(await ctx.github.getIssueLabels(ctx.org, ctx.repo, number), MERGE_COMMITS);
  if (labelled && !hasMerges) {
    await ctx.github.removeLabel(ctx.org, ctx.repo, number, MERGE_COMMITS);
    await pruneBotComments(ctx.github, { org: ctx.org, repo: ctx.repo, number, botLogin: ctx.botLogin }, (c) => c.body.includes(MERGE_COMMITS_NOTICE));
  } else if (!labelled && hasMerges) {
    await ctx.github.addLabel(ctx.org, ctx.repo, number, MERGE_COMMITS);
    await ctx.github.createComment(ctx.org, ctx.repo, number, formatNotice(MERGE_COMMITS_NOTICE));
  }
}

export const mergecommitblocker = definePlugin({
  name: 'mergecommitblocker',
  description: `The merge commit blocker plugin adds the ${MERGE_COMMITS} label to pull requests that contain merge commits`,
  handlers: { pullRequest: handlePullRequest },
});
