// The override plugin: /override <context>… lets repo admins (and configured teams, and top-level OWNERS approvers
// when allowed) force failed status contexts and check runs on a PR to success. For a Prow job's context it also
// records a ProwJob in state success ("Overridden by <user>"), so the job reads as passed everywhere, and aborts the
// job's unfinished runs on the PR so their result cannot replace the override, as upstream. /override-sticky marks
// the status so Tide keeps taking it as passing when the base branch moves; /override-cancel sets overridden
// statuses back to failure and cancels the override check runs.
import { newPresubmit } from '../../src/api/create.js';
import { pullRequestRefs } from '../../src/api/refs.js';
import { rfc3339 } from '../../src/api/state.js';
import type { Presubmit } from '../../src/config/types.js';
import type { GenericCommentEvent } from '../../src/github/events.js';
import { githubBaseURL } from '../../src/github/flags.js';
import type { PullRequest, Status } from '../../src/github/types.js';
import { contextDescriptionWithBaseSha, SKIP_RETEST_SENTINEL } from '../../src/report/github.js';
import { createOnce } from '../../src/store/retry.js';
import { abortJobs, unfinishedPresubmits } from '../shared/abort-jobs.js';
import { definePlugin, type CommandSpec, type HandlerContext } from '../types.js';
import { cancelOverrides, overrideRunTitle } from './cancel.js';
import { bestCheckRunStates, parseOverrideInput, type CheckState } from './parse.js';
import { SECTION } from './section.js';

export interface OverrideSettings {
  allow_top_level_owners?: boolean;
  /** 'org' or 'org/repo' → team slugs whose members may override. */
  allowed_github_teams?: Record<string, string[]>;
}

const WHO_CAN_USE = 'Repo administrators, approvers in the top level OWNERS file where allow_top_level_owners is set, and members of the GitHub teams in allowed_github_teams.';

const OVERRIDE: CommandSpec = {
  regex: /^\/override(?: ([^\r\n]+))?$/im, usage: '/override [context1] [context2]',
  description: 'Forces github status contexts to green (multiple can be given). If the desired context has spaces, it must be quoted.',
  examples: ['/override pull-repo-whatever', '/override "test / Unit Tests"', '/override ci/circleci', '/override deleted-job other-job'],
  whoCanUse: WHO_CAN_USE,
};

const OVERRIDE_STICKY: CommandSpec = {
  regex: /^\/override-sticky(?: ([^\r\n]+))?$/im, usage: '/override-sticky [context1] [context2]',
  description: 'Forces github status contexts to green and keeps them green for the current HEAD commit when the base branch moves (multiple can be given). If the desired context has spaces, it must be quoted.',
  examples: ['/override-sticky pull-repo-whatever', '/override-sticky "test / Integration Tests"'],
  whoCanUse: WHO_CAN_USE,
};

const OVERRIDE_CANCEL: CommandSpec = {
  regex: /^\/override-cancel(?: ([^\r\n]+))?$/im, usage: '/override-cancel [context1] [context2]',
  description: 'Removes overrides by setting the status back to failure. Works on both regular and sticky overrides. Without contexts, cancels every override on the PR\'s HEAD commit.',
  examples: ['/override-cancel pull-repo-whatever', '/override-cancel "test / Unit Tests"', '/override-cancel'],
  whoCanUse: WHO_CAN_USE,
};

type Ctx = HandlerContext<GenericCommentEvent, OverrideSettings>;

/** Upstream's whoCanUse text for a repo (it ends the refusal). */
export function whoCanUse(s: OverrideSettings, org: string, repo: string): string {
  let out = 'Repo administrators';
  if (s.allow_top_level_owners) out += ', approvers in top level OWNERS file';
  const teams = Object.entries(s.allowed_github_teams ?? {});
  if (teams.length > 0) {
    const full = `${org}/${repo}`;
    const listed = teams.filter(([where]) => full === '/' || where === full || where === org).map(([where, slugs]) => `${where}: ${slugs.join(' ')}`).sort();
    out += `, and the following github teams:${listed.join(', ')}`;
  }
  return `${out}.`;
}

async function isAdmin(ctx: Ctx, user: string): Promise<boolean> {
  try {
    return (await ctx.github.getUserPermission(ctx.org, ctx.repo, user)) === 'admin';
  } catch (error) {
    ctx.logger.warn('cannot determine whether the user is a repo admin', { error, user });
    return false;
  }
}

