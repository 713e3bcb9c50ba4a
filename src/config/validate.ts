// Semantic checks upstream's config loading and checkconfig make, beyond the schema: job names, duplicate jobs and
// colliding contexts per repo, mutually exclusive fields, regexes that must compile (as Go RE2), cron and Go
// durations, agents, decoration, tide queries, plugin names. Every problem carries its file and field path.
import { PROWJOB_TYPES, type ProwJobState } from '../api/prowjob.js';
import { parseGoDuration } from './duration.js';
import { cronError } from './cron.js';
import { compileGoRegex } from './goregex.js';
import { templateParseError } from '../report/template.js';
import { parseSelector } from '../store/selector.js';
import { joinPath, type ConfigProblem } from './errors.js';
import { branchersIntersect } from './jobs.js';
import { defaultRerunCommandFor, defaultTriggerFor } from './defaults.js';
import { checkSections, type PluginRegistryInfo } from './plugin-sections.js';
import type { Config, JobBase, JenkinsOperator, Periodic, Plank, PluginsConfig, Postsubmit, Presubmit } from './types.js';

export interface ValidateOptions {
  /**
   * The plugins the process has: enabling any other is an error, and the sections they own are checked by them.
   * Unset: plugin names and owned sections are not checked.
   */
  plugins?: PluginRegistryInfo;
}

export const JOB_NAME_RE = /^[A-Za-z0-9-._]+$/;
export const KNOWN_AGENTS = ['kubernetes', 'jenkins', 'tekton-pipeline'];
const STATES: readonly ProwJobState[] = ['scheduling', 'triggered', 'pending', 'success', 'failure', 'aborted', 'error'];
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'panic'];
const PATH_STRATEGIES = ['legacy', 'single', 'explicit'];
// Kubernetes label keys (name part) and values.
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

class Collector {
  readonly problems: ConfigProblem[] = [];
  error(file: string | undefined, path: string, message: string): void {
    this.problems.push({ severity: 'error', kind: 'semantic', file, path, message });
  }
  warn(file: string | undefined, path: string, message: string, warning?: string): void {
    this.problems.push({ severity: 'warning', kind: 'semantic', file, path, message, warning });
  }
  regex(file: string | undefined, path: string, pattern: string | undefined): void {
    if (pattern === undefined) return;
    try {
      compileGoRegex(pattern);
    } catch (e) {
      this.error(file, path, (e as Error).message);
    }
  }
  /** An error (`prefix` + Go's reason) when `source` is set and Go's text/template would not parse it. */
  template(file: string | undefined, path: string, source: string | undefined, prefix = 'parsing template: '): void {
    const why = source ? templateParseError(source) : undefined;
    if (why) this.error(file, path, `${prefix}${why}`);
  }
  duration(file: string | undefined, path: string, value: string | undefined): void {
    if (value === undefined || value === '') return;
    try {
      parseGoDuration(value);
    } catch (e) {
      this.error(file, path, (e as Error).message);
    }
  }
}

/** Checks of what the user wrote, before defaults fill fields in (durations; trigger and rerun_command go together). */
export function validateBeforeDefaults(c: Config): ConfigProblem[] {
  const out = new Collector();
  // Durations as written (defaults copy some, e.g. terminated_pod_ttl from max_pod_age: one mistake, one error).
  out.duration(undefined, 'default_job_timeout', c.default_job_timeout);
  for (const k of ['pod_pending_timeout', 'pod_running_timeout', 'pod_unscheduled_timeout'] as const) out.duration(undefined, `plank.${k}`, c.plank?.[k]);
  for (const k of ['resync_period', 'max_prowjob_age', 'max_pod_age', 'terminated_pod_ttl'] as const) out.duration(undefined, `sinker.${k}`, c.sinker?.[k]);
  out.duration(undefined, 'deck.tide_update_period', c.deck?.tide_update_period);
  out.duration(undefined, 'tide.sync_period', c.tide?.sync_period);
  out.duration(undefined, 'tide.status_update_period', c.tide?.status_update_period);
  out.duration(undefined, 'horologium.tick_interval', c.horologium?.tick_interval);
  out.duration(undefined, 'push_gateway.interval', c.push_gateway?.interval);
  out.duration(undefined, 'gerrit.tick_interval', c.gerrit?.tick_interval);

  for (const [repo, jobs] of Object.entries(c.presubmits ?? {})) {
    jobs.forEach((j, i) => {
      if (!j.trigger !== !j.rerun_command) {
        out.error(j.source_path, joinPath(joinPath('presubmits', repo), i), `either both of trigger and rerun_command must be set or neither, wasn't the case for job ${j.name}`);
      }
    });
  }
  return out.problems;
}

