// GET /plugin-help: what each enabled plugin does and which commands it understands, for the configured repos
// (built by plugins/help.ts from the registry), external plugins' help included: from the ones in this process
// directly, from the others over HTTP.
import type express from 'express';
import type { PluginsConfig } from '../../src/config/types.js';
import type { LocalEndpoints } from '../../src/runtime/local-endpoints.js';
import type { Logger } from '../../src/runtime/logger.js';
import { buildHelp } from '../../plugins/help.js';
import type { Plugin } from '../../plugins/types.js';

export function mountPluginHelp(app: express.Express, plugins: readonly Plugin[], pluginsConfig: () => PluginsConfig, logger: Logger, local?: LocalEndpoints): void {
  app.get('/plugin-help', (_req, res) => {
    buildHelp(plugins, pluginsConfig(), logger, { localHelp: (name) => local?.help(name) }).then(
      (h) => res.json(h),
      (e: unknown) => res.status(500).type('text/plain').send(`cannot build plugin help: ${(e as Error).message}`),
    );
  });
}
