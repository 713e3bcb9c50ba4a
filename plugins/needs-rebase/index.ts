// needs-rebase (upstream's external plugin of that name): the `needs-rebase` label and "PR needs rebase." comment on
// PRs that no longer merge cleanly, removed once they do again. Runs on PR events and comments here, and on a
// periodic sweep of every open PR (sweep.ts), which the role schedules (--update-period).
import type { PullRequest } from '../../src/github/types.js';
import { botChecker } from '../../src/report/github.js';
import { hasLabel, NEEDS_REBASE } from '../shared/labels.js';
import { definePlugin, type HandlerContext, type Plugin } from '../types.js';
import { isMergeable, realSleep, takeAction, type Sleep } from './action.js';
import { NEEDS_REBASE_NAME } from './constants.js';

export const NEEDS_REBASE_DESCRIPTION = `The needs-rebase plugin manages the '${NEEDS_REBASE}' label by removing it from Pull Requests that are mergeable and adding it to those which are not.
The plugin reacts to commit changes on PRs in addition to periodically scanning all open PRs for any changes to mergeability that could have resulted from changes in other PRs.`;

/** Upstream's --cache-valid-time: comments on a PR checked less than this long ago are not checked again. */
export class CheckedRecently {
  private readonly at = new Map<string, number>();

  constructor(private readonly validMs: number, private readonly now: () => number = Date.now) {}

  get enabled(): boolean {
    return this.validMs > 0;
  }

  has(key: string): boolean {
    const t = this.at.get(key);
    if (t === undefined) return false;
    const age = this.now() - t;
    if (age > 0 && age < this.validMs) return true;
    this.at.delete(key);
    return false;
  }

  set(key: string): void {
    if (this.enabled) this.at.set(key, this.now());
  }

  /** A sweep checks everything anyway. */
  flush(): void {
    this.at.clear();
  }
}

export interface NeedsRebaseOptions {
  cache?: CheckedRecently;
  /** How mergeability retries wait (tests pass a no-op). */
  sleep?: Sleep;
}

async function check(ctx: HandlerContext<unknown>, pr: PullRequest, sleep: Sleep): Promise<void> {
  if (pr.state !== 'open') return;
  const { org, repo } = ctx;
  const number = pr.number;
  const mergeable = await isMergeable(ctx.github, org, repo, number, pr.head.sha, sleep);
  const labels = await ctx.github.getIssueLabels(org, repo, number);
  await takeAction(ctx.github, botChecker(ctx.botLogin), { org, repo, number, author: pr.user?.login ?? '', hasLabel: hasLabel(labels, NEEDS_REBASE), mergeable });
}

export function createNeedsRebase(opts: NeedsRebaseOptions = {}): Plugin {
  const cache = opts.cache ?? new CheckedRecently(0);
  const sleep = opts.sleep ?? realSleep;
  return definePlugin({
    name: NEEDS_REBASE_NAME,
    description: NEEDS_REBASE_DESCRIPTION,
    handlers: {
      pullRequest: async (ctx) => {
        if (!['opened', 'synchronize', 'reopened'].includes(ctx.action)) return;
        await check(ctx, ctx.event.pull_request, sleep);
      },
      issueComment: async (ctx) => {
        if (!ctx.isPR) return;
        const id = `${ctx.org}/${ctx.repo}#${ctx.event.issue.number}`;
        if (cache.enabled && cache.has(id)) return;
        const pr = await ctx.github.getPullRequest(ctx.org, ctx.repo, ctx.event.issue.number);
        await check(ctx, pr, sleep);
        cache.set(id);
      },
    },
  });
}

export { sweep, constructQueries, SEARCH_QUERY_PREFIX, type SweepDeps, type SweepResult } from './sweep.js';
export { NEEDS_REBASE_MESSAGE, DEPENDABOT_REBASE_MESSAGE } from './action.js';
