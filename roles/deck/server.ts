// Mounts every Deck route on an express app.
import express from 'express';
import type { DeckDeps } from './deps.js';
import { mountActionRoutes } from './routes-actions.js';
import { mountGitHubAppRoutes } from './routes-github-app.js';
import { mountHelpRoutes } from './routes-help.js';
import { mountShellRoutes } from './routes-shell.js';
import { mountJobRoutes } from './routes-jobs.js';
import { mountSpyglassRoutes } from './routes-spyglass.js';
import { mountTideRoutes } from './routes-tide.js';
import { mountPRRoutes } from './routes-pr.js';

export function mountDeck(app: express.Express, deps: DeckDeps): void {
  app.use((_req, res, next) => {
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'same-origin');
    // Defence in depth: even if some text escaped escaping, no inline or foreign script runs.
    res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; frame-ancestors 'none'");
    next();
  });
  app.use('/static', express.static(deps.staticDir, { index: false, maxAge: '5m' }));
  mountJobRoutes(app, deps);
  mountSpyglassRoutes(app, deps);
  mountActionRoutes(app, deps);
  mountHelpRoutes(app, deps);
  mountTideRoutes(app, deps);
  mountPRRoutes(app, deps);
  mountGitHubAppRoutes(app, deps);
  mountShellRoutes(app, deps);
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    deps.logger.warn('deck request failed', { error: err instanceof Error ? err.message : String(err) });
    const status = (err as { status?: number }).status;
    res.status(typeof status === 'number' && status >= 400 && status < 500 ? status : 500).type('text').send('Request failed.');
  });
}
