// prow.k8s.io/v1 ProwJob, field for field as the upstream CRD defines it
// (../shared/reference/prow/prowjob_customresourcedefinition.yaml). Field names and casing are part of the
// compatibility contract: upstream tools read these objects, so never rename a field here.
import type { V1PodSpec, V1ResourceRequirements } from '@kubernetes/client-node';

export const PROWJOB_API_VERSION = 'prow.k8s.io/v1';
export const PROWJOB_KIND = 'ProwJob';

export type ProwJobType = 'presubmit' | 'postsubmit' | 'periodic' | 'batch';
export const PROWJOB_TYPES: readonly ProwJobType[] = ['presubmit', 'postsubmit', 'periodic', 'batch'];

export type ProwJobState = 'scheduling' | 'triggered' | 'pending' | 'success' | 'failure' | 'aborted' | 'error';
export const FINAL_STATES: readonly ProwJobState[] = ['success', 'failure', 'aborted', 'error'];

/** Agents upstream knows. We execute `kubernetes` jobs (as Pods, or as local processes in all-in-one mode). */
export type ProwJobAgent = 'kubernetes' | 'jenkins' | 'tekton-pipeline';

export interface Pull {
  number: number;
  author: string;
  sha: string;
  title?: string;
  ref?: string;
  head_ref?: string;
  link?: string;
  commit_link?: string;
  author_link?: string;
}

export interface Refs {
  org: string;
  repo: string;
  repo_link?: string;
  base_ref?: string;
  base_sha?: string;
  base_link?: string;
  pulls?: Pull[];
  path_alias?: string;
  workdir?: boolean;
  clone_uri?: string;
  skip_submodules?: boolean;
  clone_depth?: number;
  skip_fetch_head?: boolean;
  blobless_fetch?: boolean;
  sparse_checkout_files?: string[];
  auxiliary?: boolean;
}

export interface UtilityImages {
  clonerefs?: string;
  initupload?: string;
  entrypoint?: string;
  sidecar?: string;
}

export interface GCSConfiguration {
  bucket?: string;
  path_prefix?: string;
  path_strategy?: 'legacy' | 'single' | 'explicit' | string;
  default_org?: string;
  default_repo?: string;
  mediaTypes?: Record<string, string>;
  job_url_prefix?: string;
  local_output_dir?: string;
  compress_file_types?: string[];
}

export interface SecretKeySelectorLite {
  name?: string;
  key?: string;
}

export interface CensoringOptions {
  censoring_concurrency?: number;
  censoring_buffer_size?: number;
  include_directories?: string[];
  exclude_directories?: string[];
  minimum_secret_length?: number;
}

export interface DecorationConfig {
  timeout?: string;
  grace_period?: string;
  utility_images?: UtilityImages;
  resources?: {
    clonerefs?: V1ResourceRequirements;
    initupload?: V1ResourceRequirements;
    place_entrypoint?: V1ResourceRequirements;
    sidecar?: V1ResourceRequirements;
  };
  gcs_configuration?: GCSConfiguration;
  gcs_credentials_secret?: string;
  s3_credentials_secret?: string;
  default_service_account_name?: string;
  ssh_key_secrets?: string[];
  ssh_host_fingerprints?: string[];
  blobless_fetch?: boolean;
  skip_cloning?: boolean;
  cookiefile_secret?: string;
  oauth_token_secret?: SecretKeySelectorLite;
  github_api_endpoints?: string[];
  github_app_id?: string;
  github_app_private_key_secret?: SecretKeySelectorLite;
  censor_secrets?: boolean;
  censoring_options?: CensoringOptions;
  upload_ignores_interrupts?: boolean;
  fs_group?: number;
  run_as_user?: number;
  run_as_group?: number;
  pod_pending_timeout?: string;
  pod_running_timeout?: string;
  pod_unscheduled_timeout?: string;
  default_memory_request?: string | number;
  set_limit_equals_memory_request?: boolean;
  sparse_checkout_files?: string[];
  scheduling_options?: Record<string, unknown>;
}

export interface SlackReporterConfig {
  host?: string;
  channel?: string;
  job_states_to_report?: ProwJobState[];
  report_template?: string;
  report?: boolean;
}

export interface ReporterConfig {
  slack?: SlackReporterConfig;
}

export interface GitHubTeamSlug {
  slug: string;
  org: string;
}

export interface RerunAuthConfig {
  allow_anyone?: boolean;
  github_users?: string[];
  github_team_ids?: number[];
  github_team_slugs?: GitHubTeamSlug[];
  github_orgs?: string[];
}

export interface ProwJobDefault {
  tenant_id?: string;
  resultstore_config?: { project_id?: string };
}

export interface ProwJobSpec {
  type: ProwJobType;
  agent?: ProwJobAgent | string;
  cluster?: string;
  namespace?: string;
  job: string;
  refs?: Refs;
  extra_refs?: Refs[];
  report?: boolean;
  context?: string;
  rerun_command?: string;
  max_concurrency?: number;
  error_on_eviction?: boolean;
  pod_spec?: V1PodSpec;
  decoration_config?: DecorationConfig;
  reporter_config?: ReporterConfig;
  rerun_auth_config?: RerunAuthConfig;
  hidden?: boolean;
  prowjob_defaults?: ProwJobDefault;
  job_queue_name?: string;
}

export interface ProwJobStatus {
  startTime?: string;
  pendingTime?: string;
  completionTime?: string;
  state?: ProwJobState;
  description?: string;
  url?: string;
  pod_name?: string;
  build_id?: string;
  /** Reporter name → the last state that reporter reported. */
  prev_report_states?: Record<string, ProwJobState>;
  pod_revival_count?: number;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ProwJob {
  apiVersion: typeof PROWJOB_API_VERSION;
  kind: typeof PROWJOB_KIND;
  metadata: ObjectMeta;
  spec: ProwJobSpec;
  status: ProwJobStatus;
}

export function isFinalState(state: ProwJobState | undefined): boolean {
  return state !== undefined && FINAL_STATES.includes(state);
}

// Label and annotation keys upstream puts on ProwJobs and Pods.
export const LABEL_CREATED_BY_PROW = 'created-by-prow';
export const LABEL_JOB = 'prow.k8s.io/job';
export const LABEL_TYPE = 'prow.k8s.io/type';
export const LABEL_ID = 'prow.k8s.io/id';
export const LABEL_BUILD_ID = 'prow.k8s.io/build-id';
export const LABEL_CONTEXT = 'prow.k8s.io/context';
export const LABEL_ORG = 'prow.k8s.io/refs.org';
export const LABEL_REPO = 'prow.k8s.io/refs.repo';
export const LABEL_PULL = 'prow.k8s.io/refs.pull';
export const LABEL_BASE_REF = 'prow.k8s.io/refs.base_ref';
export const LABEL_IS_OPTIONAL = 'prow.k8s.io/is-optional';
export const ANNOTATION_JOB = 'prow.k8s.io/job';
