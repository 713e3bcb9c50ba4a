// buildifier: `/buildify` on an open PR runs `buildifier -mode=check` on the Bazel files it changes (BUILD,
// BUILD.bazel, WORKSPACE, *.bzl) at its head and leaves a review with one comment per file that needs formatting.
// Where buildifier is not installed the PR gets a clear reply and the log a line, never silence.
import { rm } from 'node:fs/promises';
import { formatResponseRaw } from '../shared/reply.js';
import { filesAt, findTool, runTool } from '../shared/review-tools.js';
import { definePlugin, type CommandSpec } from '../types.js';

const BUILDIFY: CommandSpec = {
  regex: /^\/buildif(y|ier)\s*$/im, usage: '/buildif(y|ier)', description: 'Runs buildifier on changes made to Bazel files in a PR',
  examples: ['/buildify', '/buildifier'], whoCanUse: 'Anyone can trigger this command on a PR.',
};

const isBazel = (f: string): boolean => f.includes('BUILD') || f.includes('WORKSPACE') || f.endsWith('.bzl');

export const buildifier = definePlugin({
  name: 'buildifier',
  description: 'The buildifier plugin runs buildifier on changes made to Bazel files in a PR. It then creates a new review on the pull request and leaves warnings at the appropriate lines of code.',
  commands: [BUILDIFY],
  handlers: {
    async genericComment(ctx) {
      const e = ctx.event;
      if (e.issueState !== 'open' || !e.isPR || e.action !== 'created' || ctx.matches(BUILDIFY).length === 0) return;
      const pr = await ctx.github.getPullRequest(ctx.org, ctx.repo, e.number);
      const files = (await ctx.github.getPullRequestChanges(ctx.org, ctx.repo, e.number)).filter((c) => c.status !== 'removed' && isBazel(c.filename)).map((c) => c.filename);
      if (files.length === 0) return;
      const tool = await findTool('buildifier');
      if (!tool) {
        ctx.logger.error('buildifier: /buildify asked for, but buildifier is not installed on this hook (not on PATH)');
        await ctx.respond('I cannot run buildifier: it is not installed where I run. Ask the Prow admins to install `buildifier` on the hook.');
        return;
      }
      const dir = await filesAt(ctx.github, ctx.org, ctx.repo, pr.head.sha, files);
      let problems: string[];
      try {
        const run = await runTool(tool, ['-mode=check', ...files], dir);
        // `-mode=check` lists each file that needs formatting as `<file> # reformat`.
        problems = files.filter((f) => run.stdout.split('\n').some((l) => l.startsWith(`${f} #`)));
        if (run.code !== 0 && problems.length === 0) throw new Error(`buildifier failed (exit ${run.code}): ${run.stderr.trim().slice(0, 500)}`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      await ctx.github.createReview(ctx.org, ctx.repo, e.number, {
        event: 'COMMENT',
        commit_id: pr.head.sha,
        body: formatResponseRaw(e.body, e.htmlUrl, e.user.login, `${problems.length} warning${problems.length === 1 ? '' : 's'}.`),
        comments: problems.map((f) => ({ path: f, position: 1, body: ['This Bazel file needs formatting, run:', '```shell', `buildifier -mode=fix ${JSON.stringify(f)}`, '```'].join('\n') })),
      });
    },
  },
});
