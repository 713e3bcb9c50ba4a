// Kubernetes backend of the ProwJob store: the prow.k8s.io/v1 ProwJob CRD in prowjob_namespace through
// @kubernetes/client-node's CustomObjectsApi. Reads and writes go to the API server; each watch is an informer:
// list, then watch from the list's resourceVersion with bookmarks, reconnecting from the last resourceVersion seen,
// relisting (and reporting the difference as events) when the server says 410 Gone.
import { CustomObjectsApi, KubeConfig, Watch as KubeWatch } from '@kubernetes/client-node';
import type { ProwJob } from '../api/prowjob.js';
import { isFinalState, PROWJOB_API_VERSION, PROWJOB_KIND } from '../api/prowjob.js';
import type { Logger } from '../runtime/logger.js';
import { parseSelector } from './selector.js';
import {
  AlreadyExistsError,
  ConflictError,
  GoneError,
  NotFoundError,
  type ListOptions,
  type ProwJobStore,
  type Watch,
  type WatchEvent,
  type WatchOptions,
} from './types.js';

const GROUP = 'prow.k8s.io';
const VERSION = 'v1';
const PLURAL = 'prowjobs';

export interface KubernetesStoreOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  logger?: Logger;
  /** Server-side watch timeout; the informer reconnects after it (default 5 minutes, as client-go's range). */
  watchTimeoutSeconds?: number;
  /** First delay before reconnecting after a failed list or watch, doubled up to 30s (default 1s). */
  retryDelayMs?: number;
}

const LIST_PAGE_SIZE = 500;

interface ProwJobList {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: ProwJob[];
}

/** The status code of a client-node failure: ApiException.code, or statusCode from the watch. */
export function statusOf(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const o = e as { code?: unknown; statusCode?: unknown };
  if (typeof o.code === 'number') return o.code;
  if (typeof o.statusCode === 'number') return o.statusCode;
  return undefined;
}

/** The Kubernetes Status message of a failure, without client-node's dump of response headers. */
function messageOf(e: unknown): string {
  const body = (e as { body?: unknown })?.body;
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body) as { message?: string };
      if (parsed.message) return parsed.message;
    } catch {
      return body;
    }
  }
  if (typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string') {
    return (body as { message: string }).message;
  }
  const code = statusOf(e);
  const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
  return code ? `${msg} (HTTP ${code})` : msg;
}

export class KubernetesProwJobStore implements ProwJobStore {
  readonly namespace: string;
  private readonly api: CustomObjectsApi;
  private readonly watches = new Set<Informer>();

  constructor(private readonly opts: KubernetesStoreOptions) {
    this.namespace = opts.namespace;
    this.api = opts.kubeConfig.makeApiClient(CustomObjectsApi);
  }

  private base(): { group: string; version: string; namespace: string; plural: string } {
    return { group: GROUP, version: VERSION, namespace: this.namespace, plural: PLURAL };
  }

  async get(name: string): Promise<ProwJob> {
    try {
      return (await this.api.getNamespacedCustomObject({ ...this.base(), name })) as ProwJob;
    } catch (e) {
      throw this.mapError(e, name);
    }
  }

  async list(opts: ListOptions = {}): Promise<ProwJob[]> {
    const { items } = await this.listWithVersion(opts.labelSelector);
    // The API server cannot select by status: unfinished jobs are picked here.
    return opts.unfinished ? items.filter((pj) => !isFinalState(pj.status?.state)) : items;
  }

  /** List plus the collection's resourceVersion (where a watch continues from). */
  async listWithVersion(labelSelector?: string): Promise<{ items: ProwJob[]; resourceVersion: string }> {
    parseSelector(labelSelector); // a clear local error rather than the server's 400
    const items: ProwJob[] = [];
    let resourceVersion = '';
    let next: string | undefined;
    // In pages, as client-go's pager: a big namespace is not one huge response.
    do {
      let page: ProwJobList;
      try {
        page = (await this.api.listNamespacedCustomObject({ ...this.base(), labelSelector, limit: LIST_PAGE_SIZE, _continue: next })) as ProwJobList;
      } catch (e) {
        throw this.mapError(e);
      }
      // List items may come without apiVersion/kind; a ProwJob always has them here.
      for (const j of page.items ?? []) items.push({ ...j, apiVersion: PROWJOB_API_VERSION, kind: PROWJOB_KIND });
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      next = page.metadata?.continue || undefined;
    } while (next);
    return { items, resourceVersion };
  }

