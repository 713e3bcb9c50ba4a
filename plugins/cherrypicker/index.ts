// cherrypicker (upstream's external plugin): `/cherrypick <branch>` on a merged PR cherry-picks it with git onto
// a new branch in the bot's fork and opens a PR against <branch>; on an open PR it promises to do so once the PR
// merges, and does it then (as it does for `cherrypick/<branch>` labels). Replies, titles and bodies as upstream.
import { mkdirSync } from 'node:fs';
import type { GitHubClient } from '../../src/github/client.js';
import { isNotFound } from '../../src/github/rest.js';
import type { IssueComment, PullRequest } from '../../src/github/types.js';
import type { Logger } from '../../src/runtime/logger.js';
import { formatResponseRaw } from '../shared/reply.js';
import { definePlugin, type Plugin } from '../types.js';
import { ApplyError, CheckoutError, gitMessage, pickOnto, PushError } from './git.js';
import {
  CHERRY_PICK_BRANCH, CHERRY_PICK_RE, cherryPickBody, cherryPickTitle, notOrgMemberMessage, onceMergedMessage, releaseNoteFromParent, sameBranchMessage,
} from './messages.js';
import { CHERRYPICKER_NAME, DEFAULT_LABEL_PREFIX } from './constants.js';

export const CHERRYPICKER_DESCRIPTION = 'The cherrypick plugin is used for cherrypicking PRs across branches. For every successful cherrypick invocation a new PR is opened against the target branch and assigned to the requestor. If the parent PR contains a release note, it is copied to the cherrypick PR.';

export interface CherrypickerOptions {
  /** Where clones are made (each cherry-pick clones afresh and removes its clone). */
  workDir: string;
  /** The clone URL of a repository (the upstream one and the bot's fork). */
  cloneURI: (owner: string, repo: string) => string;
  /** The Authorization header git sends for `org` (clone and push); undefined: none. */
  gitAuthorization: (org: string) => Promise<string | undefined>;
  /** --labels: added to every cherry-pick PR. */
  labels?: readonly string[];
  /** --use-prow-assignments (default true): `/assign <requestor>` in the body, and the PR assigned to them. */
  prowAssignments?: boolean;
  /** --allow-all: anyone may ask, not only org members. */
  allowAll?: boolean;
  /** --create-issue-on-conflict: an issue assigned to the requestor when the patch does not apply. */
  issueOnConflict?: boolean;
  /** --label-prefix (default `cherrypick/`). */
  labelPrefix?: string;
  /** --dry-run: git does everything but push. */
  dryRun?: boolean;
  /** How long to wait for a new fork to appear (default 5 minutes). */
  forkWaitMs?: number;
}

interface Request {
  requestor: string;
  /** Answers the comment that asked, or (label-initiated) the PR. */
  reply: (message: string) => Promise<void>;
  org: string;
  repo: string;
  num: number;
  target: string;
  base: string;
  chain: readonly string[];
  title: string;
  body: string;
}

/** What `/cherrypick a b c` asks for: a first, then (in the new PR's body) b c. */
function parseBranches(text: string): { target: string; chain: string[] } | undefined {
  const m = CHERRY_PICK_RE.exec(text);
  const branches = m ? m[1]!.trim().split(/\s+/) : [];
  return branches.length > 0 && branches[0] !== '' ? { target: branches[0]!, chain: branches.slice(1) } : undefined;
}

function replyTo(gh: GitHubClient, org: string, repo: string, num: number, comment: { body: string; url: string; login: string } | undefined): (m: string) => Promise<void> {
  return async (message) => {
    const body = comment ? formatResponseRaw(comment.body, comment.url, comment.login, message) : `In response to a cherrypick label: ${message}`;
    await gh.createComment(org, repo, num, body);
  };
}

