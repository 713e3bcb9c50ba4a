// bugzilla: a PR whose title starts `Bug 123:` is checked against the bug in Bugzilla (the hook's
// --bugzilla-endpoint) by the branch's plugins.yaml options: bugzilla/valid-bug or bugzilla/invalid-bug, a
// bugzilla/severity-* label, and a reply saying why. `/bugzilla refresh` checks again, `/bugzilla cc-qa` (and the
// deprecated `assign-qa`) also asks the bug's QA contact for review. On merge the bug moves to state_after_merge once
// every linked PR has merged; on close the PR is unlinked and the bug may move to state_after_close; an automated
// cherry-pick PR gets a clone of the bug for its branch's target_release (enable_backporting).
import type { Config } from '../../src/config/types.js';
import type { PullRequestEvent } from '../../src/github/events.js';
import { definePlugin, type HandlerContext } from '../types.js';
import { handle, type BugEvent } from './handle.js';
import { BUGZILLA_SECTION, describeRepo, optionsForBranch, type BugzillaSettings } from './options.js';
import { bugIdFromTitle } from './validate.js';

const REFRESH = { regex: /^\/bugzilla refresh\s*$/im, usage: '/bugzilla refresh', description: 'Check Bugzilla for a valid bug referenced in the PR title', examples: ['/bugzilla refresh'], whoCanUse: 'Anyone' };
const ASSIGN_QA = { regex: /^\/bugzilla assign-qa\s*$/im, usage: '/bugzilla assign-qa', description: '(DEPRECATED) Assign PR to QA contact specified in Bugzilla', examples: ['/bugzilla assign-qa'], whoCanUse: 'Anyone' };
const CC_QA = { regex: /^\/bugzilla cc-qa\s*$/im, usage: '/bugzilla cc-qa', description: 'Request PR review from QA contact specified in Bugzilla', examples: ['/bugzilla cc-qa'], whoCanUse: 'Anyone' };
const CHERRYPICK_OF = /This is an automated cherry-pick of #([0-9]+)/;

/** Repos the Prow config serves (upstream's AllRepos: job configs and Tide queries). */
function knownRepos(c: Config): Set<string> {
  return new Set([...Object.keys(c.presubmits ?? {}), ...Object.keys(c.postsubmits ?? {}), ...(c.tide?.queries ?? []).flatMap((q) => q.repos ?? [])]);
}

async function run(ctx: HandlerContext<unknown, BugzillaSettings>, e: BugEvent, explicit: boolean): Promise<void> {
  const bugzilla = ctx.services.bugzilla;
  if (!bugzilla) {
    ctx.logger.error('bugzilla: the hook has no Bugzilla client (set --bugzilla-endpoint)', { pr: e.number });
    if (explicit) await ctx.respond('The bugzilla plugin cannot reach Bugzilla: this Prow runs without `--bugzilla-endpoint`. Please contact an administrator.');
    return;
  }
  await handle(e, {
    github: ctx.github, bugzilla, options: optionsForBranch(ctx.settings, e.org, e.repo, e.baseRef), logger: ctx.logger,
    botLogin: ctx.botLogin, githubHost: ctx.githubHost, knownRepos: knownRepos(ctx.prowConfig),
  });
}

/** The event to handle for a PR event, or undefined when nothing is to be done (upstream's digestPR). */
export function digestPR(pe: PullRequestEvent, validateByDefault: boolean): BugEvent | undefined {
  if (!['opened', 'reopened', 'edited', 'closed'].includes(pe.action)) return undefined;
  const pr = pe.pull_request;
  const e: BugEvent = {
    org: pr.base.repo.owner.login, repo: pr.base.repo.name, baseRef: pr.base.ref, number: pr.number, bugId: bugIdFromTitle(pr.title),
    merged: pr.merged === true, closed: pe.action === 'closed', opened: pe.action === 'opened', state: pr.state, body: pr.title,
    htmlUrl: pr.html_url, login: pr.user.login, refresh: false, assign: false, cc: false,
  };
  const pick = CHERRYPICK_OF.exec(pr.body ?? '');
  if (pick && pe.action === 'opened') return { ...e, cherrypickOf: Number(pick[1]) };
  if (e.closed && !e.merged) return e;
  const handleAnyway = e.bugId !== undefined || validateByDefault ? e : undefined;
  const before = pe.changes?.title?.from;
  if (before === undefined) return handleAnyway;
  const prevId = bugIdFromTitle(before);
  // A title that named no bug before is handled as any other; one that still names the same bug is left alone.
  if (prevId === undefined) return handleAnyway;
  if (prevId === e.bugId) return undefined;
  return e;
}

export const bugzilla = definePlugin<BugzillaSettings>({
  name: 'bugzilla',
  description: 'The bugzilla plugin ensures that pull requests reference a valid Bugzilla bug in their title.',
  config: {
    sections: [BUGZILLA_SECTION],
    resolve: (pc) => (pc.bugzilla as BugzillaSettings | undefined) ?? {},
    describe: (bz, where) => {
      const [org, repo] = where.split('/');
      return describeRepo(bz, org!, repo ?? '') ?? 'No Bugzilla options are configured here: every referenced bug that exists is valid.';
    },
  },
  commands: [REFRESH, ASSIGN_QA, CC_QA],
  handlers: {
    async pullRequest(ctx) {
      const pr = ctx.event.pull_request;
      const options = optionsForBranch(ctx.settings, ctx.org, ctx.repo, pr.base.ref);
      const e = digestPR(ctx.event, options.validate_by_default === true);
      if (e) await run(ctx, e, false);
    },
    async genericComment(ctx) {
      const ge = ctx.event;
      if (ge.action !== 'created') return;
      const refresh = ctx.matches(REFRESH).length > 0;
      const assign = !refresh && ctx.matches(ASSIGN_QA).length > 0;
      const cc = !refresh && !assign && ctx.matches(CC_QA).length > 0;
      if (!refresh && !assign && !cc) return;
      if (!ge.isPR) {
        await ctx.respond('Bugzilla bug referencing is only supported for Pull Requests, not issues.');
        return;
      }
      const pr = await ctx.github.getPullRequest(ctx.org, ctx.repo, ge.number);
      await run(ctx, {
        org: ctx.org, repo: ctx.repo, baseRef: pr.base.ref, number: ge.number, bugId: bugIdFromTitle(pr.title), merged: pr.merged === true,
        closed: false, opened: false, state: pr.state, body: ge.body, htmlUrl: ge.htmlUrl, login: ge.user.login, refresh, assign, cc,
      }, true);
    },
  },
});