  async create(job: ProwJob): Promise<ProwJob> {
    const body: ProwJob = { ...job, apiVersion: PROWJOB_API_VERSION, kind: PROWJOB_KIND, metadata: { ...job.metadata, namespace: this.namespace } };
    try {
      return (await this.api.createNamespacedCustomObject({ ...this.base(), body })) as ProwJob;
    } catch (e) {
      throw this.mapError(e, job.metadata.name);
    }
  }

  async update(job: ProwJob): Promise<ProwJob> {
    const name = job.metadata.name;
    if (!job.metadata.resourceVersion) {
      throw new ConflictError(name, `prowjob ${name}: metadata.resourceVersion must be specified for an update`);
    }
    const body: ProwJob = { ...job, apiVersion: PROWJOB_API_VERSION, kind: PROWJOB_KIND, metadata: { ...job.metadata, namespace: this.namespace } };
    try {
      return (await this.api.replaceNamespacedCustomObject({ ...this.base(), name, body })) as ProwJob;
    } catch (e) {
      throw this.mapError(e, name);
    }
  }

  async delete(name: string): Promise<void> {
    try {
      await this.api.deleteNamespacedCustomObject({ ...this.base(), name });
    } catch (e) {
      throw this.mapError(e, name);
    }
  }

  watch(opts: WatchOptions, onEvent: (ev: WatchEvent) => void, onError?: (err: Error) => void): Watch {
    parseSelector(opts.labelSelector);
    const informer = new Informer(this, this.opts, opts, onEvent, (e) => {
      if (onError) onError(e);
      else this.opts.logger?.warn('prowjob watch failed', { error: e });
    }, () => this.watches.delete(informer));
    this.watches.add(informer);
    informer.start();
    return { stop: () => informer.stop() };
  }

  async close(): Promise<void> {
    await Promise.all([...this.watches].map((w) => w.stop()));
  }

  private mapError(e: unknown, name = ''): Error {
    switch (statusOf(e)) {
      case 404: return new NotFoundError(name);
      case 409: {
        const msg = messageOf(e);
        return /already exists/i.test(msg) ? new AlreadyExistsError(name) : new ConflictError(name, msg);
      }
      default: return new Error(`kubernetes: ${messageOf(e)}`);
    }
  }
}

/** One watch: list+watch with resume, bookmarks, relist on 410 and optional resync. */
class Informer {
  private readonly cache = new Map<string, ProwJob>();
  private lastRv = '';
  private stopped = false;
  private abort?: Promise<AbortController | undefined>;
  private retryTimer?: NodeJS.Timeout;
  private resyncTimer?: NodeJS.Timeout;
  private retryDelay: number;
  /** Resuming from the caller's resourceVersion: a 410 is theirs to handle (GoneError), not a relist. */
  private callerResume: boolean;

  constructor(
    private readonly store: KubernetesProwJobStore,
    private readonly sopts: KubernetesStoreOptions,
    private readonly wopts: WatchOptions,
    private readonly onEvent: (ev: WatchEvent) => void,
    private readonly onError: (err: Error) => void,
    private readonly onStopped: () => void,
  ) {
    this.retryDelay = sopts.retryDelayMs ?? 1_000;
    const rv = wopts.resourceVersion;
    this.callerResume = rv !== undefined && rv !== '' && rv !== '0';
    if (this.callerResume) this.lastRv = rv!;
  }

  start(): void {
    if (this.callerResume) this.startWatch();
    else void this.relist();
    if (this.wopts.resyncMs && this.wopts.resyncMs > 0) {
      this.resyncTimer = setInterval(() => {
        for (const job of this.cache.values()) this.emit('MODIFIED', structuredClone(job));
      }, this.wopts.resyncMs);
      this.resyncTimer.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.resyncTimer);
    const ctrl = await this.abort?.catch(() => undefined);
    ctrl?.abort();
    this.onStopped();
  }

