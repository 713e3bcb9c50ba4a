// The cherry-pick-unapproved plugin: a PR against a release branch (branchregexp) without `cherry-pick-approved`
// gets `do-not-merge/cherry-pick-not-approved` and the configured comment; once approved, the label and the comment
// go. A PR whose base moves off the release branches loses both labels and the comment.
import type { PullRequestEvent } from '../../src/github/events.js';
import { goRegexMatch } from '../../src/config/goregex.js';
import { CHERRY_PICK_APPROVED, CHERRY_PICK_UNAPPROVED, hasLabel } from '../shared/labels.js';
import { pruneBotComments } from '../shared/prune.js';
import { formatNotice } from '../shared/reply.js';
import { definePlugin, type HandlerContext } from '../types.js';
import { DEFAULT_BRANCH_RE, DEFAULT_COMMENT, SECTION } from './section.js';

export { DEFAULT_COMMENT };

export interface CherryPickUnapprovedSettings {
  branchregexp?: string;
  comment?: string;
}

type Ctx = HandlerContext<PullRequestEvent, Required<CherryPickUnapprovedSettings>>;

async function ensureLabels(ctx: Ctx, number: number): Promise<void> {
  const { org, repo, github: gh } = ctx;
  const labels = await gh.getIssueLabels(org, repo, number);
  const comment = ctx.settings.comment;
  if (hasLabel(labels, CHERRY_PICK_APPROVED)) {
    if (hasLabel(labels, CHERRY_PICK_UNAPPROVED)) await gh.removeLabel(org, repo, number, CHERRY_PICK_UNAPPROVED);
    await pruneBotComments(gh, { org, repo, number, botLogin: ctx.botLogin }, (c) => c.body.includes(comment));
    return;
  }
  if (hasLabel(labels, CHERRY_PICK_UNAPPROVED)) return;
  await gh.addLabel(org, repo, number, CHERRY_PICK_UNAPPROVED);
  await gh.createComment(org, repo, number, formatNotice(comment));
}

async function pruneLabels(ctx: Ctx, number: number): Promise<void> {
  const { org, repo, github: gh } = ctx;
  const labels = await gh.getIssueLabels(org, repo, number);
  if (hasLabel(labels, CHERRY_PICK_APPROVED)) await gh.removeLabel(org, repo, number, CHERRY_PICK_APPROVED);
  if (hasLabel(labels, CHERRY_PICK_UNAPPROVED)) await gh.removeLabel(org, repo, number, CHERRY_PICK_UNAPPROVED);
  await pruneBotComments(gh, { org, repo, number, botLogin: ctx.botLogin }, (c) => c.body.includes(ctx.settings.comment));
}

export const cherryPickUnapproved = definePlugin<Required<CherryPickUnapprovedSettings>>({
  name: 'cherry-pick-unapproved',
  description: 'Label PRs against a release branch which do not have the `cherry-pick-approved` label with the `do-not-merge/cherry-pick-not-approved` label.',
  config: {
    sections: [SECTION],
    resolve: (pc) => ({ branchregexp: pc.cherry_pick_unapproved?.branchregexp || DEFAULT_BRANCH_RE, comment: pc.cherry_pick_unapproved?.comment || DEFAULT_COMMENT }),
    describe: (s) => `The cherry-pick-unapproved plugin treats PRs against branch names satisfying the regular expression \`${s.branchregexp}\` as cherry-pick PRs and adds the following comment:\n${s.comment}`,
  },
  handlers: {
    async pullRequest(ctx) {
      const pr = ctx.event.pull_request;
      const onRelease = (branch: string): boolean => goRegexMatch(ctx.settings.branchregexp, branch);
      switch (ctx.action) {
        case 'opened':
        case 'reopened':
          if (onRelease(pr.base.ref)) await ensureLabels(ctx, pr.number);
          return;
        case 'labeled':
        case 'unlabeled': {
          const label = ctx.event.label?.name;
          if (onRelease(pr.base.ref) && (label === CHERRY_PICK_APPROVED || label === CHERRY_PICK_UNAPPROVED)) await ensureLabels(ctx, pr.number);
          return;
        }
        case 'edited': {
          // A base change: onto the release branches, or off them.
          const from = ctx.event.changes?.base?.ref?.from;
          if (!from) return;
          if (onRelease(pr.base.ref) && !onRelease(from)) await ensureLabels(ctx, pr.number);
          else if (!onRelease(pr.base.ref) && onRelease(from)) await pruneLabels(ctx, pr.number);
          return;
        }
      }
    },
  },
});
