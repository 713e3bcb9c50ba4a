// Approve's work on one PR: read its files, labels, comments, reviews and review comments; replay every approval
// and cancellation in order; then make the `approved` label and the [APPROVALNOTIFIER] comment agree with the
// result. The notifier is created once and edited in place afterwards (upstream deletes and re-posts it); any
// duplicate left by an older bot is deleted.
import { isBotLogin } from '../shared/prune.js';
import type { GitHubClient } from '../../src/github/client.js';
import type { PullRequest } from '../../src/github/types.js';
import { ownersFilenames } from '../../src/owners/reader.js';
import type { Logger } from '../../src/runtime/logger.js';
import type { RepoOwners } from '../../src/owners/repo-owners.js';
import { commandText } from '../shared/commands.js';
import { APPROVED, hasLabel } from '../shared/labels.js';
import { ownersAtBase } from '../shared/owners.js';
import type { HandlerContext } from '../types.js';
import { ApprovalOwners, Approvals } from './approvers.js';
import type { ApproveSettings } from './config.js';
import { isNotifier, notifierMessage } from './message.js';

/** Upstream's command syntax: a line starting with /name, arguments after it. */
const COMMAND_LINE = /^\/(\S+)[\t ]*([^\n\r]*)/gm;

/** One thing on the PR a person wrote: an issue comment, a review comment or a review. */
export interface PRComment {
  body: string;
  author: string;
  createdAt: string;
  htmlURL: string;
  reviewState?: string;
}

export interface PRFacts {
  org: string;
  repo: string;
  number: number;
  branch: string;
  baseSha: string;
  body: string;
  author: string;
  assignees: string[];
  htmlURL: string;
}

export function factsOfPR(pr: PullRequest, org: string, repo: string): PRFacts {
  return {
    org, repo, number: pr.number, branch: pr.base.ref, baseSha: pr.base.sha, body: pr.body ?? '', author: pr.user.login,
    assignees: (pr.assignees ?? []).map((a) => a.login), htmlURL: pr.html_url,
  };
}

function commandsIn(body: string): { name: string; args: string }[] {
  return [...commandText(body).matchAll(COMMAND_LINE)].map((m) => ({ name: m[1]!.toUpperCase(), args: m[2]!.trim().toLowerCase() }));
}

/** The comment says /approve, /remove-approve (or /lgtm where it acts as approval). */
export function hasApprovalCommand(body: string, lgtmActsAsApprove: boolean): boolean {
  return commandsIn(body).some((c) => c.name === 'APPROVE' || c.name === 'REMOVE-APPROVE' || (lgtmActsAsApprove && c.name === 'LGTM'));
}

/** A review whose state approves, cancels or withdraws an approval. */
export function isApprovalState(state: string | undefined, reviewActsAsApprove: boolean): boolean {
  const s = (state ?? '').toUpperCase();
  return reviewActsAsApprove && (s === 'APPROVED' || s === 'CHANGES_REQUESTED' || s === 'DISMISSED');
}

/** Upstream's associated issue: the first `#N` or `<org>/<repo>/issues/N` in the PR body (0 when none). */
export function associatedIssue(body: string, org: string): number {
  const escaped = org.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?:${escaped}/[^/]+/issues/|#)(\\d+)`).exec(body);
  return m ? Number(m[1]) : 0;
}

/** Replays approvals and cancellations, oldest first; the latest word of each person counts. */
export function replayApprovals(ap: Approvals, comments: readonly PRComment[], s: ApproveSettings): void {
  for (const c of comments) {
    if (!c.author) continue;
    const state = (c.reviewState ?? '').toUpperCase();
    if (s.reviewActsAsApprove && state === 'APPROVED') ap.add(c.author, 'Approved', c.htmlURL, false);
    if (s.reviewActsAsApprove && state === 'CHANGES_REQUESTED') ap.remove(c.author);
    for (const cmd of commandsIn(c.body)) {
      if (cmd.name === 'REMOVE-APPROVE') {
        ap.remove(c.author);
        continue;
      }
      const isLgtm = cmd.name === 'LGTM' && s.lgtmActsAsApprove;
      if (cmd.name !== 'APPROVE' && !isLgtm) continue;
      if (cmd.args.includes('cancel')) {
        ap.remove(c.author);
        continue;
      }
      ap.add(c.author, isLgtm ? 'LGTM' : 'Approved', c.htmlURL, cmd.args === 'no-issue');
    }
  }
}

