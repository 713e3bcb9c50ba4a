// The release-note plugin: keeps exactly one release-note label on each PR, from the ```release-note block in its
// body (do-not-merge/release-note-label-needed until there is one), with /release-note-none and /release-note-edit.
import type { IssueCommentEvent, PullRequestEvent } from '../../src/github/events.js';
import { DEPRECATION, RELEASE_NOTE, RELEASE_NOTE_ACTION_REQUIRED, RELEASE_NOTE_LABEL_NEEDED, RELEASE_NOTE_NONE } from '../shared/labels.js';
import { pruneBotComments } from '../shared/prune.js';
import { formatNotice, formatResponse } from '../shared/reply.js';
import { definePlugin, type CommandSpec, type HandlerContext } from '../types.js';
import {
  DEFAULT_GUIDELINES_URL, DEPRECATED_COMMANDS, DEPRECATION_NOTICE, EDIT_NEEDS_BLOCK, EDIT_NEEDS_SINGLE_BLOCK, EDIT_NOT_MEMBER, LABEL_NEEDED_MARK,
  labelNeededNotice, NONE_NEEDS_EMPTY_BLOCK, NONE_NOT_ALLOWED, NONE_WITH_DEPRECATION, PARENT_NOTICE, parentsWithoutNote,
} from './messages.js';
import { ALL_RELEASE_NOTE_LABELS, cherryPickParents, labelFor, releaseNoteOf, releaseNoteSpan } from './notes.js';
import { SECTION } from './section.js';

export interface ReleaseNoteSettings {
  guidelines_url?: string;
}

const RELEASE_NOTE_EDIT: CommandSpec = {
  regex: /^\/release-note-edit\s*$/im, usage: '/release-note-edit',
  description: 'Replaces the release note block in the top level comment with the provided one.', examples: ['/release-note-edit\r\n```release-note\r\nThe new release note\r\n```'],
  whoCanUse: 'Org Members.',
};
const RELEASE_NOTE_NONE_CMD: CommandSpec = {
  regex: /^\/release-note-none\s*$/im, usage: '/release-note-none',
  description: `Adds the '${RELEASE_NOTE_NONE}' label to indicate that the PR does not warrant a release note. This is deprecated and ideally <a href="https://git.k8s.io/community/contributors/guide/release-notes.md">the release note process</a> should be followed in the PR body instead.`,
  examples: ['/release-note-none'], whoCanUse: 'PR Authors and Org Members.',
};
// Deprecated: answered with how to write the block instead (upstream lists neither in help).
const RELEASE_NOTE_OLD = /^\/release-note(?:-action-required)?\s*$/im;

type Ctx<E> = HandlerContext<E, ReleaseNoteSettings>;

const guidelines = (s: ReleaseNoteSettings): string => s.guidelines_url || DEFAULT_GUIDELINES_URL;

/** Removes every release-note label but `keep` that `current` has. */
async function removeOthers(ctx: Ctx<unknown>, number: number, keep: string, current: Set<string>): Promise<void> {
  for (const l of ALL_RELEASE_NOTE_LABELS) {
    if (l === keep || !current.has(l)) continue;
    await ctx.github.removeLabel(ctx.org, ctx.repo, number, l);
    current.delete(l);
  }
}