export function createCherrypicker(opts: CherrypickerOptions): Plugin {
  const labelPrefix = opts.labelPrefix ?? DEFAULT_LABEL_PREFIX;
  const prowAssignments = opts.prowAssignments ?? true;
  /** One cherry-pick per PR and target at a time (a comment and the merge may ask at once). */
  const locks = new Map<string, Promise<void>>();
  mkdirSync(opts.workDir, { recursive: true });

  const locked = async (key: string, fn: () => Promise<void>): Promise<void> => {
    const before = locks.get(key) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const settled = run.then(() => undefined, () => undefined);
    locks.set(key, settled);
    try {
      await run;
    } finally {
      if (locks.get(key) === settled) locks.delete(key);
    }
  };

  /** The bot's fork of org/repo, made if missing; its name (GitHub may have had to rename it). */
  async function ensureFork(gh: GitHubClient, bot: string, org: string, repo: string): Promise<string> {
    try {
      const existing = await gh.getRepo(bot, repo) as { name: string; fork?: boolean; parent?: { full_name?: string } };
      if (existing.fork && (existing.parent?.full_name === undefined || existing.parent.full_name.toLowerCase() === `${org}/${repo}`.toLowerCase())) return existing.name;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    const name = await gh.createFork(org, repo);
    // GitHub makes forks in the background: wait until it answers for it.
    const deadline = Date.now() + (opts.forkWaitMs ?? 5 * 60_000);
    for (let wait = 1000; ; wait = Math.min(wait * 2, 30_000)) {
      try {
        await gh.getRepo(bot, name);
        return name;
      } catch (e) {
        if (!isNotFound(e) || Date.now() + wait > deadline) throw new Error(`fork ${bot}/${name} did not appear: ${(e as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  async function cherryPick(gh: GitHubClient, bot: string, log: Logger, req: Request): Promise<void> {
    const { org, repo, num, target } = req;
    await locked(`${org}/${repo}#${num}:${target}`, async () => {
      let fork: string;
      try {
        fork = await ensureFork(gh, bot, org, repo);
      } catch (e) {
        log.warn('failed to ensure fork exists', { error: e });
        await req.reply(`cannot fork ${org}/${repo}: ${(e as Error).message}`);
        return;
      }
      const newBranch = CHERRY_PICK_BRANCH(num, target);
      const head = `${bot}:${newBranch}`;
      // The branch and its PR exist already: a cherry-pick to this target was made before.
      const earlier = (await gh.getPullRequests(org, repo, 'open')).find((p) => p.head.label === head && p.base.ref === target);
      if (earlier) {
        log.info('PR already has cherrypick', { preexisting_cherrypick: earlier.html_url });
        await req.reply(`Looks like #${num} has already been cherry picked in ${earlier.html_url}`);
        return;
      }
      let patch: string;
      try {
        patch = await gh.getPullRequestPatch(org, repo, num);
      } catch (e) {
        log.error('Failed to get patch', { error: e });
        await req.reply(`Failed to get PR patch from GitHub. This PR will need to be manually cherrypicked.\n<details><summary>Error message</summary>${(e as Error).message}</details>`);
        return;
      }
      const title = cherryPickTitle(req.title, req.base, target);
      const user = await gh.getUser() as { login: string; email?: string | null };
      const identity = { name: bot, email: user.email || `${bot}@users.noreply.github.com` };
      try {
        await pickOnto({
          workDir: opts.workDir, cloneUrl: opts.cloneURI(org, repo), repoName: `${org}/${repo}`, forkUrl: opts.cloneURI(bot, fork), target, newBranch, patch,
          authorization: await opts.gitAuthorization(org), identity, dryRun: opts.dryRun ?? false,
        });
      } catch (e) {
        if (e instanceof CheckoutError) {
          log.warn('failed to checkout target branch', { error: e });
          await req.reply(`cannot checkout \`${target}\`: ${e.message}`);
          return;
        }
        if (e instanceof ApplyError) {
          log.warn('failed to apply PR on top of target branch', { error: e });
          const resp = `#${num} failed to apply on top of branch "${target}":\n\`\`\`\n${e.message}\n\`\`\``;
          await req.reply(resp);
          if (opts.issueOnConflict) {
            try {
              const issue = await gh.createIssue(org, repo, { title, body: `Manual cherrypick required.\n\n${resp}`, assignees: [req.requestor] });
              await req.reply(`new issue created for failed cherrypick: #${issue.number}`);
            } catch (ie) {
              await req.reply(`new issue could not be created for failed cherrypick: ${(ie as Error).message}`);
            }
          }
          return;
        }
        if (e instanceof PushError) {
          log.warn('failed to push cherry-picked changes to GitHub', { error: e });
          await req.reply(`failed to push cherry-picked changes in GitHub: ${e.message}`);
          return;
        }
        throw new Error(`cherry-pick of #${num} onto ${target} failed: ${gitMessage(e)}`);
      }
      const body = cherryPickBody(num, prowAssignments ? req.requestor : '', releaseNoteFromParent(req.body), req.chain);
      let created: PullRequest;
      try {
        created = await gh.createPullRequest(org, repo, { title, body, head, base: target, maintainer_can_modify: true });
      } catch (e) {
        log.warn('failed to create new pull request', { error: e });
        await req.reply(`new pull request could not be created: ${(e as Error).message}`);
        return;
      }
      log.info('new pull request created', { new_pull_request_number: created.number });
      await req.reply(`new pull request created: #${created.number}`);
      for (const label of opts.labels ?? []) await gh.addLabel(org, repo, created.number, label);
      if (prowAssignments) {
        // Assigning fails for people who cannot be assigned in the repo; upstream ignores that too.
        await gh.assignIssue(org, repo, created.number, [req.requestor]).catch((e: unknown) => log.warn('failed to assign to new PR', { error: e }));
      }
    });
  }

  const isMember = async (gh: GitHubClient, org: string, user: string): Promise<boolean> => opts.allowAll === true || gh.isMember(org, user);

  return definePlugin({
    name: CHERRYPICKER_NAME,
    description: CHERRYPICKER_DESCRIPTION,
    commands: [{
      regex: CHERRY_PICK_RE,
      usage: '/cherrypick [branch]',
      description: 'Cherrypick a PR to a different branch. This command works both in merged PRs (the cherrypick PR is opened immediately) and open PRs (the cherrypick PR opens as soon as the original PR merges). If multiple branches are specified, separated by a space, a cherrypick for the first branch will be created with a comment to cherrypick the remaining branches after the first merges.',
      featured: true,
      whoCanUse: 'Members of the trusted organization for the repo.',
      examples: ['/cherrypick release-3.9', '/cherry-pick release-1.15', '/cherrypick release-1.6 release-1.5 release-1.4'],
    }],
    handlers: {
      issueComment: async (ctx) => {
        if (!ctx.isPR || ctx.action !== 'created') return;
        const asked = parseBranches(ctx.commandText);
        if (!asked) return;
        const { org, repo } = ctx;
        const num = ctx.event.issue.number;
        const requestor = ctx.event.comment.user.login;
        if (ctx.event.issue.state !== 'closed') {
          if (!(await isMember(ctx.github, org, requestor))) return ctx.respond(notOrgMemberMessage(org, requestor));
          return ctx.respond(onceMergedMessage(asked.target));
        }
        const pr = await ctx.github.getPullRequest(org, repo, num);
        if (!pr.merged) return ctx.respond('cannot cherry-pick an unmerged PR');
        if (pr.base.ref === asked.target) return ctx.respond(sameBranchMessage(pr.base.ref, asked.target));
        if (!(await isMember(ctx.github, org, requestor))) return ctx.respond(notOrgMemberMessage(org, requestor));
        await cherryPick(ctx.github, ctx.botLogin, ctx.logger.child({ requestor, target_branch: asked.target }), {
          requestor, reply: (m) => ctx.respond(m), org, repo, num, target: asked.target, base: pr.base.ref, chain: asked.chain, title: pr.title, body: pr.body ?? '',
        });
      },
      pullRequest: async (ctx) => {
        if (!['closed', 'labeled', 'opened'].includes(ctx.action)) return;
        const pr = ctx.event.pull_request;
        if (!pr.merged || !pr.merge_commit_sha) return;
        const { org, repo } = ctx;
        const num = pr.number;
        const gh = ctx.github;
        // requestor → target → the comment that asked (undefined: a label asked); the PR body counts as a comment.
        const requests = new Map<string, Map<string, IssueComment | undefined>>();
        const chains = new Map<string, string[]>();
        const comments: IssueComment[] = [{ id: 0, body: pr.body ?? '', user: pr.user, html_url: '' }, ...(await gh.listIssueComments(org, repo, num))];
        for (const c of comments) {
          for (const line of (c.body ?? '').split('\n')) {
            const asked = parseBranches(line);
            if (!asked) continue;
            const byTarget = requests.get(c.user.login) ?? new Map<string, IssueComment | undefined>();
            byTarget.set(asked.target, c);
            requests.set(c.user.login, byTarget);
            if (asked.chain.length > 0) chains.set(asked.target, asked.chain);
          }
        }
        const fromComments = requests.size > 0;
        let fromLabels = false;
        for (const l of await gh.getIssueLabels(org, repo, num)) {
          if (!l.name.startsWith(labelPrefix)) continue;
          const byTarget = requests.get(pr.user.login) ?? new Map<string, IssueComment | undefined>();
          byTarget.set(l.name.slice(labelPrefix.length), undefined);
          requests.set(pr.user.login, byTarget);
          fromLabels = true;
        }
        if (!fromComments && !fromLabels) return;
        if (!fromLabels && ctx.action === 'labeled') return;
        if (!opts.allowAll) {
          const members = new Set((await gh.listOrgMembers(org, 'all')).map((m) => m.login));
          for (const requestor of [...requests.keys()]) if (!members.has(requestor)) requests.delete(requestor);
        }
        const handled = new Set<string>();
        const errors: unknown[] = [];
        for (const [requestor, byTarget] of requests) {
          for (const [target, comment] of byTarget) {
            if (handled.has(target)) continue;
            const reply = replyTo(gh, org, repo, num, comment ? { body: comment.body, url: comment.html_url, login: comment.user.login } : undefined);
            if (target === pr.base.ref) {
              await reply(sameBranchMessage(pr.base.ref, target));
              continue;
            }
            handled.add(target);
            try {
              await cherryPick(gh, ctx.botLogin, ctx.logger.child({ requestor, target_branch: target }), {
                requestor, reply, org, repo, num, target, base: pr.base.ref, chain: chains.get(target) ?? [], title: pr.title, body: pr.body ?? '',
              });
            } catch (e) {
              errors.push(e);
            }
          }
        }
        if (errors.length > 0) throw new Error(`failed to create cherrypick: ${errors.map((e) => (e as Error).message).join('; ')}`);
      },
    },
  });
}

export { cherryPickBody, cherryPickTitle, releaseNoteFromParent } from './messages.js';
