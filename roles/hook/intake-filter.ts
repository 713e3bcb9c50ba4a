// The hook's door check against the intake ledger: a delivery whose X-GitHub-Delivery was already accepted is
// dropped (GitHub redelivered something we have), and with poll mode on, so is a change the poller already handed
// to the plugins (and the poller drops what a webhook already brought). Counted in
// prow_hook_duplicate_deliveries_total{reason}; redeliveries catch-up asked for are counted as recovered when they land.
import client from 'prom-client';
import type { WebhookEvent } from '../../src/github/events.js';
import { getOrCreate, type MetricsRegistry } from '../../src/runtime/metrics.js';
import { eventKeys } from './event-keys.js';
import type { IntakeLedger } from './intake-ledger.js';

export interface IntakeFilter {
  /**
   * Why this delivery duplicates one already taken in (or being taken in), or undefined when it is new: then it is
   * held until `accepted` or `released`, so a copy arriving while the journal syncs is a duplicate too.
   */
  duplicate(guid: string, event: WebhookEvent): string | undefined;
  /** Records a delivery as taken in (after it is journaled). */
  accepted(guid: string, event: WebhookEvent): void;
  /** Lets go of a delivery that could not be journaled (GitHub sees the failure and may send it again). */
  released(guid: string, event: WebhookEvent): void;
}

export type DuplicateReason = 'delivery' | 'content' | 'catchup';

export function duplicateCounter(metrics: MetricsRegistry): client.Counter<'reason'> {
  return getOrCreate(metrics, 'prow_hook_duplicate_deliveries_total', () => new client.Counter({ registers: [],
    name: 'prow_hook_duplicate_deliveries_total',
    help: 'Deliveries and polled changes dropped because they were already taken in, by reason (delivery: same X-GitHub-Delivery; content: same change by webhook and poll; catchup: not redelivered since it was taken in).',
    labelNames: ['reason'],
  }));
}

export function recoveredCounter(metrics: MetricsRegistry): client.Counter {
  return getOrCreate(metrics, 'prow_hook_catchup_recovered_total', () => new client.Counter({ registers: [],
    name: 'prow_hook_catchup_recovered_total', help: 'Deliveries GitHub failed to deliver that catch-up had redelivered and the hook accepted.',
  }));
}

export class Intake implements IntakeFilter {
  private readonly duplicates: client.Counter<'reason'>;
  private readonly recovered: client.Counter;

  /**
   * `byContent`: whether changes are also de-duplicated by content (poll mode; without it two webhooks about the
   * same content, such as a label removed and added again, are both real). `repeatWindowMs`: how long a repeatable
   * change's key stands.
   */
  constructor(readonly ledger: IntakeLedger, metrics: MetricsRegistry, private readonly byContent: boolean, private readonly repeatWindowMs: number) {
    this.duplicates = duplicateCounter(metrics);
    this.recovered = recoveredCounter(metrics);
  }

  duplicate(guid: string, event: WebhookEvent): string | undefined {
    if (this.ledger.hasDelivery(guid) || this.pendingGuids.has(guid)) {
      this.duplicates.inc({ reason: 'delivery' });
      return `X-GitHub-Delivery ${guid} was already accepted`;
    }
    const dup = this.duplicateContent(event);
    if (dup === undefined) this.hold(guid, event, 1);
    return dup;
  }

  /** For the poller: the key of the change when a webhook (or an earlier poll) already brought it. */
  duplicateContent(event: WebhookEvent): string | undefined {
    if (!this.byContent) return undefined;
    const keys = eventKeys(event, this.repeatWindowMs);
    const key = this.ledger.seenKey(keys) ?? keys.find((k) => this.pendingKeys.has(k.key))?.key;
    if (key === undefined) return undefined;
    this.duplicates.inc({ reason: 'content' });
    return `the same change (${key}) was already taken in`;
  }

  accepted(guid: string, event: WebhookEvent): void {
    this.hold(guid, event, -1);
    if (this.ledger.caughtUp(guid)) this.recovered.inc();
    this.ledger.accepted(guid, this.byContent ? eventKeys(event, this.repeatWindowMs) : []);
  }

  released(guid: string, event: WebhookEvent): void {
    this.hold(guid, event, -1);
  }

  /** Deliveries between the door check and the journal's sync: their GUIDs and content keys. */
  private readonly pendingGuids = new Set<string>();
  private readonly pendingKeys = new Map<string, number>();

  private hold(guid: string, event: WebhookEvent, delta: 1 | -1): void {
    if (delta === 1) this.pendingGuids.add(guid);
    else this.pendingGuids.delete(guid);
    if (!this.byContent) return;
    for (const { key } of eventKeys(event, this.repeatWindowMs)) {
      const n = (this.pendingKeys.get(key) ?? 0) + delta;
      if (n > 0) this.pendingKeys.set(key, n);
      else this.pendingKeys.delete(key);
    }
  }

  /** Records a change the poller hands on (it has no X-GitHub-Delivery of GitHub's). */
  acceptedPolled(event: WebhookEvent): void {
    this.ledger.accepted(undefined, eventKeys(event, this.repeatWindowMs));
  }
}