  private emit(type: WatchEvent['type'], object: ProwJob): void {
    if (this.stopped) return;
    try {
      this.onEvent({ type, object });
    } catch (e) {
      this.sopts.logger?.error('prowjob watch handler failed', { error: e instanceof Error ? e.message : String(e) });
    }
  }

  /** Lists, reports the difference to what this watch has seen as events, then watches from the list. */
  private async relist(): Promise<void> {
    let listed: { items: ProwJob[]; resourceVersion: string };
    try {
      listed = await this.store.listWithVersion(this.wopts.labelSelector);
    } catch (e) {
      this.retry(e as Error);
      return;
    }
    if (this.stopped) return;
    const seen = new Set<string>();
    for (const job of listed.items) {
      const name = job.metadata.name;
      seen.add(name);
      const prev = this.cache.get(name);
      this.cache.set(name, job);
      if (!prev) this.emit('ADDED', structuredClone(job));
      else if (prev.metadata.resourceVersion !== job.metadata.resourceVersion) this.emit('MODIFIED', structuredClone(job));
    }
    for (const [name, prev] of [...this.cache]) {
      if (seen.has(name)) continue;
      this.cache.delete(name);
      this.emit('DELETED', prev);
    }
    this.lastRv = listed.resourceVersion;
    this.retryDelay = this.sopts.retryDelayMs ?? 1_000;
    this.startWatch();
  }

  private startWatch(): void {
    if (this.stopped) return;
    let gone = false;
    let sawEvent = false;
    let streamError: Error | undefined;
    const path = `/apis/${GROUP}/${VERSION}/namespaces/${this.store.namespace}/${PLURAL}`;
    const query = {
      resourceVersion: this.lastRv || undefined,
      allowWatchBookmarks: true,
      labelSelector: this.wopts.labelSelector,
      timeoutSeconds: this.sopts.watchTimeoutSeconds ?? 300,
    };
    const onLine = (type: string, obj: unknown): void => {
      if (this.stopped) return;
      const job = obj as ProwJob;
      switch (type) {
        case 'ADDED':
        case 'MODIFIED':
          sawEvent = true;
          this.cache.set(job.metadata.name, job);
          this.lastRv = job.metadata.resourceVersion ?? this.lastRv;
          this.emit(type, structuredClone(job));
          break;
        case 'DELETED':
          sawEvent = true;
          this.cache.delete(job.metadata.name);
          this.lastRv = job.metadata.resourceVersion ?? this.lastRv;
          this.emit('DELETED', job);
          break;
        case 'BOOKMARK':
          sawEvent = true;
          this.lastRv = job.metadata?.resourceVersion ?? this.lastRv;
          break;
        case 'ERROR':
          if ((obj as { code?: number }).code === 410) gone = true;
          else streamError = new Error((obj as { message?: string }).message ?? JSON.stringify(obj));
      }
    };
    const onDone = (err: unknown): void => {
      if (this.stopped) return;
      if (gone || statusOf(err) === 410) {
        if (this.callerResume && !sawEvent) {
          this.onError(new GoneError(this.lastRv));
          void this.stop();
          return;
        }
        this.callerResume = false;
        this.sopts.logger?.info('prowjob watch expired (410 Gone); relisting', { resourceVersion: this.lastRv });
        void this.relist();
        return;
      }
      if (sawEvent) this.callerResume = false;
      if (err || streamError) {
        this.retry(err ? (err instanceof Error ? err : new Error(String(err))) : streamError!);
        return;
      }
      // A normal end (server timeout): continue from where we are.
      this.startWatch();
    };
    this.abort = new KubeWatch(this.sopts.kubeConfig)
      .watch(path, query, onLine, onDone)
      .catch((e: unknown) => {
        onDone(e);
        return undefined;
      });
  }

  private retry(err: Error): void {
    if (this.stopped) return;
    this.onError(new Error(`kubernetes watch: ${messageOf(err)}; retrying in ${this.retryDelay}ms`));
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, 30_000);
    // With no resourceVersion to resume from (the list failed), list again; otherwise resume the watch.
    this.retryTimer = setTimeout(() => (this.lastRv ? this.startWatch() : void this.relist()), delay);
  }
}
