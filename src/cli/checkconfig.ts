// `prow checkconfig`: loads config.yaml, job configs and plugins.yaml exactly as the roles do, prints every problem
// (not just the first), then one summary line. Exits 1 when there are errors (warnings too with --strict).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { CONFIG_VALIDATION } from '../../plugins/index.js';
import { pluginsFor } from '../../roles/hook/plugin-config.js';
import { DEFAULT_WARNINGS } from '../config/errors.js';
import {
  defaultAndValidateProwYAML,
  formatProblem,
  IN_REPO_CONFIG_FILE,
  inspectConfig,
  parseProwYAML,
  ProwYAMLError,
  readProwYAMLFromDir,
  reposWithJobs,
  type Config,
  type ConfigProblem,
  type PluginsConfig,
} from '../config/index.js';
import type { Subcommand } from './subcommand.js';

/** Warnings checkconfig knows (upstream's names); DEFAULT_WARNINGS are on unless --warnings picks others. */
export { DEFAULT_WARNINGS };
export const OPTIONAL_WARNINGS = ['valid-decoration-config'] as const;
export const ALL_WARNINGS: readonly string[] = [...DEFAULT_WARNINGS, ...OPTIONAL_WARNINGS];

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
  prowYamlRepoName?: string;
  /** Directory holding .prow.yaml or .prow/ (default: the current directory). */
  prowYamlPath?: string;
  /** Tests only: plugin names to accept instead of the registered ones. */
  knownPlugins?: readonly string[];
}

export interface CheckconfigResult {
  problems: ConfigProblem[];
  summary: string;
  errors: number;
}

const MAX_JOB_NAME_LENGTH = 63;

function allJobs(c: Config): { name: string; agent?: string; decorate?: boolean; source_path?: string }[] {
  return [...Object.values(c.presubmits ?? {}).flat(), ...Object.values(c.postsubmits ?? {}).flat(), ...(c.periodics ?? [])];
}

/** Checks only checkconfig makes (upstream's optional warnings), each tagged with its warning name. */
function checkconfigWarnings(c: Config, plugins: PluginsConfig | undefined): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const jobs = allJobs(c);
  const undecorated = jobs.filter((j) => (j.agent ?? 'kubernetes') === 'kubernetes' && !j.decorate).map((j) => j.name);
  if (undecorated.length) {
    out.push({ severity: 'warning', warning: 'non-decorated-jobs', path: '', message: `the following jobs use the kubernetes provider but do not use the pod utilities: ${undecorated.join(', ')}` });
  }
  for (const j of jobs) {
    if (j.name.length > MAX_JOB_NAME_LENGTH) {
      out.push({ severity: 'warning', warning: 'long-job-names', file: j.source_path, path: j.name, message: `name of job ${j.name} is longer than ${MAX_JOB_NAME_LENGTH} characters` });
    }
  }
  if (plugins) {
    const missing = Object.keys(c.presubmits ?? {}).filter((r) => !pluginsFor(plugins, r.split('/')[0]!, r.split('/')[1]).includes('trigger'));
    if (missing.length) {
      out.push({ severity: 'warning', warning: 'missing-trigger', path: '', message: `the following repos have jobs configured but do not have the trigger plugin enabled: ${missing.join(', ')}` });
    }
  }
  return out;
}

