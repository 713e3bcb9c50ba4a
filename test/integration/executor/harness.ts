// A controller-manager core (plank + local executor) over a real file store in a temp data dir.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import type { ProwJob, ProwJobSpec } from '../../../src/api/prowjob.js';
import type { Plank } from '../../../src/config/types.js';
import { LocalExecutor } from '../../../src/executor/local.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { StorageClients } from '../../../src/storage/open.js';
import { FileProwJobStore } from '../../../src/store/file.js';
import { PlankController } from '../../../roles/controller-manager/plank.js';
import { PlankMetrics } from '../../../roles/controller-manager/metrics.js';
import { Writable } from 'node:stream';

export const quiet = createRootLogger({ level: 'error', stream: new Writable({ write: (_c, _e, cb) => cb() }) });

export interface Running {
  store: FileProwJobStore;
  executor: LocalExecutor;
  plank: PlankController;
  storage: StorageClients;
  registry: Registry;
  stop(): Promise<void>;
}

export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function startController(dataDir: string, plankConfig: Plank = {}, opts: { maxRunning?: number } = {}): Promise<Running> {
  const store = await FileProwJobStore.open({ dir: path.join(dataDir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
  const storage = new StorageClients(dataDir);
  const executor = new LocalExecutor({ dataDir, storage, logger: quiet, pollMs: 50 });
  const registry = new Registry();
  const plank = new PlankController({
    store,
    executor,
    plank: () => plankConfig,
    logger: quiet,
    metrics: new PlankMetrics(registry),
    defaultBucket: storage.defaultBucket,
    resyncMs: 200,
    maxRunning: opts.maxRunning,
  });
  await plank.start();
  return {
    store,
    executor,
    plank,
    storage,
    registry,
    async stop() {
      await plank.stop();
      await executor.close();
      await store.close();
    },
  };
}

export function prowJob(spec: Partial<ProwJobSpec> & { job: string }, name: string = randomUUID()): ProwJob {
  return {
    apiVersion: 'prow.k8s.io/v1',
    kind: 'ProwJob',
    metadata: { name, namespace: 'default', labels: {} },
    spec: { type: 'periodic', agent: 'kubernetes', cluster: 'default', namespace: 'default', ...spec },
    status: { state: 'triggered', startTime: new Date().toISOString() },
  };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function waitForState(store: FileProwJobStore, name: string, states: string[], timeoutMs = 30_000): Promise<ProwJob> {
  return waitFor(`job ${name} in ${states.join('|')}`, async () => {
    const pj = await store.get(name);
    return states.includes(pj.status.state ?? '') ? pj : undefined;
  }, timeoutMs);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
