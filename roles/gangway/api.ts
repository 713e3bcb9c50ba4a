// The Prow API's four calls over the ProwJob store and the job config, independent of gRPC or HTTP: create a job
// execution of a configured periodic, presubmit or postsubmit (with extra envs, labels and annotations), read one,
// list them, and change the state of many at once. Authorization is upstream's: the caller must be one of
// `gangway.allowed_api_clients`, and a job's tenant_id must be in that client's `allowed_jobs_filters`.
import { newProwJob, periodicSpec, postsubmitSpec, presubmitSpec } from '../../src/api/create.js';
import { isValidLabelValue } from '../../src/api/labels.js';
import { isFinalState, type ProwJob, type ProwJobState, type ProwJobType, type Pull, type Refs } from '../../src/api/prowjob.js';
import { periodics, postsubmitsFor, presubmitsFor, shouldRunOnBranch } from '../../src/config/jobs.js';
import type { Config } from '../../src/config/types.js';
import type { Logger } from '../../src/runtime/logger.js';
import { updateWithRetry } from '../../src/store/retry.js';
import { NotFoundError, type ProwJobStore } from '../../src/store/types.js';

/** gRPC status codes the API answers with (the HTTP side maps them to HTTP statuses). */
export const Code = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, PERMISSION_DENIED: 7, INTERNAL: 13, UNAUTHENTICATED: 16 } as const;
export type CodeValue = (typeof Code)[keyof typeof Code];

export class ApiError extends Error {
  constructor(readonly code: CodeValue, message: string) {
    super(message);
  }
}

export type ExecutionStatus = 'JOB_EXECUTION_STATUS_UNSPECIFIED' | 'TRIGGERED' | 'PENDING' | 'SUCCESS' | 'FAILURE' | 'ABORTED' | 'ERROR';
export type ExecutionType = 'JOB_EXECUTION_TYPE_UNSPECIFIED' | 'PERIODIC' | 'POSTSUBMIT' | 'PRESUBMIT' | 'BATCH';

export interface PullMsg { number: number; author: string; sha: string; title: string; ref: string; link: string; commitLink: string; authorLink: string }
export interface RefsMsg {
  org: string; repo: string; repoLink: string; baseRef: string; baseSha: string; baseLink: string; pulls: PullMsg[];
  pathAlias: string; workDir: boolean; cloneUri: string; skipSubmodules: boolean; cloneDepth: number; skipFetchHead: boolean;
}
export interface PodSpecOptionsMsg { envs: Record<string, string>; labels: Record<string, string>; annotations: Record<string, string> }
export interface Timestamp { seconds: number; nanos: number }
export interface CreateRequest { jobName: string; jobExecutionType: ExecutionType; refs?: RefsMsg | null; podSpecOptions?: PodSpecOptionsMsg | null }
export interface JobExecution {
  id: string; jobName: string; jobType: ExecutionType; jobStatus: ExecutionStatus; refs?: RefsMsg | null;
  podSpecOptions?: PodSpecOptionsMsg | null; gcsPath: string; createTime?: Timestamp | null; completionTime?: Timestamp | null;
}
export interface BulkRequest {
  jobStatusChange?: { current: ExecutionStatus; desired: ExecutionStatus } | null;
  cluster: string; startedBefore?: Timestamp | null; startedAfter?: Timestamp | null; jobType: ExecutionType; refs?: RefsMsg | null;
}
export interface AllowedClient { gcp?: { endpoint_api_consumer_type?: string; endpoint_api_consumer_number?: string }; allowed_jobs_filters?: { tenant_id?: string }[] }

/** Upstream returns at most this many executions from a bulk change (the count says how many changed). */
export const MAX_JOBS_IN_REQ_COUNT = 10;

const STATE_TO_STATUS: Record<string, ExecutionStatus> = { triggered: 'TRIGGERED', pending: 'PENDING', success: 'SUCCESS', failure: 'FAILURE', aborted: 'ABORTED', error: 'ERROR' };
const TYPE_TO_EXEC: Record<ProwJobType, ExecutionType> = { periodic: 'PERIODIC', postsubmit: 'POSTSUBMIT', presubmit: 'PRESUBMIT', batch: 'BATCH' };
const SHA_RE = /^[0-9a-f]{40}$/;

