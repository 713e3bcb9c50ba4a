// What needs-rebase does to one PR: asks GitHub whether it merges cleanly, and keeps the `needs-rebase` label and
// its comment in step with the answer.
import type { GitHubClient } from '../../src/github/client.js';
import { systemClock } from '../../src/clock.js';
import { formatNotice } from '../shared/reply.js';
import { NEEDS_REBASE } from '../shared/labels.js';

export const NEEDS_REBASE_MESSAGE = 'PR needs rebase.';
/** Dependabot rebases its PR when told `rebase` (upstream answers it so). */
export const DEPENDABOT_REBASE_MESSAGE = 'rebase';
export const DEPENDABOT_USER = 'dependabot[bot]';

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => systemClock.sleep(ms);

/**
 * Whether the PR at `sha` merges cleanly, as upstream's IsMergeable: GitHub computes mergeability in the background
 * (null until then), so up to 3 reads, 3s then 6s apart; an error when the head moved or the PR merged meanwhile.
 */
export async function isMergeable(gh: Pick<GitHubClient, 'getPullRequest'>, org: string, repo: string, number: number, sha: string, sleep: Sleep = realSleep): Promise<boolean> {
  let backoff = 3000;
  const tries = 3;
  for (let i = 0; i < tries; i++) {
    const pr = await gh.getPullRequest(org, repo, number);
    if (pr.head.sha !== sha) throw new Error(`pull request head changed while checking mergeability (${sha} -> ${pr.head.sha})`);
    if (pr.merged) throw new Error('pull request was merged while checking mergeability');
    if (pr.mergeable !== null && pr.mergeable !== undefined) return pr.mergeable;
    if (i + 1 < tries) {
      await sleep(backoff);
      backoff *= 2;
    }
  }
  throw new Error(`reached maximum number of retries (${tries}) checking mergeability`);
}

export interface PrFacts {
  org: string;
  repo: string;
  number: number;
  author: string;
  hasLabel: boolean;
  mergeable: boolean;
}

/**
 * Not mergeable and unlabelled: adds `needs-rebase` and says so. Mergeable and labelled: removes it and deletes the
 * bot's earlier "PR needs rebase." comments. Anything else is already right.
 */
export async function takeAction(gh: GitHubClient, isBot: (login: string) => boolean, pr: PrFacts): Promise<void> {
  const { org, repo, number } = pr;
  if (!pr.mergeable && !pr.hasLabel) {
    await gh.addLabel(org, repo, number, NEEDS_REBASE);
    await gh.createComment(org, repo, number, formatNotice(pr.author === DEPENDABOT_USER ? DEPENDABOT_REBASE_MESSAGE : NEEDS_REBASE_MESSAGE));
  } else if (pr.mergeable && pr.hasLabel) {
    await gh.removeLabel(org, repo, number, NEEDS_REBASE);
    for (const c of await gh.listIssueComments(org, repo, number)) {
      if (c.user && isBot(c.user.login) && (c.body ?? '').includes(NEEDS_REBASE_MESSAGE)) await gh.deleteComment(org, repo, c.id);
    }
  }
}