async function inAllowedTeam(ctx: Ctx, user: string): Promise<boolean> {
  const teams = ctx.settings.allowed_github_teams ?? {};
  const slugs = [...(teams[`${ctx.org}/${ctx.repo}`] ?? []), ...(teams[ctx.org] ?? [])];
  const login = user.toLowerCase();
  for (const slug of slugs) {
    try {
      if ((await ctx.github.listTeamMembersBySlug(ctx.org, slug)).some((m) => m.login.toLowerCase() === login)) return true;
    } catch (error) {
      ctx.logger.warn('cannot list the members of an allowed team', { error, team: slug });
    }
  }
  return false;
}

async function isTopLevelApprover(ctx: Ctx, user: string, pr: PullRequest): Promise<boolean> {
  try {
    const baseSha = await ctx.github.getRef(ctx.org, ctx.repo, `heads/${pr.base.ref}`);
    // The approvers the root OWNERS file names (its directory is '').
    return (await ctx.owners(baseSha)).approvers('').has(user.toLowerCase());
  } catch (error) {
    ctx.logger.warn('cannot determine whether the user is a top level owner', { error, user });
    return false;
  }
}

const formatList = (items: Iterable<string>): string => [...items].sort().map((i) => ` - \`${i}\``).join('\n');

function unknownContextsReply(command: string, unknown: Set<string>, contexts: Set<string>): string {
  return `${command} requires failed status contexts, check run or a prowjob name to operate on.
The following unknown contexts/checkruns were given:
${formatList(unknown)}

Only the following failed or pending contexts/checkruns were expected:
${formatList(contexts)}

If you are trying to override a checkrun that has a space in it, you must put a double quote on the context.
`;
}

const OVERRIDDEN_BY = 'Overridden by';
const quoteContext = (c: string): string => (c.includes(' ') ? `"${c}"` : c);

/** The reply when some names cannot be overridden: the unknown ones, the passing ones, and what to re-run. */
function refusedOverridesReply(unknown: Set<string>, contexts: Set<string>, passing: string[], applicable: string[], sticky: boolean): string {
  const command = sticky ? '/override-sticky' : '/override';
  const parts: string[] = [];
  if (unknown.size > 0) parts.push(unknownContextsReply(command, unknown, contexts));
  for (const p of passing) parts.push(`\`${p}\` is already passing (or already overridden); no action taken. Use \`/override-cancel ${quoteContext(p)}\` to remove an existing override.`);
  if (applicable.length > 0) {
    parts.push(`No overrides were applied. Re-run \`${command} ${applicable.sort().map(quoteContext).join(' ')}\` with only the contexts that can be overridden.`);
  }
  return parts.join('\n');
}

const description = (user: string): string => `${OVERRIDDEN_BY} ${user}`;
/** What /override-sticky writes: Tide takes a passing status with the sentinel as passing whatever its base. */
const stickyDescription = (user: string): string => `${description(user)} ${SKIP_RETEST_SENTINEL}`;
/** What the runs an override aborts say (worded as trigger's "Aborted by trigger plugin."). */
export const ABORTED_BY_OVERRIDE = 'Aborted by override plugin.';

/**
 * The PR, when `user` may use `command` on it; otherwise undefined, after replying why. Admins and allowed team
 * members are asked first; the PR is read only when they are not and top-level approvers may be (or to go on).
 */
async function authorize(ctx: Ctx, user: string, command: string): Promise<PullRequest | undefined> {
  const e = ctx.event;
  const settings = ctx.settings;
  const refusal = `${user} unauthorized: ${command} is restricted to ${whoCanUse(settings, ctx.org, ctx.repo)}`;
  let authorized = (await isAdmin(ctx, user)) || (Object.keys(settings.allowed_github_teams ?? {}).length > 0 && (await inAllowedTeam(ctx, user)));
  if (!authorized && !settings.allow_top_level_owners) {
    await ctx.respond(refusal);
    return undefined;
  }
  let pr: PullRequest;
  try {
    pr = await ctx.github.getPullRequest(ctx.org, ctx.repo, e.number);
  } catch (error) {
    ctx.logger.warn('cannot get the PR', { error });
    await ctx.respond(`Cannot get PR #${e.number} in ${ctx.org}/${ctx.repo}`);
    return undefined;
  }
  authorized ||= await isTopLevelApprover(ctx, user, pr);
  if (!authorized) {
    await ctx.respond(refusal);
    return undefined;
  }
  return pr;
}