const toTimestamp = (iso: string | undefined): Timestamp | null => {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
};
const fromTimestamp = (t: Timestamp): number => t.seconds * 1000 + Math.floor(t.nanos / 1e6);

function toCrdRefs(r: RefsMsg): Refs {
  const pulls: Pull[] = (r.pulls ?? []).map((p) => ({
    number: p.number, author: p.author, sha: p.sha, ...(p.title ? { title: p.title } : {}), ...(p.ref ? { ref: p.ref } : {}),
    ...(p.link ? { link: p.link } : {}), ...(p.commitLink ? { commit_link: p.commitLink } : {}), ...(p.authorLink ? { author_link: p.authorLink } : {}),
  }));
  return {
    org: r.org, repo: r.repo, base_ref: r.baseRef, base_sha: r.baseSha,
    ...(r.repoLink ? { repo_link: r.repoLink } : {}), ...(r.baseLink ? { base_link: r.baseLink } : {}), ...(pulls.length ? { pulls } : {}),
    ...(r.pathAlias ? { path_alias: r.pathAlias } : {}), ...(r.workDir ? { workdir: true } : {}), ...(r.cloneUri ? { clone_uri: r.cloneUri } : {}),
    ...(r.skipSubmodules ? { skip_submodules: true } : {}), ...(r.cloneDepth ? { clone_depth: r.cloneDepth } : {}), ...(r.skipFetchHead ? { skip_fetch_head: true } : {}),
  };
}

function fromCrdRefs(r: Refs | undefined): RefsMsg | null {
  if (!r) return null;
  return {
    org: r.org, repo: r.repo, repoLink: r.repo_link ?? '', baseRef: r.base_ref ?? '', baseSha: r.base_sha ?? '', baseLink: r.base_link ?? '',
    pulls: (r.pulls ?? []).map((p) => ({
      number: p.number, author: p.author, sha: p.sha, title: p.title ?? '', ref: p.ref ?? '', link: p.link ?? '', commitLink: p.commit_link ?? '', authorLink: p.author_link ?? '',
    })),
    pathAlias: r.path_alias ?? '', workDir: r.workdir ?? false, cloneUri: r.clone_uri ?? '', skipSubmodules: r.skip_submodules ?? false,
    cloneDepth: r.clone_depth ?? 0, skipFetchHead: r.skip_fetch_head ?? false,
  };
}

export function toExecution(pj: ProwJob): JobExecution {
  return {
    id: pj.metadata.name, jobName: pj.spec.job, jobType: TYPE_TO_EXEC[pj.spec.type] ?? 'JOB_EXECUTION_TYPE_UNSPECIFIED',
    jobStatus: STATE_TO_STATUS[pj.status.state ?? ''] ?? 'JOB_EXECUTION_STATUS_UNSPECIFIED', refs: fromCrdRefs(pj.spec.refs),
    podSpecOptions: null, gcsPath: '', createTime: toTimestamp(pj.status.startTime), completionTime: toTimestamp(pj.status.completionTime),
  };
}

