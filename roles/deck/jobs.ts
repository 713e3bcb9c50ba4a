// Deck's view of the ProwJob store: every job kept in memory from a watch, the visibility rules of this Deck
// (tenants, hidden repos) applied, and /prowjobs.js bodies cached until the next change, so 20,000 jobs are
// served without re-serializing them for every request.
import type { ProwJob } from '../../src/api/prowjob.js';
import type { Config } from '../../src/config/types.js';
import type { Logger } from '../../src/runtime/logger.js';
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
  private readonly bodies = new Map<string, { generation: number; body: string }>();
  private watch?: Watch;
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly opts: JobIndexOptions) {}

  /** Loads every job, then follows changes. */
  async start(): Promise<void> {
    await this.resync();
  }

  private async resync(): Promise<void> {
    const all = await this.opts.store.list();
    this.jobs.clear();
    for (const pj of all) this.jobs.set(pj.metadata.name, pj);
    this.generation++;
    if (this.stopped) return;
    this.watch = this.opts.store.watch(
      {},
      (ev) => {
        if (ev.type === 'DELETED') this.jobs.delete(ev.object.metadata.name);
        else {
          const prev = this.jobs.get(ev.object.metadata.name);
          if (prev && prev.metadata.resourceVersion === ev.object.metadata.resourceVersion) return;
          this.jobs.set(ev.object.metadata.name, ev.object);
        }
        this.generation++;
      },
      (err) => {
        this.opts.logger.warn('prowjob watch failed; listing again', { error: err.message });
        this.watch?.stop();
        this.retry = setTimeout(() => {
          this.resync().catch((e: unknown) => this.opts.logger.error('listing prowjobs failed', { error: String(e) }));
        }, 1000);
      },
    );
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
    if (this.retry) clearTimeout(this.retry);
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

  /** The /prowjobs.js body: `{"items":[…]}`, cached per omit set until the jobs change. */
  listBody(omit: ReadonlySet<OmittableField>): string {
    const key = [...omit].sort().join(',');
    const cached = this.bodies.get(key);
    if (cached?.generation === this.generation) return cached.body;
    const parts = this.list().map((pj) => JSON.stringify(omitFields(pj, omit)));
    const body = `{"items":[${parts.join(',')}]}`;
    this.bodies.set(key, { generation: this.generation, body });
    return body;
  }

  /** Called when the config changes: hidden_repos may have changed. */
  invalidate(): void {
    this.generation++;
  }
}
