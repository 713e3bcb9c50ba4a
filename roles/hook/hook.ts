// The hook, assembled: HMAC secrets (re-read when the file changes), the delivery log, the dispatcher, /hook and
// /plugin-help on one express app, and the replay of deliveries an earlier process accepted but did not finish.
import type express from 'express';
import { hmacSecretsFromFile, type HmacSecrets } from '../../src/github/hmac.js';
import client from 'prom-client';
import type { WebhookEvent } from '../../src/github/events.js';
import { getOrCreate } from '../../src/runtime/metrics.js';
import { DeliveryLog, type Delivery } from './deliveries.js';
import { Dispatcher, type DispatcherDeps } from './dispatch.js';
import { mountPluginHelp } from './help.js';
import type { IntakeFilter } from './intake-filter.js';
import { hookHandler, mountHook, type RawHandler } from './server.js';

/** At most this many leftover deliveries are replayed per start. */
export const MAX_REPLAY = 10_000;

/** A delivery whose handling fails this many times in a row is quarantined, not retried again. */
export const MAX_HANDLING_ATTEMPTS = 3;

export interface HookOptions extends DispatcherDeps {
  app: express.Express;
  /** --hmac-secret-file; undefined: every delivery is refused. */
  hmacSecretFile: string | undefined;
  deliveriesDir: string;
  maxBodyBytes?: number;
  /** De-duplication of deliveries against what was already taken in (catch-up, poll mode). */
  intake?: IntakeFilter;
  /** Serves /hook as a plain node:http handler ahead of `app` (the role's fast path); absent: /hook is on `app`. */
  direct?: (path: string, handler: RawHandler) => void;
}

export class Hook {
  readonly dispatcher: Dispatcher;
  readonly deliveries: DeliveryLog;
  /** The current HMAC secrets (undefined when none are configured). */
  readonly secrets: () => HmacSecrets | undefined;
  private readonly quarantined: client.Counter<string>;

  constructor(private readonly opts: HookOptions) {
    const secrets: () => HmacSecrets | undefined = opts.hmacSecretFile ? hmacSecretsFromFile(opts.hmacSecretFile, opts.logger) : () => undefined;
    this.secrets = secrets;
    if (!opts.hmacSecretFile) opts.logger.error('no --hmac-secret-file: every webhook will be refused with 403 until one is configured');
    this.deliveries = new DeliveryLog(opts.deliveriesDir);
    this.dispatcher = new Dispatcher(opts);
    this.quarantined = getOrCreate(opts.metrics, 'prow_hook_deliveries_quarantined_total', () => new client.Counter({
      name: 'prow_hook_deliveries_quarantined_total', help: 'Deliveries moved to the quarantine directory because they could not be handled, by reason.', labelNames: ['reason'], registers: [],
    }));
    const serverDeps = {
      logger: opts.logger, metrics: opts.metrics, secrets, deliveries: this.deliveries, maxBodyBytes: opts.maxBodyBytes, intake: opts.intake,
      handle: (d: Delivery, id: number, event: WebhookEvent) => this.handle(d, id, event),
    };
    if (opts.direct) opts.direct('/hook', hookHandler(serverDeps));
    else mountHook(opts.app, serverDeps);
    mountPluginHelp(opts.app, opts.plugins, () => opts.config().plugins, opts.logger, opts.localEndpoints);
  }

  /** Hands deliveries left by an earlier process to the plugins again (in the background); returns how many. */
  async replay(): Promise<number> {
    const started = Date.now();
    const { replay, quarantined } = this.deliveries.leftovers(MAX_REPLAY);
    for (const d of quarantined) {
      this.quarantined.inc({ reason: 'replayed' });
      this.opts.logger.error('quarantined a delivery that never finished in earlier runs', { 'event-GUID': d.guid, 'event-type': d.eventType });
    }
    for (const { id, delivery } of replay) this.handle(delivery, id);
    if (replay.length > 0) {
      this.opts.logger.info('replaying deliveries accepted before the last stop', { count: replay.length, readMs: Date.now() - started });
    }
    return replay.length;
  }

  /** Journals a delivery that did not come through /hook (poll mode) and hands it to the plugins as /hook does. */
  submit(delivery: Delivery, event: WebhookEvent): void {
    this.handle(delivery, this.deliveries.save(delivery), event);
  }

  /** Handles a stored delivery; marks it done, or retries it, or after MAX_HANDLING_ATTEMPTS failures quarantines it. */
  private handle(delivery: Delivery, id: number, event?: WebhookEvent, attempt = 1): void {
    this.dispatcher.start(delivery, async (failure) => {
      if (failure === undefined) {
        this.deliveries.done(id);
      } else if (attempt < MAX_HANDLING_ATTEMPTS) {
        this.handle(delivery, id, event, attempt + 1);
      } else {
        const file = this.deliveries.quarantine(id, delivery, `handling failed ${attempt} times: ${String(failure)}`);
        this.quarantined.inc({ reason: 'failed' });
        this.opts.logger.error('quarantined a delivery whose handling keeps failing', { 'event-GUID': delivery.guid, 'event-type': delivery.eventType, file });
      }
    }, event);
  }

  /** Waits for in-flight handling (the runtime bounds this by --grace-period). */
  async stop(): Promise<void> {
    await this.dispatcher.idle();
    this.deliveries.close();
  }
}
