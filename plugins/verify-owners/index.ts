// The verify-owners plugin: on PRs that change OWNERS or OWNERS_ALIASES files (and on /verify-owners), checks
// each changed file and that every newly added owner is trusted (an org member, or a collaborator unless
// only_org_members, as trigger decides); `do-not-merge/invalid-owners-file` while anything is wrong, a review
// naming each broken file, and upstream's comment listing untrusted users. Files are read at the PR's head.
import { isTrustedUser } from '../shared/trust.js';
import { pruneBotComments } from '../shared/prune.js';
import path from 'node:path';
import type { GenericCommentEvent, PullRequestEvent } from '../../src/github/events.js';
import type { PullRequest } from '../../src/github/types.js';
import { OwnersFileError, parseAliases } from '../../src/owners/parse.js';
import { ownersDirDenylist, ownersFilenames } from '../../src/owners/reader.js';
import { hasLabel, INVALID_OWNERS } from '../shared/labels.js';
import { formatResponseRaw } from '../shared/reply.js';
import { entryForRepo } from '../shared/resolve.js';
import { definePlugin, type CommandSpec, type HandlerContext } from '../types.js';
import { checkOwnersFile, type FileProblem } from './checks.js';

export const VERIFY_OWNERS: CommandSpec = {
  regex: /^\/verify-owners\s*$/im,
  usage: '/verify-owners',
  description: INVALID_OWNERS,
  examples: ['/verify-owners'],
  whoCanUse: 'Anyone',
};

interface Settings {
  owners: string;
  aliases: string;
  denylist: string[];
}

interface TriggerEntry {
  repos?: string[];
  trusted_org?: string;
  trusted_apps?: string[];
  join_org_url?: string;
  only_org_members?: boolean;
}

/** Upstream's header of the untrusted-users comment (also how an older one is found and pruned). */
export function untrustedHeader(ownersName: string, joinOrgURL: string, org: string): string {
  return `The following users are mentioned in ${ownersName} file(s) but are untrusted for the following reasons. One way to make the user trusted is to add them as [members](${joinOrgURL}) of the ${org} org. You can then trigger verification by writing \`/verify-owners\` in a comment.`;
}

/** Upstream's untrusted reasons, in its words. */
function reasonText(notCollaborator: boolean, notSecondary: boolean): string {
  return `User is not a member of the org. ${notCollaborator ? 'User is not a collaborator. ' : ''}${notSecondary ? 'User is not a member of the trusted secondary org. ' : ''}Satisfy at least one of these conditions to make the user trusted.`;
}

type Ctx = HandlerContext<unknown, Settings>;

/** Trigger's trust for one user (plugins/shared/trust.ts); upstream's reason when untrusted. */
async function untrustedReason(ctx: Ctx, t: TriggerEntry, user: string): Promise<string | undefined> {
  if (await isTrustedUser(ctx.github, t, user, ctx.org, ctx.repo, ctx.botLogin)) return undefined;
  return reasonText(!t.only_org_members, !!t.trusted_org && t.trusted_org !== ctx.org);
}