function validateJobBase(out: Collector, c: Config, j: JobBase, where: string): void {
  const f = j.source_path;
  if (!JOB_NAME_RE.test(j.name ?? '')) out.error(f, joinPath(where, 'name'), `name "${j.name}" must match ${JOB_NAME_RE.source}`);
  if (j.agent && !KNOWN_AGENTS.includes(j.agent)) out.error(f, joinPath(where, 'agent'), `job ${j.name} has invalid agent "${j.agent}" (known: ${KNOWN_AGENTS.join(', ')})`);
  if ((j.max_concurrency ?? 0) < 0) out.error(f, joinPath(where, 'max_concurrency'), `job ${j.name} has invalid max_concurrency (${j.max_concurrency}), it needs to be a non-negative number`);
  const agent = j.agent ?? 'kubernetes';
  if (j.spec && agent !== 'kubernetes') out.error(f, joinPath(where, 'agent'), `job ${j.name}: job specs require agent: kubernetes (found "${agent}")`);
  if (j.pipeline_run_spec && agent !== 'tekton-pipeline') out.error(f, joinPath(where, 'agent'), `job ${j.name}: job pipeline_run_spec require agent: tekton-pipeline (found "${agent}")`);
  if (agent === 'tekton-pipeline' && !j.pipeline_run_spec && !j.tekton_pipeline_run_spec) out.error(f, where, `job ${j.name}: agent: tekton-pipeline jobs require a pipeline_run_spec`);
  if (j.decorate && agent !== 'kubernetes') out.error(f, joinPath(where, 'decorate'), `job ${j.name}: decoration requires agent: kubernetes (found "${agent}")`);
  if (j.error_on_eviction && agent !== 'kubernetes') out.error(f, joinPath(where, 'error_on_eviction'), `job ${j.name}: error_on_eviction only applies to agent: kubernetes (found "${agent}")`);
  if (j.namespace && j.namespace !== c.pod_namespace && agent !== 'tekton-pipeline') {
    out.error(f, joinPath(where, 'namespace'), `job ${j.name}: namespace customization requires agent: tekton-pipeline (found "${agent}")`);
  }
  for (const [k, v] of Object.entries(j.labels ?? {})) {
    if (!QUALIFIED_NAME.test(k.split('/').pop()!) || k.split('/').length > 2) out.error(f, joinPath(joinPath(where, 'labels'), k), `invalid label ${k}`);
    else if (v.length > 63 || !LABEL_VALUE.test(v)) out.error(f, joinPath(joinPath(where, 'labels'), k), `label ${k} has invalid value ${v}`);
  }
  for (const k of Object.keys(j.annotations ?? {})) {
    if (!QUALIFIED_NAME.test(k.split('/').pop()!) || k.split('/').length > 2) out.error(f, joinPath(joinPath(where, 'annotations'), k), `invalid annotation key "${k}"`);
  }
  if (agent === 'kubernetes') {
    if (!j.spec) out.error(f, joinPath(where, 'spec'), `job ${j.name}: kubernetes jobs require a spec`);
    else if (!j.spec.containers?.length) out.error(f, joinPath(where, 'spec.containers'), `job ${j.name} has no containers`);
    else if (j.decorate) {
      j.spec.containers.forEach((ct, k) => {
        // Entrypoint runs command then args: either may hold the program (upstream: the first word must be non-empty).
        const argv = [...(ct.command ?? []), ...(ct.args ?? [])];
        if (!argv.length || argv[0] === '') out.error(f, joinPath(joinPath(where, 'spec.containers'), k), `job ${j.name}: decorated job containers must specify command and/or args`);
        if (j.spec!.containers.length > 1 && !ct.name) out.error(f, joinPath(joinPath(where, 'spec.containers'), k), `job ${j.name}: containers of a decorated job with several containers must be named`);
      });
    }
  }
  if (j.decoration_config && !j.decorate) out.warn(f, joinPath(where, 'decoration_config'), `job ${j.name} sets decoration_config but is not decorated`);
  const dc = j.decorate ? j.decoration_config : undefined;
  if (dc) {
    out.duration(f, joinPath(where, 'decoration_config.timeout'), dc.timeout);
    out.duration(f, joinPath(where, 'decoration_config.grace_period'), dc.grace_period);
    // Upstream rejects decorated jobs without utility images or an upload location; running jobs as local
    // processes needs neither, so here they are warnings.
    const images = dc.utility_images ?? {};
    const missing = (['clonerefs', 'initupload', 'entrypoint', 'sidecar'] as const).filter((k) => !images[k]);
    if (missing.length) out.warn(f, joinPath(where, 'decoration_config.utility_images'), `job ${j.name}: the following utility images are not specified: ${missing.join(', ')} (needed to run it as a Pod)`, 'valid-decoration-config');
    const gcs = dc.gcs_configuration;
    if (!gcs) out.warn(f, joinPath(where, 'decoration_config.gcs_configuration'), `job ${j.name}: GCS upload configuration is not specified (logs stay under the data dir)`, 'valid-decoration-config');
    else if (!PATH_STRATEGIES.includes(gcs.path_strategy ?? '')) {
      out.error(f, joinPath(where, 'decoration_config.gcs_configuration.path_strategy'), `gcs_path_strategy must be one of ${PATH_STRATEGIES.map((p) => `"${p}"`).join(', ')}`);
    } else if (gcs.path_strategy !== 'explicit' && (!gcs.default_org || !gcs.default_repo)) {
      out.error(f, joinPath(where, 'decoration_config.gcs_configuration'), `default org and repo must be provided for GCS strategy "${gcs.path_strategy}"`);
    }
    if (dc.oauth_token_secret && dc.ssh_key_secrets?.length) out.error(f, joinPath(where, 'decoration_config'), `job ${j.name}: both OAuth token and SSH key secrets are specified`);
  }
  if (j.job_queue_name && c.plank?.job_queue_capacities?.[j.job_queue_name] === undefined) {
    out.error(f, joinPath(where, 'job_queue_name'), `job queue ${j.job_queue_name} is not defined in plank.job_queue_capacities`);
  }
  for (const [k, s] of (j.reporter_config?.slack?.job_states_to_report ?? []).entries()) {
    if (!STATES.includes(s)) out.error(f, joinPath(where, `reporter_config.slack.job_states_to_report[${k}]`), `invalid job state "${s}"`);
  }
}

