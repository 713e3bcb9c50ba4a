// GET /plugin-help: what each enabled plugin does and which commands it understands, for the configured repos
// (built by plugins/help.ts from the registry).
import type express from 'express';
import type { PluginsConfig } from '../../src/config/types.js';
import type { Logger } from '../../src/runtime/logger.js';
import { buildHelp } from '../../plugins/help.js';
import type { Plugin } from '../../plugins/types.js';

export function mountPluginHelp(app: express.Express, plugins: readonly Plugin[], pluginsConfig: () => PluginsConfig, logger: Logger): void {
  app.get('/plugin-help', (_req, res) => {
    buildHelp(plugins, pluginsConfig(), logger).then(
      (h) => res.json(h),
      (e: unknown) => res.status(500).type('text/plain').send(`cannot build plugin help: ${(e as Error).message}`),
    );
  });
}