/** /override or (sticky) /override-sticky. */
async function handleOverride(ctx: Ctx, sticky: boolean): Promise<void> {
  const found = ctx.matches(sticky ? OVERRIDE_STICKY : OVERRIDE);
  if (found.length === 0) return;
  const command = sticky ? '/override-sticky' : '/override';
  const user = ctx.event.user.login;
  const overrides = new Set<string>();
  for (const m of found) {
    if (!m[1]) {
      await ctx.respond(`${command} requires failed status contexts to operate on, but none was given`);
      return;
    }
    for (const c of parseOverrideInput(m[1])) overrides.add(c);
  }
  const pr = await authorize(ctx, user, command);
  if (pr) await overrideContexts(ctx, pr, user, overrides, sticky);
}

/** /override-cancel [context…]: without contexts (on any of its lines), every override. */
async function handleCancel(ctx: Ctx): Promise<void> {
  const found = ctx.matches(OVERRIDE_CANCEL);
  if (found.length === 0) return;
  let names: Set<string> | undefined = new Set();
  for (const m of found) {
    const given = m[1] ? parseOverrideInput(m[1]) : [];
    if (given.length === 0) names = undefined;
    for (const c of given) names?.add(c);
  }
  const user = ctx.event.user.login;
  const pr = await authorize(ctx, user, '/override-cancel');
  if (pr) await cancelOverrides(ctx, pr, user, names, OVERRIDDEN_BY);
}

async function handleComment(ctx: Ctx): Promise<void> {
  const e = ctx.event;
  if (!e.isPR || e.issueState !== 'open' || e.action !== 'created') return;
  // Each command kind in the comment is handled, in this order, as upstream.
  await handleOverride(ctx, false);
  await handleOverride(ctx, true);
  await handleCancel(ctx);
}

async function overrideContexts(ctx: Ctx, pr: PullRequest, user: string, overrides: Set<string>, sticky: boolean): Promise<void> {
  const { org, repo } = ctx;
  const sha = pr.head.sha;
  let statuses: Status[];
  let checkRuns: Map<string, CheckState>;
  try {
    statuses = (await ctx.github.getCombinedStatus(org, repo, sha)).statuses;
  } catch (error) {
    ctx.logger.warn('cannot get commit statuses', { error });
    await ctx.respond(`Cannot get commit statuses for PR #${pr.number} in ${org}/${repo}`);
    return;
  }
  try {
    checkRuns = bestCheckRunStates(await ctx.github.listCheckRuns(org, repo, sha));
  } catch (error) {
    ctx.logger.warn('cannot get check runs', { error });
    await ctx.respond(`Cannot get commit checkruns for PR #${pr.number} in ${org}/${repo}`);
    return;
  }
  let baseSha: string;
  let presubmits: Presubmit[];
  try {
    baseSha = await ctx.github.getRef(org, repo, `heads/${pr.base.ref}`);
    presubmits = await ctx.jobs.presubmits(baseSha, [sha]);
  } catch (error) {
    ctx.logger.error('Failed to get presubmits', { error });
    await ctx.respond('Failed to get presubmits');
    return;
  }
  const jobFor = (context: string): Presubmit | undefined => presubmits.find((p) => (p.context ?? p.name) === context);

  // What may be overridden: failed or pending statuses (by context or by their job's name), failed or pending check runs, and
  // the branch's required contexts that have not reported at all.
  const contexts = new Set<string>();
  for (const s of statuses) {
    if (s.state === 'success') continue;
    contexts.add(s.context);
    const job = jobFor(s.context);
    if (job) contexts.add(job.name);
  }
  // Queued and in-progress check runs too (newer upstream): a gate that never finishes can be overridden.
  for (const [name, state] of checkRuns) if (name !== '' && state !== 'SUCCESS') contexts.add(name);
  let protection;
  try {
    protection = await ctx.github.getBranchProtection(org, repo, pr.base.ref);
  } catch (error) {
    ctx.logger.warn('cannot get branch protection', { error });
    await ctx.respond(`Cannot get branch protection for branch ${pr.base.ref} in ${org}/${repo}`);
    return;
  }
  const todo: { context: string; state?: string; target_url?: string | null }[] = [...statuses];
  for (const context of protection?.required_status_checks?.contexts ?? []) {
    if (contexts.has(context)) continue;
    contexts.add(context);
    todo.push({ context });
  }
  // Names that already pass (a success status by context or job name, a passing check run) are not unknown, but
  // are not overridden either; as upstream, a request with any such or unknown name applies none of its overrides.
  const passing = new Set<string>();
  for (const s of statuses) {
    if (s.state !== 'success') continue;
    passing.add(s.context);
    const job = jobFor(s.context);
    if (job) passing.add(job.name);
  }
  for (const [name, state] of checkRuns) if (state === 'SUCCESS') passing.add(name);
  const alreadyPassing = [...overrides].filter((o) => !contexts.has(o) && passing.has(o)).sort();
  const unknown = new Set([...overrides].filter((o) => !contexts.has(o) && !passing.has(o)));
  if (unknown.size > 0 || alreadyPassing.length > 0) {
    await ctx.respond(refusedOverridesReply(unknown, contexts, alreadyPassing, [...overrides].filter((o) => contexts.has(o)), sticky));
    return;
  }

  const desc = sticky ? stickyDescription(user) : description(user);
  const done = new Set<string>();
  try {
    for (const s of todo) {
      const job = jobFor(s.context);
      if (s.state === 'success' || !(overrides.has(s.context) || (job && overrides.has(job.name))) || done.has(s.context)) continue;
      if (job) {
        try {
          await recordOverriddenJob(ctx, pr, baseSha, job, desc);
        } catch (error) {
          ctx.logger.warn('cannot create the override job', { error, context: s.context });
          await ctx.respond(`Failed to create override job for ${s.context}`);
          return;
        }
      }
      try {
        await ctx.github.createStatus(org, repo, sha, { context: s.context, state: 'success', description: contextDescriptionWithBaseSha(desc, baseSha), ...(s.target_url ? { target_url: s.target_url } : {}) });
      } catch (error) {
        ctx.logger.warn('cannot set the status', { error, context: s.context });
        await ctx.respond(`Cannot update PR status for context ${s.context}`);
        return;
      }
      done.add(s.context);
    }
    for (const name of checkRuns.keys()) {
      if (!overrides.has(name)) continue;
      const run = { name, head_sha: sha, status: 'completed' as const, conclusion: 'success' as const, output: { title: overrideRunTitle(name), summary: `Prow has received override command for the ${name} checkrun.` } };
      try {
        await ctx.github.createCheckRun(org, repo, run);
      } catch (error) {
        ctx.logger.warn('cannot create the override check run', { error, checkRun: name });
        await ctx.respond(`cannot create prow-override CheckRun ${name}: ${(error as Error).message}`);
        return;
      }
      done.add(name);
    }
  } finally {
    // As upstream, what was overridden is reported even when a later step failed.
    if (done.size > 0) await ctx.respond(`Overrode contexts on behalf of ${user}: ${[...done].sort().join(', ')}`);
  }
}

