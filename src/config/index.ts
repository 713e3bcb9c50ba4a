// Prow-compatible configuration: the API other modules use. Import from here, not from the files behind it.
//
// Loading
//   inspectConfig(paths, opts) → {config, plugins, problems, files} never throws for config problems (checkconfig).
//   loadConfig(paths, {strict?, plugins?: the registry's names and owned sections}) → {config, plugins, warnings, files}; throws ConfigError whose
//     `problems` list every error with file and field path. Defaults are applied: job context/rerun_command/trigger,
//     agent, cluster, namespace, decoration merged from plank's entries, prowjob defaults, presets on pod specs.
//   ConfigAgent.start(paths, logger, metrics, opts) → agent; agent.config(), agent.plugins(), agent.snapshot()
//     (both from one load), agent.onChange((next, prev) => …) → unsubscribe, agent.reload(), agent.stop().
//     Roles get one as `ctx.config` (RuntimeContext). Read config() once per unit of work: reloads swap objects.
//
// Jobs (regexes are Go RE2, translated by goregex.ts and cached)
//   presubmitsFor(config, 'org/repo'), postsubmitsFor(...), periodics(config), reposWithJobs(config)
//   shouldRunOnBranch(job, branch), runsForChanges(job, files), presubmitRunsAutomatically(ps, branch, files),
//   postsubmitRuns(ps, branch, files), triggerMatches(ps, commentBody), contextOf(job),
//   TEST_ALL_RE / RETEST_RE / RETEST_REQUIRED_RE, defaultTriggerFor(name), defaultRerunCommandFor(name)
//   compileGoRegex(pattern) → RegExp, goRegexMatch(pattern, s)
//   resolveDecorationConfig(config, 'org/repo', cluster, ownConfig), applyPresets(spec, labels, presets)
//   rerunAuthConfigFor(config, 'org/repo', cluster, jobOwn?) (deck's who-may-rerun), inRepoConfigEnabled(config, org, repo)
//   branchProtectionPolicy(config, org, repo, branch) (global ← org ← repo ← branch: scalars replace, lists union)
//
// Inrepoconfig (only where in_repo_config.enabled says so)
//   const getter = new ProwYAMLGetter({cacheDir, cloneURI: (org, repo) => url});
//   getter.presubmits(config, org, repo, baseSHA, headSHAs) → central + the repo's own, defaulted and validated;
//   getter.postsubmits(config, org, repo, sha); getter.get(...) → {presets, presubmits, postsubmits} of the repo only.
//   Errors throw ProwYAMLError (problems listed) or a git error; results are cached by SHAs.
//
// Durations: parseGoDuration('1h30m') → ms, formatGoDuration(ms).
export type * from './types.js';
export { ConfigError, formatProblem, type ConfigProblem, type Severity } from './errors.js';
export { loadConfig, inspectConfig, listConfigFiles, type ConfigPaths, type LoadedConfig, type LoadOptions, type InspectedConfig } from './load.js';
export { ConfigAgent, type ConfigAgentOptions, type ConfigListener } from './agent.js';
export { parseGoDuration, formatGoDuration } from './duration.js';
export { compileGoRegex, goRegexMatch, translateGoRegex, GoRegexError } from './goregex.js';
export {
  presubmitsFor,
  postsubmitsFor,
  periodics,
  reposWithJobs,
  shouldRunOnBranch,
  branchersIntersect,
  runsForChanges,
  presubmitRunsAutomatically,
  postsubmitRuns,
  triggerMatches,
  contextOf,
  TEST_ALL_RE,
  RETEST_RE,
  RETEST_REQUIRED_RE,
} from './jobs.js';
export { defaultTriggerFor, defaultRerunCommandFor, resolveDecorationConfig, DEFAULT_CLUSTER, DEFAULT_AGENT, DEFAULT_NAMESPACE } from './defaults.js';
export { applyPresets } from './presets.js';
export { rerunAuthConfigFor, inRepoConfigEnabled, inRepoAllowedClusters } from './lookup.js';
export { ProwYAMLGetter, defaultAndValidateProwYAML, mergeInRepoPresubmits, mergeInRepoPostsubmits, type ProwYAMLGetterOptions } from './inrepoconfig.js';
export { readProwYAMLFromDir, parseProwYAML, ProwYAMLError, IN_REPO_CONFIG_DIR, IN_REPO_CONFIG_FILE, type ProwYAML, type RepoFile } from './prow-yaml.js';
export { branchProtectionPolicy } from './branch-protection.js';