async function verify(ctx: Ctx, pr: PullRequest): Promise<void> {
  const { org, repo } = ctx;
  const gh = ctx.github;
  const names = ctx.settings;
  const changes = await gh.getPullRequestChanges(org, repo, pr.number);
  const ownersChanges = changes.filter((c) => path.posix.basename(c.filename) === names.owners && c.status !== 'removed');
  const aliasesChange = changes.find((c) => c.filename === names.aliases);
  const hasInvalid = hasLabel(await gh.getIssueLabels(org, repo, pr.number), INVALID_OWNERS);
  if (ownersChanges.length === 0 && !aliasesChange && !hasInvalid) return;

  const t: TriggerEntry = entryForRepo(ctx.pluginsConfig.triggers as TriggerEntry[] | undefined, org, repo) ?? {};
  const skipTrust = (ctx.pluginsConfig.owners?.skip_collaborators ?? []).includes(`${org}/${repo}`);
  const wrong = new Map<string, FileProblem>();
  const untrusted = new Map<string, { reason: string; files: string[] }>();
  const trusted = new Set<string>();
  /** A newly added owner (a `+ - name` line in the patch) must be trusted; upstream checks at most ~50 people. */
  const checkUser = async (user: string, patch: string | undefined, file: string): Promise<void> => {
    if (untrusted.size + trusted.size > 50) return;
    const escaped = user.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (!new RegExp(`\\+\\s*-\\s*\\b${escaped}\\b`).test(patch ?? '')) return;
    const known = untrusted.get(user);
    if (known) {
      if (!known.files.includes(file)) known.files.push(file);
      return;
    }
    if (trusted.has(user)) return;
    const reason = await untrustedReason(ctx, t, user);
    if (reason === undefined) trusted.add(user);
    // Upstream lists a user's files from the second one on; here every file is listed.
    else untrusted.set(user, { reason, files: [file] });
  };

  let aliases = new Map<string, string[]>();
  const aliasesText = await gh.getFile(org, repo, names.aliases, pr.head.sha);
  if (aliasesText) {
    try {
      aliases = parseAliases(aliasesText.toString('utf8'), names.aliases);
    } catch (e) {
      if (!(e instanceof OwnersFileError)) throw e;
      wrong.set(names.aliases, { position: 1, message: `Cannot parse file: ${e.message}.` });
    }
  }
  if (aliasesChange && !skipTrust) {
    for (const member of [...new Set([...aliases.values()].flat())].sort()) await checkUser(member, aliasesChange.patch, names.aliases);
  }
  const deny = ownersDirDenylist(ctx.prowConfig, org, repo);
  for (const c of ownersChanges) {
    const dir = path.posix.dirname(c.filename);
    if (dir !== '.' && deny.some((r) => r.test(dir))) continue;
    const text = await gh.getFile(org, repo, c.filename, pr.head.sha);
    if (!text) continue;
    const checked = checkOwnersFile(c.filename, text.toString('utf8'), c.patch, names.denylist, names.owners);
    if (checked.problem) {
      wrong.set(c.filename, checked.problem);
      continue;
    }
    if (skipTrust) continue;
    for (const owner of checked.names) {
      if (aliases.has(owner.toLowerCase())) continue;
      await checkUser(owner, c.patch, c.filename);
    }
  }

  let labelled = hasInvalid;
  const label = async (): Promise<void> => {
    if (!labelled) await gh.addLabel(org, repo, pr.number, INVALID_OWNERS);
    labelled = true;
  };
  if (wrong.size > 0) {
    await label();
    const s = wrong.size === 1 ? '' : 's';
    ctx.logger.info(`Creating a review for ${wrong.size} ${names.owners} file${s}.`);
    await gh.createReview(org, repo, pr.number, {
      event: 'COMMENT',
      body: formatResponseRaw(pr.body ?? '', pr.html_url, pr.user.login, `${wrong.size} invalid ${names.owners} file${s}`),
      commit_id: pr.head.sha,
      comments: [...wrong].map(([file, p]) => ({ path: file, position: p.position, body: p.message })),
    });
  }
  const joinOrgURL = t.join_org_url || `https://github.com/orgs/${org}/people`;
  const header = untrustedHeader(names.owners, joinOrgURL, org);
  const prune = (): Promise<number> => pruneBotComments(gh, { org, repo, number: pr.number, botLogin: ctx.botLogin }, (c) => (c.body ?? '').includes(header));
  if (untrusted.size > 0) {
    await label();
    await prune();
    const lines = [header];
    for (const user of [...untrusted.keys()].sort()) {
      const r = untrusted.get(user)!;
      lines.push(`- ${user}`, `  - ${r.reason}`, ...r.files.map((f) => `  - ${f}`));
    }
    await gh.createComment(org, repo, pr.number, lines.join('\n'));
  }
  if (wrong.size === 0 && untrusted.size === 0) {
    if (hasInvalid) await gh.removeLabel(org, repo, pr.number, INVALID_OWNERS);
    await prune();
  }
}

async function onPullRequest(ctx: HandlerContext<PullRequestEvent, Settings>): Promise<void> {
  const a = ctx.event.action;
  if (a !== 'opened' && a !== 'reopened' && a !== 'synchronize') return;
  await verify(ctx, ctx.event.pull_request);
}

async function onComment(ctx: HandlerContext<GenericCommentEvent, Settings>): Promise<void> {
  const e = ctx.event;
  if (e.issueState !== 'open' || !e.isPR || e.action !== 'created' || ctx.matches(VERIFY_OWNERS).length === 0) return;
  await verify(ctx, await ctx.github.getPullRequest(ctx.org, ctx.repo, e.number));
}

export const verifyOwners = definePlugin<Settings>({
  name: 'verify-owners',
  description: `The verify-owners plugin validates OWNERS and OWNERS_ALIASES files (by default) and ensures that they always contain collaborators of the org, if they are modified in a PR. On validation failure it automatically adds the '${INVALID_OWNERS}' label to the PR, and a review comment on the incriminating file(s). Per-repo configuration for filenames is possible.`,
  config: {
    sections: [],
    resolve: (pc, { org, repo }) => {
      const f = ownersFilenames(pc, org, repo);
      return { owners: f.owners, aliases: f.aliases, denylist: pc.owners?.labels_denylist ?? [] };
    },
    describe: (s) => `${s.owners} and ${s.aliases} files are validated.${s.denylist.length > 0
      ? ` The verify-owners plugin will complain if ${s.owners} files contain any of the following banned labels: ${s.denylist.join(', ')}.` : ''}`,
  },
  commands: [VERIFY_OWNERS],
  handlers: { pullRequest: onPullRequest, genericComment: onComment },
});
