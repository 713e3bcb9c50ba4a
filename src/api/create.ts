// Creating ProwJobs from job configs, as upstream's pjutil does: the spec from the job (already defaulted by the
// config loader: decoration resolved, presets applied), labels and annotations, a UUID name, a build ID, and
// `triggered` with a start time.
import { createHash, randomUUID } from 'node:crypto';
import type { V1PodSpec } from '@kubernetes/client-node';
import { formatGoDuration, parseGoDuration } from '../config/duration.js';
import type { DecorationConfig, JobBase, Periodic, Postsubmit, Presubmit } from '../config/types.js';
import { labelsAndAnnotationsForSpec } from './labels.js';
import {
  LABEL_BUILD_ID,
  LABEL_ID,
  LABEL_IS_OPTIONAL,
  PROWJOB_API_VERSION,
  PROWJOB_KIND,
  type ProwJob,
  type ProwJobSpec,
  type Refs,
} from './prowjob.js';
import { rfc3339 } from './state.js';

/** Upstream's name for the container that runs the job's command (kube.TestContainerName). */
export const TEST_CONTAINER_NAME = 'test';

/** Label upstream puts on ProwJobs created for a GitHub event (github.EventGUID). */
export const LABEL_EVENT_GUID = 'event-GUID';

/** The spec fields every job kind shares (upstream specFromJobBase). */
function specFromJobBase(job: JobBase): Omit<ProwJobSpec, 'type'> {
  const spec: Omit<ProwJobSpec, 'type'> = { job: job.name };
  if (job.agent) spec.agent = job.agent;
  if (job.cluster) spec.cluster = job.cluster;
  if (job.namespace) spec.namespace = job.namespace;
  if (job.max_concurrency) spec.max_concurrency = job.max_concurrency;
  if (job.job_queue_name) spec.job_queue_name = job.job_queue_name;
  if (job.error_on_eviction) spec.error_on_eviction = true;
  const extra = decorateExtraRefs(job);
  if (extra) spec.extra_refs = extra;
  if (job.decorate && job.decoration_config) spec.decoration_config = withGoDurations(structuredClone(job.decoration_config));
  if (job.spec) spec.pod_spec = withContainerNames(structuredClone(job.spec));
  if (job.reporter_config) spec.reporter_config = structuredClone(job.reporter_config);
  if (job.rerun_auth_config) spec.rerun_auth_config = structuredClone(job.rerun_auth_config);
  if (job.hidden) spec.hidden = true;
  if (job.prowjob_defaults) spec.prowjob_defaults = structuredClone(job.prowjob_defaults);
  return spec;
}

/**
 * Container names stay as configured. The CRD requires the field, and upstream (Go, no omitempty) writes an unset
 * name as `""`; the Pod's container is named `test` only when the Pod is built.
 */
function withContainerNames(pod: V1PodSpec): V1PodSpec {
  for (const c of pod.containers ?? []) {
    c.name ??= '';
    // Go writes the (non-pointer) resources struct even when empty.
    c.resources ??= {};
  }
  return pod;
}

/** Durations as upstream serializes them (Go's Duration.String: `2h` in config is `2h0m0s` in the ProwJob). */
function withGoDurations(dc: DecorationConfig): DecorationConfig {
  for (const key of DECORATION_DURATIONS) {
    const v = dc[key];
    if (v !== undefined) dc[key] = formatGoDuration(parseGoDuration(v));
  }
  return dc;
}

const DECORATION_DURATIONS = ['timeout', 'grace_period', 'pod_pending_timeout', 'pod_running_timeout', 'pod_unscheduled_timeout'] as const;

