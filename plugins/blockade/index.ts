// The blockade plugin: do-not-merge/blocked-paths on PRs that change files a configured blockade protects (a block
// regexp matches and no exception regexp does), with a comment listing the files per reason.
import { compileGoRegex } from '../../src/config/goregex.js';
import type { Blockade } from '../../src/config/types.js';
import type { PullRequestEvent } from '../../src/github/events.js';
import type { PullRequestFile } from '../../src/github/types.js';
import { BLOCKED_PATHS, hasLabel } from '../shared/labels.js';
import { pruneBotComments } from '../shared/prune.js';
import { formatResponse } from '../shared/reply.js';
import { definePlugin, type HandlerContext } from '../types.js';
import { SECTION } from './section.js';

export const BLOCKED_PATHS_NOTICE = `Adding label: \`${BLOCKED_PATHS}\` because PR changes a protected file.`;

interface CompiledBlockade {
  block: RegExp[];
  except: RegExp[];
  explanation: string;
}

/** The blockades that apply to org/repo on `branch`, compiled (patterns that do not compile are left out, logged). */
function applicable(ctx: HandlerContext<PullRequestEvent, Blockade[]>, branch: string): CompiledBlockade[] {
  const out: CompiledBlockade[] = [];
  const compile = (patterns: string[] | undefined): RegExp[] => (patterns ?? []).flatMap((p) => {
    try {
      return [compileGoRegex(p)];
    } catch (error) {
      ctx.logger.error('Failed to compile the blockade regexp.', { error, regexp: p });
      return [];
    }
  });
  for (const b of ctx.settings) {
    const repos = b.repos ?? [];
    if (!repos.includes(ctx.org) && !repos.includes(`${ctx.org}/${ctx.repo}`)) continue;
    if (b.branchregexp !== undefined && !compile([b.branchregexp]).some((re) => re.test(branch))) continue;
    const block = compile(b.blockregexps);
    if (block.length === 0) continue;
    out.push({ block, except: compile(b.exceptionregexps), explanation: b.explanation || 'Files are protected' });
  }
  return out;
}

/** Upstream's summary: per reason, the blocked files linked to their blobs. */
function summary(byReason: Map<string, PullRequestFile[]>): string {
  let s = '#### Reasons for blocking this PR:\n';
  for (const [reason, files] of byReason) {
    s += `[${reason}]\n`;
    for (const f of files) s += `- [${f.filename}](${(f as { blob_url?: string }).blob_url ?? ''})\n\n`;
  }
  return s;
}

async function handlePullRequest(ctx: HandlerContext<PullRequestEvent, Blockade[]>): Promise<void> {
  const e = ctx.event;
  if (e.action !== 'opened' && e.action !== 'reopened' && e.action !== 'synchronize') return;
  const number = e.pull_request.number;
  const labelled = hasLabel(await ctx.github.getIssueLabels(ctx.org, ctx.repo, number), BLOCKED_PATHS);
  const blockades = applicable(ctx, e.pull_request.base.ref);
  if (blockades.length === 0 && !labelled) return;
  const byReason = new Map<string, PullRequestFile[]>();
  if (blockades.length > 0) {
    for (const f of await ctx.github.getPullRequestChanges(ctx.org, ctx.repo, number)) {
      for (const b of blockades) {
        if (!b.block.some((re) => re.test(f.filename)) || b.except.some((re) => re.test(f.filename))) continue;
        byReason.set(b.explanation, [...(byReason.get(b.explanation) ?? []), f]);
      }
    }
  }
  if (byReason.size > 0 && !labelled) {
    await ctx.github.addLabel(ctx.org, ctx.repo, number, BLOCKED_PATHS);
    await ctx.github.createComment(ctx.org, ctx.repo, number, formatResponse(e.pull_request.user.login, BLOCKED_PATHS_NOTICE, summary(byReason)));
  } else if (byReason.size === 0 && labelled) {
    await ctx.github.removeLabel(ctx.org, ctx.repo, number, BLOCKED_PATHS);
    await pruneBotComments(ctx.github, { org: ctx.org, repo: ctx.repo, number, botLogin: ctx.botLogin }, (c) => c.body.includes(BLOCKED_PATHS_NOTICE));
  }
}

function describe(blockades: Blockade[], where: string): string {
  const [org] = where.split('/');
  let s = 'The following blockades apply in this repository:';
  for (const b of blockades) {
    if (!(b.repos ?? []).includes(org!) && !(b.repos ?? []).includes(where)) continue;
    const q = (l: string[] | undefined): string => `[${(l ?? []).map((x) => JSON.stringify(x)).join(' ')}]`;
    if (b.branchregexp !== undefined) s += `<br>BranchRegexp: '${b.branchregexp}'<br>&nbsp&nbsp&nbsp&nbsp`;
    else s += '<br>';
    s += `Block reason: '${b.explanation ?? ''}'<br>&nbsp&nbsp&nbsp&nbspBlock regexps: ${q(b.blockregexps)}<br>&nbsp&nbsp&nbsp&nbspException regexps: ${q(b.exceptionregexps)}<br>`;
  }
  return s;
}

export const blockade = definePlugin<Blockade[]>({
  name: 'blockade',
  description: `The blockade plugin blocks pull requests from merging if they touch specific files. The plugin applies the '${BLOCKED_PATHS}' label to pull requests that touch files that match a blockade's block regular expression and none of the corresponding exception regular expressions.`,
  config: { sections: [SECTION], resolve: (pc) => (pc.blockades as Blockade[] | undefined) ?? [], describe },
  handlers: { pullRequest: handlePullRequest },
});