function validateTriggering(out: Collector, j: Presubmit | Postsubmit, where: string): void {
  const f = j.source_path;
  if (j.run_if_changed && j.skip_if_only_changed) out.error(f, where, `job ${j.name}: run_if_changed and skip_if_only_changed are mutually exclusive`);
  if (j.always_run && (j.run_if_changed || j.skip_if_only_changed)) {
    out.error(f, where, `job ${j.name}: always_run cannot be set with run_if_changed or skip_if_only_changed`);
  }
  out.regex(f, joinPath(where, 'run_if_changed'), j.run_if_changed || undefined);
  out.regex(f, joinPath(where, 'skip_if_only_changed'), j.skip_if_only_changed || undefined);
  (j.branches ?? []).forEach((b, k) => out.regex(f, joinPath(joinPath(where, 'branches'), k), b));
  (j.skip_branches ?? []).forEach((b, k) => out.regex(f, joinPath(joinPath(where, 'skip_branches'), k), b));
}

function validateRepoJobs(out: Collector, c: Config, kind: 'presubmits' | 'postsubmits'): void {
  for (const [repo, jobs] of Object.entries((c[kind] ?? {}) as Record<string, (Presubmit | Postsubmit)[]>)) {
    const base = joinPath(kind, repo);
    if (!/^[^/]+\/[^/]+$/.test(repo) && !/^[^/]+$/.test(repo)) out.error(undefined, base, `"${repo}" is not an org/repo`);
    const byName = new Map<string, (Presubmit | Postsubmit)[]>();
    const byContext = new Map<string, (Presubmit | Postsubmit)[]>();
    jobs.forEach((j, i) => {
      const where = joinPath(base, i);
      validateJobBase(out, c, j, where);
      validateTriggering(out, j, where);
      const ps = j as Presubmit;
      // Defaulted trigger and rerun_command always compile and agree: skip compiling thousands of unique regexes.
      const defaulted = ps.trigger === defaultTriggerFor(j.name) && ps.rerun_command === defaultRerunCommandFor(j.name);
      if (kind === 'presubmits' && !defaulted) {
        out.regex(j.source_path, joinPath(where, 'trigger'), ps.trigger);
        try {
          if (ps.trigger && ps.rerun_command && !compileGoRegex(ps.trigger).test(ps.rerun_command)) {
            out.error(j.source_path, joinPath(where, 'rerun_command'), `for job ${j.name}, rerun command "${ps.rerun_command}" does not match trigger "${ps.trigger}"`);
          }
        } catch {
          // Reported by the trigger check above.
        }
      }
      // Only jobs sharing a name or a context can collide: compare within those groups, not every pair.
      for (const other of byName.get(j.name) ?? []) {
        if (branchersIntersect(other, j)) out.error(j.source_path, where, `duplicated ${kind.slice(0, -1)} job: ${j.name}`);
      }
      if (j.context && !j.skip_report) {
        for (const other of byContext.get(j.context) ?? []) {
          if (other.name !== j.name && branchersIntersect(other, j)) {
            out.error(j.source_path, joinPath(where, 'context'), `jobs ${other.name} and ${j.name} report to the same GitHub context "${j.context}"`);
          }
        }
        byContext.set(j.context, [...(byContext.get(j.context) ?? []), j]);
      }
      byName.set(j.name, [...(byName.get(j.name) ?? []), j]);
    });
  }
}

