// The label plugin: `/kind bug`, `/area x`, `/priority …`, `/sig …`, `/triage …`, `/wg …`, `/committee …`,
// `/language …` and their `/remove-…` forms; `/label x` and `/remove-label x` for the configured additional and
// restricted labels. Only labels the repository has are applied; restricted labels only by their teams and users,
// who are assigned when an `assign_on` label is added to a PR.
import type { Label } from '../../src/github/types.js';
import { formatResponseRaw } from '../shared/reply.js';
import { hasLabel, TRIAGE_ACCEPTED } from '../shared/labels.js';
import { definePlugin, type CommandSpec, type HandlerContext } from '../types.js';
import type { GenericCommentEvent, PullRequestEvent } from '../../src/github/events.js';
import { LABEL_CONFIG, type LabelSettings, type RestrictedLabel } from './config.js';

const CATEGORIES = 'area|committee|kind|language|priority|sig|triage|wg';
// Upstream: (?m)^/(area|…)\s*(.*?)\s*$ — the whitespace stays on the command's line here.
const LABEL_RE = new RegExp(`^/(${CATEGORIES})[^\\S\\n]*(.*?)[^\\S\\n]*$`, 'm');
const REMOVE_LABEL_RE = new RegExp(`^/remove-(${CATEGORIES})[^\\S\\n]*(.*?)[^\\S\\n]*$`, 'm');
const CUSTOM_LABEL_RE = /^\/label[^\S\n]*(.*?)[^\S\n]*$/m;
const CUSTOM_REMOVE_LABEL_RE = /^\/remove-label[^\S\n]*(.*?)[^\S\n]*$/m;
/** Categories that get a `needs-<category>` label back when their last label is removed (if the repo has it). */
const NEEDS_CATEGORIES = ['kind', 'priority', 'sig', 'triage'];
const HTML_COMMENT = /<!--[\s\S]*?-->/g;

const COMMAND: CommandSpec = {
  regex: new RegExp(`^/(?:remove-)?(?:${CATEGORIES}|label)\\b.*$`, 'm'),
  usage: '/[remove-](area|committee|kind|language|priority|sig|triage|wg|label) <target>',
  description: 'Applies or removes a label from one of the recognized types of labels.',
  examples: ['/kind bug', '/remove-area prow', '/sig testing', '/language zh', '/label foo-bar-baz'],
  whoCanUse: 'Anyone can trigger this command on issues and PRs. `triage/accepted` can only be added by org members. Restricted labels are only able to be added by teams and users in their configuration.',
};

/** `/kind bug feature` → kind/bug, kind/feature (upstream splits the line on single spaces). */
function categoryLabels(text: string, re: RegExp): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(new RegExp(re.source, 'gm'))) {
    for (const word of m[0].trim().split(' ').slice(1)) {
      if (word.trim() !== '') out.push(`${m[1]!}/${word.trim()}`.toLowerCase());
    }
  }
  return out;
}

/** `/label x`: exactly one word, which must be an additional or restricted label; anything else is `invalid`. */
function customLabels(text: string, re: RegExp, allowed: (l: string) => boolean, invalid: string[]): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(new RegExp(re.source, 'gm'))) {
    const parts = m[0].trim().split(' ');
    if (parts.length !== 2) continue;
    const l = parts[1]!.toLowerCase();
    if (allowed(l)) out.push(l);
    else invalid.push(m[0]);
  }
  return out;
}

type Ctx = HandlerContext<GenericCommentEvent, LabelSettings>;

/** Upstream's canUserSetLabel: unrestricted labels, or the user is allowed by name or by team. */
async function cannotSetReason(ctx: Ctx, label: string): Promise<string | undefined> {
  const r = ctx.settings.restricted.get(label);
  if (!r) return undefined;
  const user = ctx.event.user.login.toLowerCase();
  if ((r.allowed_users ?? []).some((u) => u.toLowerCase() === user)) return undefined;
  for (const team of r.allowed_teams ?? []) {
    if (await ctx.github.getTeamMembershipBySlug(ctx.org, team, ctx.event.user.login)) return undefined;
  }
  return `Can not set label ${label}: Must be member in one of these teams: [${(r.allowed_teams ?? []).join(' ')}]`;
}

/** As upstream, one label GitHub refuses is logged and the others are still applied. */
async function bestEffort(ctx: Ctx, what: string, label: string, act: () => Promise<void>): Promise<void> {
  try {
    await act();
  } catch (e) {
    ctx.logger.error(`GitHub failed to ${what} the label`, { label, error: e });
  }
}

