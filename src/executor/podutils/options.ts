// Pod-utility options in upstream's JSON shapes: what $CLONEREFS_OPTIONS, $INITUPLOAD_OPTIONS,
// $ENTRYPOINT_OPTIONS and $SIDECAR_OPTIONS hold. Field names are upstream's; durations in the entrypoint
// options are nanoseconds, as upstream's Go encoding of time.Duration.
import type { GCSConfiguration, Refs } from '../../api/prowjob.js';

export const CLONEREFS_OPTIONS_ENV = 'CLONEREFS_OPTIONS';
export const INITUPLOAD_OPTIONS_ENV = 'INITUPLOAD_OPTIONS';
export const ENTRYPOINT_OPTIONS_ENV = 'ENTRYPOINT_OPTIONS';
export const SIDECAR_OPTIONS_ENV = 'SIDECAR_OPTIONS';
export const JOB_SPEC_ENV = 'JOB_SPEC';

export interface CloneRefsOptions {
  /** Root of the GOPATH-like tree repos are cloned into: <src_root>/src/<path>. */
  src_root: string;
  /** Where the clone records (JSON) are written. */
  log: string;
  git_user_name?: string;
  git_user_email?: string;
  refs: Refs[];
  /** Files holding SSH keys to clone with. */
  key_files?: string[];
  host_fingerprints?: string[];
  cookie_path?: string;
  oauth_token_file?: string;
  max_parallel_workers?: number;
  /** Exit non-zero when a clone fails (upstream's `fail`). */
  fail?: boolean;
}

/** gcsupload options: GCSConfiguration inline plus what to upload and with which credentials. */
export interface GCSUploadOptions extends GCSConfiguration {
  items?: string[];
  sub_dir?: string;
  gcs_credentials_file?: string;
  s3_credentials_file?: string;
  dry_run?: boolean | string;
}

export interface InitUploadOptions extends GCSUploadOptions {
  /** The clone records clonerefs wrote. */
  log?: string;
}

export interface WrapperOptions {
  container_name?: string;
  process_log: string;
  marker_file: string;
  metadata_file?: string;
}

export interface EntrypointOptions extends WrapperOptions {
  args: string[];
  /** Nanoseconds. */
  timeout?: number;
  /** Nanoseconds. */
  grace_period?: number;
  artifact_dir?: string;
  always_zero?: boolean;
  propagate_error_code?: boolean;
}

export interface SidecarCensoringOptions {
  secret_directories?: string[];
  censoring_concurrency?: number;
  censoring_buffer_size?: number;
  include_directories?: string[];
  exclude_directories?: string[];
  minimum_secret_length?: number;
}

export interface SidecarOptions {
  gcs_options: GCSUploadOptions;
  /** One entry per wrapped container. */
  entries?: WrapperOptions[];
  /** Older single-container form. */
  wrapper_options?: WrapperOptions;
  censoring_options?: SidecarCensoringOptions;
  ignore_interrupts?: boolean;
}

/** Parses one options document from the environment; undefined when the variable is unset. */
export function optionsFromEnv<T>(name: string, env: NodeJS.ProcessEnv = process.env): T | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new Error(`$${name} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`$${name} must be a JSON object`);
  return parsed as T;
}

export const NS_PER_MS = 1_000_000;

export function isDryRun(o: GCSUploadOptions): boolean {
  return o.dry_run === true || o.dry_run === 'true';
}
