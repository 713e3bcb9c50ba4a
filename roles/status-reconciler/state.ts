// The job config the status-reconciler last reconciled, kept at --status-path (a local file, gs://bucket/key or
// s3://bucket/key, as upstream) so that a restart diffs against it instead of acting on every job again, and
// changes made while it was down are still reconciled once.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StorageClients } from '../../src/storage/open.js';
import { ObjectNotFoundError } from '../../src/storage/types.js';
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
  const m = /^(gs|s3):\/\/([^/]+)\/(.+)$/.exec(statusPath);
  if (m) {
    const bucket = storage.open(`${m[1]}://${m[2]}`);
    const key = m[3];
    return {
      async load() {
        try {
          return parse((await bucket.read(key)).toString('utf8'), statusPath);
        } catch (e) {
          if (e instanceof ObjectNotFoundError) return undefined;
          throw e;
        }
      },
      save: (p) => bucket.write(key, JSON.stringify(snapshotOf(p)), { contentType: 'application/json' }),
    };
  }
  if (/^[a-z0-9]+:\/\//.test(statusPath)) throw new Error(`--status-path ${statusPath}: only a local path, gs:// or s3:// is supported`);
  return {
    async load() {
      try {
        return parse(await readFile(statusPath, 'utf8'), statusPath);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async save(p) {
      await mkdir(path.dirname(statusPath), { recursive: true });
      const tmp = `${statusPath}.tmp-${process.pid}`;
      await writeFile(tmp, JSON.stringify(snapshotOf(p)));
      await rename(tmp, statusPath);
    },
  };
}

function parse(text: string, where: string): PresubmitsByRepo {
  const doc = JSON.parse(text) as unknown;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${where}: not a saved status-reconciler state`);
  return doc as PresubmitsByRepo;
}
