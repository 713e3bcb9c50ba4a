// Direct access to the test cluster's etcd through its v3 JSON gateway: what a test needs to make the API server
// forget history (compaction) or to change stored objects behind its back, as happens in real clusters.
import { cluster } from './cluster.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

async function call(endpoint: string, body: unknown): Promise<Record<string, unknown>> {
  const port = cluster().etcdPort;
  const res = await fetch(`http://127.0.0.1:${port}/v3/${endpoint}`, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`etcd ${endpoint}: HTTP ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** etcd's current revision (what the API server calls resourceVersion). */
export async function etcdRevision(): Promise<number> {
  const r = await call('kv/range', { key: b64('/registry/none'), count_only: true });
  return Number((r.header as { revision: string }).revision);
}

/** Deletes one stored object, as if another writer had: `/registry/<group>/<plural>/<ns>/<name>`. */
export async function etcdDelete(key: string): Promise<void> {
  const r = await call('kv/deleterange', { key: b64(key) });
  if (Number(r.deleted ?? 0) !== 1) throw new Error(`etcd: ${key} was not there to delete`);
}

/** Drops all history before the current revision: watches resuming from older resourceVersions get 410 Gone. */
export async function etcdCompact(): Promise<number> {
  const rev = await etcdRevision();
  await call('kv/compaction', { revision: String(rev), physical: true });
  return rev;
}
