// Writing ConfigMaps for config-updater (and the glob its `maps` keys use). Two writers: files under a directory
// (all-in-one: `<root>/<namespace>/<name>/<key>`, each file replaced atomically, so a config agent pointed there
// hot-reloads a whole file or nothing), and the Kubernetes API (one ConfigMap per cluster and namespace, created
// when missing, as upstream's updateconfig.Update). Both keep `VERSION` = the merge SHA and report the size gauge
// `prow_configmap_size_bytes{name,namespace}`.
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import client from 'prom-client';
import type { KubeConfig } from '@kubernetes/client-node';
import { getOrCreate, type MetricsRegistry } from '../runtime/metrics.js';
import { DEFAULT_CLUSTER_ALIAS } from './config.js';

export { globToRegExp } from './configmap-glob.js';

export interface ConfigMapId {
  cluster: string;
  namespace: string;
  name: string;
}

/** One key of a ConfigMap: its new content, or none to delete it. */
export interface ConfigMapUpdate {
  key: string;
  /** The source file (for messages); absent for a deletion. */
  file?: string;
  content?: Buffer;
  gzip?: boolean;
}

export interface ConfigMapWriter {
  /** Where it writes, for messages and logs. */
  readonly target: string;
  /** Applies `updates` to one ConfigMap (created when missing), with key VERSION set to `sha`. */
  apply(id: ConfigMapId, updates: readonly ConfigMapUpdate[], sha: string): Promise<void>;
}

/** Upstream's ConfigVersionFileName. */
export const VERSION_KEY = 'VERSION';

const KEY = /^[-._a-zA-Z0-9]+$/;

/** The bytes stored for an update (gzipped when asked), and whether they go to `data` (valid UTF-8) or `binaryData`. */
export function encodeUpdate(u: ConfigMapUpdate): { bytes: Buffer; text: boolean } {
  const bytes = u.gzip ? gzipSync(u.content!) : u.content!;
  let text = true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = false;
  }
  return { bytes, text };
}

function sizeGauge(metrics: MetricsRegistry | undefined): client.Gauge<string> | undefined {
  return metrics && getOrCreate(metrics, 'prow_configmap_size_bytes', () => new client.Gauge({
    name: 'prow_configmap_size_bytes', help: 'Size of data fields in ConfigMaps updated automatically by Prow in bytes.', labelNames: ['name', 'namespace'], registers: [],
  }));
}

function checkKeys(updates: readonly ConfigMapUpdate[]): void {
  for (const u of updates) if (!KEY.test(u.key) || u.key === '.' || u.key === '..') throw new Error(`${JSON.stringify(u.key)} is not a valid ConfigMap key`);
}

/** All-in-one: a ConfigMap is a directory `<root>/<namespace>/<name>/` with one file per key. */
export class FileConfigMapWriter implements ConfigMapWriter {
  private readonly size: client.Gauge<string> | undefined;
  constructor(private readonly root: string, metrics?: MetricsRegistry) {
    this.size = sizeGauge(metrics);
  }

  get target(): string {
    return this.root;
  }

  dir(id: Pick<ConfigMapId, 'namespace' | 'name'>): string {
    return path.join(this.root, id.namespace, id.name);
  }

  async apply(id: ConfigMapId, updates: readonly ConfigMapUpdate[], sha: string): Promise<void> {
    if (id.cluster !== DEFAULT_CLUSTER_ALIAS) throw new Error(`no build cluster ${JSON.stringify(id.cluster)} here: ConfigMaps are files under ${this.root}`);
    checkKeys(updates);
    if (!KEY.test(id.name) || !KEY.test(id.namespace)) throw new Error(`${id.namespace}/${id.name} is not a valid ConfigMap name`);
    const dir = this.dir(id);
    await mkdir(dir, { recursive: true });
    // Every new file is complete on disk before any is renamed into place.
    const staged: { tmp: string; dest: string }[] = [];
    try {
      for (const u of [...updates, { key: VERSION_KEY, content: Buffer.from(sha) }]) {
        if (u.content === undefined) continue;
        const tmp = path.join(dir, `.${u.key}.${process.pid}.${Date.now()}.tmp`);
        await writeFile(tmp, encodeUpdate(u).bytes);
        staged.push({ tmp, dest: path.join(dir, u.key) });
      }
    } catch (e) {
      await Promise.all(staged.map((s) => rm(s.tmp, { force: true })));
      throw e;
    }
    for (const s of staged) await rename(s.tmp, s.dest);
    for (const u of updates) if (u.content === undefined) await rm(path.join(dir, u.key), { force: true });
    if (this.size) {
      let total = 0;
      for (const f of await readdir(dir)) if (!f.startsWith('.')) total += (await stat(path.join(dir, f))).size;
      this.size.set({ name: id.name, namespace: id.namespace }, total);
    }
  }
}

/** Kubernetes: the ConfigMap in each cluster (context name; `default` is the infrastructure cluster). */
export class KubeConfigMapWriter implements ConfigMapWriter {
  private readonly size: client.Gauge<string> | undefined;
  constructor(private readonly clusters: Map<string, KubeConfig>, metrics?: MetricsRegistry) {
    this.size = sizeGauge(metrics);
  }

  get target(): string {
    return `Kubernetes (clusters ${[...this.clusters.keys()].sort().join(', ')})`;
  }

  async apply(id: ConfigMapId, updates: readonly ConfigMapUpdate[], sha: string): Promise<void> {
    checkKeys(updates);
    const kc = this.clusters.get(id.cluster);
    if (!kc) throw new Error(`no k8s client is found for build cluster: '${id.cluster}'`);
    const [{ CoreV1Api }, { statusOf }] = await Promise.all([import('@kubernetes/client-node'), import('../store/kubernetes.js')]);
    const api = kc.makeApiClient(CoreV1Api);
    let existing;
    try {
      existing = await api.readNamespacedConfigMap({ name: id.name, namespace: id.namespace });
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
    const data: Record<string, string> = { ...(existing?.data ?? {}), [VERSION_KEY]: sha };
    const binaryData: Record<string, string> = { ...(existing?.binaryData ?? {}) };
    for (const u of updates) {
      delete data[u.key];
      delete binaryData[u.key];
      if (u.content === undefined) continue;
      const { bytes, text } = encodeUpdate(u);
      if (text) data[u.key] = bytes.toString('utf8');
      else binaryData[u.key] = bytes.toString('base64');
    }
    const labels = { 'app.kubernetes.io/name': 'prow', 'app.kubernetes.io/component': 'updateconfig-plugin' };
    if (existing) {
      existing.metadata = { ...existing.metadata, labels: existing.metadata?.labels ?? labels };
      await api.replaceNamespacedConfigMap({ name: id.name, namespace: id.namespace, body: { ...existing, data, binaryData } });
    } else {
      await api.createNamespacedConfigMap({ namespace: id.namespace, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id.name, namespace: id.namespace, labels }, data, binaryData } });
    }
    if (this.size) {
      const total = Object.values(data).reduce((n, v) => n + Buffer.byteLength(v), 0) + Object.values(binaryData).reduce((n, v) => n + Buffer.from(v, 'base64').length, 0);
      this.size.set({ name: id.name, namespace: id.namespace }, total);
    }
  }
}