async function handleComment(ctx: Ctx<IssueCommentEvent>): Promise<void> {
  const e = ctx.event;
  if (!ctx.isPR || e.action !== 'created' || ctx.isBot) return;
  const number = e.issue.number;
  if (ctx.matches(RELEASE_NOTE_EDIT).length > 0) {
    await editReleaseNote(ctx);
    return;
  }
  if (ctx.matches(RELEASE_NOTE_NONE_CMD).length === 0) {
    if (RELEASE_NOTE_OLD.test(ctx.commandText)) await ctx.respond(DEPRECATED_COMMANDS);
    return;
  }
  const user = e.comment.user.login;
  const isAuthor = e.issue.user.login.toLowerCase() === user.toLowerCase();
  if (!isAuthor && !(await ctx.github.isMember(ctx.org, user))) {
    await ctx.respond(NONE_NOT_ALLOWED);
    return;
  }
  const current = new Set(e.issue.labels.map((l) => l.name));
  const fromBlock = labelFor(e.issue.body ?? '', current);
  if (fromBlock === RELEASE_NOTE || fromBlock === RELEASE_NOTE_ACTION_REQUIRED) {
    await ctx.respond(NONE_NEEDS_EMPTY_BLOCK);
    return;
  }
  if (current.has(DEPRECATION)) {
    await ctx.respond(NONE_WITH_DEPRECATION);
    return;
  }
  if (!current.has(RELEASE_NOTE_NONE)) await ctx.github.addLabel(ctx.org, ctx.repo, number, RELEASE_NOTE_NONE);
  await removeOthers(ctx, number, RELEASE_NOTE_NONE, current);
}

async function editReleaseNote(ctx: Ctx<IssueCommentEvent>): Promise<void> {
  const e = ctx.event;
  if (!(await ctx.github.isMember(ctx.org, e.comment.user.login))) {
    await ctx.respond(EDIT_NOT_MEMBER);
    return;
  }
  // The new note is in a fenced block, which command matching ignores: read it from the comment as written.
  const note = releaseNoteOf(e.comment.body ?? '');
  if (note === '') {
    await ctx.respond(EDIT_NEEDS_BLOCK);
    return;
  }
  const body = e.issue.body ?? '';
  const span = releaseNoteSpan(body);
  if (!span) {
    await ctx.respond(EDIT_NEEDS_SINGLE_BLOCK);
    return;
  }
  const edited = `${body.slice(0, span[0])}\r\n${note}\r\n${body.slice(span[1])}`;
  await ctx.github.editIssue(ctx.org, ctx.repo, e.issue.number, { body: edited });
  ctx.logger.info('edited release note', { user: e.comment.user.login });
}

/** Upstream's shouldHandlePR: new PRs, edited bodies, and a release-note label someone put on by hand. */
function shouldHandle(e: PullRequestEvent): boolean {
  if (e.action === 'opened' || e.action === 'edited') return true;
  return e.action === 'labeled' && (ALL_RELEASE_NOTE_LABELS as readonly string[]).includes(e.label?.name ?? '');
}

/**
 * Whether the PR must have its own release note: always on master and for PRs that are not cherry-picks; a
 * cherry-pick need not when every parent has a release note (it says so when `comment` and some parent has none).
 */
async function mustFollowProcess(ctx: Ctx<PullRequestEvent>, current: Set<string>, comment: boolean): Promise<boolean> {
  const pr = ctx.event.pull_request;
  if (pr.base.ref === 'master') return true;
  const parents = cherryPickParents(pr.body ?? '');
  if (parents.length === 0) return true;
  const noteless: string[] = [];
  for (const parent of parents) {
    let labels: { name: string }[];
    try {
      labels = await ctx.github.getIssueLabels(ctx.org, ctx.repo, parent);
    } catch (error) {
      ctx.logger.error('cannot read the labels of a cherry-pick parent', { error, parent });
      continue;
    }
    if (!labels.some((l) => l.name === RELEASE_NOTE || l.name === RELEASE_NOTE_ACTION_REQUIRED)) noteless.push(`#${parent}`);
  }
  if (noteless.length === 0) return false;
  if (comment && !current.has(RELEASE_NOTE_LABEL_NEEDED)) {
    await ctx.github.createComment(ctx.org, ctx.repo, pr.number, formatResponse(pr.user.login, PARENT_NOTICE, parentsWithoutNote(noteless)));
  }
  return true;
}

