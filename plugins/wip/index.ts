// The wip plugin: `do-not-merge/work-in-progress` while a PR is a draft or its title starts with WIP (any case, in
// brackets or followed by a colon…), and off again once it is neither.
import { hasLabel, WORK_IN_PROGRESS } from '../shared/labels.js';
import { definePlugin } from '../types.js';

/** Upstream's title test: an optional non-word character, WIP, then a non-word character (`[WIP] x`, `wip: x`). */
export const WIP_TITLE_RE = /^\W?WIP\W/i;

/** The actions after which the title or the draft state may have changed. */
const ACTIONS = new Set(['opened', 'reopened', 'edited', 'ready_for_review', 'converted_to_draft']);

export function needsWipLabel(title: string, draft: boolean): boolean {
  return draft || WIP_TITLE_RE.test(title);
}

export const wip = definePlugin({
  name: 'wip',
  description: `The wip (Work In Progress) plugin applies the '${WORK_IN_PROGRESS}' Label to pull requests whose title starts with 'WIP' or are in the 'draft' stage, and removes it from pull requests when they remove the title prefix or become ready for review. The '${WORK_IN_PROGRESS}' Label is typically used to block a pull request from merging while it is still in progress.`,
  handlers: {
    async pullRequest(ctx) {
      if (!ACTIONS.has(ctx.action)) return;
      const pr = ctx.event.pull_request;
      const number = pr.number;
      const has = hasLabel(await ctx.github.getIssueLabels(ctx.org, ctx.repo, number), WORK_IN_PROGRESS);
      const needs = needsWipLabel(pr.title ?? '', pr.draft === true);
      if (needs && !has) await ctx.github.addLabel(ctx.org, ctx.repo, number, WORK_IN_PROGRESS);
      else if (!needs && has) await ctx.github.removeLabel(ctx.org, ctx.repo, number, WORK_IN_PROGRESS);
    },
  },
});
