// Upstream's comment pruner: deletes the bot's own earlier comments that a predicate picks (a notice that no longer
// applies), leaving everyone else's alone.
import type { IssuesAPI } from '../../src/github/issues.js';
import type { IssueComment } from '../../src/github/types.js';

/** Whether `login` is the bot (a GitHub App's comments are by `<slug>[bot]`). */
export function isBotLogin(login: string, botLogin: string): boolean {
  const l = login.toLowerCase();
  const b = botLogin.toLowerCase();
  return b !== '' && (l === b || l === `${b}[bot]` || `${l}[bot]` === b);
}

/** Deletes the bot's comments on an issue or PR for which `shouldPrune` is true; returns how many it deleted. */
export async function pruneBotComments(
  gh: Pick<IssuesAPI, 'listIssueComments' | 'deleteComment'>,
  where: { org: string; repo: string; number: number; botLogin: string },
  shouldPrune: (c: IssueComment) => boolean,
): Promise<number> {
  const comments = await gh.listIssueComments(where.org, where.repo, where.number);
  let deleted = 0;
  for (const c of comments) {
    if (!isBotLogin(c.user.login, where.botLogin) || !shouldPrune(c)) continue;
    await gh.deleteComment(where.org, where.repo, c.id);
    deleted++;
  }
  return deleted;
}
