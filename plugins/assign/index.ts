// The assign plugin: `/assign` and `/unassign` set the assignees of an issue or PR, `/cc` and `/uncc` request and
// withdraw PR reviews; each takes logins (`@` optional) and, for /cc, teams (`@org/team`: its members), or means the
// commenter when it names nobody. GitHub silently drops assignees it cannot assign and refuses review requests from
// non-collaborators; both get upstream's reply naming who was refused.
import { definePlugin, type CommandSpec, type HandlerContext } from '../types.js';
import type { GenericCommentEvent } from '../../src/github/events.js';
import { isNotFound } from '../../src/github/rest.js';

export const ASSIGN_RE = /^\/(un)?assign((?: @?[-\w]+?)*)\s*$/im;
/** Upstream's CCRegexp (blunderbuss shares it there). */
export const CC_RE = /^\/(un)?cc((?: +@?[-/\w]+?)*)\s*$/im;
const TEAM_RE = /^[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*\/[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*$/;

const COMMANDS: CommandSpec[] = [
  {
    regex: ASSIGN_RE, usage: '/[un]assign [[@]<username>...|[@]<orgname/teamname>...]', featured: true, description: 'Assigns assignee(s) or team(s) to the PR',
    whoCanUse: 'Anyone can use the command, but the target user(s) must be an org member, a repo collaborator, or should have previously commented on the issue or PR.',
    examples: ['/assign', '/unassign', '/assign @spongebob', '/assign spongebob patrick'],
  },
  {
    regex: CC_RE, usage: '/[un]cc [[@]<username>...|[@]<orgname/teamname>...]', featured: true, description: 'Requests a review from the user(s) or team(s).',
    whoCanUse: 'Anyone can use the command, but the target user(s) must be a member of the org that owns the repository.',
    examples: ['/cc', '/uncc', '/cc @spongebob', '/cc spongebob patrick', '/cc @kubernetes/sig-foo-bar'],
  },
];

export function assignFailure(org: string, users: string[]): string {
  return `GitHub didn't allow me to assign the following users: ${users.join(', ')}.\n\nNote that only [${org} members](https://github.com/orgs/${org}/people) with read permissions, repo collaborators and people who have commented on this issue/PR can be assigned. Additionally, issues/PRs can only have 10 assignees at the same time.\nFor more information please see [the contributor guide](https://git.k8s.io/community/contributors/guide/first-contribution.md#issue-assignment-in-github)`;
}

export function reviewFailure(org: string, users: string[]): string {
  return `GitHub didn't allow me to request PR reviews from the following users: ${users.join(', ')}.\n\nNote that only [${org} members](https://github.com/orgs/${org}/people) and repo collaborators can review this PR, and authors cannot review their own PRs.`;
}

/** The logins in a command's argument text: split on spaces, `@` trimmed. */
export function parseLogins(text: string): string[] {
  return text.split(' ').map((p) => p.replace(/^[@ ]+|[@ ]+$/g, '')).filter((p) => p !== '');
}

type Ctx = HandlerContext<GenericCommentEvent, undefined>;

interface Kind {
  command: CommandSpec;
  what: string;
  add: (ctx: Ctx, logins: string[]) => Promise<string[]>;
  remove: (ctx: Ctx, logins: string[]) => Promise<void>;
  failure: (org: string, users: string[]) => string;
}

const ASSIGNEES: Kind = {
  command: COMMANDS[0]!,
  what: 'assignees',
  add: (ctx, logins) => ctx.github.assignIssueChecked(ctx.org, ctx.repo, ctx.number!, logins),
  remove: (ctx, logins) => ctx.github.unassignIssue(ctx.org, ctx.repo, ctx.number!, logins),
  failure: assignFailure,
};

const REVIEWERS: Kind = {
  command: COMMANDS[1]!,
  what: 'reviewers',
  add: (ctx, logins) => ctx.github.requestReviewChecked(ctx.org, ctx.repo, ctx.number!, logins),
  remove: (ctx, logins) => ctx.github.unrequestReview(ctx.org, ctx.repo, ctx.number!, logins),
  failure: reviewFailure,
};

/**
 * Who each command line adds (true) or removes (false); the last line naming a login decides for it, as upstream.
 * A team that cannot be listed is kept as a login to add, so GitHub's refusal names it in the reply.
 */
async function wanted(ctx: Ctx, kind: Kind): Promise<Map<string, boolean> | undefined> {
  const matches = ctx.matches(kind.command);
  if (matches.length === 0) return undefined;
  const users = new Map<string, boolean>();
  for (const m of matches) {
    const add = m[1]?.toLowerCase() !== 'un';
    const args = m[2] ?? '';
    if (args.trim() === '') {
      users.set(ctx.author, add);
      continue;
    }
    for (const login of parseLogins(args)) {
      if (!TEAM_RE.test(login)) {
        users.set(login, add);
        continue;
      }
      const [teamOrg, slug] = login.split('/') as [string, string];
      try {
        for (const member of await ctx.github.listTeamMembersBySlug(teamOrg, slug)) users.set(member.login, add);
      } catch (e) {
        if (!isNotFound(e)) throw e;
        ctx.logger.info('no such team (or not visible to the bot)', { team: login });
        users.set(login, add);
      }
    }
  }
  return users;
}

async function handle(ctx: Ctx, kind: Kind): Promise<void> {
  const users = await wanted(ctx, kind);
  if (!users) return;
  const toAdd = [...users].filter(([, add]) => add).map(([l]) => l);
  const toRemove = [...users].filter(([, add]) => !add).map(([l]) => l);
  if (toRemove.length > 0) {
    ctx.logger.info(`Removing ${kind.what}`, { logins: toRemove });
    await kind.remove(ctx, toRemove);
  }
  if (toAdd.length > 0) {
    ctx.logger.info(`Adding ${kind.what}`, { logins: toAdd });
    const missing = await kind.add(ctx, toAdd);
    if (missing.length > 0) {
      ctx.logger.info(`GitHub refused some ${kind.what}`, { logins: missing });
      await ctx.respond(kind.failure(ctx.org, missing));
    }
  }
}

export const assign = definePlugin({
  name: 'assign',
  description: 'The assign plugin assigns or requests reviews from users/teams. Specific users can be assigned with the command \'/assign @user1\' or have reviews requested of them with the command \'/cc @user1\'. If no users are specified, the commands default to targeting the user who created the command. Assignments and requested reviews can be removed in the same way that they are added by prefixing the commands with \'un\'.',
  commands: COMMANDS,
  handlers: {
    async genericComment(ctx) {
      if (ctx.action !== 'created') return;
      // One failing (GitHub down for one call) does not keep the other from running, as upstream.
      const errors: unknown[] = [];
      for (const kind of ctx.isPR ? [ASSIGNEES, REVIEWERS] : [ASSIGNEES]) {
        try {
          await handle(ctx, kind);
        } catch (e) {
          errors.push(e);
        }
      }
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors, 'assign: both /assign and /cc failed');
    },
  },
});
