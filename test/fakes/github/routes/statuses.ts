// Commit statuses, the combined status, and check runs.
import type express from 'express';
import { GitHubError, notFound, type StatusState } from '../model.js';
import { body, intParam, param, requireViewer, sendPage, str } from '../http-helpers.js';
import { repoOf, type RouteContext } from './context.js';
import { now } from '../state.js';

export function statusRoutes(app: express.Express, ctx: RouteContext): void {
  const { state, shapes, urls } = ctx;

  app.post('/repos/:owner/:repo/statuses/:sha', async (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    const sha = await state.commitSha(repo, param(req, 'sha'));
    const b = body(req);
    const st = state.createStatus(
      repo,
      sha,
      {
        state: (str(b, 'state', 'Status', true) ?? '') as StatusState,
        context: str(b, 'context', 'Status'),
        description: str(b, 'description', 'Status'),
        target_url: str(b, 'target_url', 'Status'),
      },
      actor,
    );
    res.status(201).json(shapes.status(repo, sha, st));
  });

  const listStatuses = async (req: express.Request, res: express.Response): Promise<void> => {
    const repo = repoOf(ctx, req);
    const sha = await state.commitSha(repo, param(req, 'ref'));
    const all = [...(repo.statuses.get(sha) ?? [])].reverse();
    sendPage(req, res, urls.api, all.map((s) => shapes.status(repo, sha, s)));
  };
  app.get('/repos/:owner/:repo/commits/:ref/statuses', listStatuses);
  app.get('/repos/:owner/:repo/statuses/:ref', listStatuses);

  app.get('/repos/:owner/:repo/commits/:ref/status', async (req, res) => {
    const repo = repoOf(ctx, req);
    const sha = await state.commitSha(repo, param(req, 'ref'));
    res.json(shapes.combinedStatus(repo, sha));
  });

  app.get('/repos/:owner/:repo/commits/:ref/check-runs', async (req, res) => {
    const repo = repoOf(ctx, req);
    const sha = await state.commitSha(repo, param(req, 'ref'));
    const runs = repo.checkRuns.filter((c) => c.headSha === sha).reverse();
    res.json({ total_count: runs.length, check_runs: runs.map((c) => shapes.checkRun(repo, c)) });
  });

  app.post('/repos/:owner/:repo/check-runs', async (req, res) => {
    const repo = repoOf(ctx, req);
    const actor = requireViewer(res);
    const b = body(req);
    const headSha = await state.commitSha(repo, str(b, 'head_sha', 'CheckRun', true) ?? '');
    const output = (b.output ?? {}) as Record<string, unknown>;
    const run = state.createCheckRun(
      repo,
      {
        name: str(b, 'name', 'CheckRun', true) ?? '',
        headSha,
        status: (str(b, 'status', 'CheckRun') ?? 'queued') as 'queued' | 'in_progress' | 'completed',
        conclusion: str(b, 'conclusion', 'CheckRun') ?? null,
        detailsUrl: str(b, 'details_url', 'CheckRun') ?? null,
        externalId: str(b, 'external_id', 'CheckRun') ?? null,
        output: { title: (output.title as string) ?? null, summary: (output.summary as string) ?? null, text: (output.text as string) ?? null },
      },
      actor,
    );
    res.status(201).json(shapes.checkRun(repo, run));
  });

  app.get('/repos/:owner/:repo/check-runs/:id', (req, res) => {
    const repo = repoOf(ctx, req);
    const run = repo.checkRuns.find((c) => c.id === intParam(req, 'id'));
    if (!run) throw notFound();
    res.json(shapes.checkRun(repo, run));
  });

  app.patch('/repos/:owner/:repo/check-runs/:id', (req, res) => {
    const repo = repoOf(ctx, req);
    const viewer = requireViewer(res);
    const run = repo.checkRuns.find((c) => c.id === intParam(req, 'id'));
    if (!run) throw notFound();
    // Only the GitHub App that created a check run may update it.
    if (run.app !== viewer) throw new GitHubError(403, 'Resource not accessible by integration');
    const b = body(req);
    const status = str(b, 'status', 'CheckRun');
    if (status !== undefined && !['queued', 'in_progress', 'completed'].includes(status)) throw new GitHubError(422, 'Invalid request.\n\nstatus is not a valid value.');
    if (status) run.status = status as typeof run.status;
    const conclusion = str(b, 'conclusion', 'CheckRun');
    if (conclusion) {
      run.conclusion = conclusion;
      run.status = 'completed';
      run.completedAt = str(b, 'completed_at', 'CheckRun') ?? now();
    }
    const details = str(b, 'details_url', 'CheckRun');
    if (details !== undefined) run.detailsUrl = details;
    if (b.output && typeof b.output === 'object') {
      const o = b.output as Record<string, unknown>;
      run.output = { title: (o.title as string) ?? run.output.title, summary: (o.summary as string) ?? run.output.summary, text: (o.text as string) ?? run.output.text };
    }
    state.mergeQueues.checksChanged(repo, run.headSha);
    res.json(shapes.checkRun(repo, run));
  });
}
