// Upstream's comment pruner: deletes the bot's own earlier comments on an issue or PR that a predicate picks (a
// notice that no longer applies once the PR is fixed). Only the bot's comments are ever deleted.
import type { IssuesAPI } from '../../src/github/issues.js';
import type { IssueComment } from '../../src/github/types.js';

/** Deletes the comments by `botLogin` on org/repo#number for which `stale` is true; returns how many. */
export async function pruneBotComments(
  github: Pick<IssuesAPI, 'listIssueComments' | 'deleteComment'>,
  botLogin: string,
  where: { org: string; repo: string; number: number },
  stale: (c: IssueComment) => boolean,
): Promise<number> {
  const comments = await github.listIssueComments(where.org, where.repo, where.number);
  const bot = botLogin.toLowerCase();
  let n = 0;
  for (const c of comments) {
    if (c.user.login.toLowerCase() !== bot || !stale(c)) continue;
    await github.deleteComment(where.org, where.repo, c.id);
    n++;
  }
  return n;
}
