// The job config the status-reconciler last reconciled, kept at --status-path (a local file, gs://bucket/key or
// s3://bucket/key, as upstream) so that a restart diffs against it instead of acting on every job again, and
// changes made while it was down are still reconciled once.
import type { StorageClients } from '../../src/storage/open.js';
import { openStoredObject } from '../../src/storage/object-uri.js';
import type { Presubmit } from '../../src/config/types.js';
import type { PresubmitsByRepo } from './delta.js';

/** The fields a later diff needs, so the saved state stays small. */
const KEPT: readonly (keyof Presubmit)[] = ['name', 'context', 'optional', 'skip_report', 'always_run', 'run_if_changed', 'skip_if_only_changed'];

export function snapshotOf(presubmits: PresubmitsByRepo): PresubmitsByRepo {
  const out: PresubmitsByRepo = {};
  for (const [repo, jobs] of Object.entries(presubmits)) {
    out[repo] = jobs.map((j) => Object.fromEntries(KEPT.filter((k) => j[k] !== undefined).map((k) => [k, j[k]])) as unknown as Presubmit);
  }
  return out;
}

export interface StateStore {
  /** The saved presubmits, or undefined on first start. */
  load(): Promise<PresubmitsByRepo | undefined>;
  save(presubmits: PresubmitsByRepo): Promise<void>;
}

export function openStateStore(statusPath: string, storage: StorageClients): StateStore {
  const object = openStoredObject(statusPath, storage, '--status-path');
  return {
    async load() {
      const text = await object.read();
      return text === undefined ? undefined : parse(text, statusPath);
    },
    save: (p) => object.write(JSON.stringify(snapshotOf(p))),
  };
}

function parse(text: string, where: string): PresubmitsByRepo {
  const doc = JSON.parse(text) as unknown;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${where}: not a saved status-reconciler state`);
  return doc as PresubmitsByRepo;
}
