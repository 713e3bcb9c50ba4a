// The config agent: holds the current configuration (core, jobs and plugins as one snapshot), reloads it when any
// file it came from changes, and swaps it in atomically. A bad new config is never swapped in: the last good one
// stays, the reason is logged and counted. Changes are noticed by fs.watch on the files' directories (which also sees
// editors' rename-over and ConfigMap symlink swaps) with a polling fallback, debounced.
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import client from 'prom-client';
import type { Logger } from '../runtime/logger.js';
import { getOrCreate, type MetricsRegistry } from '../runtime/metrics.js';
import type { Config, PluginsConfig } from './types.js';
import { ConfigError, formatProblem, shownByDefault } from './errors.js';
import { listConfigFiles, loadConfig, type ConfigPaths, type LoadedConfig, type LoadOptions } from './load.js';

export interface ConfigAgentOptions extends LoadOptions {
  /** How often files are checked when no watch event arrives (default 10s). */
  pollIntervalMs?: number;
  /** Quiet time after a change before reloading (default 200ms): an editor or `kubectl apply` writes in bursts. */
  debounceMs?: number;
}

export type ConfigListener = (next: LoadedConfig, previous: LoadedConfig) => void;

export class ConfigAgent {
  private current: LoadedConfig;
  private readonly listeners = new Set<ConfigListener>();
  private watchers: FSWatcher[] = [];
  private pollTimer?: NodeJS.Timeout;
  private debounceTimer?: NodeJS.Timeout;
  private fingerprint = '';
  private reloading?: Promise<boolean>;
  private stopped = false;

  private constructor(
    private readonly paths: ConfigPaths,
    initial: LoadedConfig,
    private readonly logger: Logger,
    private readonly metrics: ReturnType<typeof agentMetrics>,
    private readonly opts: ConfigAgentOptions,
  ) {
    this.current = initial;
  }

  /**
   * Loads the config (throwing ConfigError when it is invalid) and starts watching its files. With no paths at
   * all the config is empty with upstream's defaults applied.
   */
  static async start(paths: ConfigPaths, logger: Logger, registry: MetricsRegistry, opts: ConfigAgentOptions = {}): Promise<ConfigAgent> {
    const metrics = agentMetrics(registry);
    const loaded = await loadConfig(paths, opts);
    // The same warnings `prow checkconfig` prints by default: optional checks (valid-decoration-config) stay quiet.
    for (const w of loaded.warnings.filter(shownByDefault)) logger.warn('config warning', { problem: formatProblem(w) });
    metrics.success.inc();
    metrics.lastSuccess.setToCurrentTime();
    const agent = new ConfigAgent(paths, loaded, logger, metrics, opts);
    agent.fingerprint = await fingerprintOf(paths);
    agent.watch();
    return agent;
  }

  /** The current core config and jobs. Take it once per unit of work: a reload swaps in a new object. */
  config(): Config {
    return this.current.config;
  }

  /** The current plugins.yaml. */
  plugins(): PluginsConfig {
    return this.current.plugins;
  }

  /** Config and plugins from the same load (use this when both must agree). */
  snapshot(): LoadedConfig {
    return this.current;
  }

  /** Called after every successful reload that changed something; returns an unsubscribe function. */
  onChange(listener: ConfigListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Loads the files now. Returns whether a new config was swapped in; on error the last good config stays, the
   * problems are logged and counted.
   */
  reload(): Promise<boolean> {
    this.reloading ??= this.doReload().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  private async doReload(): Promise<boolean> {
    let next: LoadedConfig;
    try {
      next = await loadConfig(this.paths, this.opts);
    } catch (e) {
      this.metrics.failure.inc();
      const problems = e instanceof ConfigError ? e.problems.filter((p) => p.severity === 'error').map(formatProblem) : [String(e)];
      this.logger.error('config reload failed; keeping the last good config', { problems });
      return false;
    }
    if (this.stopped) return false;
    const previous = this.current;
    this.current = next;
    this.metrics.success.inc();
    this.metrics.lastSuccess.setToCurrentTime();
    this.logger.info('config reloaded', { files: next.files.length, warnings: next.warnings.length });
    for (const l of this.listeners) {
      try {
        l(next, previous);
      } catch (err) {
        this.logger.error('config change listener failed', { error: err });
      }
    }
    return true;
  }

  private watch(): void {
    // Directories holding config files are watched flat (a config.yaml may sit next to a huge tree); the job config
    // and supplemental directories recursively, since files anywhere below them count.
    const dirs = new Map<string, boolean>();
    for (const f of this.current.files) dirs.set(path.dirname(path.resolve(f)), false);
    const trees = [this.paths.jobConfigPath, ...(this.paths.supplementalProwConfigDirs ?? []), ...(this.paths.supplementalPluginConfigDirs ?? [])];
    for (const d of trees) if (d) dirs.set(path.resolve(d), true);
    for (const [dir, recursive] of dirs) {
      try {
        const w = watch(dir, { recursive, persistent: false }, () => this.schedule());
        w.on('error', () => undefined);
        this.watchers.push(w);
      } catch {
        // Not a directory or not watchable: polling covers it.
      }
    }
    if (dirs.size === 0) return;
    this.pollTimer = setInterval(() => this.schedule(), this.opts.pollIntervalMs ?? 10_000);
    this.pollTimer.unref();
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => void this.checkForChange(), this.opts.debounceMs ?? 200);
    this.debounceTimer.unref();
  }

  private async checkForChange(): Promise<void> {
    const fp = await fingerprintOf(this.paths);
    if (this.stopped || fp === this.fingerprint) return;
    this.fingerprint = fp;
    await this.reload();
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.watchers) w.close();
    this.watchers = [];
    clearInterval(this.pollTimer);
    clearTimeout(this.debounceTimer);
  }
}

function agentMetrics(registry: MetricsRegistry) {
  return {
    success: getOrCreate(registry, 'prow_config_reload_success_total', () => new client.Counter({ name: 'prow_config_reload_success_total', help: 'Number of successful config loads and reloads.', registers: [] })),
    failure: getOrCreate(registry, 'prow_config_reload_failure_total', () => new client.Counter({ name: 'prow_config_reload_failure_total', help: 'Number of config reloads rejected because the new config is invalid.', registers: [] })),
    lastSuccess: getOrCreate(
      registry,
      'prow_config_last_reload_success_timestamp_seconds',
      () => new client.Gauge({ name: 'prow_config_last_reload_success_timestamp_seconds', help: 'When the config was last loaded successfully.', registers: [] }),
    ),
  };
}

/** Names, sizes and modification times of every config file, to tell a real change from a watch event's noise. */
async function fingerprintOf(paths: ConfigPaths): Promise<string> {
  const files = await listConfigFiles(paths);
  const parts = await Promise.all(
    files.map(async (f) => {
      try {
        const s = await stat(f);
        return `${f}:${s.size}:${s.mtimeMs}:${s.ino}`;
      } catch {
        return `${f}:missing`;
      }
    }),
  );
  return parts.join('\n');
}