/** The job's clone settings applied to the refs under test (upstream CompletePrimaryRefs). */
export function completePrimaryRefs(refs: Refs, job: JobBase): Refs {
  const out = structuredClone(refs);
  if (job.path_alias) out.path_alias = job.path_alias;
  if (job.clone_uri) out.clone_uri = job.clone_uri;
  if (job.skip_submodules) out.skip_submodules = true;
  if (job.clone_depth && job.clone_depth > 0) out.clone_depth = job.clone_depth;
  if (job.skip_fetch_head) out.skip_fetch_head = true;
  if (job.decorate && job.decoration_config?.blobless_fetch !== undefined && out.blobless_fetch === undefined) {
    out.blobless_fetch = job.decoration_config.blobless_fetch;
  }
  return out;
}

/** extra_refs with the decoration config's fetch settings (upstream DecorateExtraRefs). */
function decorateExtraRefs(job: JobBase): Refs[] | undefined {
  if (!job.extra_refs?.length) return undefined;
  return job.extra_refs.map((r) => {
    const out = structuredClone(r);
    if (job.decorate && job.decoration_config?.blobless_fetch !== undefined && out.blobless_fetch === undefined) {
      out.blobless_fetch = job.decoration_config.blobless_fetch;
    }
    return out;
  });
}

export function presubmitSpec(job: Presubmit, refs: Refs): ProwJobSpec {
  const spec: ProwJobSpec = { type: 'presubmit', ...specFromJobBase(job) };
  spec.refs = completePrimaryRefs(refs, job);
  spec.report = !job.skip_report;
  if (job.context) spec.context = job.context;
  if (job.rerun_command) spec.rerun_command = job.rerun_command;
  return order(spec);
}

/** A batch runs a presubmit against several pulls merged together (refs.pulls holds them all). */
export function batchSpec(job: Presubmit, refs: Refs): ProwJobSpec {
  const spec: ProwJobSpec = { type: 'batch', ...specFromJobBase(job) };
  spec.refs = completePrimaryRefs(refs, job);
  spec.report = !job.skip_report;
  if (job.context) spec.context = job.context;
  return order(spec);
}

export function postsubmitSpec(job: Postsubmit, refs: Refs): ProwJobSpec {
  const spec: ProwJobSpec = { type: 'postsubmit', ...specFromJobBase(job) };
  spec.refs = completePrimaryRefs(refs, job);
  spec.report = !job.skip_report;
  if (job.context) spec.context = job.context;
  return order(spec);
}

export function periodicSpec(job: Periodic): ProwJobSpec {
  // As upstream's PeriodicSpec: periodics always report (they have no skip_report).
  return order({ type: 'periodic', ...specFromJobBase(job), report: true });
}

export interface NewProwJobOptions {
  /** Labels added to (and overriding) the computed ones: the job's own labels, then these. */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Default: a new UUID, as upstream. */
  name?: string;
  /** Default: none; plank gives the job its build ID when it starts it, as upstream. */
  buildId?: string;
  /** Default: now. */
  now?: Date;
}

/**
 * A new ProwJob for `spec` in state `triggered` (upstream pjutil.NewProwJob). The job takes `spec` as it is: a spec
 * from presubmitSpec and the others is the caller's own already; one from another job is copied first (newRerun).
 */
export function newProwJob(spec: ProwJobSpec, opts: NewProwJobOptions = {}): ProwJob {
  const name = opts.name ?? randomUUID();
  // prow.k8s.io/id and prow.k8s.io/build-id go on the Pod, not on the ProwJob (as upstream).
  const { labels, annotations } = labelsAndAnnotationsForSpec(spec, opts.labels, opts.annotations);
  return {
    apiVersion: PROWJOB_API_VERSION,
    kind: PROWJOB_KIND,
    metadata: { name, labels, annotations },
    spec,
    status: {
      startTime: rfc3339(opts.now ?? new Date()), state: 'triggered', ...(opts.buildId !== undefined ? { build_id: opts.buildId } : {}),
    },
  };
}

export interface EventOptions extends NewProwJobOptions {
  /** The X-GitHub-Delivery of the event that caused the job (label `event-GUID`). */
  eventGUID?: string;
}