function validatePeriodics(out: Collector, c: Config): void {
  const seen = new Set<string>();
  // Paths are per file: the first periodic of a job file is periodics[0] there, whatever config.yaml holds.
  const perFile = new Map<string | undefined, number>();
  const cronErrors = new Map<string, string>();
  (c.periodics ?? []).forEach((j: Periodic) => {
    const f = j.source_path;
    const i = perFile.get(f) ?? 0;
    perFile.set(f, i + 1);
    const where = joinPath('periodics', i);
    validateJobBase(out, c, j, where);
    if (seen.has(j.name)) out.error(f, where, `duplicated periodic job: ${j.name}`);
    seen.add(j.name);
    const set = [j.cron, j.interval, j.minimum_interval].filter((v) => v !== undefined && v !== '').length;
    if (set > 1) out.error(f, where, `cron, interval and minimum_interval are mutually exclusive in periodic ${j.name}`);
    if (set === 0) out.error(f, where, `at least one of cron, interval or minimum_interval must be set in periodic ${j.name}`);
    if (j.cron) {
      // Many periodics share a schedule: parse each distinct one once.
      let err = cronErrors.get(j.cron);
      if (err === undefined) cronErrors.set(j.cron, (err = cronError(j.cron) ?? ''));
      if (err) out.error(f, joinPath(where, 'cron'), `invalid cron string ${j.cron} in periodic ${j.name}: ${err}`);
    }
    for (const key of ['interval', 'minimum_interval'] as const) {
      const v = j[key];
      if (!v) continue;
      try {
        if (parseGoDuration(v) <= 0) out.error(f, joinPath(where, key), `${key} must be positive`);
      } catch (e) {
        out.error(f, joinPath(where, key), (e as Error).message);
      }
    }
  });
}

/** Upstream's ValidateController: plank and each jenkins operator parse their URL and report templates at load. */
function validateController(out: Collector, where: string, ctl: Plank | JenkinsOperator): void {
  out.template(undefined, joinPath(where, 'job_url_template'), ctl.job_url_template);
  const templates = ctl.report_templates ?? {};
  if (ctl.report_template && Object.keys(templates).length) out.error(undefined, where, 'both report_template and report_templates are specified');
  else out.template(undefined, joinPath(where, 'report_template'), ctl.report_template, 'error while parsing template for *: ');
  for (const [k, t] of Object.entries(templates)) out.template(undefined, joinPath(joinPath(where, 'report_templates'), k), t, `error while parsing template for ${k}: `);
}

