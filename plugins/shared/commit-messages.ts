// What commit messages and titles may not contain, and how offending commits are listed (invalidcommitmsg, dco and
// retitle share these, as upstream's plugins share invalidcommitmsg's).
import type { PullRequestCommit } from '../../src/github/pulls.js';

// Upstream's CloseIssueRegex (its `(?i)` covers the keywords) and AtMentionRegex.
export const CLOSE_ISSUE_RE = /((clos(?:e[sd]?))|(fix(?:(es|ed)?))|(resolv(?:e[sd]?)))[\s:]+(\w+\/\w+)?#(\d+)/i;
export const AT_MENTION_RE = /\B([@][\w_-]+)/;

/** Upstream's dco.MarkdownSHAList: short SHAs linked to GitHub, with their subjects. */
export function markdownShaList(org: string, repo: string, commits: readonly PullRequestCommit[]): string {
  return commits.map((c) => `- [${c.sha.slice(0, 7)}](https://github.com/${org}/${repo}/commits/${c.sha}) ${c.commit.message.split('\n')[0]}`).join('\n');
}
