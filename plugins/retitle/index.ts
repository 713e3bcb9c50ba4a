// The retitle plugin: `/retitle <title>` from a trusted user (as trigger trusts: org members, collaborators unless
// only_org_members, trusted apps, trusted_org members) sets the issue or PR title. Closed ones only with
// `retitle.allow_closed_issues`. A title that would close issues or mention someone is refused.
import { isTrustedUser, trustSettingsFor } from '../shared/trust.js';
import { AT_MENTION_RE, CLOSE_ISSUE_RE } from '../shared/commit-messages.js';
import type { GenericCommentEvent } from '../../src/github/events.js';
import type { PluginsConfig } from '../../src/config/types.js';
import { definePlugin, type CommandSpec, type HandlerContext } from '../types.js';
import { SECTION } from './section.js';

export interface RetitleSettings {
  allowClosedIssues: boolean;
  /** The repo's `triggers` entry, for who is trusted. */
  trigger: ReturnType<typeof trustSettingsFor>;
}

const RETITLE: CommandSpec = {
  regex: /^\/retitle\s*(.*)$/im,
  usage: '/retitle <title>',
  description: 'Edits the pull request or issue title.',
  examples: ['/retitle New Title'],
  whoCanUse: 'Collaborators on the repository.',
  featured: true,
};

function settingsFor(pc: PluginsConfig, org: string, repo: string): RetitleSettings {
  const r = (pc.retitle ?? {}) as { allow_closed_issues?: boolean };
  return { allowClosedIssues: r.allow_closed_issues ?? false, trigger: trustSettingsFor(pc, org, repo) };
}

type Ctx = HandlerContext<GenericCommentEvent, RetitleSettings>;

function trusted(ctx: Ctx, user: string): Promise<boolean> {
  return isTrustedUser(ctx.github, ctx.settings.trigger, user, ctx.org, ctx.repo, ctx.botLogin);
}

async function handle(ctx: Ctx): Promise<void> {
  const e = ctx.event;
  if (!ctx.settings.allowClosedIssues && e.issueState !== 'open') return;
  if (e.action !== 'created') return;
  const m = ctx.matches(RETITLE)[0];
  if (!m) return;
  if (!(await trusted(ctx, e.user.login))) {
    await ctx.respond('Re-titling can only be requested by trusted users, like repository collaborators.');
    return;
  }
  const title = m[1]!.trim();
  if (title === '') {
    await ctx.respond('Titles may not be empty.');
    return;
  }
  if (AT_MENTION_RE.test(title) || CLOSE_ISSUE_RE.test(title)) {
    await ctx.respond('Titles may not contain [keywords](https://help.github.com/articles/closing-issues-using-keywords) which can automatically close issues and at(@) mentions.');
    return;
  }
  await ctx.github.editIssue(ctx.org, ctx.repo, e.number, { title });
}

export const retitle = definePlugin<RetitleSettings>({
  name: 'retitle',
  description: 'The retitle plugin allows users to re-title pull requests and issues where GitHub permissions don\'t allow them to.',
  config: {
    sections: [SECTION],
    resolve: (pc, { org, repo }) => settingsFor(pc, org, repo),
    describe: (s) => (s.allowClosedIssues ? 'The retitle plugin also allows retitling closed/merged issues and PRs.' : 'The retitle plugin does not allow retitling closed/merged issues and PRs.'),
  },
  commands: [RETITLE],
  handlers: { genericComment: handle },
});