async function handlePullRequest(ctx: Ctx<PullRequestEvent>): Promise<void> {
  const e = ctx.event;
  if (!shouldHandle(e)) return;
  const pr = e.pull_request;
  const current = new Set((await ctx.github.getIssueLabels(ctx.org, ctx.repo, pr.number)).map((l) => l.name));
  let label = labelFor(pr.body ?? '', current);
  // Whether the release-note process applies (it reads each cherry-pick parent's labels): asked at most once.
  let follows: boolean | undefined;
  if (label === RELEASE_NOTE_LABEL_NEEDED) {
    if (pr.merged) return;
    follows = await mustFollowProcess(ctx, current, true);
    if (!follows) {
      if (current.has(RELEASE_NOTE_LABEL_NEEDED)) await ctx.github.removeLabel(ctx.org, ctx.repo, pr.number, RELEASE_NOTE_LABEL_NEEDED);
      await pruneStale(ctx, current, follows);
      return;
    }
    if (current.has(DEPRECATION)) {
      if (!current.has(RELEASE_NOTE_LABEL_NEEDED)) await ctx.github.createComment(ctx.org, ctx.repo, pr.number, formatNotice(DEPRECATION_NOTICE));
    } else {
      const comments = await ctx.github.listIssueComments(ctx.org, ctx.repo, pr.number);
      // A /release-note-none someone wrote earlier still counts once the body has no block.
      if (comments.some((c) => RELEASE_NOTE_NONE_CMD.regex.test(c.body))) label = RELEASE_NOTE_NONE;
      else if (!current.has(RELEASE_NOTE_LABEL_NEEDED)) {
        await ctx.github.createComment(ctx.org, ctx.repo, pr.number, formatNotice(labelNeededNotice(guidelines(ctx.settings))));
      }
    }
  }
  if (!current.has(label)) {
    await ctx.github.addLabel(ctx.org, ctx.repo, pr.number, label);
    current.add(label);
  }
  await removeOthers(ctx, pr.number, label, current);
  await pruneStale(ctx, current, follows);
}

/** Deletes the bot's "label needed" and cherry-pick notices once the PR has a release-note label. */
async function pruneStale(ctx: Ctx<PullRequestEvent>, current: Set<string>, follows?: boolean): Promise<void> {
  const hasNote = current.has(RELEASE_NOTE) || current.has(RELEASE_NOTE_ACTION_REQUIRED) || current.has(RELEASE_NOTE_NONE);
  if (!hasNote && (follows ?? (await mustFollowProcess(ctx, current, false)))) return;
  await pruneBotComments(ctx.github, { org: ctx.org, repo: ctx.repo, number: ctx.event.pull_request.number, botLogin: ctx.botLogin },
    (c) => c.body.includes(LABEL_NEEDED_MARK) || c.body.includes(PARENT_NOTICE));
}

export const releaseNote = definePlugin<ReleaseNoteSettings>({
  name: 'release-note',
  description: `The releasenote plugin implements a release note process that uses a markdown 'release-note' code block to associate a release note with a pull request. Until the 'release-note' block in the pull request body is populated the PR will be assigned the '${RELEASE_NOTE_LABEL_NEEDED}' label.
<br>There are three valid types of release notes that can replace this label:
<ol><li>PRs with a normal release note in the 'release-note' block are given the label '${RELEASE_NOTE}'.</li>
<li>PRs that have a release note of 'none' in the block are given the label '${RELEASE_NOTE_NONE}' to indicate that the PR does not warrant a release note.</li>
<li>PRs that contain 'action required' in their 'release-note' block are given the label '${RELEASE_NOTE_ACTION_REQUIRED}' to indicate that the PR introduces potentially breaking changes that necessitate user action before upgrading to the release.</li></ol>
To use the plugin, in the pull request body text:\n\n\`\`\`release-note\n<release note content>\n\`\`\``,
  config: {
    sections: [SECTION],
    resolve: (pc) => (pc.release_note as ReleaseNoteSettings | undefined) ?? {},
    describe: (s) => `Release note guidelines: ${guidelines(s)}`,
  },
  commands: [RELEASE_NOTE_NONE_CMD, RELEASE_NOTE_EDIT],
  handlers: { issueComment: handleComment, pullRequest: handlePullRequest },
});