/**
 * A ProwJob for the overridden job, already finished with success (upstream's record of the override); the job's
 * unfinished runs on the PR are aborted and stop reporting, so none reports over the override when it ends.
 */
async function recordOverriddenJob(ctx: Ctx, pr: PullRequest, baseSha: string, job: Presubmit, desc: string): Promise<void> {
  const refs = pullRequestRefs({
    org: ctx.org, repo: ctx.repo, repoLink: pr.base.repo.html_url ?? `${githubBaseURL(ctx.githubHost)}/${ctx.org}/${ctx.repo}`, baseRef: pr.base.ref, baseSha,
    number: pr.number, author: pr.user.login, headSha: pr.head.sha, title: pr.title, headRef: pr.head.ref, link: pr.html_url,
  });
  const pj = newPresubmit(job, refs, { eventGUID: ctx.guid });
  const now = rfc3339(new Date());
  pj.status = { ...pj.status, startTime: now, completionTime: now, state: 'success', description: desc, url: ctx.event.htmlUrl };
  await createOnce(ctx.store, pj);
  ctx.logger.info('Creating a new prowjob.', { job: job.name, name: pj.metadata.name, type: 'presubmit' });
  const running = (await unfinishedPresubmits(ctx, ctx.org, ctx.repo, pr.number)).filter((r) => r.spec.job === job.name);
  await abortJobs(ctx, running, ABORTED_BY_OVERRIDE, { stopReporting: true });
}

export const override = definePlugin<OverrideSettings>({
  name: 'override',
  description: 'The override plugin allows repo admins to force a github status context to pass',
  config: {
    sections: [SECTION],
    resolve: (pc) => (pc.override as OverrideSettings | undefined) ?? {},
    describe: (s, where) => {
      const [org, repo] = where.split('/');
      return `/override may be used by: ${whoCanUse(s, org!, repo ?? '')}`;
    },
  },
  commands: [OVERRIDE, OVERRIDE_STICKY, OVERRIDE_CANCEL],
  handlers: { genericComment: handleComment },
});
