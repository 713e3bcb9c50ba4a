// The require-matching-label plugin: each configured rule puts its missing_label on issues and/or PRs that have no
// label matching its regexp (with an optional comment), and takes it off once one does.
import { setTimeout as sleep } from 'node:timers/promises';
import { parseGoDuration } from '../../src/config/duration.js';
import { compileGoRegex } from '../../src/config/goregex.js';
import type { RequireMatchingLabel } from '../../src/config/types.js';
import type { GenericCommentEvent, IssueEvent, PullRequestEvent } from '../../src/github/events.js';
import type { Label } from '../../src/github/types.js';
import { pruneBotComments } from '../shared/prune.js';
import { formatNotice } from '../shared/reply.js';
import { definePlugin, type CommandSpec, type HandlerContext } from '../types.js';
import { DEFAULT_GRACE_PERIOD, SECTION } from './section.js';

const ACTIONS = new Set(['opened', 'reopened', 'labeled', 'unlabeled']);

const CHECK: CommandSpec = {
  regex: /^\/check-required-labels\s*$/im, usage: '/check-required-labels', description: 'Checks for required labels.', examples: ['/check-required-labels'],
  whoCanUse: 'Anyone', featured: true,
};

interface Target {
  number: number;
  /** The PR's base branch; undefined for issues. */
  branch?: string;
  /** The label of a labeled/unlabeled event. */
  label?: string;
  /** The labels the event carried (issue events only, as upstream). */
  labels?: Label[];
  /** Wait the grace period and read the labels afresh (new and reopened issues and PRs). */
  grace: boolean;
}

type Ctx<E> = HandlerContext<E, RequireMatchingLabel[]>;

/** Upstream's matchingConfigs: rules for this org/repo, kind (issue or PR) and branch, and this label if one changed. */
function matchingRules(ctx: Ctx<unknown>, t: Target): RequireMatchingLabel[] {
  return ctx.settings.filter((r) => {
    if (t.branch === undefined ? !r.issues : !r.prs) return false;
    if (r.org !== ctx.org || (r.repo && r.repo !== ctx.repo) || (r.branch && t.branch !== undefined && r.branch !== t.branch)) return false;
    return !t.label || compileGoRegex(r.regexp ?? '').test(t.label);
  });
}

async function apply(ctx: Ctx<unknown>, t: Target): Promise<void> {
  const rules = matchingRules(ctx, t);
  if (rules.length === 0) return;
  let labels = t.labels;
  if (t.grace) {
    // Give other automation the longest grace period of the rules to label a new issue or PR first.
    const wait = Math.max(0, ...rules.map((r) => parseGoDuration(r.grace_period ?? DEFAULT_GRACE_PERIOD)));
    if (wait > 0) await sleep(wait);
    labels = undefined;
  }
  labels ??= await ctx.github.getIssueLabels(ctx.org, ctx.repo, t.number);
  for (const r of rules) {
    const re = compileGoRegex(r.regexp ?? '');
    const hasMissing = labels.some((l) => l.name === r.missing_label);
    const hasMatching = labels.some((l) => re.test(l.name));
    if (hasMatching && hasMissing) {
      await ctx.github.removeLabel(ctx.org, ctx.repo, t.number, r.missing_label!);
      const comment = r.missing_comment;
      if (comment) await pruneBotComments(ctx.github, { org: ctx.org, repo: ctx.repo, number: t.number, botLogin: ctx.botLogin }, (c) => c.body.includes(comment));
    } else if (!hasMatching && !hasMissing) {
      await ctx.github.addLabel(ctx.org, ctx.repo, t.number, r.missing_label!);
      if (r.missing_comment) await ctx.github.createComment(ctx.org, ctx.repo, t.number, formatNotice(r.missing_comment));
    }
  }
}

async function handleIssue(ctx: Ctx<IssueEvent>): Promise<void> {
  const e = ctx.event;
  if (!ACTIONS.has(e.action) || ctx.isPR) return;
  await apply(ctx, { number: e.issue.number, label: e.label?.name, labels: e.issue.labels, grace: !e.label?.name });
}

async function handlePullRequest(ctx: Ctx<PullRequestEvent>): Promise<void> {
  const e = ctx.event;
  if (!ACTIONS.has(e.action)) return;
  await apply(ctx, { number: e.pull_request.number, branch: e.pull_request.base.ref, label: e.label?.name, grace: !e.label?.name });
}

async function handleComment(ctx: Ctx<GenericCommentEvent>): Promise<void> {
  const e = ctx.event;
  if (e.issueState !== 'open' || e.action !== 'created' || ctx.matches(CHECK).length === 0) return;
  const branch = e.isPR ? (await ctx.github.getPullRequest(ctx.org, ctx.repo, e.number)).base.ref : undefined;
  // Someone asked now: no grace period (upstream waits it here too).
  await apply(ctx, { number: e.number, branch, grace: false });
}

/** Upstream's RequireMatchingLabel.Describe. */
export function describeRule(r: RequireMatchingLabel): string {
  let s = `Applies the '${r.missing_label ?? ''}' label ${r.missing_comment ? 'and comments on ' : 'to '}`;
  if (r.issues) s += `Issues ${r.prs ? 'and ' : ''}`;
  if (r.prs) s += `${r.branch ? `'${r.branch}' branch ` : ''}PRs `;
  s += r.repo ? `in the '${r.org}/${r.repo}' GitHub repo ` : `in the '${r.org ?? ''}' GitHub org `;
  return `${s}that have no labels matching the regular expression '${r.regexp ?? ''}'.`;
}

export const requireMatchingLabel = definePlugin<RequireMatchingLabel[]>({
  name: 'require-matching-label',
  description: 'The require-matching-label plugin is a configurable plugin that applies a label to issues and/or PRs that do not have any labels matching a regular expression. An example of this is applying a \'needs-sig\' label to all issues that do not have a \'sig/*\' label. This plugin can have multiple configurations to provide this kind of behavior for multiple different label sets. The configuration allows issue type, PR branch, and an optional explanation comment to be specified.',
  config: {
    sections: [SECTION],
    resolve: (pc) => (pc.require_matching_label as RequireMatchingLabel[] | undefined) ?? [],
    describe: (rules) => `The plugin has the following configurations:\n<ul><li>${rules.map(describeRule).join('</li><li>')}</li></ul>`,
  },
  commands: [CHECK],
  handlers: { issue: handleIssue, pullRequest: handlePullRequest, genericComment: handleComment },
});
