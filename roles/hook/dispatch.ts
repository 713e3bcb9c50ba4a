// Hands one accepted delivery to every plugin enabled for its repo (each handler isolated: an error or a throw
// in one never touches the others), and forwards it to the matching external plugins with the original body,
// headers and signature. Never throws.
import client from 'prom-client';
import type { ProwYAMLGetter } from '../../src/config/inrepoconfig.js';
import type { Config, ExternalPlugin, PluginsConfig } from '../../src/config/types.js';
import { actionLabel, eventTypeLabel } from '../../src/github/event-labels.js';
import { eventCoordinates, genericCommentFrom, parseWebhook, type WebhookEvent } from '../../src/github/events.js';
import type { GitHubClientFactory } from '../../src/github/factory.js';
import { GITHUB_CREDENTIALS_HINT } from '../../src/github/factory.js';
import type { OwnersReader } from '../../src/owners/reader.js';
import type { LocalEndpoint, LocalEndpoints } from '../../src/runtime/local-endpoints.js';
import type { Logger } from '../../src/runtime/logger.js';
import { getOrCreate, labelledChildren, type MetricsRegistry } from '../../src/runtime/metrics.js';
import type { ProwJobStore } from '../../src/store/types.js';
import { handlerAction, handlerEvents, runHandler, type HandlerDeps, type HandlerEvent } from '../../plugins/context.js';
import type { PluginServices } from '../../plugins/types.js';
import type { Plugin } from '../../plugins/types.js';
import type { Delivery } from './deliveries.js';
import { DEFAULT_DISPATCH_CONCURRENCY } from './flags.js';
import { externalEndpoint, externalPluginsFor, pluginsFor } from '../../src/config/plugins-enabled.js';

export interface ConfigSnapshot {
  config: Config;
  plugins: PluginsConfig;
}

export interface DispatcherDeps {
  plugins: readonly Plugin[];
  /** The current configuration (read once per delivery). */
  config: () => ConfigSnapshot;
  github: GitHubClientFactory | undefined;
  store: ProwJobStore;
  /** Reads inrepoconfig for plugins (trigger); undefined: central jobs only. */
  inRepoConfig?: ProwYAMLGetter;
  /** Reads OWNERS for plugins (approve, lgtm, blunderbuss, …). */
  owners?: OwnersReader;
  /** Slack and ConfigMaps for the plugins that use them (slackevents, config-updater). */
  services?: PluginServices;
  logger: Logger;
  metrics: MetricsRegistry;
  /** How long an external plugin may take to accept a delivery. */
  externalTimeoutMs?: number;
  /** Deliveries handled at once (--plugin-workers); the rest wait their turn (they are already on disk). */
  concurrency?: number;
  /** External plugins served in this process (`--role=all`): handed the delivery directly instead of over HTTP. */
  localEndpoints?: LocalEndpoints;
  /**
   * Called once, the first time BACKLOG_PER_WORKER × `concurrency` accepted deliveries are not yet handled (handling
   * is behind intake: a burst of deliveries that wait on GitHub and the store).
   */
  onBacklog?: () => void;
}

/**
 * Unhandled deliveries per worker that mean handling is behind. Intake alone keeps fewer in flight: 5,000 comments
 * over 32 connections peak at about 2 per worker (bench hook, workload A); 500 `/test all` reach about 15.
 */
export const BACKLOG_PER_WORKER = 4;

/** Events of one issue or PR share a key and are handled in arrival order; other events have none. */
export function orderingKey(ev: WebhookEvent): string | undefined {
  const where = eventCoordinates(ev);
  return where.fullName && where.number !== undefined ? `${where.fullName}#${where.number}` : undefined;
}

