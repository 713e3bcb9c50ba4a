// The issue-management plugin (newer upstream): /link-issue and /unlink-issue edit the `Fixes` line of a PR's body
// (org members), /pin-issue and /unpin-issue pin an issue to its repository through GraphQL (approvers of the
// top-level OWNERS file), and /transfer[-issue] moves an issue to another repository of the org (org members).
// One command kind per comment, in that order, as upstream.
import type { GenericCommentEvent } from '../../src/github/events.js';
import { setIssuePinned } from '../../src/github/issue-mutations.js';
import { orgMemberOrRefuse } from '../shared/org-member.js';
import { handleTransfer, TRANSFER_ISSUE } from '../shared/transfer-issue.js';
import { definePlugin, type CommandSpec, type HandlerContext } from '../types.js';
import { formatIssueRef, parseIssueRef, updateFixesLine } from './fixes-line.js';

const LINK: CommandSpec = {
  regex: /^\/link-issue\s+(.+)$/im, usage: '/link-issue <issue(s)>', description: 'Links issue(s) to a PR in the same or different repo.',
  examples: ['/link-issue 1234', '/link-issue org/repo#789'], whoCanUse: 'Org members',
};
const UNLINK: CommandSpec = {
  regex: /^\/unlink-issue\s+(.+)$/im, usage: '/unlink-issue <issue(s)>', description: 'Unlinks issue(s) from a PR in the same or different repo.',
  examples: ['/unlink-issue 1234', '/unlink-issue org/repo#789'], whoCanUse: 'Org members',
};
const PIN: CommandSpec = {
  regex: /^\/pin-issue\s*$/im, usage: '/pin-issue', description: 'Pins an issue to the repository',
  examples: ['/pin-issue'], whoCanUse: 'Approvers from the top-level OWNERS file',
};
const UNPIN: CommandSpec = {
  regex: /^\/unpin-issue\s*$/im, usage: '/unpin-issue', description: 'Unpins an issue from the repository',
  examples: ['/unpin-issue'], whoCanUse: 'Approvers from the top-level OWNERS file',
};

type Ctx = HandlerContext<GenericCommentEvent>;

const issuesIn = (ctx: Ctx, command: CommandSpec): string[] => ctx.matches(command).flatMap((m) => m[1]!.split(/\s+/).filter((f) => f !== ''));

async function handleLinkIssue(ctx: Ctx, link: string[], unlink: string[]): Promise<void> {
  const e = ctx.event;
  const { org, repo } = ctx;
  const user = e.user.login;
  if (e.action !== 'created') return;
  if (!e.isPR) {
    await ctx.respond('This command can only be used on pull requests.');
    return;
  }
  if (!(await orgMemberOrRefuse(ctx, user, 'You must be an org member to use this command.'))) return;
  const errors: string[] = [];
  const validate = async (refs: string[]): Promise<string[]> => {
    const out: string[] = [];
    for (const text of refs) {
      const ref = parseIssueRef(text, org, repo);
      if (!ref) {
        errors.push(`Invalid format for issue **${text}**. Supported formats are **issue-number** and **organization/repository#issue-number**`);
        continue;
      }
      if (ref.org !== org || ref.repo !== repo) {
        try {
          await ctx.github.getRepo(ref.org, ref.repo);
        } catch {
          errors.push(`Failed to get repository details with name **${ref.repo}**`);
          continue;
        }
      }
      let issue;
      try {
        issue = await ctx.github.getIssue(ref.org, ref.repo, ref.num);
      } catch {
        errors.push(`Failed to get issue **#${ref.num}** from **${ref.org}/${ref.repo}**`);
        continue;
      }
      if (issue.pull_request) {
        errors.push(`Skipping #${issue.number} of **${ref.org}/${ref.repo}** as it is a ***pull request***.`);
        continue;
      }
      out.push(formatIssueRef(ref, org, repo));
    }
    return out;
  };
  const toLink = await validate(link);
  const toUnlink = await validate(unlink);
  let reply = '';
  if (toLink.length > 0 || toUnlink.length > 0) {
    const body = (await ctx.github.getPullRequest(org, repo, e.number)).body ?? '';
    const updated = updateFixesLine(body, toLink, toUnlink);
    if (updated !== body) {
      await ctx.github.editIssue(org, repo, e.number, { body: updated });
      ctx.logger.info('Successfully updated the PR body', { linked: toLink, unlinked: toUnlink });
      reply = 'Updated the `Fixes` line in the pull request body.\nHowever, ';
    }
  }
  if (errors.length > 0) {
    reply += 'There are one or more errors with issue references provided, please cross check and retry.\n';
    for (const err of errors) reply += `* ${err}\n`;
    await ctx.respond(reply);
  }
}

/** Whether `user` is an approver in the repository's root OWNERS file on its default branch; else the refusal. */
async function topLevelApproverRefusal(ctx: Ctx, user: string): Promise<string | undefined> {
  let approver: boolean;
  try {
    const branch = ctx.event.repo.default_branch ?? (await ctx.github.getRepo(ctx.org, ctx.repo)).default_branch;
    const sha = await ctx.github.getRef(ctx.org, ctx.repo, `heads/${branch}`);
    approver = (await ctx.owners(sha)).approvers('').has(user.toLowerCase());
  } catch (error) {
    ctx.logger.warn('Authorization check failed', { error });
    return `Unable to determine whether ${user} is an approver from the top-level OWNERS of ${ctx.org}/${ctx.repo}.`;
  }
  if (approver) return undefined;
  return 'You are not authorized to pin or unpin issues on this repository. Only approvers from the top-level OWNERS file can use this command.';
}

async function handlePin(ctx: Ctx, pin: boolean): Promise<void> {
  const e = ctx.event;
  if (e.action !== 'created') return;
  if (e.isPR) {
    await ctx.respond('`/pin-issue` and `/unpin-issue` can only be triggered on GitHub issues.');
    return;
  }
  const refusal = await topLevelApproverRefusal(ctx, e.user.login);
  if (refusal) {
    await ctx.respond(refusal);
    return;
  }
  const issue = await ctx.github.getIssue(ctx.org, ctx.repo, e.number);
  const action = pin ? 'pin' : 'unpin';
  try {
    if (!issue.node_id) throw new Error('the issue has no node ID');
    await setIssuePinned(ctx.github, issue.node_id, pin);
  } catch (error) {
    ctx.logger.error(`failed to ${action} issue`, { error });
    await ctx.respond(`Unable to ${action} issue #${e.number}. Please try again later.`);
    return;
  }
  await ctx.respond(`Issue #${e.number} has been ${pin ? 'pinned to' : 'unpinned from'} the repository.`);
}

async function handleComment(ctx: Ctx): Promise<void> {
  const link = issuesIn(ctx, LINK);
  const unlink = issuesIn(ctx, UNLINK);
  if (link.length > 0 || unlink.length > 0) return handleLinkIssue(ctx, link, unlink);
  if (ctx.matches(PIN).length > 0) return handlePin(ctx, true);
  if (ctx.matches(UNPIN).length > 0) return handlePin(ctx, false);
  await handleTransfer(ctx);
}

export const issueManagement = definePlugin({
  name: 'issue-management',
  description: 'The issue management plugin provides commands for managing issues in a repository.',
  commands: [LINK, UNLINK, PIN, UNPIN, TRANSFER_ISSUE],
  handlers: { genericComment: handleComment },
});