/** The approval state of a PR from what GitHub holds (no writes). */
export function approvalsFor(files: readonly string[], owners: RepoOwners, comments: readonly PRComment[], pr: PRFacts, s: ApproveSettings): Approvals {
  const ap = new Approvals(new ApprovalOwners(files, owners), pr.number);
  ap.associatedIssue = associatedIssue(pr.body, pr.org);
  ap.requireIssue = s.issueRequired;
  // The author approves their own PR implicitly unless require_self_approval; otherwise they are suggested first.
  if (s.selfApproval) ap.add(pr.author, 'Author self-approved', `${pr.htmlURL}#`, false);
  else ap.addAssignees(pr.author);
  replayApprovals(ap, comments, s);
  ap.addAssignees(...pr.assignees);
  return ap;
}

/** Upstream's sort.SliceStable by creation time over review comments, then issue comments, then reviews. */
function byTime(comments: PRComment[]): PRComment[] {
  return comments.map((c, i) => ({ c, i, t: Date.parse(c.createdAt) || 0 })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.c);
}

/** Whether the last time `approved` was added, a person (not the bot) added it. */
async function labelAddedByHuman(gh: GitHubClient, pr: PRFacts, isBot: (login: string) => boolean, log: Logger): Promise<boolean> {
  try {
    const events = await gh.listIssueEvents(pr.org, pr.repo, pr.number);
    const last = events.filter((e) => e.event === 'labeled' && e.label?.name.toLowerCase() === APPROVED).at(-1);
    return last !== undefined && !isBot(last.actor?.login ?? '');
  } catch (error) {
    log.error(`failed to check if the ${APPROVED} label was added by a person`, { error });
    return false;
  }
}

export async function handleApproval(ctx: HandlerContext<unknown, ApproveSettings>, pr: PRFacts): Promise<void> {
  const gh = ctx.github;
  const s = ctx.settings;
  const isBot = (login: string): boolean => isBotLogin(login, ctx.botLogin);
  const [owners, changes, labels, issueComments, reviewComments, reviews] = await Promise.all([
    ownersAtBase(ctx, { base: { ref: pr.branch, sha: pr.baseSha } }),
    gh.getPullRequestChanges(pr.org, pr.repo, pr.number),
    gh.getIssueLabels(pr.org, pr.repo, pr.number),
    gh.listIssueComments(pr.org, pr.repo, pr.number),
    gh.listReviewComments(pr.org, pr.repo, pr.number),
    gh.listReviews(pr.org, pr.repo, pr.number),
  ]);
  if (owners.errors.length > 0) {
    ctx.logger.warn('OWNERS files that cannot be read are skipped (their parent OWNERS apply)', { errors: owners.errors.map((e) => e.message) });
  }
  const comments = byTime([
    ...reviewComments.map((c) => ({ body: c.body, author: c.user?.login ?? '', createdAt: c.created_at, htmlURL: c.html_url })),
    ...issueComments.map((c) => ({ body: c.body ?? '', author: c.user?.login ?? '', createdAt: c.created_at ?? '', htmlURL: c.html_url })),
    ...reviews.map((r) => ({ body: r.body ?? '', author: r.user?.login ?? '', createdAt: r.submitted_at ?? '', htmlURL: r.html_url, reviewState: r.state })),
  ]).filter((c) => !isBot(c.author) && (hasApprovalCommand(c.body, s.lgtmActsAsApprove) || isApprovalState(c.reviewState, s.reviewActsAsApprove)));

  const ap = approvalsFor(changes.map((c) => c.filename), owners, comments, pr, s);
  const hasApproved = hasLabel(labels, APPROVED);
  // Only a PR that has the label can have been approved by hand (one more request, only then).
  const manual = hasApproved && (await labelAddedByHuman(gh, pr, isBot, ctx.logger));
  ap.manuallyApproved = () => manual;

  const message = notifierMessage(ap, {
    linkURL: ctx.prowConfig.github?.link_url || 'https://github.com',
    commandHelpLink: s.commandHelpLink, prProcessLink: s.prProcessLink, org: pr.org, repo: pr.repo, branch: pr.branch,
    ownersFilename: ownersFilenames(ctx.pluginsConfig, pr.org, pr.repo).owners,
  });
  const notifiers = issueComments.filter((c) => isBot(c.user?.login ?? '') && isNotifier(c.body ?? ''));
  const latest = notifiers.at(-1);
  for (const old of notifiers.slice(0, -1)) {
    await gh.deleteComment(pr.org, pr.repo, old.id).catch((error: unknown) => ctx.logger.error('failed to delete a duplicate notifier comment', { error, comment: old.id }));
  }
  if (!latest) await gh.createComment(pr.org, pr.repo, pr.number, message);
  else if (!(latest.body ?? '').includes(message)) await gh.editComment(pr.org, pr.repo, latest.id, message);

  const approved = ap.isApproved();
  if (!approved && hasApproved) await gh.removeLabel(pr.org, pr.repo, pr.number, APPROVED);
  else if (approved && !hasApproved) await gh.addLabel(pr.org, pr.repo, pr.number, APPROVED);
}
