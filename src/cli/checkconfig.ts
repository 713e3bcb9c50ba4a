// `prow checkconfig`: loads config.yaml, job configs and plugins.yaml exactly as the roles do, prints every problem
// (not just the first), then one summary line. Exits 1 when there are errors (warnings too with --strict).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
// The plugins' sections without their handlers (plugins/index.ts would load every handler for nothing).
import { CONFIG_VALIDATION } from '../../plugins/sections.js';
import type { PluginRegistryInfo } from '../config/plugin-sections.js';
import { ALL_WARNINGS, DEFAULT_WARNINGS, EXPENSIVE_WARNINGS } from '../config/errors.js';
import {
  duplicateJobRefs,
  longJobNames,
  managedWebhooks,
  mismatchedTide,
  missingTrigger,
  needsOkToTest,
  nonDecoratedJobs,
  periodicDefaultCloneConfig,
  requiredJobAnnotations,
  tideContextPolicy,
  tideStrictBranch,
  unmanagedBranchConfigHasNoSubconfig,
  validateClusterField,
  validateLabel,
  validateOwners,
  validateURLs,
} from './checkconfig-warnings.js';
// From the modules behind config/index.ts rather than from it: the index also exports the config agent, whose
// metrics (prom-client) checkconfig would load for nothing.
import { formatProblem, type ConfigProblem } from '../config/errors.js';
import { reposWithJobs } from '../config/jobs.js';
import { inspectConfig } from '../config/load.js';
import { IN_REPO_CONFIG_FILE, parseProwYAML, ProwYAMLError, readProwYAMLFromDir } from '../config/prow-yaml.js';
import type { Config, PluginsConfig } from '../config/types.js';
import { supplementalConfigHierarchy } from './checkconfig-hierarchy.js';

/** Warnings that need GitHub access, which checkconfig does not have. */
const GITHUB_WARNINGS: Record<string, string> = {
  'verify-owners-presence': 'cannot verify OWNERS file presence without a GitHub token',
  'validate-github-app-installation': 'cannot verify the GitHub App installation without GitHub App credentials',
};

export interface CheckconfigOptions {
  configPath?: string;
  jobConfigPath?: string;
  pluginConfig?: string;
  supplementalProwConfigDir?: string[];
  supplementalPluginConfigDir?: string[];
  strict?: boolean;
  warnings?: string[];
  excludeWarning?: string[];
  includeDefaultWarnings?: boolean;
  expensiveChecks?: boolean;
  requiredJobAnnotations?: string[];
  prowYamlRepoName?: string;
  /** Directory holding .prow.yaml or .prow/ (default: the current directory). */
  prowYamlPath?: string;
  /** Tests only: the plugins to know instead of the registered ones. */
  plugins?: PluginRegistryInfo;
}

export interface CheckconfigResult {
  problems: ConfigProblem[];
  summary: string;
  errors: number;
}

/** The warnings a run reports, as upstream picks them from --warnings, --exclude-warning and the defaults. */
export function enabledWarnings(o: Pick<CheckconfigOptions, 'warnings' | 'excludeWarning' | 'includeDefaultWarnings' | 'expensiveChecks'>): Set<string> {
  const picked = o.warnings ?? [];
  const enabled = new Set<string>(picked);
  if (!picked.length || o.includeDefaultWarnings) for (const w of o.expensiveChecks ? [...DEFAULT_WARNINGS, ...EXPENSIVE_WARNINGS] : DEFAULT_WARNINGS) enabled.add(w);
  for (const w of o.excludeWarning ?? []) enabled.delete(w);
  return enabled;
}

/** Checks only checkconfig makes (upstream's warnings), each run only when its warning is enabled. */
function checkconfigWarnings(c: Config, plugins: PluginsConfig | undefined, on: Set<string>, o: CheckconfigOptions): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  if (plugins && on.has('mismatched-tide')) out.push(...mismatchedTide(c, plugins, true));
  else if (plugins && on.has('mismatched-tide-lenient')) out.push(...mismatchedTide(c, plugins, false));
  if (on.has('non-decorated-jobs')) out.push(...nonDecoratedJobs(c));
  if (on.has('long-job-names')) out.push(...longJobNames(c));
  if (on.has('duplicate-job-refs')) out.push(...duplicateJobRefs(c));
  if (on.has('periodic-default-clone-config')) out.push(...periodicDefaultCloneConfig(c));
  if (on.has('needs-ok-to-test')) out.push(...needsOkToTest(c));
  if (on.has('managed-webhooks')) out.push(...managedWebhooks(c));
  if (plugins && on.has('validate-owners')) out.push(...validateOwners(plugins));
  if (plugins && on.has('missing-trigger')) out.push(...missingTrigger(c, plugins));
  if (plugins && on.has('validate-urls')) out.push(...validateURLs(c));
  if (on.has('tide-strict-branch')) out.push(...tideStrictBranch(c));
  if (on.has('tide-context-policy')) out.push(...tideContextPolicy(c));
  if (on.has('validate-cluster-field')) out.push(...validateClusterField(c));
  if (on.has('validate-unmanaged-branchconfig-has-no-subconfig')) out.push(...unmanagedBranchConfigHasNoSubconfig(c));
  if (plugins && on.has('validate-label')) out.push(...validateLabel(plugins));
  if (on.has('required-job-annotations')) out.push(...requiredJobAnnotations(c, o.requiredJobAnnotations ?? []));
  return out;
}

