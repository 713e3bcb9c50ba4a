// Deck's view of the ProwJob store: every job kept in memory from a watch, the visibility rules of this Deck
// (tenants, hidden repos) applied, and /prowjobs.js bodies cached until the next change, so 20,000 jobs are
// served without re-serializing them for every request.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { ProwJob } from '../../src/api/prowjob.js';
import type { Config } from '../../src/config/types.js';
import type { Logger } from '../../src/runtime/logger.js';
import { watchWithRecovery } from '../../src/store/recovering-watch.js';
import type { ProwJobStore, Watch } from '../../src/store/types.js';

/** Upstream's tenant of jobs that have none. */
export const DEFAULT_TENANT_ID = 'GlobalDefaultID';

export const OMITTABLE_FIELDS = ['annotations', 'labels', 'decoration_config', 'pod_spec'] as const;
export type OmittableField = (typeof OMITTABLE_FIELDS)[number];

export interface Visibility {
  /** --tenant-id: only jobs of these tenants. Empty: jobs without a tenant (or the default one). */
  tenantIds: readonly string[];
  /** --hidden-only: only hidden jobs. */
  hiddenOnly: boolean;
  /** --show-hidden: hidden jobs too. */
  showHidden: boolean;
}

function tenantOf(pj: ProwJob): string {
  return pj.spec.prowjob_defaults?.tenant_id || DEFAULT_TENANT_ID;
}

function inHiddenRepo(pj: ProwJob, hiddenRepos: readonly string[]): boolean {
  if (hiddenRepos.length === 0) return false;
  const refs = [pj.spec.refs, ...(pj.spec.extra_refs ?? [])];
  return refs.some((r) => r !== undefined && (hiddenRepos.includes(r.org) || hiddenRepos.includes(`${r.org}/${r.repo}`)));
}

/** Whether this Deck shows the job at all (list, job pages, logs, badges, reruns). */
export function isVisible(pj: ProwJob, vis: Visibility, hiddenRepos: readonly string[]): boolean {
  const tenant = tenantOf(pj);
  if (vis.tenantIds.length > 0) {
    // A tenanted Deck shows its tenants' jobs, hidden or not.
    return vis.tenantIds.includes(tenant);
  }
  if (tenant !== DEFAULT_TENANT_ID) return false;
  const hidden = pj.spec.hidden === true || inHiddenRepo(pj, hiddenRepos);
  if (vis.hiddenOnly) return hidden;
  return vis.showHidden || !hidden;
}

/** A copy of the job without the omitted fields (upstream's ?omit=). */
export function omitFields(pj: ProwJob, omit: ReadonlySet<OmittableField>): ProwJob {
  if (omit.size === 0) return pj;
  const metadata = { ...pj.metadata };
  if (omit.has('annotations')) delete metadata.annotations;
  if (omit.has('labels')) delete metadata.labels;
  const spec = { ...pj.spec };
  if (omit.has('decoration_config')) delete spec.decoration_config;
  if (omit.has('pod_spec')) delete spec.pod_spec;
  return { ...pj, metadata, spec };
}

export function parseOmit(param: string | undefined): Set<OmittableField> {
  const out = new Set<OmittableField>();
  for (const f of (param ?? '').split(',')) {
    const t = f.trim();
    if ((OMITTABLE_FIELDS as readonly string[]).includes(t)) out.add(t as OmittableField);
  }
  return out;
}

function startOf(pj: ProwJob): string {
  return pj.status.startTime ?? pj.metadata.creationTimestamp ?? '';
}

/** Newest first, as Deck lists them. */
export function newestFirst(a: ProwJob, b: ProwJob): number {
  const sa = startOf(a);
  const sb = startOf(b);
  if (sa !== sb) return sa < sb ? 1 : -1;
  return a.metadata.name < b.metadata.name ? 1 : -1;
}

const gzipAsync = promisify(gzip);

const REBUILD_INTERVAL_MS = 1000;

export interface ListBody {
  /** The job set's version this body shows (its ETag). */
  generation: number;
  builtAt: number;
  body: Buffer;
  /** The body gzipped (computed once, on first use). */
  gzip(): Promise<Buffer>;
}

