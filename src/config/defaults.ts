// Upstream's defaults, applied in place after loading: namespaces, component periods and timeouts, and per job
// context, rerun_command, trigger, agent, cluster, namespace, decoration (decorate_all_jobs, plank's default entries
// merged under the job's own config), prowjob defaults and presets.
import type { Config, DecorationConfig, JobBase, PluginsConfig, Postsubmit, Presubmit, ProwJobDefault } from './types.js';
import { decorationEntries, entryMatches } from './entries.js';
import { mergeDefaults } from './merge.js';
import { applyPresets } from './presets.js';
import { joinPath, type ConfigProblem } from './errors.js';

export const DEFAULT_NAMESPACE = 'default';
export const DEFAULT_CLUSTER = 'default';
export const DEFAULT_AGENT = 'kubernetes';

/** `(?m)^/test( | .* )<name>,?($|\s.*)`: `/test <name>` anywhere in a line-leading `/test` command. */
export function defaultTriggerFor(name: string): string {
  return `(?m)^/test( | .* )${name},?($|\\s.*)`;
}

export function defaultRerunCommandFor(name: string): string {
  return `/test ${name}`;
}

/** Core config defaults (component-level). */
export function applyProwDefaults(c: Config): void {
  c.prowjob_namespace ||= DEFAULT_NAMESPACE;
  c.pod_namespace ||= DEFAULT_NAMESPACE;
  c.log_level ||= 'info';
  c.default_job_timeout ||= '24h';
  const plank = (c.plank ??= {});
  plank.pod_pending_timeout ||= '10m';
  plank.pod_running_timeout ||= '48h';
  plank.pod_unscheduled_timeout ||= '5m';
  plank.max_revivals ??= 3;
  const sinker = (c.sinker ??= {});
  sinker.resync_period ||= '1h';
  sinker.max_prowjob_age ||= '168h';
  sinker.max_pod_age ||= '24h';
  sinker.terminated_pod_ttl ||= sinker.max_pod_age;
  const deck = (c.deck ??= {});
  deck.tide_update_period ||= '10s';
  const spyglass = (deck.spyglass ??= {});
  spyglass.size_limit ||= 100e6;
  const tide = (c.tide ??= {});
  tide.sync_period ||= '1m';
  tide.status_update_period ||= tide.sync_period;
  tide.max_goroutines ||= 20;
  if (tide.target_url && !tide.target_urls?.['*']) tide.target_urls = { ...tide.target_urls, '*': tide.target_url };
  if (tide.pr_status_base_url && !tide.pr_status_base_urls?.['*']) tide.pr_status_base_urls = { ...tide.pr_status_base_urls, '*': tide.pr_status_base_url };
  c.status_error_link ||= 'https://github.com/kubernetes/test-infra/issues';
  (c.moonraker ??= {}).client_timeout ||= '10m';
  (c.horologium ??= {}).tick_interval ||= '1m';
  (c.github ??= {}).link_url ||= 'https://github.com';
  const gr = (c.github_reporter ??= {});
  if (!gr.job_types_to_report?.length) gr.job_types_to_report = ['presubmit', 'postsubmit'];
  if (c.push_gateway) c.push_gateway.interval ||= '1m';
}

/** The org/repo a job is attributed to for default entries ('' for a periodic without extra_refs). */
export function jobRepo(job: JobBase, repo?: string): string {
  if (repo !== undefined) return repo;
  const ref = job.extra_refs?.[0];
  return ref ? `${ref.org}/${ref.repo}` : '';
}

/**
 * The decoration config a job runs with: every matching plank default entry in order (later ones override), then
 * the job's own `decoration_config` on top. (An unset timeout means default_job_timeout when the job runs.)
 */
export function resolveDecorationConfig(config: Config, repo: string, cluster: string, own?: DecorationConfig): DecorationConfig {
  let merged: DecorationConfig | undefined;
  for (const entry of decorationEntries(config.plank)) {
    if (entryMatches(entry, repo, cluster)) merged = mergeDefaults(merged, entry.config);
  }
  return mergeDefaults(merged, own) ?? {};
}

/** Tenant ID of jobs no prowjob_default_entries entry gives one. */
export const DEFAULT_TENANT_ID = 'GlobalDefaultID';