function validateCreate(req: CreateRequest): void {
  if (!req.jobName) throw new ApiError(Code.INVALID_ARGUMENT, 'job_name field cannot be empty');
  const type = req.jobExecutionType;
  if (type !== 'PERIODIC' && type !== 'PRESUBMIT' && type !== 'POSTSUBMIT') throw new ApiError(Code.INVALID_ARGUMENT, `unsupported JobExecutionType: ${type || 'JOB_EXECUTION_TYPE_UNSPECIFIED'}`);
  if (type === 'PERIODIC' && req.refs) throw new ApiError(Code.INVALID_ARGUMENT, 'periodic jobs cannot also have gitRefs');
  if (type !== 'PERIODIC') {
    const r = req.refs;
    if (!r) throw new ApiError(Code.INVALID_ARGUMENT, `gitRefs must be defined for "${type}"`);
    const missing = !r.org ? 'Org' : !r.repo ? 'Repo' : !r.baseRef ? 'BaseRef' : !r.baseSha ? 'BaseSha' : undefined;
    if (missing) throw new ApiError(Code.INVALID_ARGUMENT, `gitRefs: failed to validate: gitRefs: ${missing} cannot be empty`);
    for (const p of r.pulls ?? []) if (!SHA_RE.test(p.sha)) throw new ApiError(Code.INVALID_ARGUMENT, `gitRefs: failed to validate: pull: invalid SHA: "${p.sha}"`);
    if (type === 'PRESUBMIT' && !(r.pulls ?? []).length) throw new ApiError(Code.INVALID_ARGUMENT, 'at least 1 Pulls is required');
  }
  const pso = req.podSpecOptions;
  for (const [k, v] of Object.entries(pso?.envs ?? {})) if (!k || !v) throw new ApiError(Code.INVALID_ARGUMENT, `invalid environment variable key/value pair: "${k}", "${v}"`);
  for (const [k, v] of Object.entries(pso?.labels ?? {})) {
    if (!k || !v) throw new ApiError(Code.INVALID_ARGUMENT, `invalid label key/value pair: "${k}", "${v}"`);
    if (!isValidLabelValue(v)) throw new ApiError(Code.INVALID_ARGUMENT, `invalid label: ${JSON.stringify(v)} must be at most 63 characters, alphanumerics and -_. between alphanumerics`);
  }
  for (const [k, v] of Object.entries(pso?.annotations ?? {})) if (!k || !v) throw new ApiError(Code.INVALID_ARGUMENT, `invalid annotation key/value pair: "${k}", "${v}"`);
}

/** The ProwJob a create request asks for, from the static job config (as mkpj makes it). */
function prowJobFor(config: Config, req: CreateRequest): ProwJob {
  const pso = req.podSpecOptions;
  const meta = (job: { labels?: Record<string, string>; annotations?: Record<string, string> }) => ({
    labels: { ...job.labels, ...pso?.labels }, annotations: { ...job.annotations, ...pso?.annotations },
  });
  let pj: ProwJob;
  if (req.jobExecutionType === 'PERIODIC') {
    const job = periodics(config).find((j) => j.name === req.jobName);
    if (!job) throw new ApiError(Code.NOT_FOUND, `failed to find associated periodic job "${req.jobName}"`);
    pj = newProwJob(periodicSpec(job), meta(job));
  } else {
    const refs = toCrdRefs(req.refs!);
    const orgRepo = `${refs.org}/${refs.repo}`;
    const jobs = (req.jobExecutionType === 'PRESUBMIT' ? presubmitsFor(config, orgRepo) : postsubmitsFor(config, orgRepo))
      .filter((j) => j.name === req.jobName && shouldRunOnBranch(j, refs.base_ref ?? ''));
    const kind = req.jobExecutionType === 'PRESUBMIT' ? 'presubmit' : 'postsubmit';
    if (jobs.length === 0) throw new ApiError(Code.NOT_FOUND, `failed to find associated ${kind} job "${req.jobName}" from orgRepo "${orgRepo}"`);
    if (jobs.length > 1) throw new ApiError(Code.INVALID_ARGUMENT, `${req.jobName} matches multiple prow jobs from orgRepo "${orgRepo}"`);
    const job = jobs[0];
    pj = newProwJob(req.jobExecutionType === 'PRESUBMIT' ? presubmitSpec(job, refs) : postsubmitSpec(job, refs), meta(job));
  }
  const envs = Object.entries(pso?.envs ?? {}).map(([name, value]) => ({ name, value }));
  if (envs.length > 0) for (const c of pj.spec.pod_spec?.containers ?? []) c.env = [...(c.env ?? []), ...envs];
  return pj;
}

function authorized(client: AllowedClient, pj: ProwJob): boolean {
  const tenant = pj.spec.prowjob_defaults?.tenant_id ?? '';
  return (client.allowed_jobs_filters ?? []).some((f) => f.tenant_id === tenant);
}

export interface GangwayDeps {
  store: ProwJobStore;
  config: () => Config;
  logger: Logger;
}

export class GangwayApi {
  constructor(private readonly d: GangwayDeps) {}

