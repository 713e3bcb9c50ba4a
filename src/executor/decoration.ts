// Decoration: turns a ProwJob's decoration_config into the pod-utility option documents. Both executors use it
// (the local one with host paths, the Kubernetes one with upstream's mount paths), so a job gets the same
// clones, the same uploads and the same timeouts wherever it runs.
import path from 'node:path';
import type { DecorationConfig, GCSConfiguration, ProwJob, Refs } from '../api/prowjob.js';
import { parseGoDuration } from '../config/duration.js';
import { pathForRefs } from './podutils/clonerefs.js';
import { DEFAULT_GRACE_PERIOD_MS, DEFAULT_TIMEOUT_MS } from './podutils/entrypoint.js';
import { NS_PER_MS, type CloneRefsOptions, type EntrypointOptions, type GCSUploadOptions, type InitUploadOptions, type SidecarOptions } from './podutils/options.js';

/** Where the utilities find things: `/logs`, `/home/prow/go`, … in a Pod; a workspace on the host. */
export interface DecorationPaths {
  logsDir: string;
  srcRoot: string;
}

export const CLONE_LOG_FILE = 'clone.json';
export const PROCESS_LOG_FILE = 'process-log.txt';
export const MARKER_FILE = 'marker-file.txt';
export const METADATA_FILE = 'metadata.json';
export const ARTIFACTS_SUBDIR = 'artifacts';

export function isDecorated(pj: ProwJob): boolean {
  return pj.spec.decoration_config !== undefined && pj.spec.decoration_config !== null;
}

/** The refs a job clones: its own, then extra_refs. */
export function allRefs(pj: ProwJob): Refs[] {
  return [...(pj.spec.refs ? [pj.spec.refs] : []), ...(pj.spec.extra_refs ?? [])];
}

/** The working directory of the test: the ref marked `workdir`, else the job's own refs, else the first extra ref. */
export function workDir(pj: ProwJob, srcRoot: string): string | undefined {
  const refs = allRefs(pj);
  const chosen = refs.find((r) => r.workdir) ?? pj.spec.refs ?? refs[0];
  return chosen ? pathForRefs(srcRoot, chosen) : undefined;
}

export interface ResolvedTimeouts {
  timeoutMs: number;
  gracePeriodMs: number;
}

function durationOr(value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  const ms = parseGoDuration(value);
  return ms > 0 ? ms : fallback;
}

/** The decoration timeout and grace period, upstream's 2h and 15s when unset. */
export function timeoutsOf(dc: DecorationConfig | undefined): ResolvedTimeouts {
  return { timeoutMs: durationOr(dc?.timeout, DEFAULT_TIMEOUT_MS), gracePeriodMs: durationOr(dc?.grace_period, DEFAULT_GRACE_PERIOD_MS) };
}

/** The job's gcs_configuration with the bucket defaulted (all-in-one: the data-dir bucket). */
export function gcsConfigOf(pj: ProwJob, defaultBucket: string): GCSConfiguration {
  const gcs = pj.spec.decoration_config?.gcs_configuration ?? {};
  return { ...gcs, bucket: gcs.bucket || defaultBucket, path_strategy: gcs.path_strategy || 'explicit' };
}

export function cloneRefsOptions(pj: ProwJob, p: DecorationPaths): CloneRefsOptions {
  return {
    src_root: p.srcRoot,
    log: path.join(p.logsDir, CLONE_LOG_FILE),
    git_user_name: 'ci-robot',
    git_user_email: 'ci-robot@k8s.io',
    refs: allRefs(pj),
  };
}

export function uploadOptions(pj: ProwJob, p: DecorationPaths, defaultBucket: string, creds: { gcs?: string; s3?: string } = {}): GCSUploadOptions {
  const o: GCSUploadOptions = { ...gcsConfigOf(pj, defaultBucket), items: [path.join(p.logsDir, ARTIFACTS_SUBDIR)] };
  if (creds.gcs) o.gcs_credentials_file = creds.gcs;
  if (creds.s3) o.s3_credentials_file = creds.s3;
  return o;
}

export function initUploadOptions(pj: ProwJob, p: DecorationPaths, defaultBucket: string, creds: { gcs?: string; s3?: string } = {}): InitUploadOptions {
  const o: InitUploadOptions = { ...uploadOptions(pj, p, defaultBucket, creds) };
  delete o.items;
  if (!pj.spec.decoration_config?.skip_cloning && allRefs(pj).length > 0) o.log = path.join(p.logsDir, CLONE_LOG_FILE);
  return o;
}

export function entrypointOptions(pj: ProwJob, p: DecorationPaths, args: string[]): EntrypointOptions {
  const t = timeoutsOf(pj.spec.decoration_config);
  return {
    args,
    timeout: Math.round(t.timeoutMs * NS_PER_MS),
    grace_period: Math.round(t.gracePeriodMs * NS_PER_MS),
    artifact_dir: path.join(p.logsDir, ARTIFACTS_SUBDIR),
    process_log: path.join(p.logsDir, PROCESS_LOG_FILE),
    marker_file: path.join(p.logsDir, MARKER_FILE),
    metadata_file: path.join(p.logsDir, ARTIFACTS_SUBDIR, METADATA_FILE),
  };
}

export function sidecarOptions(
  pj: ProwJob,
  p: DecorationPaths,
  defaultBucket: string,
  creds: { gcs?: string; s3?: string } = {},
  secretDirs: string[] = [],
): SidecarOptions {
  const ep = entrypointOptions(pj, p, ['-']);
  const dc = pj.spec.decoration_config;
  const o: SidecarOptions = {
    gcs_options: uploadOptions(pj, p, defaultBucket, creds),
    entries: [{ process_log: ep.process_log, marker_file: ep.marker_file, metadata_file: ep.metadata_file }],
  };
  if (dc?.censor_secrets) {
    const c = dc.censoring_options ?? {};
    o.censoring_options = { ...c, secret_directories: secretDirs };
  }
  if (dc?.upload_ignores_interrupts) o.ignore_interrupts = true;
  return o;
}