async function handleComment(ctx: Ctx): Promise<void> {
  const e = ctx.event;
  if (e.action !== 'created') return;
  const text = ctx.commandText.replace(HTML_COMMENT, '');
  const add = categoryLabels(text, LABEL_RE);
  const remove = categoryLabels(text, REMOVE_LABEL_RE);
  const invalid: string[] = [];
  const { additionalLabels, restricted } = ctx.settings;
  const additional = new Set(additionalLabels.map((l) => l.toLowerCase()));
  const allowed = (l: string): boolean => restricted.has(l) || additional.has(l);
  add.push(...customLabels(text, CUSTOM_LABEL_RE, allowed, invalid));
  remove.push(...customLabels(text, CUSTOM_REMOVE_LABEL_RE, allowed, invalid));
  if (add.length === 0 && remove.length === 0 && invalid.length === 0) return;

  const { org, repo } = ctx;
  const number = e.number;
  const repoLabels = new Set((await ctx.github.getRepoLabels(org, repo)).map((l) => l.name.toLowerCase()));
  const issueLabels: Label[] = await ctx.github.getIssueLabels(org, repo, number);
  const reply = (msg: string): Promise<unknown> => ctx.github.createComment(org, repo, number, formatResponseRaw(e.body.replace(HTML_COMMENT, ''), e.htmlUrl, e.user.login, msg));

  // Removing every label of a category brings its needs-<category> label back, as upstream.
  for (const category of NEEDS_CATEGORIES) {
    const needs = `needs-${category}`;
    if (!repoLabels.has(needs)) continue;
    const prefix = `${category}/`;
    const removed = new Set(remove.filter((l) => l.startsWith(prefix)));
    if (removed.size === 0 || add.some((l) => l.startsWith(prefix))) continue;
    if (issueLabels.every((l) => !l.name.toLowerCase().startsWith(prefix) || removed.has(l.name.toLowerCase()))) add.push(needs);
  }

  const missingInRepo: string[] = [];
  const notOnIssue: string[] = [];
  let nonMemberTriageAccepted = false;
  for (const l of add) {
    if (hasLabel(issueLabels, l)) continue;
    if (!repoLabels.has(l)) {
      missingInRepo.push(l);
      continue;
    }
    if (l === TRIAGE_ACCEPTED && !(await ctx.github.isMember(org, e.user.login))) {
      nonMemberTriageAccepted = true;
      continue;
    }
    const reason = await cannotSetReason(ctx, l);
    if (reason !== undefined) await reply(reason);
    else await bestEffort(ctx, 'add', l, () => ctx.github.addLabel(org, repo, number, l));
  }
  for (const l of remove) {
    if (!hasLabel(issueLabels, l)) {
      notOnIssue.push(l);
      continue;
    }
    if (!repoLabels.has(l)) continue;
    const reason = await cannotSetReason(ctx, l);
    if (reason !== undefined) await reply(reason);
    else await bestEffort(ctx, 'remove', l, () => ctx.github.removeLabel(org, repo, number, l));
  }

  // One reply, for the first kind of problem, in upstream's order and words.
  if (invalid.length > 0) {
    const supported = [...additionalLabels, ...[...restricted.keys()].sort()];
    await reply(`The label(s) \`${invalid.join(', ')}\` cannot be applied. These labels are supported: \`${supported.join(', ')}\`. Is this label configured under \`labels -> additional_labels\` or \`labels -> restricted_labels\` in \`plugin.yaml\`?`);
  } else if (missingInRepo.length > 0) {
    await reply(`The label(s) \`${missingInRepo.join(', ')}\` cannot be applied, because the repository doesn't have them.`);
  } else if (notOnIssue.length > 0) {
    await reply(`Those labels are not set on the issue: \`${notOnIssue.join(', ')}\``);
  } else if (nonMemberTriageAccepted) {
    await reply(`The label \`${TRIAGE_ACCEPTED}\` cannot be applied. Only GitHub organization members can add the label.`);
  }
}

/** A label added to a PR assigns the allowed users of each restricted label whose `assign_on` names it. */
async function handlePullRequest(ctx: HandlerContext<PullRequestEvent, LabelSettings>): Promise<void> {
  const added = ctx.event.label?.name;
  if (ctx.action !== 'labeled' || !added) return;
  const restrictions: RestrictedLabel[] = [...ctx.settings.restricted.values()];
  for (const r of restrictions) {
    if (!(r.assign_on ?? []).some((a) => a.label.toLowerCase() === added.toLowerCase())) continue;
    try {
      await ctx.github.assignIssue(ctx.org, ctx.repo, ctx.event.pull_request.number, r.allowed_users ?? []);
    } catch (err) {
      ctx.logger.warn('cannot assign the allowed users of a restricted label', { label: r.label, error: err });
    }
  }
}

export const label = definePlugin<LabelSettings>({
  name: 'label',
  description: 'The label plugin provides commands that add or remove certain types of labels. Labels of the following types can be manipulated: \'area/*\', \'committee/*\', \'kind/*\', \'language/*\', \'priority/*\', \'sig/*\', \'triage/*\', and \'wg/*\'. More labels can be configured to be used via the /label command. Restricted labels are only able to be added by the teams and users present in their configuration, and those users can be automatically assigned when another label is added using the assign_on config.',
  config: LABEL_CONFIG,
  commands: [COMMAND],
  handlers: { genericComment: handleComment, pullRequest: handlePullRequest },
});