export interface JobIndexOptions {
  store: ProwJobStore;
  config: () => Config;
  visibility: Visibility;
  logger: Logger;
}

export class JobIndex {
  private readonly jobs = new Map<string, ProwJob>();
  private generation = 0;
  private sorted?: { generation: number; jobs: ProwJob[] };
  private readonly bodies = new Map<string, ListBody>();
  /** Each job serialized once per omit set, until its resourceVersion changes. */
  private readonly serialized = new Map<string, { rv: string | undefined; byOmit: Map<string, string> }>();
  private watch?: Watch;
  private stopped = false;

  constructor(private readonly opts: JobIndexOptions) {}

  /** Loads every job, then follows changes. */
  async start(): Promise<void> {
    for (const pj of await this.opts.store.list()) this.jobs.set(pj.metadata.name, pj);
    this.generation++;
    if (this.stopped) return;
    this.watch = watchWithRecovery(this.opts.store, { logger: this.opts.logger }, (ev) => {
      if (ev.type === 'DELETED') this.jobs.delete(ev.object.metadata.name);
      else {
        const prev = this.jobs.get(ev.object.metadata.name);
        if (prev && prev.metadata.resourceVersion === ev.object.metadata.resourceVersion) return;
        this.jobs.set(ev.object.metadata.name, ev.object);
      }
      this.generation++;
    });
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
  }

  /** Changes whenever the set of jobs changes (an ETag for list responses). */
  get version(): number {
    return this.generation;
  }

  get(name: string): ProwJob | undefined {
    const pj = this.jobs.get(name);
    return pj && this.visible(pj) ? pj : undefined;
  }

  visible(pj: ProwJob): boolean {
    return isVisible(pj, this.opts.visibility, this.opts.config().deck?.hidden_repos ?? []);
  }

  /** Every visible job, newest first. */
  list(): ProwJob[] {
    if (this.sorted?.generation !== this.generation) {
      const out: ProwJob[] = [];
      for (const pj of this.jobs.values()) if (this.visible(pj)) out.push(pj);
      out.sort(newestFirst);
      this.sorted = { generation: this.generation, jobs: out };
    }
    return this.sorted.jobs;
  }

  /** The /prowjobs.js body: `{"items":[…]}`, cached per omit set until the jobs change; gzipped on demand. */
  listBody(omit: ReadonlySet<OmittableField>): ListBody {
    const key = [...omit].sort().join(',');
    const cached = this.bodies.get(key);
    // Rebuilt at most once a second: a busy store changes jobs many times a second, and a list a second old is
    // as good as the next refresh.
    if (cached && (cached.generation === this.generation || Date.now() - cached.builtAt < REBUILD_INTERVAL_MS)) return cached;
    const jobs = this.list();
    const parts = new Array<string>(jobs.length);
    const live = new Set<string>();
    jobs.forEach((pj, i) => {
      const name = pj.metadata.name;
      live.add(name);
      let entry = this.serialized.get(name);
      if (!entry || entry.rv !== pj.metadata.resourceVersion) {
        entry = { rv: pj.metadata.resourceVersion, byOmit: new Map() };
        this.serialized.set(name, entry);
      }
      let json = entry.byOmit.get(key);
      if (json === undefined) {
        json = JSON.stringify(omitFields(pj, omit));
        entry.byOmit.set(key, json);
      }
      parts[i] = json;
    });
    for (const name of this.serialized.keys()) if (!live.has(name)) this.serialized.delete(name);
    const body = Buffer.from(`{"items":[${parts.join(',')}]}`, 'utf8');
    let gzipped: Promise<Buffer> | undefined;
    const entry: ListBody = {
      generation: this.generation,
      builtAt: Date.now(),
      body,
      gzip: () => (gzipped ??= gzipAsync(body, { level: 1 })),
    };
    this.bodies.set(key, entry);
    return entry;
  }

  /** Called when the config changes: hidden_repos may have changed. */
  invalidate(): void {
    this.generation++;
  }
}