/** Go templates and label selectors upstream parses when it loads config.yaml. */
function validateTemplatesAndSelectors(out: Collector, c: Config): void {
  if (c.plank) validateController(out, 'plank', c.plank);
  const operators = c.jenkins_operators ?? [];
  operators.forEach((op, i) => {
    const where = joinPath('jenkins_operators', i);
    validateController(out, where, op);
    try {
      parseSelector(op.label_selector);
    } catch (e) {
      out.error(undefined, joinPath(where, 'label_selector'), `invalid jenkins_operators.label_selector option: ${(e as Error).message}`);
    }
    if (operators.length > 1 && !op.label_selector) out.error(undefined, where, 'selector overlap: cannot use an empty label_selector with multiple selectors');
    if (operators.length === 1 && op.label_selector) out.error(undefined, where, 'label_selector is invalid when used for a single jenkins-operator');
  });
  for (const [name, t] of Object.entries(c.tide?.merge_commit_template ?? {})) {
    const where = joinPath('tide.merge_commit_template', name);
    out.template(undefined, joinPath(where, 'title'), t.title, 'parsing template for commit title: ');
    out.template(undefined, joinPath(where, 'body'), t.body, 'parsing template for commit body: ');
  }
  for (const [k, s] of Object.entries(c.slack_reporter_configs ?? {})) {
    out.template(undefined, joinPath(joinPath('slack_reporter_configs', k), 'report_template'), s.report_template, 'failed to parse template: ');
  }
  (c.deck?.external_agent_logs ?? []).forEach((l, i) => {
    const where = joinPath('deck.external_agent_logs', i);
    out.template(undefined, joinPath(where, 'url_template'), l.url_template, `parsing template for agent "${l.agent ?? ''}": `);
    try {
      parseSelector(l.selector);
    } catch (e) {
      out.error(undefined, joinPath(where, 'selector'), `error parsing selector "${l.selector ?? ''}": ${(e as Error).message}`);
    }
  });
  out.template(undefined, 'deck.spyglass.announcement', c.deck?.spyglass?.announcement);
}

