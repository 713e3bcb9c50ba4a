// A real Deck for tests: file ProwJob store and file:// storage in a temp dir, express on 127.0.0.1:0.
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import type { ProwJob, ProwJobState, ProwJobType } from '../../../src/api/prowjob.js';
import type { Config } from '../../../src/config/types.js';
import { createRootLogger } from '../../../src/runtime/logger.js';
import { StorageClients } from '../../../src/storage/open.js';
import { buildDir } from '../../../src/storage/paths.js';
import { FileProwJobStore } from '../../../src/store/file.js';
import { startDeck, type DeckSettings, type RunningDeck } from '../../../roles/deck/deck.js';
import { rerunFactory, type RerunFactory } from '../../../roles/deck/rerun.js';

export interface TestDeck {
  url: string;
  dir: string;
  store: FileProwJobStore;
  storage: StorageClients;
  deck: RunningDeck;
  config: Config;
  /** The view path of a job's build dir in the default bucket. */
  viewPathOf(pj: ProwJob): string;
  writeArtifact(pj: ProwJob, name: string, data: string): Promise<void>;
  stop(): Promise<void>;
}

let counter = 0;

export function makeJob(o: {
  job: string;
  type?: ProwJobType;
  state?: ProwJobState;
  org?: string;
  repo?: string;
  pr?: number;
  author?: string;
  title?: string;
  start?: string;
  buildId?: string;
  tenant?: string;
  hidden?: boolean;
}): ProwJob {
  counter++;
  const type = o.type ?? (o.pr ? 'presubmit' : 'periodic');
  const refs = o.org
    ? {
        org: o.org,
        repo: o.repo ?? 'repo',
        repo_link: `https://github.com/${o.org}/${o.repo ?? 'repo'}`,
        base_ref: 'main',
        base_sha: 'a'.repeat(40),
        ...(o.pr ? { pulls: [{ number: o.pr, author: o.author ?? 'alice', sha: 'b'.repeat(40), title: o.title ?? 'A change', link: `https://github.com/${o.org}/${o.repo ?? 'repo'}/pull/${o.pr}` }] } : {}),
      }
    : undefined;
  return {
    apiVersion: 'prow.k8s.io/v1',
    kind: 'ProwJob',
    metadata: { name: `pj-${counter}-${o.job}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 60), labels: { 'prow.k8s.io/job': o.job }, annotations: { 'prow.k8s.io/job': o.job } },
    spec: {
      type,
      job: o.job,
      agent: 'kubernetes',
      ...(refs ? { refs } : {}),
      ...(o.tenant ? { prowjob_defaults: { tenant_id: o.tenant } } : {}),
      ...(o.hidden ? { hidden: true } : {}),
      pod_spec: { containers: [{ name: 'test', image: 'alpine' }] },
    },
    status: {
      state: o.state ?? 'success',
      startTime: o.start ?? new Date(Date.UTC(2024, 0, 1, 0, 0, counter % 60)).toISOString(),
      build_id: o.buildId ?? String(1000 + counter),
      ...(o.state && o.state !== 'pending' && o.state !== 'triggered' ? { completionTime: new Date(Date.UTC(2024, 0, 1, 0, 5)).toISOString() } : {}),
    },
  };
}

const quiet = (): Writable => new Writable({ write: (_c, _e, cb) => cb() });

export async function startTestDeck(opts: {
  config?: Config;
  jobs?: ProwJob[];
  /** Settings, or a function of the Deck's URL and temp dir (e.g. to write an OAuth config pointing back at it). */
  settings?: Partial<DeckSettings> | ((url: string, dir: string) => Partial<DeckSettings>);
  rerun?: RerunFactory;
} = {}): Promise<TestDeck> {
  const dir = mkdtempSync(path.join(tmpdir(), 'deck-test-'));
  const store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
  for (const j of opts.jobs ?? []) await store.create(j);
  const storage = new StorageClients(dir);
  const config: Config = opts.config ?? {};
  const app = express();
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const logger = createRootLogger({ level: 'error', stream: quiet() });
  const deck = await startDeck(app, {
    config: () => config,
    store,
    storage,
    dataDir: dir,
    logger,
    visibility: { tenantIds: [], hiddenOnly: false, showHidden: false },
    rerun: opts.rerun ?? rerunFactory,
    rerunCreatesJob: false,
    allowInsecure: true,
    dryRun: false,
    githubApiBase: 'https://api.github.com',
    staticDir: path.resolve('dist/roles/deck/web'),
    ...(typeof opts.settings === 'function' ? opts.settings(url, dir) : opts.settings),
  });
  const bucket = storage.open();
  return {
    url,
    dir,
    store,
    storage,
    deck,
    config,
    viewPathOf(pj) {
      const key = buildDir({ type: pj.spec.type, job: pj.spec.job, buildid: pj.status.build_id ?? '', refs: pj.spec.refs });
      return `file${bucket.bucket}/${key}`;
    },
    async writeArtifact(pj, name, data) {
      const key = buildDir({ type: pj.spec.type, job: pj.spec.job, buildid: pj.status.build_id ?? '', refs: pj.spec.refs });
      await bucket.write(`${key}/${name}`, data);
    },
    async stop() {
      deck.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value (no fixed sleeps). */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 25));
  }
}