/**
 * The name of the ProwJob a webhook delivery makes for a spec: a UUID derived from the delivery GUID, the job and
 * what it tests, so handling the same delivery again (a replay after a crash, a redelivery) names the same ProwJob
 * and the store refuses a second one.
 */
export function eventJobName(eventGUID: string, spec: ProwJobSpec): string {
  const refs = spec.refs;
  const what = [eventGUID, spec.type, spec.job, refs?.org, refs?.repo, refs?.base_ref, refs?.base_sha, ...(refs?.pulls ?? []).map((p) => `${p.number}:${p.sha ?? ''}`)];
  const h = createHash('sha256').update(JSON.stringify(what)).digest('hex');
  // Shaped as a version-5-style UUID, like the random names of other ProwJobs.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function withJobMetadata(job: JobBase, opts: EventOptions, extra: Record<string, string> = {}): EventOptions {
  const labels: Record<string, string> = { ...(job.labels ?? {}), ...(opts.labels ?? {}), ...extra };
  if (opts.eventGUID) labels[LABEL_EVENT_GUID] = opts.eventGUID;
  return { ...opts, labels, annotations: { ...(job.annotations ?? {}), ...(opts.annotations ?? {}) } };
}

/** A new ProwJob for a job a webhook delivery asked for: named after the delivery when it has one. */
function newEventProwJob(spec: ProwJobSpec, opts: EventOptions): ProwJob {
  const { eventGUID, ...rest } = opts;
  return newProwJob(spec, eventGUID && !rest.name ? { ...rest, name: eventJobName(eventGUID, spec) } : rest);
}

/** A presubmit for the pull in `refs.pulls[0]` (upstream NewPresubmit). */
export function newPresubmit(job: Presubmit, refs: Refs, opts: EventOptions = {}): ProwJob {
  return newEventProwJob(presubmitSpec(job, refs), withJobMetadata(job, opts, { [LABEL_IS_OPTIONAL]: String(Boolean(job.optional)) }));
}

export function newBatch(job: Presubmit, refs: Refs, opts: EventOptions = {}): ProwJob {
  return newEventProwJob(batchSpec(job, refs), withJobMetadata(job, opts));
}

export function newPostsubmit(job: Postsubmit, refs: Refs, opts: EventOptions = {}): ProwJob {
  return newEventProwJob(postsubmitSpec(job, refs), withJobMetadata(job, opts));
}

export function newPeriodic(job: Periodic, opts: EventOptions = {}): ProwJob {
  return newEventProwJob(periodicSpec(job), withJobMetadata(job, opts));
}

// Field order as upstream serializes ProwJobSpec, so `prow mkpj` output reads like upstream's.
const SPEC_ORDER: readonly (keyof ProwJobSpec)[] = [
  'type', 'agent', 'cluster', 'namespace', 'job', 'refs', 'extra_refs', 'report', 'context', 'rerun_command',
  'max_concurrency', 'error_on_eviction', 'pod_spec', 'decoration_config', 'reporter_config', 'rerun_auth_config',
  'hidden', 'prowjob_defaults', 'job_queue_name',
];

function order(spec: ProwJobSpec): ProwJobSpec {
  const out: Record<string, unknown> = {};
  for (const k of SPEC_ORDER) if (spec[k] !== undefined) out[k] = spec[k];
  for (const [k, v] of Object.entries(spec)) if (!(k in out) && v !== undefined) out[k] = v;
  return out as unknown as ProwJobSpec;
}

/** A rerun: a new ProwJob with the spec, labels and annotations of `pj`, a new name and build ID. */
export function newRerun(pj: ProwJob, opts: NewProwJobOptions = {}): ProwJob {
  const labels = { ...(pj.metadata.labels ?? {}) };
  delete labels[LABEL_ID];
  delete labels[LABEL_BUILD_ID];
  return newProwJob(structuredClone(pj.spec), { ...opts, labels: { ...labels, ...(opts.labels ?? {}) }, annotations: { ...(pj.metadata.annotations ?? {}), ...(opts.annotations ?? {}) } });
}