function validateCore(out: Collector, c: Config): void {
  validateTemplatesAndSelectors(out, c);
  if (c.log_level && !LOG_LEVELS.includes(c.log_level)) out.error(undefined, 'log_level', `invalid log_level "${c.log_level}"`);
  if (c.plank?.default_decoration_config_entries?.length && c.plank.default_decoration_configs && Object.keys(c.plank.default_decoration_configs).length) {
    out.error(undefined, 'plank', 'default_decoration_configs and default_decoration_config_entries are mutually exclusive');
  }
  if (c.deck?.rerun_auth_configs && Object.keys(c.deck.rerun_auth_configs).length && c.deck.default_rerun_auth_configs?.length) {
    out.error(undefined, 'deck', 'rerun_auth_configs and default_rerun_auth_configs are mutually exclusive');
  }
  if (c.deck?.skip_storage_path_validation === true && c.deck.additional_allowed_buckets?.length) {
    out.error(undefined, 'deck.additional_allowed_buckets', 'additional_allowed_buckets requires skip_storage_path_validation to be false');
  }
  (c.deck?.spyglass?.lenses ?? []).forEach((l, i) => {
    const where = joinPath(joinPath('deck.spyglass.lenses', i), 'required_files');
    (l.required_files ?? []).forEach((r, k) => out.regex(undefined, joinPath(where, k), r));
    (l.optional_files ?? []).forEach((r, k) => out.regex(undefined, joinPath(joinPath(joinPath('deck.spyglass.lenses', i), 'optional_files'), k), r));
  });
  for (const [k, m] of Object.entries(c.tide?.merge_method ?? {})) {
    if (typeof m === 'string' && !['merge', 'squash', 'rebase'].includes(m)) out.error(undefined, joinPath('tide.merge_method', k), `merge type "${m}" for ${k} is not a valid type`);
  }
  const tide = c.tide ?? {};
  if ((tide.max_goroutines ?? 20) <= 0) out.error(undefined, 'tide.max_goroutines', `tide has invalid max_goroutines (${tide.max_goroutines}), it needs to be a positive number`);
  if (tide.target_url && tide.target_urls && Object.keys(tide.target_urls).some((k) => k !== '*' || tide.target_urls![k] !== tide.target_url)) {
    out.error(undefined, 'tide', 'tide.target_url and tide.target_urls are mutually exclusive');
  }
  if (tide.pr_status_base_urls && Object.keys(tide.pr_status_base_urls).length && !tide.pr_status_base_urls['*']) {
    out.error(undefined, 'tide.pr_status_base_urls', "pr_status_base_urls is defined but the default value ('*') is missing");
  }
  if ((c.deck?.spyglass?.size_limit ?? 0) < 0) out.error(undefined, 'deck.spyglass.size_limit', 'invalid value for deck.spyglass.size_limit, must be >=0');
  const sg = c.deck?.spyglass;
  if (sg?.gcs_browser_prefix && sg.gcs_browser_prefixes?.['*'] !== undefined) out.error(undefined, 'deck.spyglass', "both gcs_browser_prefix and gcs_browser_prefixes['*'] are specified.");
  (c.tide?.queries ?? []).forEach((q, i) => {
    const where = joinPath('tide.queries', i);
    const orgs = new Set(q.orgs ?? []);
    for (const r of q.repos ?? []) if (orgs.has(r.split('/')[0]!)) out.error(undefined, where, `repo ${r} is also included by org ${r.split('/')[0]}`);
    if (q.includedBranches?.length && q.excludedBranches?.length) out.error(undefined, where, 'includedBranches and excludedBranches are mutually exclusive');
    const missing = new Set(q.missingLabels ?? []);
    const both = (q.labels ?? []).filter((l) => missing.has(l));
    if (both.length) out.error(undefined, where, `the following labels are both required and forbidden: ${both.join(', ')}`);
    if (!q.orgs?.length && !q.repos?.length) out.error(undefined, where, 'a tide query must name orgs or repos');
  });
  for (const [k, v] of Object.entries(c.tide?.batch_size_limit ?? {})) {
    if (v < -1) out.error(undefined, joinPath('tide.batch_size_limit', k), 'batch size limit must be -1 (disabled), 0 (unlimited) or positive');
  }
  for (const [k, s] of Object.entries(c.slack_reporter_configs ?? {})) {
    (s.job_types_to_report ?? []).forEach((t, i) => {
      if (!PROWJOB_TYPES.includes(t)) out.error(undefined, joinPath(joinPath(joinPath('slack_reporter_configs', k), 'job_types_to_report'), i), `invalid job type "${t}"`);
    });
    (s.job_states_to_report ?? []).forEach((st, i) => {
      if (!STATES.includes(st)) out.error(undefined, joinPath(joinPath(joinPath('slack_reporter_configs', k), 'job_states_to_report'), i), `invalid job state "${st}"`);
    });
  }
  (c.github_reporter?.job_types_to_report ?? []).forEach((t, i) => {
    if (t !== 'presubmit' && t !== 'postsubmit') out.error(undefined, joinPath('github_reporter.job_types_to_report', i), `invalid job_types_to_report: ${t}`);
  });
  const bp = c['branch-protection'];
  const policies: [string, { include?: string[]; exclude?: string[] }][] = bp ? [['branch-protection', bp]] : [];
  for (const [org, o] of Object.entries(bp?.orgs ?? {})) {
    policies.push([joinPath('branch-protection.orgs', org), o]);
    for (const [repo, r] of Object.entries(o.repos ?? {})) policies.push([joinPath(joinPath(joinPath('branch-protection.orgs', org), 'repos'), repo), r]);
  }
  for (const [where, p] of policies) {
    if (p.include?.length && p.exclude?.length) out.error(undefined, where, 'include and exclude are mutually exclusive');
    (p.include ?? []).forEach((r, i) => out.regex(undefined, joinPath(joinPath(where, 'include'), i), r));
    (p.exclude ?? []).forEach((r, i) => out.regex(undefined, joinPath(joinPath(where, 'exclude'), i), r));
  }
  (c.owners_dir_denylist?.default ?? []).forEach((r, i) => out.regex(undefined, joinPath('owners_dir_denylist.default', i), r));
}

/** Every semantic problem in a defaulted config. */
export function validateConfig(c: Config, _opts: ValidateOptions = {}): ConfigProblem[] {
  const out = new Collector();
  validateCore(out, c);
  validateRepoJobs(out, c, 'presubmits');
  validateRepoJobs(out, c, 'postsubmits');
  validatePeriodics(out, c);
  validateGangway(out, c);
  return out.problems;
}

