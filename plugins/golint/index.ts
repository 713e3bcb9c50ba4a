// golint: `/lint` on an open PR runs `golint -min_confidence=<golint.minimum_confidence>` on the .go files it
// changes (at its head) and leaves a review with the warnings on lines the PR adds (at most 20), as upstream.
// Where golint is not installed the PR gets a clear reply and the log a line, never silence.
import { rm } from 'node:fs/promises';
import { formatResponseRaw } from '../shared/reply.js';
import { addedLinePositions, filesAt, findTool, runTool } from '../shared/review-tools.js';
import { definePlugin, type CommandSpec } from '../types.js';
import { GOLINT } from './section.js';

const LINT: CommandSpec = {
  regex: /^\/lint\s*$/im, usage: '/lint', description: 'Runs golint on changes made to *.go files in a PR',
  examples: ['/lint'], whoCanUse: 'Anyone can trigger this command on a PR.',
};
const DEFAULT_CONFIDENCE = 0.8;
const MAX_COMMENTS = 20;
const COMMENT_TAG = '<!-- golint -->';

export const golint = definePlugin<{ minimum_confidence: number }>({
  name: 'golint',
  description: 'The golint plugin runs golint on changes made to *.go files in a PR. It then creates a new review on the pull request and leaves golint warnings at the appropriate lines of code.',
  config: {
    sections: [GOLINT],
    resolve: (pc) => ({ minimum_confidence: (pc.golint as { minimum_confidence?: number } | undefined)?.minimum_confidence || DEFAULT_CONFIDENCE }),
    describe: (g) => `The golint plugin will report problems with a minimum confidence of ${g.minimum_confidence.toFixed(6)}.`,
  },
  commands: [LINT],
  handlers: {
    async genericComment(ctx) {
      const e = ctx.event;
      if (e.issueState !== 'open' || !e.isPR || e.action !== 'created' || ctx.matches(LINT).length === 0) return;
      const pr = await ctx.github.getPullRequest(ctx.org, ctx.repo, e.number);
      const changes = (await ctx.github.getPullRequestChanges(ctx.org, ctx.repo, e.number))
        .filter((c) => c.status !== 'removed' && c.filename.endsWith('.go') && !c.filename.split('/').includes('vendor'));
      if (changes.length === 0) return;
      const tool = await findTool('golint');
      if (!tool) {
        ctx.logger.error('golint: /lint asked for, but golint is not installed on this hook (not on PATH)');
        await ctx.respond('I cannot run golint: it is not installed where I run. Ask the Prow admins to install `golint` on the hook.');
        return;
      }
      const files = changes.map((c) => c.filename);
      const dir = await filesAt(ctx.github, ctx.org, ctx.repo, pr.head.sha, files);
      let output: string;
      try {
        const run = await runTool(tool, [`-min_confidence=${ctx.settings.minimum_confidence}`, ...files], dir);
        output = run.stdout;
        if (run.code !== 0 && output.trim() === '') throw new Error(`golint failed (exit ${run.code}): ${run.stderr.trim().slice(0, 500)}`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      const comments: { path: string; position: number; body: string }[] = [];
      let total = 0;
      for (const line of output.split('\n')) {
        const m = /^(.+?):(\d+):(?:\d+:)? (.*)$/.exec(line);
        if (!m) continue;
        const change = changes.find((c) => c.filename === m[1]);
        const position = addedLinePositions(change?.patch).get(Number(m[2]));
        if (!change || position === undefined) continue;
        total++;
        if (comments.length < MAX_COMMENTS) comments.push({ path: change.filename, position, body: `Golint: ${m[3]!.replace(/\.$/, '')}. ${COMMENT_TAG}` });
      }
      await ctx.github.createReview(ctx.org, ctx.repo, e.number, {
        event: 'COMMENT',
        commit_id: pr.head.sha,
        body: formatResponseRaw(e.body, e.htmlUrl, e.user.login, `${total} warning${total === 1 ? '' : 's'}.`),
        comments,
      });
    },
  },
});
