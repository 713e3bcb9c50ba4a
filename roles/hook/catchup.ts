// Catch-up after downtime: asks GitHub which webhook deliveries it could not make (the hook was down or
// unreachable) and has GitHub redeliver them, once each, so nothing sent while prow was away is lost.
//
// Where deliveries are listed: with a GitHub App, the App's own hook (`GET /app/hook/deliveries`, redelivery with
// `POST /app/hook/deliveries/{id}/attempts`); with a token, the web hooks of each org and org/repo in plugins.yaml
// that point at a `/hook` URL (or at --catch-up-hook-url). A scan covers the time since the last delivery the hook
// accepted or the last scan (whichever is earlier). A delivery is redelivered when no attempt of its
// X-GitHub-Delivery succeeded, the ledger has not accepted that GUID (GitHub can count a slow answer as a failure)
// and catch-up has not asked for it before.
import type { Octokit } from 'octokit';
import { asHttpError } from '../../src/github/request-error.js';
import client from 'prom-client';
import { newOctokit, type GitHubClientFactory } from '../../src/github/factory.js';
import type { AuthHeader } from '../../src/github/transport.js';
import type { Logger } from '../../src/runtime/logger.js';
import { getOrCreate, type MetricsRegistry } from '../../src/runtime/metrics.js';
import type { PluginsConfig } from '../../src/config/types.js';
import { duplicateCounter } from './intake-filter.js';
import type { IntakeLedger } from './intake-ledger.js';

/** A scan looks this much further back than its cursor (clock skew between GitHub and us). */
const OVERLAP_MS = 60_000;

interface DeliverySummary {
  id: number;
  guid: string;
  delivered_at: string;
  status_code: number;
  event: string;
  action?: string | null;
}

/** Where deliveries of one hook are listed and redelivered. */
interface HookSource {
  name: string;
  octokit: Octokit;
  /** The deliveries path, e.g. /app/hook/deliveries or /repos/o/r/hooks/1/deliveries. */
  path: string;
}

export interface CatchUpOptions {
  github: GitHubClientFactory;
  ledger: IntakeLedger;
  plugins: () => PluginsConfig;
  logger: Logger;
  metrics: MetricsRegistry;
  /** Only hooks with exactly this URL (token mode); undefined: hooks whose URL path ends in /hook. */
  hookUrl?: string;
  now?: () => number;
}

export interface ScanResult {
  redelivered: number;
  duplicates: number;
  /** Age in seconds of the oldest delivery found undelivered (0 when none). */
  oldestGapSeconds: number;
}

export class CatchUp {
  private readonly requested: client.Counter;
  private readonly gap: client.Gauge;
  private readonly scans: client.Counter<'result'>;
  private readonly duplicates: client.Counter<'reason'>;
  private readonly now: () => number;
  private running: Promise<ScanResult> | undefined;
  private readonly warned = new Set<string>();

  constructor(private readonly opts: CatchUpOptions) {
    this.now = opts.now ?? Date.now;
    this.duplicates = duplicateCounter(opts.metrics);
    this.requested = getOrCreate(opts.metrics, 'prow_hook_catchup_redeliveries_requested_total', () => new client.Counter({ registers: [],
      name: 'prow_hook_catchup_redeliveries_requested_total', help: 'Failed webhook deliveries catch-up asked GitHub to redeliver.',
    }));
    this.gap = getOrCreate(opts.metrics, 'prow_hook_catchup_oldest_gap_seconds', () => new client.Gauge({ registers: [],
      name: 'prow_hook_catchup_oldest_gap_seconds', help: 'Age of the oldest undelivered webhook the last catch-up scan found (0: none).',
    }));
    this.scans = getOrCreate(opts.metrics, 'prow_hook_catchup_scans_total', () => new client.Counter({ registers: [],
      name: 'prow_hook_catchup_scans_total', help: 'Catch-up scans by result.', labelNames: ['result'],
    }));
  }

