// The dco plugin: checks that every commit of a PR has a Signed-off-by line (the Developer Certificate of Origin),
// keeps the `dco` status context and the dco-signoff labels, and lists the commits missing it.
import { markdownShaList } from '../shared/commit-messages.js';
import type { Dco } from '../../src/config/types.js';
import type { GenericCommentEvent, PullRequestEvent } from '../../src/github/events.js';
import type { PullRequestCommit } from '../../src/github/pulls.js';
import type { PullRequest } from '../../src/github/types.js';
import { pruneBotComments } from '../shared/prune.js';
import { ABOUT_THIS_BOT } from '../shared/reply.js';
import { valueForRepo } from '../shared/resolve.js';
import { definePlugin, type CommandSpec, type HandlerContext } from '../types.js';
import { SECTION } from './section.js';

export const DCO_CONTEXT = 'dco';
export const DCO_YES = 'dco-signoff: yes';
export const DCO_NO = 'dco-signoff: no';
const FAILED = 'Commits in PR missing Signed-off-by';
const SUCCEEDED = 'All commits have Signed-off-by';
const PRUNE_MARK = "Thanks for your pull request. Before we can look at it, you'll need to add a 'DCO signoff' to your commits.";
const SIGNED_OFF_RE = /^signed-off-by:/im;

const CHECK_DCO: CommandSpec = {
  regex: /^\/check-dco\s*$/im, usage: '/check-dco', description: 'Forces rechecking of the DCO status.', examples: ['/check-dco'], whoCanUse: 'Anyone', featured: true,
};

type Ctx<E> = HandlerContext<E, Dco>;

/** Upstream's DcoFor: org/repo, then org, then '*'. */
function dcoFor(map: Record<string, Dco> | undefined, org: string, repo: string): Dco {
  return valueForRepo(map, org, repo) ?? map?.['*'] ?? {};
}

function notFoundComment(contributingUrl: string, list: string): string {
  return `${PRUNE_MARK}

:memo: **Please follow instructions in the [contributing guide](${contributingUrl}) to update your commits with the DCO**

Full details of the Developer Certificate of Origin can be found at [developercertificate.org](https://developercertificate.org/).

**The list of commits missing DCO signoff**:

${list}

<details>

${ABOUT_THIS_BOT}
</details>
`;
}

/** Upstream trigger's TrustedUser, as dco uses it: a trusted app, a collaborator (unless org members only), an org or trusted_org member. */
async function trusted(ctx: Ctx<unknown>, login: string | undefined, cfg: Dco): Promise<boolean> {
  if (!login) return false;
  if (login.endsWith('[bot]') && (cfg.trusted_apps ?? []).includes(login.slice(0, -'[bot]'.length))) return true;
  if (cfg.skip_dco_check_for_collaborators && (await ctx.github.isCollaborator(ctx.org, ctx.repo, login))) return true;
  if (await ctx.github.isMember(ctx.org, login)) return true;
  const trustedOrg = cfg.trusted_org;
  return trustedOrg !== undefined && trustedOrg !== '' && trustedOrg !== ctx.org && (await ctx.github.isMember(trustedOrg, login));
}

async function check(ctx: Ctx<unknown>, pr: PullRequest, addComment: boolean): Promise<void> {
  const cfg = ctx.settings;
  const { org, repo } = ctx;
  const number = pr.number;
  const commits = await ctx.github.listPullRequestCommits(org, repo, number);
  let missing = commits.filter((c) => !SIGNED_OFF_RE.test(c.commit.message));
  if (cfg.skip_dco_check_for_members || cfg.skip_dco_check_for_collaborators) {
    const kept: PullRequestCommit[] = [];
    for (const c of missing) if (!(await trusted(ctx, c.author?.login, cfg))) kept.push(c);
    missing = kept;
  }
  const existing = (await ctx.github.getCombinedStatus(org, repo, pr.head.sha)).statuses.find((s) => s.context === DCO_CONTEXT)?.state ?? '';
  const labels = await ctx.github.getIssueLabels(org, repo, number);
  const hasYes = labels.some((l) => l.name === DCO_YES);
  const hasNo = labels.some((l) => l.name === DCO_NO);
  const contributingUrl = `https://github.com/${cfg.contributing_repo || `${org}/${repo}`}/blob/${cfg.contributing_branch || 'master'}/${cfg.contributing_path || 'CONTRIBUTING.md'}`;
  const where = { org, repo, number };

  if (missing.length === 0) {
    if (hasNo) await ctx.github.removeLabel(org, repo, number, DCO_NO);
    if (!hasYes) await ctx.github.addLabel(org, repo, number, DCO_YES);
    if (existing !== 'success') await ctx.github.createStatus(org, repo, pr.head.sha, { context: DCO_CONTEXT, state: 'success', target_url: contributingUrl, description: SUCCEEDED });
    await pruneBotComments(ctx.github, { ...where, botLogin: ctx.botLogin }, (c) => c.body.includes(PRUNE_MARK));
    return;
  }
  if (!hasNo) await ctx.github.addLabel(org, repo, number, DCO_NO);
  if (hasYes) await ctx.github.removeLabel(org, repo, number, DCO_YES);
  if (existing !== 'failure') await ctx.github.createStatus(org, repo, pr.head.sha, { context: DCO_CONTEXT, state: 'failure', target_url: contributingUrl, description: FAILED });
  if (addComment) {
    await pruneBotComments(ctx.github, { ...where, botLogin: ctx.botLogin }, (c) => c.body.includes(PRUNE_MARK));
    await ctx.github.createComment(org, repo, number, notFoundComment(contributingUrl, markdownShaList(org, repo, missing)));
  }
}

async function handlePullRequest(ctx: Ctx<PullRequestEvent>): Promise<void> {
  const a = ctx.event.action;
  if (a !== 'opened' && a !== 'reopened' && a !== 'synchronize') return;
  // A reopened PR keeps its old comment (upstream comments on new commits only).
  await check(ctx, ctx.event.pull_request, a !== 'reopened');
}

async function handleComment(ctx: Ctx<GenericCommentEvent>): Promise<void> {
  const e = ctx.event;
  if (e.issueState !== 'open' || e.action !== 'created' || !e.isPR || ctx.matches(CHECK_DCO).length === 0) return;
  await check(ctx, await ctx.github.getPullRequest(ctx.org, ctx.repo, e.number), true);
}

export const dco = definePlugin<Dco>({
  name: 'dco',
  description: `The dco plugin checks pull request commits for 'DCO sign off' and maintains the '${DCO_CONTEXT}' status context, as well as the 'dco' label.`,
  config: {
    sections: [SECTION],
    resolve: (pc, { org, repo }) => dcoFor(pc.dco as Record<string, Dco> | undefined, org, repo),
    describe: (d, where) => (d.skip_dco_check_for_members || d.skip_dco_check_for_collaborators
      ? `The trusted GitHub organization for this repository is "${where}".` : 'Every commit needs a Signed-off-by line.'),
  },
  commands: [CHECK_DCO],
  handlers: { pullRequest: handlePullRequest, genericComment: handleComment },
});
