// The help plugin: `/help` and `/good-first-issue` label an open issue (`help wanted`, `good first issue`) and post
// upstream's guidelines comment; `/remove-help` and `/remove-good-first-issue` take the labels off and delete the
// bot's guidelines comments. Issues only, as upstream.
import { pruneBotComments } from '../shared/prune.js';
import type { GenericCommentEvent } from '../../src/github/events.js';
import type { PluginsConfig } from '../../src/config/types.js';
import { GOOD_FIRST_ISSUE, hasLabel, HELP_WANTED } from '../shared/labels.js';
import { formatResponseRaw } from '../shared/reply.js';
import { definePlugin, type HandlerContext } from '../types.js';
import { HELP } from './section.js';

export interface HelpSettings {
  guidelinesUrl: string;
  guidelinesSummary: string;
}

const DEFAULT_GUIDELINES_URL = 'https://git.k8s.io/community/contributors/guide/help-wanted.md';
const HELP_RE = /^\/help\s*$/im;
const REMOVE_HELP_RE = /^\/remove-help\s*$/im;
const GOOD_FIRST_ISSUE_RE = /^\/good-first-issue\s*$/im;
const REMOVE_GOOD_FIRST_ISSUE_RE = /^\/remove-good-first-issue\s*$/im;
const HELP_MARK = 'This request has been marked as needing help from a contributor.';
const GOOD_FIRST_ISSUE_MARK = 'This request has been marked as suitable for new contributors.';

function settingsFor(pc: PluginsConfig): HelpSettings {
  const h = (pc.help ?? {}) as { help_guidelines_url?: string; help_guidelines_summary?: string };
  return { guidelinesUrl: h.help_guidelines_url || DEFAULT_GUIDELINES_URL, guidelinesSummary: h.help_guidelines_summary ?? '' };
}

/** Upstream's message texts, leading tab and all. */
export function helpMessage(s: HelpSettings): string {
  if (s.guidelinesSummary) {
    return `
\t${HELP_MARK}

### Guidelines
${s.guidelinesSummary}

For more details on the requirements of such an issue, please see [here](${s.guidelinesUrl}) and ensure that they are met.

If this request no longer meets these requirements, the label can be removed
by commenting with the \`/remove-help\` command.
`;
  }
  return `
\t${HELP_MARK}

Please ensure the request meets the requirements listed [here](${s.guidelinesUrl}).

If this request no longer meets these requirements, the label can be removed
by commenting with the \`/remove-help\` command.
`;
}

export function goodFirstIssueMessage(s: HelpSettings): string {
  if (s.guidelinesSummary) {
    return `
\t${GOOD_FIRST_ISSUE_MARK}

### Guidelines
${s.guidelinesSummary}

For more details on the requirements of such an issue, please see [here](${s.guidelinesUrl}#good-first-issue) and ensure that they are met.

If this request no longer meets these requirements, the label can be removed
by commenting with the \`/remove-good-first-issue\` command.
`;
  }
  return `
\t${GOOD_FIRST_ISSUE_MARK}

Please ensure the request meets the requirements listed [here](${s.guidelinesUrl}#good-first-issue).

If this request no longer meets these requirements, the label can be removed
by commenting with the \`/remove-good-first-issue\` command.
`;
}

type Ctx = HandlerContext<GenericCommentEvent, HelpSettings>;

/** Deletes the bot's comments containing `mark`. */
function prune(ctx: Ctx, mark: string): Promise<number> {
  return pruneBotComments(ctx.github, { org: ctx.org, repo: ctx.repo, number: ctx.event.number, botLogin: ctx.botLogin }, (c) => c.body.includes(mark));
}

async function handle(ctx: Ctx): Promise<void> {
  const e = ctx.event;
  if (e.isPR || e.issueState !== 'open' || e.action !== 'created') return;
  const text = ctx.commandText;
  const has = (re: RegExp): boolean => new RegExp(re.source, re.flags).test(text);
  if (![HELP_RE, REMOVE_HELP_RE, GOOD_FIRST_ISSUE_RE, REMOVE_GOOD_FIRST_ISSUE_RE].some(has)) return;
  const { org, repo } = ctx;
  const labels = await ctx.github.getIssueLabels(org, repo, e.number);
  const hasHelp = hasLabel(labels, HELP_WANTED);
  const hasGoodFirstIssue = hasLabel(labels, GOOD_FIRST_ISSUE);
  // Upstream quotes the comment but links to the issue.
  const reply = (msg: string): Promise<unknown> => ctx.github.createComment(org, repo, e.number, formatResponseRaw(e.body, e.issueHtmlUrl, e.user.login, msg));

  if (hasHelp && has(REMOVE_HELP_RE)) {
    await ctx.github.removeLabel(org, repo, e.number, HELP_WANTED);
    await prune(ctx, HELP_MARK);
    if (hasGoodFirstIssue) {
      await ctx.github.removeLabel(org, repo, e.number, GOOD_FIRST_ISSUE);
      await prune(ctx, GOOD_FIRST_ISSUE_MARK);
    }
    return;
  }
  if (!hasGoodFirstIssue && has(GOOD_FIRST_ISSUE_RE)) {
    await reply(goodFirstIssueMessage(ctx.settings));
    await ctx.github.addLabel(org, repo, e.number, GOOD_FIRST_ISSUE);
    if (!hasHelp) await ctx.github.addLabel(org, repo, e.number, HELP_WANTED);
    return;
  }
  if (!hasHelp && has(HELP_RE)) {
    await reply(helpMessage(ctx.settings));
    await ctx.github.addLabel(org, repo, e.number, HELP_WANTED);
    return;
  }
  if (hasGoodFirstIssue && has(REMOVE_GOOD_FIRST_ISSUE_RE)) {
    await ctx.github.removeLabel(org, repo, e.number, GOOD_FIRST_ISSUE);
    await prune(ctx, GOOD_FIRST_ISSUE_MARK);
  }
}

export const help = definePlugin<HelpSettings>({
  name: 'help',
  description: `The help plugin provides commands that add or remove the '${HELP_WANTED}' and the '${GOOD_FIRST_ISSUE}' labels from issues.`,
  config: {
    sections: [HELP],
    resolve: (pc) => settingsFor(pc),
    describe: (s) => `Guidelines for help wanted and good first issues: ${s.guidelinesUrl}`,
  },
  commands: [{
    regex: /^\/(?:remove-)?(?:help|good-first-issue)\s*$/im,
    usage: '/[remove-](help|good-first-issue)',
    description: `Applies or removes the '${HELP_WANTED}' and '${GOOD_FIRST_ISSUE}' labels to an issue.`,
    examples: ['/help', '/remove-help', '/good-first-issue', '/remove-good-first-issue'],
    whoCanUse: 'Anyone can trigger this command on a PR.',
  }],
  handlers: { genericComment: handle },
});
