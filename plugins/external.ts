// Runs an external plugin (needs-rebase, cherrypicker, refresh) on the deliveries hook forwards to it, through the
// same plugin kit as the in-tree plugins (plugins/context.ts), so a handler behaves the same whether its role
// serves it over HTTP (its own Deployment) or in-process next to the hook (`--role=all`).
import type express from 'express';
import { enabledReposForExternalPlugin } from '../src/config/plugins-enabled.js';
import type { Config, PluginsConfig } from '../src/config/types.js';
import { eventCoordinates, genericCommentFrom, parseWebhook } from '../src/github/events.js';
import { GITHUB_CREDENTIALS_HINT, type GitHubClientFactory } from '../src/github/factory.js';
import { DEFAULT_HMAC_SECRET_FILE, hmacSecretsFromFile } from '../src/github/hmac.js';
import { webhookReceiver } from '../src/github/webhook-receiver.js';
import type { Logger } from '../src/runtime/logger.js';
import type { LocalDelivery } from '../src/runtime/local-endpoints.js';
import type { RoleContext, Stopper } from '../src/runtime/role.js';
import type { ProwJobStore } from '../src/store/types.js';
import { handlerEvents, runHandler } from './context.js';
import type { Plugin, PluginHelp } from './types.js';

export interface ExternalPluginDeps {
  github: GitHubClientFactory;
  /** The current configuration (read once per delivery). */
  config: () => { config: Config; plugins: PluginsConfig };
  store: ProwJobStore;
  logger: Logger;
}

/** Handles one delivery; never throws (failures are logged with the delivery's fields). */
export function externalPluginHandler(plugin: Plugin, deps: ExternalPluginDeps): (d: LocalDelivery) => Promise<void> {
  let botLogin: string | undefined;
  return async (d) => {
    let log = deps.logger.child({ 'event-GUID': d.guid, 'event-type': d.eventType });
    let ev;
    try {
      ev = parseWebhook(d.eventType, d.guid, d.body);
    } catch (e) {
      log.warn('dropping malformed delivery', { error: e });
      return;
    }
    if (ev.kind === 'other') {
      log.debug('skipping an event this plugin does not handle');
      return;
    }
    const where = eventCoordinates(ev);
    log = log.child({ ...(where.org ? { org: where.org } : {}), ...(where.repo ? { repo: where.repo } : {}), ...(where.number !== undefined ? { pr: where.number } : {}) });
    try {
      botLogin ??= await deps.github.botLogin();
    } catch (e) {
      log.error('cannot tell the bot\'s own login from GitHub', { error: e });
      return;
    }
    const snap = deps.config();
    const org = where.org ?? '';
    for (const h of handlerEvents(ev, genericCommentFrom(ev))) {
      const outcome = await runHandler(plugin, h, {
        github: (onWrite) => deps.github.forOrgCounting(org, onWrite), botLogin, githubHost: deps.github.host,
        prowConfig: snap.config, pluginsConfig: snap.plugins, store: deps.store, logger: log,
      });
      if (outcome?.error !== undefined) log.error('plugin failed to handle event', { plugin: plugin.name, error: outcome.error });
    }
  };
}

export interface ExternalRoleOptions {
  /** The role's name, which is also the external_plugins name hook knows it by. */
  name: string;
  plugin: Plugin;
  /** The port it listens on when it runs without the hook. */
  port: number;
  /** Work the role does besides webhooks (needs-rebase's sweep); stopped with the role. */
  background?: { stop(): Promise<void> };
}

/**
 * Starts an external plugin role. Next to the hook (`--role=all`, or `--role=hook,needs-rebase`) it registers
 * in-process under its name and binds no port: the hook hands it the deliveries of the external_plugins entries
 * with that name. On its own it listens on `port` as upstream's binary does: webhooks on any path (HMAC-checked
 * with --hmac-secret-file), its PluginHelp on POST /help (upstream's hook asks so) and GET /help.
 */
export async function startExternalRole(ctx: RoleContext, opts: ExternalRoleOptions): Promise<Stopper> {
  const inflight = new Set<Promise<void>>();
  let warned = false;
  let handle: ((d: LocalDelivery) => Promise<void>) | undefined;
  const run = (d: LocalDelivery): Promise<void> => {
    if (!ctx.github) {
      if (!warned) ctx.logger.error(`${opts.name} cannot act: ${GITHUB_CREDENTIALS_HINT}`);
      warned = true;
      return Promise.resolve();
    }
    handle ??= externalPluginHandler(opts.plugin, { github: ctx.github, config: () => ctx.config.snapshot(), store: ctx.store, logger: ctx.logger });
    const p = handle(d).finally(() => inflight.delete(p));
    inflight.add(p);
    return p;
  };
  const stopAll = async (): Promise<void> => {
    await opts.background?.stop();
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
  };
  const help = (): PluginHelp => {
    const pc = ctx.config.snapshot().plugins;
    const { orgs, repos } = enabledReposForExternalPlugin(pc, opts.name);
    return opts.plugin.help(pc, [...orgs, ...repos]);
  };
  if (ctx.roles.includes('hook')) {
    ctx.localEndpoints.register(opts.name, run, help);
    ctx.logger.info(`serving in-process: the hook hands ${opts.name} the events of the external_plugins entries named "${opts.name}" (their endpoint is not used)`);
    // Stays registered while stopping: the hook stops after this role and hands over what it still gets meanwhile.
    return { stop: stopAll };
  }
  if (!ctx.github) throw new Error(`${opts.name} needs GitHub access: ${GITHUB_CREDENTIALS_HINT}`);
  const hmacFile = ctx.flags.string('hmac-secret-file') ?? DEFAULT_HMAC_SECRET_FILE;
  const secrets = hmacSecretsFromFile(hmacFile, ctx.logger);
  const app = await ctx.http.serve(opts.port, opts.name);
  // Upstream's hook POSTs the enabled repos; the help is made from this role's own plugins.yaml either way.
  const serveHelp = (_req: unknown, res: express.Response): void => void res.set('Cache-Control', 'no-cache').json(help());
  app.post('/help', serveHelp);
  app.get('/help', serveHelp);
  const receive = webhookReceiver({ secrets, logger: ctx.logger, onEvent: (w) => void run(w) });
  app.use((req, res) => receive(req, res));
  return { stop: stopAll };
}
