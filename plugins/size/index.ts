// The size plugin: keeps one size/XS … size/XXL label on each PR from its changed lines (additions + deletions),
// leaving out generated files (`.generated_files` and `linguist-generated=true` in `.gitattributes`, both read at
// the PR's base SHA).
import type { PullRequestEvent } from '../../src/github/events.js';
import { definePlugin, type HandlerContext } from '../types.js';
import { SIZE_CONFIG, type SizeThresholds } from './config.js';
import { addPaths, isGenerated, linguistGenerated, parseGeneratedFiles, type AttributePattern, type GeneratedFiles } from './generated.js';

const LABEL_PREFIX = 'size/';
const CHANGED_ACTIONS = new Set(['opened', 'reopened', 'synchronize', 'edited']);

export function sizeLabel(lines: number, s: SizeThresholds): string {
  if (lines < s.s) return 'size/XS';
  if (lines < s.m) return 'size/S';
  if (lines < s.l) return 'size/M';
  if (lines < s.xl) return 'size/L';
  if (lines < s.xxl) return 'size/XL';
  return 'size/XXL';
}

type Ctx = HandlerContext<PullRequestEvent, SizeThresholds>;

async function readText(ctx: Ctx, file: string, sha: string): Promise<string | undefined> {
  return (await ctx.github.getFile(ctx.org, ctx.repo, file, sha))?.toString('utf8');
}

async function generatedFiles(ctx: Ctx, sha: string): Promise<GeneratedFiles> {
  const text = await readText(ctx, '.generated_files', sha);
  const parsed = parseGeneratedFiles(text ?? '');
  if (parsed.badLine !== undefined) ctx.logger.warn('error while parsing .generated_files', { line: parsed.badLine });
  for (const f of parsed.pathFiles) {
    const list = await readText(ctx, f, sha);
    if (list === undefined) throw new Error(`.generated_files names ${f} (paths-from-repo), which does not exist at ${sha}`);
    addPaths(parsed.group, list);
  }
  return parsed.group;
}

async function handlePullRequest(ctx: Ctx): Promise<void> {
  if (!CHANGED_ACTIONS.has(ctx.action)) return;
  const pr = ctx.event.pull_request;
  const sha = pr.base.sha;
  const generated = await generatedFiles(ctx, sha);
  let attributes: AttributePattern[];
  try {
    attributes = linguistGenerated((await readText(ctx, '.gitattributes', sha)) ?? '');
  } catch (e) {
    // Upstream gives up on the PR; labelling it from all its files is the better answer.
    ctx.logger.warn('cannot use .gitattributes; counting every file', { error: e });
    attributes = [];
  }
  const changes = await ctx.github.getPullRequestChanges(ctx.org, ctx.repo, pr.number);
  let count = 0;
  let listed = 0;
  for (const c of changes) {
    const lines = (c.additions ?? 0) + (c.deletions ?? 0);
    listed += lines;
    if (isGenerated(generated, c.filename) || attributes.some((a) => a.match(c.filename))) continue;
    count += lines;
  }
  // GitHub lists at most 3000 files; the lines of the files past that count as not generated.
  if (changes.length < (pr.changed_files ?? 0)) {
    const full = await ctx.github.getPullRequest(ctx.org, ctx.repo, pr.number);
    count += Math.max(0, (full.additions ?? 0) + (full.deletions ?? 0) - listed);
  }

  const wanted = sizeLabel(count, ctx.settings);
  const labels = await ctx.github.getIssueLabels(ctx.org, ctx.repo, pr.number);
  let has = false;
  for (const l of labels) {
    if (l.name === wanted) has = true;
    else if (l.name.startsWith(LABEL_PREFIX)) await ctx.github.removeLabel(ctx.org, ctx.repo, pr.number, l.name);
  }
  if (!has) await ctx.github.addLabel(ctx.org, ctx.repo, pr.number, wanted);
}

export const size = definePlugin<SizeThresholds>({
  name: 'size',
  description: 'The size plugin manages the \'size/*\' labels, maintaining the appropriate label on each pull request as it is updated. Generated files identified by the config file \'.generated_files\' at the repo root are ignored. Labels are applied based on the total number of lines of changes (additions and deletions).',
  config: SIZE_CONFIG,
  handlers: { pullRequest: handlePullRequest },
});