  /** One scan (a scan already running is joined, not repeated). Never throws: errors are logged and counted. */
  scan(): Promise<ScanResult> {
    this.running ??= this.scanOnce().catch((e: unknown) => {
      this.opts.logger.error('catch-up scan failed', { error: describe(e) });
      this.scans.inc({ result: 'error' });
      return { redelivered: 0, duplicates: 0, oldestGapSeconds: 0 };
    }).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves when no scan is running. */
  async idle(): Promise<void> {
    await this.running;
  }

  private async scanOnce(): Promise<ScanResult> {
    const started = this.now();
    const result: ScanResult = { redelivered: 0, duplicates: 0, oldestGapSeconds: 0 };
    const { ledger, logger } = this.opts;
    const since = [ledger.lastAcceptedAt, ledger.lastScanAt].filter((t): t is number => t !== undefined);
    if (since.length === 0) {
      // Nothing was ever accepted here: there is no gap to close; later scans start from now.
      ledger.scanStarted(started);
      this.scans.inc({ result: 'first' });
      return result;
    }
    const from = Math.min(...since) - OVERLAP_MS;
    let failedSources = 0;
    let oldest: number | undefined;
    const seen = new Set<string>();
    for (const source of await this.sources()) {
      try {
        const failed = await this.undelivered(source, from);
        for (const d of failed) {
          if (seen.has(d.guid)) continue;
          seen.add(d.guid);
          const at = Date.parse(d.delivered_at);
          if (ledger.caughtUp(d.guid)) continue;
          if (ledger.hasDelivery(d.guid)) {
            result.duplicates++;
            this.duplicates.inc({ reason: 'catchup' });
            ledger.markCaughtUp(d.guid);
            continue;
          }
          oldest = oldest === undefined ? at : Math.min(oldest, at);
          await source.octokit.request(`POST ${source.path}/{delivery_id}/attempts`, { delivery_id: d.id });
          ledger.markCaughtUp(d.guid);
          this.requested.inc();
          result.redelivered++;
          logger.info('asked GitHub to redeliver a webhook it could not deliver', {
            source: source.name, 'event-GUID': d.guid, 'event-type': d.event, deliveredAt: d.delivered_at,
          });
        }
      } catch (e) {
        failedSources++;
        logger.warn('catch-up cannot read or redeliver webhook deliveries', { source: source.name, error: describe(e) });
      }
    }
    result.oldestGapSeconds = oldest === undefined ? 0 : Math.max(0, Math.round((started - oldest) / 1000));
    this.gap.set(result.oldestGapSeconds);
    // A source that failed is scanned again from the same cursor next time.
    if (failedSources === 0) ledger.scanStarted(started);
    ledger.flush();
    this.scans.inc({ result: failedSources === 0 ? 'ok' : 'error' });
    if (result.redelivered > 0 || result.duplicates > 0) {
      logger.info('catch-up scan done', { redelivered: result.redelivered, duplicatesDropped: result.duplicates, oldestGapSeconds: result.oldestGapSeconds });
    }
    return result;
  }

  /** Deliveries since `from` (newest first, as GitHub lists them) of which no attempt succeeded. */
  private async undelivered(source: HookSource, from: number): Promise<DeliverySummary[]> {
    const succeeded = new Set<string>();
    const failed: DeliverySummary[] = [];
    const pages = source.octokit.paginate.iterator(`GET ${source.path}`, { per_page: 100 });
    for await (const page of pages) {
      let older = false;
      for (const d of page.data as DeliverySummary[]) {
        if (Date.parse(d.delivered_at) < from) {
          older = true;
          continue;
        }
        if (d.status_code >= 200 && d.status_code < 300) succeeded.add(d.guid);
        else failed.push(d);
      }
      if (older) break;
    }
    // Newest attempt first in the list: keep the latest failed attempt of each GUID, oldest GUIDs first.
    const latest = new Map<string, DeliverySummary>();
    for (const d of failed) if (!succeeded.has(d.guid) && !latest.has(d.guid)) latest.set(d.guid, d);
    return [...latest.values()].reverse();
  }

  private async sources(): Promise<HookSource[]> {
    const { github } = this.opts;
    if (github.appAuth) return [{ name: 'app', octokit: this.octokit(github.appAuth), path: '/app/hook/deliveries' }];
    const out: HookSource[] = [];
    const keys = Object.keys(this.opts.plugins().plugins ?? {});
    for (const key of keys) {
      const [org, repo] = key.split('/');
      const octokit = this.octokit(github.authFor(org));
      const base = repo ? `/repos/${encodeURIComponent(org)}/${encodeURIComponent(repo)}/hooks` : `/orgs/${encodeURIComponent(org)}/hooks`;
      try {
        const r = await octokit.request(`GET ${base}`, { per_page: 100 });
        for (const h of r.data as { id: number; config?: { url?: string } }[]) {
          if (this.ours(h.config?.url)) out.push({ name: key, octokit, path: `${base}/${h.id}/deliveries` });
        }
      } catch (e) {
        // Listing hooks needs admin rights on the repo or org: said once per target, then at debug level.
        const fields = { target: key, error: describe(e) };
        if (this.warned.has(key)) this.opts.logger.debug('catch-up cannot list the webhooks of an org or repo in plugins.yaml', fields);
        else this.opts.logger.warn('catch-up cannot list the webhooks of an org or repo in plugins.yaml (it needs admin rights there)', fields);
        this.warned.add(key);
      }
    }
    return out;
  }

  private ours(url: string | undefined): boolean {
    if (!url) return false;
    if (this.opts.hookUrl !== undefined) return url === this.opts.hookUrl;
    try {
      return /\/hook\/?$/.test(new URL(url).pathname);
    } catch {
      return false;
    }
  }

  private octokit(auth: AuthHeader): Octokit {
    return newOctokit(this.opts.github.transport, auth);
  }
}

function describe(e: unknown): string {
  const http = asHttpError(e);
  if (http) return `HTTP ${http.status}: ${http.message}`;
  return e instanceof Error ? e.message : String(e);
}