/** Runs every check; never throws for config problems (they are in `problems`). */
export async function runCheckconfig(o: CheckconfigOptions): Promise<CheckconfigResult> {
  const unknown = (o.warnings ?? []).filter((w) => !ALL_WARNINGS.includes(w));
  if (unknown.length) throw new Error(`no such warning ${unknown.map((w) => `"${w}"`).join(', ')}, valid warnings: ${ALL_WARNINGS.join(', ')}`);
  if (o.prowYamlPath && !o.prowYamlRepoName) throw new Error('--prow-yaml-path requires --prow-yaml-repo-name to be set');
  const enabled = enabledWarnings(o);
  for (const [w, why] of Object.entries(GITHUB_WARNINGS)) if (enabled.has(w) && (w !== 'verify-owners-presence' || o.pluginConfig)) throw new Error(why);

  const inspected = await inspectConfig(
    {
      configPath: o.configPath,
      jobConfigPath: o.jobConfigPath,
      pluginConfig: o.pluginConfig,
      supplementalProwConfigDirs: o.supplementalProwConfigDir,
      supplementalPluginConfigDirs: o.supplementalPluginConfigDir,
    },
    { ...CONFIG_VALIDATION, ...(o.plugins ? { plugins: o.plugins } : {}) },
  );
  const { config } = inspected;
  const problems: ConfigProblem[] = [...inspected.problems];
  if (!problems.some((p) => p.severity === 'error')) {
    problems.push(...checkconfigWarnings(config, o.pluginConfig ? inspected.plugins : undefined, enabled, o));
    if (enabled.has('validate-supplemental-prow-config-hierarchy')) problems.push(...(await supplementalConfigHierarchy(o.supplementalPluginConfigDir ?? [])));
  }

  let inRepo = { presubmits: 0, postsubmits: 0 };
  if (o.prowYamlRepoName) {
    const [org, repo] = o.prowYamlRepoName.split('/');
    if (!org || !repo) throw new Error(`--prow-yaml-repo-name must be org/repo, got "${o.prowYamlRepoName}"`);
    const target = path.resolve(o.prowYamlPath ?? '.');
    // Upstream's --prow-yaml-path names the .prow.yaml file; a directory (with .prow.yaml or .prow/) works too.
    const isFile = (await stat(target).catch(() => undefined))?.isFile() === true;
    const dir = isFile ? path.dirname(target) : target;
    try {
      const { prowYAML, warnings } = isFile
        ? await parseProwYAML([{ path: IN_REPO_CONFIG_FILE }], () => readFile(target, 'utf8'))
        : await readProwYAMLFromDir(dir);
      problems.push(...warnings.map((w) => ({ ...w, file: w.file && path.join(dir, w.file) })));
      // Loaded only here: inrepoconfig brings the git client with it.
      const { defaultAndValidateProwYAML } = await import('../config/inrepoconfig.js');
      defaultAndValidateProwYAML(config, prowYAML, org, repo);
      inRepo = { presubmits: prowYAML.presubmits.length, postsubmits: prowYAML.postsubmits.length };
    } catch (e) {
      if (!(e instanceof ProwYAMLError)) throw e;
      problems.push(...e.problems.map((p) => ({ ...p, file: p.file && path.join(dir, p.file) })));
    }
  }

  // unknown-fields-all is the superset: it also reports unknown fields in job config files.
  const shown = (w: string): boolean => enabled.has(w) || (w === 'unknown-fields' && enabled.has('unknown-fields-all'));
  const reported = problems
    .filter((p) => p.severity === 'error' || p.warning === undefined || shown(p.warning))
    .map((p) => (o.strict && p.severity === 'warning' ? { ...p, severity: 'error' as const } : p));
  const count = (m: Record<string, unknown[]> | undefined): number => Object.values(m ?? {}).reduce((n, l) => n + l.length, 0);
  const repos = new Set(reposWithJobs(config));
  if (o.prowYamlRepoName && inRepo.presubmits + inRepo.postsubmits > 0) repos.add(o.prowYamlRepoName);
  const summary = `${count(config.presubmits) + inRepo.presubmits} presubmits, ${count(config.postsubmits) + inRepo.postsubmits} postsubmits, ${(config.periodics ?? []).length} periodics, ${repos.size} repos`;
  return { problems: reported, summary, errors: reported.filter((p) => p.severity === 'error').length };
}

/** `prow checkconfig`'s action: prints every problem and the summary; exits 1 on errors, 2 when it cannot check. */
export async function checkconfigAction(command: Command): Promise<void> {
  // The root command declares the common config flags too and parses them wherever they appear.
  const opts = command.optsWithGlobals<CheckconfigOptions>();
  let result: CheckconfigResult;
  try {
    result = await runCheckconfig(opts);
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  for (const p of result.problems) process.stdout.write(`${formatProblem(p)}\n`);
  process.stdout.write(`${result.summary}\n`);
  if (result.errors > 0) process.exitCode = 1;
}