/** gangway.allowed_api_clients, as upstream's Gangway.Validate: GCP PROJECT identities, each once, with tenant IDs. */
function validateGangway(out: Collector, c: Config): void {
  const seen = new Set<string>();
  (c.gangway?.allowed_api_clients ?? []).forEach((client, i) => {
    const at = joinPath('gangway.allowed_api_clients', i);
    const gcp = client.gcp;
    if (!gcp) {
      out.error(undefined, at, 'allowedApiClient did not have a cloud vendor set');
      return;
    }
    if (gcp.endpoint_api_consumer_type !== 'PROJECT') out.error(undefined, `${at}.gcp.endpoint_api_consumer_type`, `unsupported GCP API consumer type: "${gcp.endpoint_api_consumer_type ?? ''}"`);
    if (!/^[0-9]+$/.test(gcp.endpoint_api_consumer_number ?? '')) out.error(undefined, `${at}.gcp.endpoint_api_consumer_number`, `invalid EndpointApiConsumerNumber: "${gcp.endpoint_api_consumer_number ?? ''}"`);
    const id = `gcp-${gcp.endpoint_api_consumer_type}-${gcp.endpoint_api_consumer_number}`;
    if (seen.has(id)) out.error(undefined, at, `AllowedApiClient "${id}" declared multiple times`);
    seen.add(id);
    if (!client.allowed_jobs_filters?.length) out.error(undefined, `${at}.allowed_jobs_filters`, 'allowed_jobs_filters field cannot be empty');
    (client.allowed_jobs_filters ?? []).forEach((f, j) => {
      if (!f.tenant_id) out.error(undefined, joinPath(`${at}.allowed_jobs_filters`, j), 'AllowedJobsFilters entry has an empty tenant_id');
    });
  });
}

/** Problems of the presubmits and postsubmits only (inrepoconfig validates a repo's jobs with the central ones). */
export function validateRepoJobConfig(c: Config): ConfigProblem[] {
  const out = new Collector();
  validateRepoJobs(out, c, 'presubmits');
  validateRepoJobs(out, c, 'postsubmits');
  return out.problems;
}

/** Every semantic problem in a defaulted plugins.yaml. */
export function validatePlugins(p: PluginsConfig, opts: ValidateOptions = {}): ConfigProblem[] {
  const out = new Collector();
  const known = opts.plugins ? new Set(opts.plugins.names) : undefined;
  const knownList = opts.plugins ? [...opts.plugins.names].sort().join(', ') : '';
  for (const [key, cfg] of Object.entries(p.plugins ?? {})) {
    const where = joinPath('plugins', key);
    if (key.split('/').length > 2) out.error(undefined, where, `"${key}" must be an org or org/repo`);
    if (key.includes('/') && cfg.excluded_repos?.length) out.error(undefined, joinPath(where, 'excluded_repos'), 'excluded_repos is only allowed for an org');
    (cfg.plugins ?? []).forEach((name, i) => {
      if (known && !known.has(name)) out.error(undefined, joinPath(joinPath(where, 'plugins'), i), `unknown plugin "${name}" (known plugins: ${knownList})`);
    });
    if (key.includes('/')) {
      const orgCfg = p.plugins?.[key.split('/')[0]!];
      const dup = (cfg.plugins ?? []).filter((n) => orgCfg?.plugins?.includes(n));
      if (dup.length) out.error(undefined, where, `plugins ${dup.join(', ')} are enabled for both ${key.split('/')[0]} and ${key}`);
    }
  }
  for (const [key, list] of Object.entries(p.external_plugins ?? {})) {
    const seen = new Set<string>();
    list.forEach((ep, i) => {
      if (seen.has(ep.name)) out.error(undefined, joinPath(joinPath('external_plugins', key), i), `external plugin ${ep.name} is listed twice for ${key}`);
      seen.add(ep.name);
    });
  }
  // blockades and require_matching_label are checked by the plugins that own them (plugins/blockade, plugins/require-matching-label).
  out.regex(undefined, 'heart.commentregexp', p.heart?.commentregexp);
  out.regex(undefined, 'sigmention.regexp', p.sigmention?.regexp);
  const s = p.size;
  if (s && !(s.s! < s.m! && s.m! < s.l! && s.l! < s.xl! && s.xl! < s.xxl!)) out.error(undefined, 'size', 'size thresholds must increase: s < m < l < xl < xxl');
  return [...out.problems, ...checkSections(p, opts.plugins?.sections ?? [])];
}