export class Dispatcher {
  private readonly byName: Map<string, Plugin>;
  /** The duration histogram's child per label values (event_type, action, plugin, took_action). */
  private readonly durationFor: (...labels: string[]) => client.Histogram.Internal<string>;
  private readonly errors: client.Counter<string>;
  private botLogin: string | undefined;
  private warnedNoGitHub = false;
  private readonly inflight = new Set<Promise<void>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private backlogNoted = false;
  /** Per issue/PR: the last handling started, which the next one of that issue/PR waits for. */
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly deps: DispatcherDeps) {
    this.byName = new Map(deps.plugins.map((p) => [p.name, p]));
    const labelNames = ['event_type', 'action', 'plugin', 'took_action'];
    const duration = getOrCreate(deps.metrics, 'prow_plugin_handle_duration_seconds', () => new client.Histogram({
      name: 'prow_plugin_handle_duration_seconds', help: 'How long Prow took to handle an event by plugin, event type and action.', labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers: [],
    }));
    this.durationFor = labelledChildren((...values) => duration.labels(...values));
    this.errors = getOrCreate(deps.metrics, 'prow_plugin_handle_errors', () => new client.Counter({
      name: 'prow_plugin_handle_errors', help: 'Prow errors handling an event by plugin, event type and action.', labelNames, registers: [],
    }));
  }

  /** Resolves when every handling started so far is finished (graceful stop, tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /**
   * Handles a delivery in the background; `after` runs once everything is done (e.g. marking it done), with the
   * error when handling failed outside the plugins (each plugin's own failures are isolated and logged). Events of
   * one issue or PR are handled in the order they were started; a delivery waiting for an earlier one of its PR
   * holds no handling slot meanwhile.
   */
  start(d: Delivery, after?: (failure?: unknown) => Promise<void>, parsed?: WebhookEvent): void {
    let ev = parsed;
    if (!ev) {
      try {
        ev = parseWebhook(d.eventType, d.guid, d.body);
      } catch {
        // dispatch() logs and drops it.
      }
    }
    const key = ev ? orderingKey(ev) : undefined;
    const before = key ? this.tails.get(key) : undefined;
    const p: Promise<void> = this.handle(d, ev, before, after).finally(() => {
      this.inflight.delete(p);
      if (key && this.tails.get(key) === p) this.tails.delete(key);
    });
    if (key) this.tails.set(key, p);
    this.inflight.add(p);
    if (!this.backlogNoted && this.inflight.size >= BACKLOG_PER_WORKER * this.concurrency()) {
      this.backlogNoted = true;
      this.deps.onBacklog?.();
    }
  }

  private concurrency(): number {
    return this.deps.concurrency ?? DEFAULT_DISPATCH_CONCURRENCY;
  }

  /**
   * Waits for the PR's previous delivery and a slot, dispatches, then runs `after`; never rejects. One async function
   * rather than a chain of then/catch/finally: a delivery allocates a few promises, not a dozen.
   */
  private async handle(d: Delivery, ev: WebhookEvent | undefined, before: Promise<void> | undefined, after?: (failure?: unknown) => Promise<void>): Promise<void> {
    let slot = false;
    try {
      if (before) await before;
      await this.turn();
      slot = true;
      let failed = false;
      let failure: unknown;
      try {
        await this.dispatch(d, ev);
      } catch (e) {
        failed = true;
        failure = e;
        this.deps.logger.error('delivery handling failed', { 'event-GUID': d.guid, error: e });
      }
      await (failed ? after?.(failure) : after?.());
    } catch (e) {
      this.deps.logger.error('cannot record the delivery as handled', { 'event-GUID': d.guid, error: e });
    } finally {
      if (slot) {
        this.running--;
        this.waiting.shift()?.();
      }
    }
  }

  /** Resolves when a handling slot is free (and takes it). */
  private turn(): Promise<void> {
    if (this.running < this.concurrency()) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => {
      this.running++;
      resolve();
    }));
  }

  /** Handles a delivery now; `parsed` spares parsing the body again when the caller already did. */
  async dispatch(d: Delivery, parsed?: WebhookEvent): Promise<void> {
    let ev: WebhookEvent;
    try {
      ev = parsed ?? parseWebhook(d.eventType, d.guid, d.body);
    } catch (e) {
      this.deps.logger.warn('dropping malformed delivery', { 'event-GUID': d.guid, 'event-type': d.eventType, error: e });
      return;
    }
    const where = eventCoordinates(ev);
    const fields: Record<string, unknown> = { 'event-GUID': d.guid, 'event-type': d.eventType };
    if (where.org) fields.org = where.org;
    if (where.repo) fields.repo = where.repo;
    if (where.number !== undefined) fields.pr = where.number;
    const log = this.deps.logger.child(fields);
    if (!where.org) return;
    const snap = this.deps.config();
    const external = externalPluginsFor(snap.plugins, where.org, where.repo, d.eventType);
    if (external.length === 0) await this.runPlugins(ev, where.org, where.repo, snap, log);
    else await Promise.all([...external.map((ext) => this.toExternal(ext, d, log)), this.runPlugins(ev, where.org, where.repo, snap, log)]);
  }

  /** Hands the delivery to an external plugin: in this process when it runs here, else over HTTP. */
  private async toExternal(ext: ExternalPlugin, d: Delivery, log: Logger): Promise<void> {
    const local = await this.deps.localEndpoints?.resolve(ext.name);
    await (local ? this.handOver(ext.name, local, d, log) : this.forward(ext.name, externalEndpoint(ext), d, log));
  }

  private async runPlugins(ev: WebhookEvent, org: string, repo: string | undefined, snap: ConfigSnapshot, log: Logger): Promise<void> {
    if (ev.kind === 'other') return;
    const names = pluginsFor(snap.plugins, org, repo);
    if (names.length === 0) return;
    const github = this.deps.github;
    if (!github) {
      if (!this.warnedNoGitHub) {
        this.warnedNoGitHub = true;
        log.error(`plugins are enabled but cannot act: ${GITHUB_CREDENTIALS_HINT}`);
      }
      return;
    }
    const bot = this.botLogin ?? (await this.resolveBot(github, log));
    const events = handlerEvents(ev, genericCommentFrom(ev));
    const deps: HandlerDeps = {
      github: this.clientsFor(github, org), botLogin: bot, githubHost: github.host, prowConfig: snap.config, pluginsConfig: snap.plugins,
      store: this.deps.store, inRepoConfig: this.deps.inRepoConfig, owners: this.deps.owners, logger: log, services: this.deps.services,
    };
    const runs: Promise<void>[] = [];
    for (const name of names) {
      const plugin = this.byName.get(name);
      if (!plugin) {
        log.warn('plugins.yaml enables an unknown plugin; ignoring it', { plugin: name });
        continue;
      }
      // Only the handlers the plugin has: most enabled plugins have none for most events.
      for (const h of events) if (plugin.handler(h.kind)) runs.push(this.runOne(plugin, h, ev.kind, deps, log));
    }
    if (runs.length === 1) await runs[0];
    else if (runs.length > 1) await Promise.all(runs);
  }

  /** Runs one handler of a delivery whose X-GitHub-Event is `eventType` (upstream labels every handler's metrics with it). */
  private async runOne(plugin: Plugin, h: HandlerEvent, eventType: string, deps: HandlerDeps, log: Logger): Promise<void> {
    const started = performance.now();
    const outcome = await runHandler(plugin, h, deps);
    if (!outcome) return;
    const labels = [eventTypeLabel(eventType), actionLabel(handlerAction(h)), plugin.name, String(outcome.tookAction)];
    if (outcome.error !== undefined) {
      this.errors.labels(...labels).inc();
      log.error('plugin failed to handle event', { plugin: plugin.name, error: outcome.error });
    }
    this.durationFor(...labels).observe((performance.now() - started) / 1000);
  }

  /** Per org, the function that makes a handler's write-counting client (one closure per org, not per delivery). */
  private readonly clientMakers = new Map<string, HandlerDeps['github']>();

  private clientsFor(github: GitHubClientFactory, org: string): HandlerDeps['github'] {
    let make = this.clientMakers.get(org);
    if (!make) this.clientMakers.set(org, (make = (onWrite) => github.forOrgCounting(org, onWrite)));
    return make;
  }

  private async resolveBot(github: GitHubClientFactory, log: Logger): Promise<string> {
    if (this.botLogin !== undefined) return this.botLogin;
    try {
      this.botLogin = await github.botLogin();
      return this.botLogin;
    } catch (e) {
      log.error('cannot tell the bot\'s own login from GitHub; plugins may react to the bot', { error: e });
      return '';
    }
  }

  private async handOver(name: string, endpoint: LocalEndpoint, d: Delivery, log: Logger): Promise<void> {
    try {
      await endpoint({ eventType: d.eventType, guid: d.guid, body: d.body });
      log.debug('handed to in-process external plugin', { plugin: name });
    } catch (e) {
      log.warn('in-process external plugin failed', { plugin: name, error: e });
    }
  }

  private async forward(name: string, endpoint: string, d: Delivery, log: Logger): Promise<void> {
    const timeout = this.deps.externalTimeoutMs ?? 30_000;
    try {
      const res = await fetch(endpoint, { method: 'POST', headers: d.headers, body: d.body, signal: AbortSignal.timeout(timeout) });
      await res.body?.cancel();
      if (res.status < 200 || res.status >= 300) log.warn('external plugin answered with an error', { plugin: name, endpoint, status: res.status });
      else log.debug('forwarded to external plugin', { plugin: name, endpoint });
    } catch (e) {
      log.warn('cannot forward to external plugin', { plugin: name, endpoint, error: String((e as Error).cause ?? e) });
    }
  }
}