  async createJobExecution(req: CreateRequest, client: AllowedClient): Promise<JobExecution> {
    validateCreate(req);
    const pj = prowJobFor(this.d.config(), req);
    if (!pj.spec.prowjob_defaults?.tenant_id) throw new ApiError(Code.INVALID_ARGUMENT, `could not determine tenant_id for job ${pj.metadata.name}`);
    if (!authorized(client, pj)) throw new ApiError(Code.PERMISSION_DENIED, 'client is not authorized to execute the given job');
    await this.d.store.create(pj);
    this.d.logger.info('Job created.', { job: req.jobName, name: pj.metadata.name, 'prowjob-annotations': pj.metadata.annotations });
    return { ...toExecution(pj), jobStatus: 'TRIGGERED', refs: req.refs ?? null, podSpecOptions: req.podSpecOptions ?? null };
  }

  async getJobExecution(id: string): Promise<JobExecution> {
    try {
      return toExecution(await this.d.store.get(id));
    } catch (e) {
      if (e instanceof NotFoundError) throw new ApiError(Code.NOT_FOUND, `prowjobs.prow.k8s.io "${id}" not found`);
      throw e;
    }
  }

  /** Every execution of `jobName` (all jobs when empty) in `status` (any when unspecified), newest first. */
  async listJobExecutions(jobName: string, status: ExecutionStatus): Promise<JobExecution[]> {
    return (await this.d.store.list())
      .filter((pj) => (!jobName || pj.spec.job === jobName) && (status === 'JOB_EXECUTION_STATUS_UNSPECIFIED' || STATE_TO_STATUS[pj.status.state ?? ''] === status))
      .sort((a, b) => (b.status.startTime ?? '').localeCompare(a.status.startTime ?? ''))
      .map(toExecution);
  }

  /** Moves every job matching the request from `current` to `desired`; a job the client may not touch is an error. */
  async bulkJobStatusChange(req: BulkRequest, client: AllowedClient): Promise<{ count: number; jobExecutions: JobExecution[]; errors: string[] }> {
    const change = req.jobStatusChange;
    if (!change?.current || change.current === 'JOB_EXECUTION_STATUS_UNSPECIFIED') throw new ApiError(Code.INVALID_ARGUMENT, 'current status is unspecified');
    if (!change.desired || change.desired === 'JOB_EXECUTION_STATUS_UNSPECIFIED') throw new ApiError(Code.INVALID_ARGUMENT, 'desired status is unspecified');
    const current = change.current.toLowerCase() as ProwJobState;
    const desired = change.desired.toLowerCase() as ProwJobState;
    const matches = (pj: ProwJob): boolean => {
      if (pj.status.state !== current) return false;
      if (req.cluster && pj.spec.cluster !== req.cluster) return false;
      if (req.jobType && req.jobType !== 'JOB_EXECUTION_TYPE_UNSPECIFIED' && TYPE_TO_EXEC[pj.spec.type] !== req.jobType) return false;
      const started = Date.parse(pj.status.startTime ?? '');
      if (req.startedBefore && started > fromTimestamp(req.startedBefore)) return false;
      if (req.startedAfter && started < fromTimestamp(req.startedAfter)) return false;
      if (req.refs?.org && req.refs.org !== pj.spec.refs?.org) return false;
      if (req.refs?.repo && req.refs.repo !== pj.spec.refs?.repo) return false;
      return true;
    };
    const errors: string[] = [];
    const changed: JobExecution[] = [];
    for (const pj of (await this.d.store.list()).filter(matches)) {
      if (!authorized(client, pj)) {
        errors.push(`client is not authorized to modify the given job: ${pj.metadata.name}`);
        continue;
      }
      try {
        let moved = false;
        const updated = await updateWithRetry(this.d.store, pj.metadata.name, (cur) => {
          moved = cur.status.state === current;
          if (!moved) return false;
          cur.status.state = desired;
          // A job moved to a final state is finished now, so crier reports it and sinker can clean it up.
          if (isFinalState(desired) && !cur.status.completionTime) cur.status.completionTime = new Date().toISOString();
          return cur;
        });
        if (!moved) continue;
        this.d.logger.info('ProwJob status updated', { name: pj.metadata.name, state: updated.status.state });
        changed.push(toExecution(updated));
      } catch (e) {
        errors.push(`${pj.metadata.name}, failed to update ProwJob status: ${(e as Error).message}`);
      }
    }
    return { count: changed.length, jobExecutions: changed.slice(0, MAX_JOBS_IN_REQ_COUNT), errors };
  }
}
