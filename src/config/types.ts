// Typed Prow configuration: config.yaml (ProwConfig + JobConfig), job configs and plugins.yaml, with upstream's
// field names (snake_case, including upstream's odd ones like `branch-protection` and `jobURLPrefixDisable…`).
// Every field of the documented reference configs is here, even when the feature using it comes later.
// Durations stay Go duration strings (see duration.ts); defaults are applied by defaults.ts.
import type { V1EnvVar, V1PodSpec, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import type {
  DecorationConfig,
  ProwJobAgent,
  ProwJobDefault,
  ProwJobState,
  ProwJobType,
  Refs,
  ReporterConfig,
  RerunAuthConfig,
} from '../api/prowjob.js';

export type { DecorationConfig, Refs, ReporterConfig, RerunAuthConfig, ProwJobDefault };

/** A Go duration string such as `1h30m` (parse with parseGoDuration). */
export type GoDuration = string;

// ---------------------------------------------------------------------------------------------------------------
// Jobs
// ---------------------------------------------------------------------------------------------------------------

/** Fields every job kind has (upstream JobBase + UtilityConfig). */
export interface JobBase {
  /** Must match ^[A-Za-z0-9-._]+$. */
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** 0 or unset: unlimited. */
  max_concurrency?: number;
  /** Defaults to `kubernetes`. */
  agent?: ProwJobAgent | string;
  /** Build cluster alias; defaults to `default`. */
  cluster?: string;
  /** Pod namespace; defaults to pod_namespace. */
  namespace?: string;
  error_on_eviction?: boolean;
  /** Where the job was defined (file path); set by the loader, never read from YAML. */
  source_path?: string;
  spec?: V1PodSpec;
  pipeline_run_spec?: Record<string, unknown>;
  tekton_pipeline_run_spec?: Record<string, unknown>;
  reporter_config?: ReporterConfig;
  rerun_auth_config?: RerunAuthConfig;
  hidden?: boolean;
  prowjob_defaults?: ProwJobDefault;
  job_queue_name?: string;
  // UtilityConfig (inline upstream)
  decorate?: boolean;
  decoration_config?: DecorationConfig;
  path_alias?: string;
  clone_uri?: string;
  skip_submodules?: boolean;
  clone_depth?: number;
  skip_fetch_head?: boolean;
  extra_refs?: Refs[];
}

/** Branch filters: regexes matched against the whole branch name (upstream Brancher). */
export interface Brancher {
  branches?: string[];
  skip_branches?: string[];
}

/** File filters: Go regexes matched against changed file paths (upstream RegexpChangeMatcher). */
export interface RegexpChangeMatcher {
  run_if_changed?: string;
  skip_if_only_changed?: string;
}

/** Status context reporting (upstream Reporter). */
export interface Reporter {
  /** GitHub status context; defaults to the job name. */
  context?: string;
  skip_report?: boolean;
}

export interface JenkinsSpec {
  github_branch_source_job?: boolean;
}

export interface Presubmit extends JobBase, Brancher, RegexpChangeMatcher, Reporter {
  always_run?: boolean;
  optional?: boolean;
  /** Go regex matched against comments; defaults to `(?m)^/test( | .* )<name>,?($|\s.*)`. */
  trigger?: string;
  /** Defaults to `/test <name>`. */
  rerun_command?: string;
  run_before_merge?: boolean;
  jenkins_spec?: JenkinsSpec;
}

export interface Postsubmit extends JobBase, Brancher, RegexpChangeMatcher, Reporter {
  /** Unset: run unless filters say otherwise; false: only by other triggers; true: always. */
  always_run?: boolean;
  jenkins_spec?: JenkinsSpec;
}

export interface Periodic extends JobBase {
  cron?: string;
  interval?: GoDuration;
  minimum_interval?: GoDuration;
  tags?: string[];
}

export interface Preset {
  labels?: Record<string, string>;
  env?: V1EnvVar[];
  volumes?: V1Volume[];
  volumeMounts?: V1VolumeMount[];
}

/** The job half of config.yaml (and of every file under --job-config-path). */
export interface JobConfig {
  presets?: Preset[];
  /** 'org/repo' → jobs. */
  presubmits?: Record<string, Presubmit[]>;
  postsubmits?: Record<string, Postsubmit[]>;
  periodics?: Periodic[];
  /** When true, every job without an explicit `decorate` is decorated. */
  decorate_all_jobs?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Core config (ProwConfig)
// ---------------------------------------------------------------------------------------------------------------

export interface UtilityImagesConfig {
  clonerefs?: string;
  initupload?: string;
  entrypoint?: string;
  sidecar?: string;
}

/** Selects the jobs an entry applies to, as upstream: exact org or org/repo and cluster alias; empty or `*` is any. */
export interface EntryFilter {
  /** "org" or "org/repo" the job belongs to; empty or `*` matches every job. */
  repo?: string;
  /** Build cluster alias. */
  cluster?: string;
}

export interface DefaultDecorationConfigEntry extends EntryFilter {
  config?: DecorationConfig;
}

export interface ProwJobDefaultEntry extends EntryFilter {
  config?: ProwJobDefault;
}

export interface DefaultRerunAuthConfigEntry extends EntryFilter {
  rerun_auth_configs?: RerunAuthConfig;
}

export interface Plank {
  job_url_template?: string;
  /** 'org/repo' | 'org' | '*' → URL prefix. */
  job_url_prefix_config?: Record<string, string>;
  jobURLPrefixDisableAppendStorageProvider?: boolean;
  report_template?: string;
  report_templates?: Record<string, string>;
  pod_pending_timeout?: GoDuration;
  pod_running_timeout?: GoDuration;
  pod_unscheduled_timeout?: GoDuration;
  max_revivals?: number;
  default_decoration_config_entries?: DefaultDecorationConfigEntry[];
  /** Older form: 'org/repo' | 'org' | '*' → decoration config. */
  default_decoration_configs?: Record<string, DecorationConfig>;
  job_queue_capacities?: Record<string, number>;
  build_cluster_status_file?: string;
}

export interface Sinker {
  resync_period?: GoDuration;
  max_prowjob_age?: GoDuration;
  max_pod_age?: GoDuration;
  terminated_pod_ttl?: GoDuration;
  exclude_clusters?: string[];
}

export interface LensConfig {
  name: string;
  /** Lens-specific configuration, passed to the lens as it is. */
  config?: unknown;
}

export interface LensRemoteConfig {
  endpoint?: string;
  static_root?: string;
  title?: string;
  priority?: number;
  hide_title?: boolean;
}

export interface LensFileConfig {
  lens: LensConfig;
  remote_config?: LensRemoteConfig;
  required_files?: string[];
  optional_files?: string[];
}

export interface Spyglass {
  lenses?: LensFileConfig[];
  /** Deprecated upstream: regex → viewer names. */
  viewers?: Record<string, string[]>;
  announcement?: string;
  testgrid_config?: string;
  testgrid_root?: string;
  gcs_browser_prefix?: string;
  gcs_browser_prefixes?: Record<string, string>;
  gcs_browser_prefixes_by_bucket?: Record<string, string>;
  hide_pr_history_link?: boolean;
  pr_history_link_template?: string;
  bucket_aliases?: Record<string, string>;
  /** Largest artifact spyglass renders, in bytes (default 100e6). */
  size_limit?: number;
}

export interface Branding {
  logo?: string;
  favicon?: string;
  background_color?: string;
  header_color?: string;
}

export interface ExternalAgentLog {
  agent?: string;
  selector?: string;
  url_template?: string;
}

export interface Deck {
  spyglass?: Spyglass;
  tide_update_period?: GoDuration;
  hidden_repos?: string[];
  external_agent_logs?: ExternalAgentLog[];
  branding?: Branding;
  google_analytics?: string;
  /** 'org/repo' | 'org' | '*' → who may rerun. */
  rerun_auth_configs?: Record<string, RerunAuthConfig>;
  default_rerun_auth_configs?: DefaultRerunAuthConfigEntry[];
  skip_storage_path_validation?: boolean;
  additional_allowed_buckets?: string[];
}

export interface TideQuery {
  orgs?: string[];
  repos?: string[];
  excludedRepos?: string[];
  author?: string;
  labels?: string[];
  missingLabels?: string[];
  excludedBranches?: string[];
  includedBranches?: string[];
  milestone?: string;
  reviewApprovedRequired?: boolean;
}

export interface TideContextPolicy {
  'from-branch-protection'?: boolean;
  'skip-unknown-contexts'?: boolean;
  'required-contexts'?: string[];
  'required-if-present-contexts'?: string[];
  'optional-contexts'?: string[];
  'optional-regex-contexts'?: string[];
  'overwrite-pending-contexts'?: boolean;
}

export interface TideRepoContextPolicy extends TideContextPolicy {
  branches?: Record<string, TideContextPolicy>;
}

export interface TideOrgContextPolicy extends TideContextPolicy {
  repos?: Record<string, TideRepoContextPolicy>;
}

export interface TideContextPolicyOptions extends TideContextPolicy {
  orgs?: Record<string, TideOrgContextPolicy>;
}

export interface TideMergeCommitTemplate {
  title?: string;
  body?: string;
}

export interface TidePriority {
  labels?: string[];
}

export interface TideGerritQuery {
  org?: string;
  repos?: string[];
  opt_in_by_default?: boolean;
  opt_out_help?: boolean;
  filters?: { branches?: string[]; excluded_branches?: string[] };
}

export type TideMergeMethod = 'merge' | 'squash' | 'rebase';

export interface Tide {
  sync_period?: GoDuration;
  status_update_period?: GoDuration;
  queries?: TideQuery[];
  /** 'org/repo' | 'org' → merge method (upstream also accepts an org object with per-repo/branch methods). */
  merge_method?: Record<string, TideMergeMethod | string | Record<string, unknown>>;
  merge_commit_template?: Record<string, TideMergeCommitTemplate>;
  target_url?: string;
  target_urls?: Record<string, string>;
  pr_status_base_url?: string;
  pr_status_base_urls?: Record<string, string>;
  blocker_label?: string;
  squash_label?: string;
  rebase_label?: string;
  merge_label?: string;
  /** Concurrency of tide's sync (default 20). */
  max_goroutines?: number;
  context_options?: TideContextPolicyOptions;
  /** 'org/repo' | 'org' | '*' → limit (0 unlimited, -1 no batches). */
  batch_size_limit?: Record<string, number>;
  prioritize_existing_batches?: Record<string, boolean>;
  priority?: TidePriority[];
  display_all_tide_queries_in_status?: boolean;
  github_merge_blocks_policy?: Record<string, 'ignore' | 'permit' | 'block' | string>;
  gerrit?: { queries?: TideGerritQuery[] };
}

export interface GitHubReporter {
  job_types_to_report?: ProwJobType[];
  no_comment_repos?: string[];
  summary_comment_repos?: string[];
}

export interface SlackReporterConfigEntry {
  host?: string;
  channel?: string;
  job_types_to_report?: ProwJobType[];
  job_states_to_report?: ProwJobState[];
  report_template?: string;
  report?: boolean;
}

export interface InRepoConfig {
  /** '*' | 'org' | 'org/repo' → enabled; the narrowest key wins. */
  enabled?: Record<string, boolean>;
  /** '*' | 'org' | 'org/repo' → clusters jobs from the repo may use. */
  allowed_clusters?: Record<string, string[]>;
}

// Branch protection: every level may set the policy fields; children inherit (lists union, scalars replace).
export interface BranchProtectionRestrictions {
  apps?: string[];
  users?: string[];
  teams?: string[];
}

export interface BranchProtectionContextPolicy {
  contexts?: string[];
  strict?: boolean;
}

export interface BranchProtectionReviewPolicy {
  dismissal_restrictions?: { users?: string[]; teams?: string[] };
  bypass_pull_request_allowances?: { users?: string[]; teams?: string[] };
  dismiss_stale_reviews?: boolean;
  require_code_owner_reviews?: boolean;
  required_approving_review_count?: number;
}

export interface BranchProtectionPolicy {
  protect?: boolean;
  required_status_checks?: BranchProtectionContextPolicy;
  enforce_admins?: boolean;
  restrictions?: BranchProtectionRestrictions;
  required_pull_request_reviews?: BranchProtectionReviewPolicy;
  required_linear_history?: boolean;
  allow_force_pushes?: boolean;
  allow_deletions?: boolean;
  require_manually_triggered_jobs?: boolean;
  require_signed_commits?: boolean;
  unmanaged?: boolean;
  exclude?: string[];
  include?: string[];
}

export interface BranchProtectionRepo extends BranchProtectionPolicy {
  branches?: Record<string, BranchProtectionPolicy>;
}

export interface BranchProtectionOrg extends BranchProtectionPolicy {
  repos?: Record<string, BranchProtectionRepo>;
}

export interface BranchProtection extends BranchProtectionPolicy {
  orgs?: Record<string, BranchProtectionOrg>;
  allow_disabled_policies?: boolean;
  allow_disabled_job_policies?: boolean;
  'protect-tested-repos'?: boolean;
  protect_repos_with_optional_jobs?: boolean;
}

export interface ManagedWebhooks {
  respect_legacy_global_token?: boolean;
  auto_accept_invitation?: boolean;
  org_repo_config?: Record<string, { token_created_after?: string }>;
}

export interface OwnersDirDenylist {
  default?: string[];
  repos?: Record<string, string[]>;
  ignore_preconfigured_defaults?: boolean;
}

export interface JenkinsOperator {
  job_url_template?: string;
  report_template?: string;
  report_templates?: Record<string, string>;
  label_selector?: string;
}

export interface PubSubTrigger {
  project?: string;
  topics?: string[];
  allowed_clusters?: string[];
  max_outstanding_messages?: number;
}

export interface GerritOrgRepoConfig {
  org?: string;
  repos?: string[];
  opt_out_help?: boolean;
  filters?: Record<string, unknown>;
}

/** Parsed and kept only: this project has no Gerrit adapter. */
export interface Gerrit {
  tick_interval?: GoDuration;
  allowed_presubmit_trigger_re?: string;
  deck_url?: string;
  org_repos_config?: GerritOrgRepoConfig[] | null;
}

export interface Gangway {
  allowed_api_clients?: {
    gcp?: { endpoint_api_consumer_type?: string; endpoint_api_consumer_number?: string };
    allowed_jobs_filters?: { tenant_id?: string }[];
  }[];
}

export interface Scheduler {
  enabled?: boolean;
  failover?: { mappings?: Record<string, string> };
  external?: { url?: string; cache?: { cleanup_interval?: GoDuration; entry_timeout_interval?: GoDuration } };
}

export interface PushGateway {
  endpoint?: string;
  interval?: GoDuration;
  serve_metrics?: boolean;
}

export type LogLevelName = 'debug' | 'info' | 'warn' | 'warning' | 'error' | 'fatal' | 'panic' | 'trace';

/** The core (non-job) half of config.yaml. */
export interface ProwConfig {
  prowjob_namespace?: string;
  pod_namespace?: string;
  log_level?: LogLevelName | string;
  plank?: Plank;
  sinker?: Sinker;
  deck?: Deck;
  tide?: Tide;
  horologium?: { tick_interval?: GoDuration };
  github_reporter?: GitHubReporter;
  /** Job type (or '*' for all) → Slack reporting. */
  slack_reporter_configs?: Record<string, SlackReporterConfigEntry>;
  in_repo_config?: InRepoConfig;
  'branch-protection'?: BranchProtection;
  prowjob_default_entries?: ProwJobDefaultEntry[];
  default_job_timeout?: GoDuration;
  managed_webhooks?: ManagedWebhooks;
  github?: { link_url?: string };
  gerrit?: Gerrit;
  owners_dir_denylist?: OwnersDirDenylist;
  pubsub_subscriptions?: Record<string, string[]>;
  pubsub_triggers?: PubSubTrigger[];
  push_gateway?: PushGateway;
  jenkins_operators?: JenkinsOperator[];
  status_error_link?: string;
  disabled_clusters?: string[];
  gangway?: Gangway;
  moonraker?: { client_timeout?: GoDuration };
  scheduler?: Scheduler;
  pipeline?: { allow_concurrent_postsubmit_jobs?: boolean };
  config_version_sha?: string;
}

/** config.yaml as a whole (core config and jobs may share a file) after defaults. */
export interface Config extends ProwConfig, JobConfig {}

// ---------------------------------------------------------------------------------------------------------------
// plugins.yaml
// ---------------------------------------------------------------------------------------------------------------

/** New format of a `plugins` entry; the old format is a bare list of names (normalised to this on load). */
export interface OrgPlugins {
  plugins?: string[];
  excluded_repos?: string[];
}

export type GitHubEventType =
  | 'issues'
  | 'issue_comment'
  | 'pull_request'
  | 'pull_request_review'
  | 'pull_request_review_comment'
  | 'push'
  | 'status'
  | 'merge_group'
  | string;

export interface ExternalPlugin {
  name: string;
  endpoint?: string;
  /** Events forwarded; empty means all. */
  events?: GitHubEventType[];
}

export interface Approve {
  repos?: string[];
  issue_required?: boolean;
  require_self_approval?: boolean;
  lgtm_acts_as_approve?: boolean;
  ignore_review_state?: boolean;
  commandHelpLink?: string;
  pr_process_link?: string;
}

export interface Lgtm {
  repos?: string[];
  review_acts_as_lgtm?: boolean;
  store_tree_hash?: boolean;
  trusted_team_for_sticky_lgtm?: string;
}

export interface LabelPluginConfig {
  additional_labels?: string[];
  /** 'org' | 'org/repo' | '*' → labels only some may set. */
  restricted_labels?: Record<string, { label: string; allowed_teams?: string[]; allowed_users?: string[]; assign_on?: { author?: boolean }[] }[]>;
}

export interface OwnersPluginConfig {
  mdyamlrepos?: string[];
  skip_collaborators?: string[];
  labels_denylist?: string[];
  filenames?: Record<string, { owners?: string; owners_aliases?: string }>;
}

/** Line-count thresholds for size/* labels. */
export interface SizeConfig {
  s?: number;
  m?: number;
  l?: number;
  xl?: number;
  xxl?: number;
}

export interface ConfigUpdaterMap {
  name?: string;
  key?: string;
  clusters?: Record<string, string[]>;
  cluster_groups?: string[];
  use_full_path_as_key?: boolean;
  gzip?: boolean;
  partitioned_names?: string[];
  allowed_repos?: string[];
  denied_repos?: string[];
  /** Deprecated upstream: single namespace. */
  namespace?: string;
}

export interface ConfigUpdater {
  /** Path glob in the repo → ConfigMap spec. */
  maps?: Record<string, ConfigUpdaterMap>;
  cluster_groups?: Record<string, { clusters?: string[]; namespaces?: string[] }>;
  gzip?: boolean;
}

export interface Blockade {
  repos?: string[];
  branchregexp?: string;
  blockregexps?: string[];
  exceptionregexps?: string[];
  explanation?: string;
}

export interface Blunderbuss {
  request_count?: number;
  exclude_approvers?: boolean;
  use_status_availability?: boolean;
  ignore_drafts?: boolean;
  ignore_authors?: string[];
  wait_for_status?: { context?: string; state?: string; description?: string };
}

export interface CherryPickApproved {
  org?: string;
  repo?: string;
  branchregexp?: string;
  approvers?: string[];
  allow_missing_approved_label?: boolean;
  allow_missing_lgtm_label?: boolean;
}

export interface Dco {
  skip_dco_check_for_members?: boolean;
  trusted_org?: string;
  trusted_apps?: string[];
  skip_dco_check_for_collaborators?: boolean;
  contributing_repo?: string;
  contributing_branch?: string;
  contributing_path?: string;
}

export interface RequireMatchingLabel {
  org?: string;
  repo?: string;
  branch?: string;
  prs?: boolean;
  issues?: boolean;
  regexp?: string;
  missing_label?: string;
  missing_comment?: string;
  grace_period?: GoDuration;
}

export interface Welcome {
  repos?: string[];
  message_template?: string;
  always_post?: boolean;
}

export interface InvalidCommitMsg {
  repos?: string[];
  checks?: { name?: string; disabled?: boolean }[];
}

export interface ProjectColumn {
  id?: number;
  name?: string;
  state?: string;
  org?: string;
  labels?: string[];
}

/** One branch's Bugzilla options (typed and resolved in plugins/bugzilla/options.ts; the loader only merges `orgs`). */
export type BugzillaBranchOptions = Record<string, unknown>;

/**
 * plugins.yaml. Sections owned by a built plugin are typed in that plugin's folder (definePlugin's config) and read
 * through its resolver; the typed fields below are the sections of plugins not built yet.
 */
export interface PluginsConfig {
  [section: string]: unknown;
  /** 'org' | 'org/repo' → enabled plugins (normalised to the new format on load). */
  plugins?: Record<string, OrgPlugins>;
  /** 'org' | 'org/repo' → external plugins. */
  external_plugins?: Record<string, ExternalPlugin[]>;
  approve?: Approve[];
  lgtm?: Lgtm[];
  label?: LabelPluginConfig;
  owners?: OwnersPluginConfig;
  size?: SizeConfig;
  config_updater?: ConfigUpdater;
  blockades?: Blockade[];
  blunderbuss?: Blunderbuss;
  branch_cleaner?: { preserved_branches?: Record<string, string[]> };
  bugzilla?: {
    default?: Record<string, BugzillaBranchOptions>;
    orgs?: Record<string, { default?: Record<string, BugzillaBranchOptions>; repos?: Record<string, { branches?: Record<string, BugzillaBranchOptions> }> }>;
  };
  cat?: { key_path?: string };
  cherry_pick_approved?: CherryPickApproved[];
  cherry_pick_unapproved?: { branchregexp?: string; comment?: string };
  /** 'org' | 'org/repo' → DCO options. */
  dco?: Record<string, Dco>;
  golint?: { minimum_confidence?: number };
  goose?: { key_path?: string };
  heart?: { adorees?: string[]; commentregexp?: string };
  help?: { help_guidelines_url?: string; help_guidelines_summary?: string };
  invalid_commit_msg?: InvalidCommitMsg[];
  jira?: { disabled_jira_projects?: string[] };
  /** 'org/repo' → branch → milestone. */
  milestone_applier?: Record<string, Record<string, string>>;
  override?: { allow_top_level_owners?: boolean; allowed_github_teams?: Record<string, string[]> };
  project_config?: {
    project_org_configs?: Record<
      string,
      { org_default_column_map?: Record<string, string>; project_repo_configs?: Record<string, { repo_default_column_map?: Record<string, string> }> }
    >;
  };
  project_manager?: { orgsRepos?: Record<string, { projects?: Record<string, { columns?: ProjectColumn[] }> }> };
  release_note?: { guidelines_url?: string };
  repo_milestone?: Record<string, { maintainers_team?: string; maintainers_friendly_name?: string; maintainers_id?: number; milestone_maintainers_team?: string }>;
  require_matching_label?: RequireMatchingLabel[];
  retitle?: { allow_closed_issues?: boolean };
  sigmention?: { regexp?: string };
  slack?: {
    mentionchannels?: string[];
    mergewarnings?: { repos?: string[]; channels?: string[]; exempt_users?: string[]; exempt_branches?: Record<string, string[]> }[];
  };
  welcome?: Welcome[];
}
