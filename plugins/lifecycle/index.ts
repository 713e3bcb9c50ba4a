// The lifecycle plugin: `/close [not-planned]` and `/reopen` (the author and collaborators; anyone may close an
// issue or PR that is already stale or rotten), and `/[remove-]lifecycle frozen|stale|rotten|active`, which keeps at
// most one lifecycle/* label.
import type { GenericCommentEvent } from '../../src/github/events.js';
import { asHttpError } from '../../src/github/request-error.js';
import { hasLabel, LIFECYCLE_ACTIVE, LIFECYCLE_FROZEN, LIFECYCLE_ROTTEN, LIFECYCLE_STALE } from '../shared/labels.js';
import { definePlugin, type CommandSpec, type HandlerContext } from '../types.js';

const LIFECYCLE_LABELS = [LIFECYCLE_ACTIVE, LIFECYCLE_FROZEN, LIFECYCLE_STALE, LIFECYCLE_ROTTEN];
const CLOSE_RE = /^\/close\s*$/im;
const CLOSE_NOT_PLANNED_RE = /^\/close not-planned\s*$/im;
const REOPEN_RE = /^\/reopen\s*$/im;
const LIFECYCLE_RE = /^\/(remove-)?lifecycle (active|frozen|stale|rotten)\s*$/im;
const AUTHORS_AND_COLLABORATORS = 'Authors and collaborators on the repository can trigger this command.';

const COMMANDS: CommandSpec[] = [
  { regex: /^\/close(?: not-planned)?\s*$/im, usage: '/close [not-planned]', description: 'Closes an issue or PR.', examples: ['/close', '/close not-planned'], whoCanUse: AUTHORS_AND_COLLABORATORS },
  { regex: REOPEN_RE, usage: '/reopen', description: 'Reopens an issue or PR', examples: ['/reopen'], whoCanUse: AUTHORS_AND_COLLABORATORS },
  {
    regex: LIFECYCLE_RE, usage: '/[remove-]lifecycle <frozen|stale|rotten>', description: 'Flags an issue or PR as frozen/stale/rotten',
    examples: ['/lifecycle frozen', '/remove-lifecycle stale'], whoCanUse: 'Anyone can trigger this command.',
  },
];

type Ctx = HandlerContext<GenericCommentEvent>;

const test = (re: RegExp, text: string): boolean => new RegExp(re.source, re.flags).test(text);

/** GitHub's 422 error message for a state it will not change (a merged PR cannot be reopened), as upstream's StateCannotBeChanged. */
function stateCannotBeChanged(err: unknown): string | undefined {
  const http = asHttpError(err);
  if (http?.status !== 422) return undefined;
  const errors = (http.response?.data as { errors?: { message?: string }[] } | undefined)?.errors ?? [];
  return errors.map((x) => x.message ?? '').find((m) => m.includes('state cannot be changed'));
}

async function handleReopen(ctx: Ctx): Promise<void> {
  const e = ctx.event;
  if (e.issueState !== 'closed' || !test(REOPEN_RE, ctx.commandText)) return;
  const isAuthor = e.issueAuthor.login === e.user.login;
  if (!isAuthor && !(await ctx.github.isCollaborator(ctx.org, ctx.repo, e.user.login))) {
    await ctx.respond('You can\'t reopen an issue/PR unless you authored it or you are a collaborator.');
    return;
  }
  try {
    await ctx.github.setIssueState(ctx.org, ctx.repo, e.number, 'open');
  } catch (err) {
    const why = stateCannotBeChanged(err);
    if (why === undefined) throw err;
    await ctx.respond(`Failed to re-open ${e.isPR ? 'PR' : 'Issue'}: ${why}`);
    return;
  }
  await ctx.respond(e.isPR ? 'Reopened this PR.' : 'Reopened this issue.');
}

async function handleClose(ctx: Ctx): Promise<void> {
  const e = ctx.event;
  const notPlanned = test(CLOSE_NOT_PLANNED_RE, ctx.commandText);
  if (e.issueState !== 'open' || (!test(CLOSE_RE, ctx.commandText) && !notPlanned)) return;
  const isAuthor = e.issueAuthor.login === e.user.login;
  const isCollaborator = isAuthor || (await ctx.github.isCollaborator(ctx.org, ctx.repo, e.user.login));
  // Anyone may close what is already stale or rotten; if the labels cannot be read, it counts as active.
  let active = true;
  if (!isCollaborator) {
    try {
      const labels = await ctx.github.getIssueLabels(ctx.org, ctx.repo, e.number);
      active = !hasLabel(labels, LIFECYCLE_STALE) && !hasLabel(labels, LIFECYCLE_ROTTEN);
    } catch (err) {
      ctx.logger.info('cannot tell whether the issue is active', { error: err });
    }
  }
  if (!isCollaborator && active) {
    await ctx.respond('You can\'t close an active issue/PR unless you authored it or you are a collaborator.');
    return;
  }
  if (e.isPR) {
    // GitHub has no "not planned" state for PRs.
    if (notPlanned) {
      await ctx.respond('PRs cannot be closed as Not Planned.');
      return;
    }
    await ctx.github.setIssueState(ctx.org, ctx.repo, e.number, 'closed');
    await ctx.respond('Closed this PR.');
    return;
  }
  if (notPlanned) {
    await ctx.github.setIssueState(ctx.org, ctx.repo, e.number, 'closed', 'not_planned');
    await ctx.respond('Closing this issue, marking it as "Not Planned".');
  } else {
    await ctx.github.setIssueState(ctx.org, ctx.repo, e.number, 'closed');
    await ctx.respond('Closing this issue.');
  }
}

async function handleLifecycle(ctx: Ctx): Promise<void> {
  const e = ctx.event;
  for (const m of ctx.matches(COMMANDS[2]!)) {
    const remove = m[1] !== undefined;
    const wanted = `lifecycle/${m[2]!.toLowerCase()}`;
    if (e.isPR && wanted === LIFECYCLE_FROZEN && !remove) {
      await ctx.respond(`The \`${LIFECYCLE_FROZEN}\` label cannot be applied to Pull Requests.`);
      return;
    }
    const labels = await ctx.github.getIssueLabels(ctx.org, ctx.repo, e.number);
    if (remove) {
      if (hasLabel(labels, wanted)) await ctx.github.removeLabel(ctx.org, ctx.repo, e.number, wanted);
      continue;
    }
    if (hasLabel(labels, wanted)) continue;
    for (const other of LIFECYCLE_LABELS) {
      if (other !== wanted && hasLabel(labels, other)) await ctx.github.removeLabel(ctx.org, ctx.repo, e.number, other);
    }
    await ctx.github.addLabel(ctx.org, ctx.repo, e.number, wanted);
  }
}

export const lifecycle = definePlugin({
  name: 'lifecycle',
  description: 'Close, reopen, flag and/or unflag an issue or PR as frozen/stale/rotten',
  commands: COMMANDS,
  handlers: {
    genericComment: async (ctx) => {
      if (ctx.event.action !== 'created') return;
      await handleReopen(ctx);
      await handleClose(ctx);
      await handleLifecycle(ctx);
    },
  },
});
