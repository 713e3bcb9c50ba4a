// The owners-label plugin: the `labels` of the OWNERS files covering a PR's changed files are added to it. Labels
// the repo does not have are skipped with a log line, as upstream.
import type { PullRequestEvent } from '../../src/github/events.js';
import { ownersAtBase } from '../shared/owners.js';
import { definePlugin, type HandlerContext } from '../types.js';

async function onPullRequest(ctx: HandlerContext<PullRequestEvent>): Promise<void> {
  const { action, pull_request: pr } = ctx.event;
  if (action !== 'opened' && action !== 'reopened' && action !== 'synchronize') return;
  const gh = ctx.github;
  const [owners, changes] = await Promise.all([ownersAtBase(ctx, pr), gh.getPullRequestChanges(ctx.org, ctx.repo, pr.number)]);
  const needed = new Set<string>();
  for (const c of changes) for (const l of owners.labels(c.filename)) needed.add(l);
  if (needed.size === 0) return;
  const [repoLabels, issueLabels] = await Promise.all([gh.getRepoLabels(ctx.org, ctx.repo), gh.getIssueLabels(ctx.org, ctx.repo, pr.number)]);
  const existing = new Set(repoLabels.map((l) => l.name));
  const current = new Set(issueLabels.map((l) => l.name));
  const missing: string[] = [];
  for (const label of [...needed].sort()) {
    if (current.has(label)) continue;
    if (!existing.has(label)) {
      missing.push(label);
      continue;
    }
    await gh.addLabel(ctx.org, ctx.repo, pr.number, label).catch((error: unknown) => ctx.logger.error(`GitHub failed to add the following label: ${label}`, { error }));
  }
  if (missing.length > 0) ctx.logger.warn(`Unable to add nonexistent labels: ${JSON.stringify(missing)}`);
}

export const ownersLabel = definePlugin({
  name: 'owners-label',
  description: 'The owners-label plugin automatically adds labels to PRs based on the files they touch. Specifically, the \'labels\' sections of OWNERS files are used to determine which labels apply to the changes.',
  handlers: { pullRequest: onPullRequest },
});
