// A FAKE Kubernetes API server for tests (see README.md): just enough of the REST API for the ProwJob store and
// Lease leader election, over real HTTP so @kubernetes/client-node talks to it unchanged. Resources are generic:
// register a type ({group, version, plural, kind}) and it gets list (labelSelector), watch (resourceVersion,
// bookmarks, 410 Gone after compaction, timeoutSeconds), get, create, replace (409 on a stale resourceVersion),
// merge-patch and delete.
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { KubeConfig } from '@kubernetes/client-node';
import { parseSelector } from '../../../src/store/selector.js';

export interface ResourceType {
  /** '' for the core group (served under /api/v1). */
  group: string;
  version: string;
  plural: string;
  kind: string;
}

export const PROWJOBS: ResourceType = { group: 'prow.k8s.io', version: 'v1', plural: 'prowjobs', kind: 'ProwJob' };
export const LEASES: ResourceType = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', kind: 'Lease' };

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

interface Change {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  rv: number;
  object: KubeObject;
  /** The object before a MODIFIED change: a selector it stops (or starts) matching sees DELETED (or ADDED). */
  prev?: KubeObject;
}

interface Watcher {
  send: (c: Change) => void;
}

class Collection {
  readonly objects = new Map<string, KubeObject>();
  readonly history: Change[] = [];
  readonly watchers = new Set<Watcher>();
  constructor(readonly type: ResourceType) {}
  key(ns: string, name: string): string {
    return `${ns}/${name}`;
  }
}

export interface FakeKubeOptions {
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** How often watches that asked for bookmarks get one. Default 1s. */
  bookmarkIntervalMs?: number;
}

export class FakeKubeApiServer {
  private readonly collections = new Map<string, Collection>();
  private rv = 1000;
  /** Watches may resume from any resourceVersion ≥ this; older ones get 410 Gone. */
  private compactedRv = 1000;
  private server?: Server;
  private readonly open = new Set<Response>();
  /** Every request as `METHOD path?query`, for tests that check what the client asked. */
  readonly requests: string[] = [];
  /** BOOKMARK events written so far. */
  bookmarksSent = 0;
  /** Answer the next N requests matching a method and path prefix with this status (fault injection). */
  private readonly faults: Array<{ method: string; pathPrefix: string; status: number; remaining: number }> = [];
  url = '';

  private constructor(private readonly opts: FakeKubeOptions) {
    this.register(PROWJOBS);
    this.register(LEASES);
  }

  static async start(opts: FakeKubeOptions = {}): Promise<FakeKubeApiServer> {
    const fake = new FakeKubeApiServer(opts);
    await fake.listen();
    return fake;
  }

  /** Serves another resource type (e.g. Pods: {group: '', version: 'v1', plural: 'pods', kind: 'Pod'}). */
  register(type: ResourceType): void {
    this.collections.set(this.typeKey(type.group, type.version, type.plural), new Collection(type));
  }

