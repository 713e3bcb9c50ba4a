// The invalidcommitmsg plugin: do-not-merge/invalid-commit-message while a commit message or the PR title has an
// issue-closing keyword (`fixes #1`) or an @mention, with upstream's explanations.
import { AT_MENTION_RE, CLOSE_ISSUE_RE, markdownShaList } from '../shared/commit-messages.js';
import type { PullRequestEvent } from '../../src/github/events.js';
import { hasLabel } from '../shared/labels.js';
import { pruneBotComments } from '../shared/prune.js';
import { ABOUT_THIS_BOT } from '../shared/reply.js';
import { entryForRepo } from '../shared/resolve.js';
import { definePlugin, type HandlerContext } from '../types.js';
import { SECTION } from './section.js';

export const INVALID_COMMIT_MSG = 'do-not-merge/invalid-commit-message';
const COMMITS_MARK = '**The list of commits with invalid commit messages**:';
const TITLE_MARK = 'not allowed in the title of a Pull Request';

export interface InvalidCommitMsgEntry {
  repos?: string[];
  checks?: { name?: string; disabled?: boolean }[];
}

/** The check this plugin makes, by the name newer upstream configs use to turn it off. */
const KEYWORDS_CHECK = 'issueClosingKeywords';

const isInvalid = (text: string): boolean => CLOSE_ISSUE_RE.test(text) || AT_MENTION_RE.test(text);

function commitsComment(list: string): string {
  return `[Keywords](https://help.github.com/articles/closing-issues-using-keywords) which can automatically close issues and at(@) or hashtag(#) mentions are not allowed in commit messages.

${COMMITS_MARK}

${list}

<details>

${ABOUT_THIS_BOT}
</details>
`;
}

const TITLE_COMMENT = `[Keywords](https://help.github.com/articles/closing-issues-using-keywords) which can automatically close issues and at(@) mentions are not allowed in the title of a Pull Request.

You can edit the title by writing **/retitle <new-title>** in a comment.

<details>
When GitHub merges a Pull Request, the title is included in the merge commit. To avoid invalid keywords in the merge commit, please edit the title of the PR.

${ABOUT_THIS_BOT}
</details>
`;

async function handlePullRequest(ctx: HandlerContext<PullRequestEvent, InvalidCommitMsgEntry>): Promise<void> {
  const e = ctx.event;
  if (!['opened', 'reopened', 'synchronize', 'edited'].includes(e.action)) return;
  if (ctx.settings.checks?.some((c) => c.name === KEYWORDS_CHECK && c.disabled)) return;
  const number = e.pull_request.number;
  const where = { org: ctx.org, repo: ctx.repo, number };
  const labelled = hasLabel(await ctx.github.getIssueLabels(ctx.org, ctx.repo, number), INVALID_COMMIT_MSG);
  const commits = await ctx.github.listPullRequestCommits(ctx.org, ctx.repo, number);
  const invalid = commits.filter((c) => isInvalid(c.commit.message));
  const badTitle = isInvalid(e.pull_request.title);

  if (labelled && invalid.length === 0 && !badTitle) {
    await ctx.github.removeLabel(ctx.org, ctx.repo, number, INVALID_COMMIT_MSG);
    await pruneBotComments(ctx.github, { ...where, botLogin: ctx.botLogin }, (c) => c.body.includes(COMMITS_MARK) || c.body.includes(TITLE_MARK));
  }
  if (!labelled && (invalid.length > 0 || badTitle)) await ctx.github.addLabel(ctx.org, ctx.repo, number, INVALID_COMMIT_MSG);
  // Each notice is replaced by a current one on every change, as upstream.
  if (invalid.length > 0) {
    await pruneBotComments(ctx.github, { ...where, botLogin: ctx.botLogin }, (c) => c.body.includes(COMMITS_MARK));
    await ctx.github.createComment(ctx.org, ctx.repo, number, commitsComment(markdownShaList(ctx.org, ctx.repo, invalid)));
  }
  if (badTitle) {
    await pruneBotComments(ctx.github, { ...where, botLogin: ctx.botLogin }, (c) => c.body.includes(TITLE_MARK));
    await ctx.github.createComment(ctx.org, ctx.repo, number, TITLE_COMMENT);
  }
}

export const invalidcommitmsg = definePlugin<InvalidCommitMsgEntry>({
  name: 'invalidcommitmsg',
  description: `The invalidcommitmsg plugin applies the '${INVALID_COMMIT_MSG}' label to pull requests whose commit messages and titles contain @ mentions or keywords which can automatically close issues.`,
  config: {
    sections: [SECTION],
    resolve: (pc, { org, repo }) => entryForRepo(pc.invalid_commit_msg as InvalidCommitMsgEntry[] | undefined, org, repo) ?? {},
    describe: (s) => (s.checks?.some((c) => c.name === KEYWORDS_CHECK && c.disabled) ? 'The issueClosingKeywords check is disabled here.' : 'Commit messages and PR titles are checked.'),
  },
  handlers: { pullRequest: handlePullRequest },
});