/** Runs every check; never throws for config problems (they are in `problems`). */
export async function runCheckconfig(o: CheckconfigOptions): Promise<CheckconfigResult> {
  const unknown = (o.warnings ?? []).filter((w) => !ALL_WARNINGS.includes(w));
  if (unknown.length) throw new Error(`no such warning ${unknown.map((w) => `"${w}"`).join(', ')}, valid warnings: ${ALL_WARNINGS.join(', ')}`);
  if (o.prowYamlPath && !o.prowYamlRepoName) throw new Error('--prow-yaml-path requires --prow-yaml-repo-name to be set');
  const enabled = new Set<string>(o.warnings?.length && !o.includeDefaultWarnings ? o.warnings : [...DEFAULT_WARNINGS, ...(o.warnings ?? [])]);
  for (const w of o.excludeWarning ?? []) enabled.delete(w);

  const inspected = await inspectConfig(
    {
      configPath: o.configPath,
      jobConfigPath: o.jobConfigPath,
      pluginConfig: o.pluginConfig,
      supplementalProwConfigDirs: o.supplementalProwConfigDir,
      supplementalPluginConfigDirs: o.supplementalPluginConfigDir,
    },
    { ...CONFIG_VALIDATION, ...(o.knownPlugins ? { knownPlugins: o.knownPlugins } : {}) },
  );
  const { config } = inspected;
  const problems: ConfigProblem[] = [...inspected.problems];
  if (!problems.some((p) => p.severity === 'error')) problems.push(...checkconfigWarnings(config, o.pluginConfig ? inspected.plugins : undefined));

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
      defaultAndValidateProwYAML(config, prowYAML, org, repo);
      inRepo = { presubmits: prowYAML.presubmits.length, postsubmits: prowYAML.postsubmits.length };
    } catch (e) {
      if (!(e instanceof ProwYAMLError)) throw e;
      problems.push(...e.problems.map((p) => ({ ...p, file: p.file && path.join(dir, p.file) })));
    }
  }

  const reported = problems
    .filter((p) => p.severity === 'error' || p.warning === undefined || enabled.has(p.warning))
    .map((p) => (o.strict && p.severity === 'warning' ? { ...p, severity: 'error' as const } : p));
  const count = (m: Record<string, unknown[]> | undefined): number => Object.values(m ?? {}).reduce((n, l) => n + l.length, 0);
  const repos = new Set(reposWithJobs(config));
  if (o.prowYamlRepoName && inRepo.presubmits + inRepo.postsubmits > 0) repos.add(o.prowYamlRepoName);
  const summary = `${count(config.presubmits) + inRepo.presubmits} presubmits, ${count(config.postsubmits) + inRepo.postsubmits} postsubmits, ${(config.periodics ?? []).length} periodics, ${repos.size} repos`;
  return { problems: reported, summary, errors: reported.filter((p) => p.severity === 'error').length };
}

const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];

export const checkconfig: Subcommand = {
  name: 'checkconfig',
  description: 'validate config.yaml, job configs, plugins.yaml (and a .prow.yaml) and list every problem',
  configure(cmd: Command) {
    cmd
      .option('--config-path <PATH>', 'Path to the core config.yaml')
      .option('--job-config-path <PATH>', 'Path to a job config file or a directory of them (searched recursively)')
      .option('--plugin-config <PATH>', 'Path to plugins.yaml')
      .option('--supplemental-prow-config-dir <DIR>', 'Directory of extra core config files (*_prowconfig.yaml)', collect)
      .option('--supplemental-plugin-config-dir <DIR>', 'Directory of extra plugin config files (*_pluginconfig.yaml)', collect)
      .option('--strict [BOOL]', 'If set, consider all warnings as errors.', (v: string) => v !== 'false')
      .option('--warnings <NAME>', `Warnings to validate. Use repeatedly to provide a list of warnings (${ALL_WARNINGS.join(', ')})`, collect)
      .option('--exclude-warning <NAME>', 'Warnings to exclude. Use repeatedly to provide a list of warnings to exclude', collect)
      .option('--include-default-warnings [BOOL]', "If set force inclusion of default warning set. Normally this is inferred based on a lack of '--warnings' flags.", (v: string) => v !== 'false')
      .option('--prow-yaml-repo-name <ORG/REPO>', 'Name of the repo whose .prow.yaml (or .prow/) in the current directory should be checked.')
      .option('--prow-yaml-path <DIR>', 'Directory holding the .prow.yaml or .prow/ to check (default: the current directory). Requires --prow-yaml-repo-name.')
      .action(async (_opts: CheckconfigOptions, command: Command) => {
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
      });
  },
};