  /** A KubeConfig for this server, as a kubeconfig file would give it. */
  kubeConfig(context = 'fake'): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromString(this.kubeconfigYaml(context));
    return kc;
  }

  kubeconfigYaml(context = 'fake'): string {
    return [
      'apiVersion: v1',
      'kind: Config',
      `current-context: ${context}`,
      'clusters:',
      `- name: ${context}`,
      '  cluster:',
      `    server: ${this.url}`,
      // client-node refuses plain http unless TLS verification is off; the fake speaks http on loopback.
      '    insecure-skip-tls-verify: true',
      'users:',
      `- name: ${context}`,
      '  user:',
      `    token: ${this.opts.token ?? 'unused'}`,
      'contexts:',
      `- name: ${context}`,
      '  context:',
      `    cluster: ${context}`,
      `    user: ${context}`,
      '',
    ].join('\n');
  }

  /** Forgets watch history: resuming from any resourceVersion issued so far now gets 410 Gone. */
  compact(): void {
    this.compactedRv = this.rv + 1;
    for (const c of this.collections.values()) c.history.length = 0;
  }

  /** Ends every open watch stream, as an apiserver restart or a load balancer timeout would. */
  dropWatches(): void {
    for (const res of [...this.open]) res.end();
  }

  failNext(method: string, pathPrefix: string, status: number, times = 1): void {
    this.faults.push({ method, pathPrefix, status, remaining: times });
  }

  stored(type: ResourceType, ns: string, name: string): KubeObject | undefined {
    const o = this.collection(type).objects.get(`${ns}/${name}`);
    return o && structuredClone(o);
  }

  /** Writes as another client would (e.g. a controller elsewhere), with a watch event. */
  put(type: ResourceType, ns: string, obj: KubeObject): KubeObject {
    const col = this.collection(type);
    const key = col.key(ns, obj.metadata.name);
    const prev = col.objects.get(key);
    const stored = this.stamp(col, ns, structuredClone(obj), prev);
    this.commit(col, key, prev ? 'MODIFIED' : 'ADDED', stored, prev);
    return structuredClone(stored);
  }

  async close(): Promise<void> {
    this.dropWatches();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---- HTTP ----

  private async listen(): Promise<void> {
    const app = express();
    app.use(express.json({ limit: '10mb', type: ['application/json', 'application/merge-patch+json'] }));
    app.use((req, res, next) => {
      this.requests.push(`${req.method} ${req.originalUrl}`);
      if (this.opts.token && req.headers.authorization !== `Bearer ${this.opts.token}`) {
        status(res, 401, 'Unauthorized', 'Unauthorized');
        return;
      }
      const fault = this.faults.find((f) => f.remaining > 0 && f.method === req.method && req.path.startsWith(f.pathPrefix));
      if (fault) {
        fault.remaining--;
        status(res, fault.status, 'InternalError', `injected failure ${fault.status}`);
        return;
      }
      next();
    });
    const collectionPaths = ['/api/:version/namespaces/:ns/:plural', '/apis/:group/:version/namespaces/:ns/:plural'];
    const itemPaths = collectionPaths.map((p) => `${p}/:name`);
    app.get(collectionPaths, (req, res) => this.listOrWatch(req, res));
    app.post(collectionPaths, (req, res) => this.create(req, res));
    app.get(itemPaths, (req, res) => this.getItem(req, res));
    app.put(itemPaths, (req, res) => this.replace(req, res));
    app.patch(itemPaths, (req, res) => this.patch(req, res));
    app.delete(itemPaths, (req, res) => this.remove(req, res));
    app.use((req, res) => status(res, 404, 'NotFound', `the server could not find the requested resource (${req.method} ${req.path})`));
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
    const addr = this.server!.address();
    if (!addr || typeof addr === 'string') throw new Error('fake kube server has no port');
    this.url = `http://127.0.0.1:${addr.port}`;
  }

  private target(req: Request): { col: Collection; ns: string } | undefined {
    const p = req.params as Record<string, string>;
    const col = this.collections.get(this.typeKey(p.group ?? '', p.version!, p.plural!));
    return col ? { col, ns: p.ns! } : undefined;
  }

  private listOrWatch(req: Request, res: Response): void {
    const t = this.target(req);
    if (!t) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    const q = req.query as Record<string, string | undefined>;
    let selector: ReturnType<typeof parseSelector>;
    try {
      selector = parseSelector(q.labelSelector);
    } catch (e) {
      return status(res, 400, 'BadRequest', (e as Error).message);
    }
    const matches = (o: KubeObject): boolean => selector.matches(o.metadata.labels);
    const inNs = (o: KubeObject): boolean => o.metadata.namespace === t.ns;
    if (q.watch === 'true' || q.watch === '1') return this.watch(t.col, t.ns, q, matches, res);
    const all = [...t.col.objects.values()].filter((o) => inNs(o) && matches(o));
    // Pages: `continue` is the offset plus the resourceVersion of the first page, as a consistent snapshot
    // would have it (this fake does not keep snapshots: later pages see current objects).
    const limit = Number(q.limit ?? 0);
    const [offsetText, rvText] = (q.continue ?? '').split(':');
    const offset = Number(offsetText || 0);
    const end = limit > 0 ? offset + limit : all.length;
    const metadata: Record<string, string> = { resourceVersion: rvText || String(this.rv) };
    if (end < all.length) metadata.continue = `${end}:${metadata.resourceVersion}`;
    res.json({ apiVersion: apiVersionOf(t.col.type), kind: `${t.col.type.kind}List`, metadata, items: all.slice(offset, end) });
  }

  private watch(col: Collection, ns: string, q: Record<string, string | undefined>, matches: (o: KubeObject) => boolean, res: Response): void {
    res.status(200).setHeader('Content-Type', 'application/json');
    res.flushHeaders();
    const write = (type: string, object: unknown): void => {
      res.write(JSON.stringify({ type, object }) + '\n');
    };
    // As the apiserver's watch cache: an object moving out of the selector is DELETED for this watch.
    const sendFiltered = (c: Change): void => {
      if (c.object.metadata.namespace !== ns) return;
      const now = matches(c.object);
      const before = c.type === 'MODIFIED' && c.prev ? matches(c.prev) : now;
      if (now && before) write(c.type, c.object);
      else if (now) write('ADDED', c.object);
      else if (before) write('DELETED', c.object);
    };
    const from = q.resourceVersion;
    if (from !== undefined && from !== '' && from !== '0') {
      const n = Number(from);
      if (!Number.isSafeInteger(n) || n < this.compactedRv - 1) {
        write('ERROR', {
          kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
          message: `too old resource version: ${from} (${this.compactedRv})`, reason: 'Expired', code: 410,
        });
        res.end();
        return;
      }
      for (const c of col.history) {
        if (c.rv > n) sendFiltered(c);
      }
    } else {
      for (const o of col.objects.values()) if (o.metadata.namespace === ns && matches(o)) write('ADDED', o);
    }
    const watcher: Watcher = { send: sendFiltered };
    col.watchers.add(watcher);
    this.open.add(res);
    const timers: NodeJS.Timeout[] = [];
    if (q.allowWatchBookmarks === 'true') {
      timers.push(setInterval(() => {
        this.bookmarksSent++;
        write('BOOKMARK', { kind: col.type.kind, apiVersion: apiVersionOf(col.type), metadata: { resourceVersion: String(this.rv) } });
      }, this.opts.bookmarkIntervalMs ?? 1000));
    }
    if (q.timeoutSeconds) timers.push(setTimeout(() => res.end(), Number(q.timeoutSeconds) * 1000));
    const cleanup = (): void => {
      for (const t of timers) clearTimeout(t);
      col.watchers.delete(watcher);
      this.open.delete(res);
    };
    res.on('close', cleanup);
    res.on('finish', cleanup);
  }

  private getItem(req: Request, res: Response): void {
    const t = this.target(req);
    if (!t) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    const name = String(req.params.name);
    const o = t.col.objects.get(t.col.key(t.ns, name));
    if (!o) return notFound(res, t.col.type, name);
    res.json(o);
  }

  private create(req: Request, res: Response): void {
    const t = this.target(req);
    if (!t) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    const body = req.body as KubeObject;
    const name = body?.metadata?.name;
    if (!name) return status(res, 422, 'Invalid', 'metadata.name: Required value: name is required');
    if (body.metadata.namespace && body.metadata.namespace !== t.ns) {
      return status(res, 400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
    const key = t.col.key(t.ns, name);
    if (t.col.objects.has(key)) {
      return status(res, 409, 'AlreadyExists', `${t.col.type.plural}.${t.col.type.group} "${name}" already exists`);
    }
    const stored = this.stamp(t.col, t.ns, structuredClone(body), undefined);
    this.commit(t.col, key, 'ADDED', stored);
    res.status(201).json(stored);
  }

  private replace(req: Request, res: Response): void {
    const t = this.target(req);
    if (!t) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    const name = String(req.params.name);
    const key = t.col.key(t.ns, name);
    const prev = t.col.objects.get(key);
    if (!prev) return notFound(res, t.col.type, name);
    const body = req.body as KubeObject;
    if (body?.metadata?.name !== name) return status(res, 400, 'BadRequest', 'the name of the object does not match the name on the URL');
    if (!body.metadata.resourceVersion) {
      return status(res, 422, 'Invalid', 'metadata.resourceVersion: Invalid value: 0x0: must be specified for an update');
    }
    if (body.metadata.resourceVersion !== prev.metadata.resourceVersion) return conflict(res, t.col.type, name);
    const stored = this.stamp(t.col, t.ns, structuredClone(body), prev);
    this.commit(t.col, key, 'MODIFIED', stored, prev);
    res.json(stored);
  }

  private patch(req: Request, res: Response): void {
    const t = this.target(req);
    if (!t) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    if (!String(req.headers['content-type']).startsWith('application/merge-patch+json')) {
      return status(res, 415, 'UnsupportedMediaType', 'this fake only understands application/merge-patch+json');
    }
    const name = String(req.params.name);
    const key = t.col.key(t.ns, name);
    const prev = t.col.objects.get(key);
    if (!prev) return notFound(res, t.col.type, name);
    const patch = req.body as KubeObject;
    const wanted = patch?.metadata?.resourceVersion;
    if (wanted && wanted !== prev.metadata.resourceVersion) return conflict(res, t.col.type, name);
    const merged = mergePatch(structuredClone(prev), patch) as KubeObject;
    const stored = this.stamp(t.col, t.ns, merged, prev);
    this.commit(t.col, key, 'MODIFIED', stored, prev);
    res.json(stored);
  }

  private remove(req: Request, res: Response): void {
    const t = this.target(req);
    if (!t) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    const name = String(req.params.name);
    const key = t.col.key(t.ns, name);
    const prev = t.col.objects.get(key);
    if (!prev) return notFound(res, t.col.type, name);
    const gone = structuredClone(prev);
    gone.metadata.resourceVersion = String(++this.rv);
    t.col.objects.delete(key);
    this.publish(t.col, { type: 'DELETED', rv: this.rv, object: gone });
    res.json({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, kind: t.col.type.plural } });
  }

  // ---- storage ----

  private stamp(col: Collection, ns: string, obj: KubeObject, prev: KubeObject | undefined): KubeObject {
    obj.apiVersion = apiVersionOf(col.type);
    obj.kind = col.type.kind;
    obj.metadata.namespace = ns;
    obj.metadata.uid = prev?.metadata.uid ?? randomUUID();
    obj.metadata.creationTimestamp = prev?.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    obj.metadata.generation = (prev?.metadata.generation ?? 0) + 1;
    obj.metadata.resourceVersion = String(++this.rv);
    return obj;
  }

  private commit(col: Collection, key: string, type: Change['type'], stored: KubeObject, prev?: KubeObject): void {
    col.objects.set(key, stored);
    this.publish(col, { type, rv: this.rv, object: stored, prev });
  }

  private publish(col: Collection, change: Change): void {
    col.history.push(change);
    for (const w of col.watchers) w.send(change);
  }

  private collection(type: ResourceType): Collection {
    const col = this.collections.get(this.typeKey(type.group, type.version, type.plural));
    if (!col) throw new Error(`fake kube: ${type.plural} is not registered`);
    return col;
  }

  private typeKey(group: string, version: string, plural: string): string {
    return `${group}/${version}/${plural}`;
  }
}

function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

function status(res: Response, code: number, reason: string, message: string): void {
  res.status(code).json({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

function notFound(res: Response, t: ResourceType, name: string): void {
  status(res, 404, 'NotFound', `${t.plural}${t.group ? '.' + t.group : ''} "${name}" not found`);
}

function conflict(res: Response, t: ResourceType, name: string): void {
  status(res, 409, 'Conflict',
    `Operation cannot be fulfilled on ${t.plural}${t.group ? '.' + t.group : ''} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
}

/** RFC 7386 JSON merge patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out = (typeof target === 'object' && target !== null && !Array.isArray(target) ? target : {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
