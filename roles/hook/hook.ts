// The hook, assembled: HMAC secrets (re-read when the file changes), the delivery log, the dispatcher, /hook and
// /plugin-help on one express app, and the replay of deliveries an earlier process accepted but did not finish.
import { statSync } from 'node:fs';
import type express from 'express';
import { readHmacSecrets, type HmacSecrets } from '../../src/github/hmac.js';
import type { Logger } from '../../src/runtime/logger.js';
import { DeliveryLog } from './deliveries.js';
import { Dispatcher, type DispatcherDeps } from './dispatch.js';
import { mountPluginHelp } from './help.js';
import type { IntakeFilter } from './intake-filter.js';
import { mountHook } from './server.js';

/** At most this many leftover deliveries are replayed per start. */
export const MAX_REPLAY = 10_000;

export interface HookOptions extends DispatcherDeps {
  app: express.Express;
  /** --hmac-secret-file; undefined: every delivery is refused. */
  hmacSecretFile: string | undefined;
  deliveriesDir: string;
  maxBodyBytes?: number;
  /** De-duplication of deliveries against what was already taken in (catch-up, poll mode). */
  intake?: IntakeFilter;
}

/** Reads the HMAC file again whenever it changes; a bad new version keeps the last good one. */
function secretsSource(file: string | undefined, logger: Logger): () => HmacSecrets | undefined {
  if (!file) return () => undefined;
  let stamp = '';
  let current: HmacSecrets | undefined;
  const load = (): void => {
    let st;
    try {
      st = statSync(file);
    } catch (e) {
      if (!current) throw new Error(`cannot read --hmac-secret-file ${file}: ${(e as Error).message}`);
      return;
    }
    const s = `${st.mtimeMs}:${st.size}:${st.ino}`;
    if (s === stamp) return;
    stamp = s;
    try {
      current = readHmacSecrets(file);
    } catch (e) {
      if (!current) throw new Error(`bad --hmac-secret-file ${file}: ${(e as Error).message}`);
      logger.error('cannot reload the HMAC secret; keeping the previous one', { error: (e as Error).message });
    }
  };
  load();
  return () => {
    load();
    return current;
  };
}

export class Hook {
  readonly dispatcher: Dispatcher;
  readonly deliveries: DeliveryLog;
  /** The current HMAC secrets (undefined when none are configured). */
  readonly secrets: () => HmacSecrets | undefined;

  constructor(private readonly opts: HookOptions) {
    const secrets = secretsSource(opts.hmacSecretFile, opts.logger);
    this.secrets = secrets;
    if (!opts.hmacSecretFile) opts.logger.error('no --hmac-secret-file: every webhook will be refused with 403 until one is configured');
    this.deliveries = new DeliveryLog(opts.deliveriesDir);
    this.dispatcher = new Dispatcher(opts);
    mountHook(opts.app, { logger: opts.logger, metrics: opts.metrics, secrets, dispatcher: this.dispatcher, deliveries: this.deliveries, maxBodyBytes: opts.maxBodyBytes, intake: opts.intake });
    mountPluginHelp(opts.app, opts.plugins, () => opts.config().plugins, opts.logger);
  }

  /** Hands deliveries left by an earlier process to the plugins again (in the background); returns how many. */
  async replay(): Promise<number> {
    const started = Date.now();
    const left = this.deliveries.leftovers(MAX_REPLAY);
    for (const { id, delivery } of left) this.dispatcher.start(delivery, async () => this.deliveries.done(id));
    if (left.length > 0) {
      this.opts.logger.info('replaying deliveries accepted before the last stop', { count: left.length, readMs: Date.now() - started });
    }
    return left.length;
  }

  /** Waits for in-flight handling (the runtime bounds this by --grace-period). */
  async stop(): Promise<void> {
    await this.dispatcher.idle();
    this.deliveries.close();
  }
}