/** The ProwJob defaults of a job: matching prowjob_default_entries in order, then the job's own. */
export function resolveProwJobDefaults(config: Config, repo: string, cluster: string, own?: ProwJobDefault): ProwJobDefault {
  let merged: ProwJobDefault | undefined;
  for (const entry of config.prowjob_default_entries ?? []) {
    if (entryMatches(entry, repo, cluster)) merged = mergeDefaults(merged, entry.config);
  }
  const out = mergeDefaults(merged, own) ?? {};
  out.tenant_id ||= DEFAULT_TENANT_ID;
  return out;
}

function applyJobBaseDefaults(c: Config, job: JobBase, repo: string, problems: ConfigProblem[], where: string): void {
  job.agent ||= DEFAULT_AGENT;
  job.cluster ||= DEFAULT_CLUSTER;
  job.namespace ||= c.pod_namespace;
  job.decorate ??= c.decorate_all_jobs === true;
  if (job.decorate) job.decoration_config = resolveDecorationConfig(c, repo, job.cluster, job.decoration_config);
  job.prowjob_defaults = resolveProwJobDefaults(c, repo, job.cluster, job.prowjob_defaults);
  for (const msg of applyPresets(job.spec, job.labels, c.presets ?? [])) {
    problems.push({ severity: 'error', kind: 'semantic', file: job.source_path, path: where, message: `job ${job.name}: ${msg}` });
  }
}

export function applyPresubmitDefaults(c: Config, job: Presubmit, repo: string, problems: ConfigProblem[] = [], where = ''): void {
  applyJobBaseDefaults(c, job, repo, problems, where);
  job.context ||= job.name;
  // Only when both are unset: one without the other is a validation error.
  if (!job.trigger && !job.rerun_command) {
    job.trigger = defaultTriggerFor(job.name);
    job.rerun_command = defaultRerunCommandFor(job.name);
  }
}

export function applyPostsubmitDefaults(c: Config, job: Postsubmit, repo: string, problems: ConfigProblem[] = [], where = ''): void {
  applyJobBaseDefaults(c, job, repo, problems, where);
  job.context ||= job.name;
}

/** Applies every default in place; returns problems found on the way (preset conflicts). */
export function applyConfigDefaults(c: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  applyProwDefaults(c);
  for (const [repo, jobs] of Object.entries(c.presubmits ?? {})) {
    jobs.forEach((job, i) => applyPresubmitDefaults(c, job, repo, problems, joinPath(joinPath(joinPath('presubmits', repo), i), 'spec')));
  }
  for (const [repo, jobs] of Object.entries(c.postsubmits ?? {})) {
    jobs.forEach((job, i) => applyPostsubmitDefaults(c, job, repo, problems, joinPath(joinPath(joinPath('postsubmits', repo), i), 'spec')));
  }
  (c.periodics ?? []).forEach((job, i) => applyJobBaseDefaults(c, job, jobRepo(job), problems, joinPath(joinPath('periodics', i), 'spec')));
  return problems;
}

/** plugins.yaml defaults (upstream's setDefaults for the sections that have them). */
export function applyPluginDefaults(p: PluginsConfig): void {
  const size = (p.size ??= {});
  size.s ??= 10;
  size.m ??= 30;
  size.l ??= 100;
  size.xl ??= 500;
  size.xxl ??= 1000;
  const cu = (p.config_updater ??= {});
  if (!cu.maps || Object.keys(cu.maps).length === 0) {
    cu.maps = { 'config/prow/config.yaml': { name: 'config' }, 'config/prow/plugins.yaml': { name: 'plugins' } };
  }
  // No `key` default: an unset key means each file's own base name (or path), which a glob map needs.
  for (const fn of Object.values(p.owners?.filenames ?? {})) {
    fn.owners ||= 'OWNERS';
    fn.owners_aliases ||= 'OWNERS_ALIASES';
  }
  p.heart ??= {};
  p.heart.commentregexp ||= '.*';
  p.sigmention ??= {};
  p.sigmention.regexp ||= '(?m)@kubernetes/sig-([\\w-]*)-(misc|test-failures|bugs|feature-requests|proposals|pr-reviews|api-reviews)';
  for (const list of Object.values(p.external_plugins ?? {})) {
    for (const ep of list) ep.endpoint ||= `http://${ep.name}`;
  }
  p.help ??= {};
  p.help.help_guidelines_url ||= 'https://git.k8s.io/community/contributors/guide/help-wanted.md';
}
