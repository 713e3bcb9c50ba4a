// Inrepoconfig: presubmits and postsubmits a repository keeps in `.prow.yaml` or `.prow/`, read at the base SHA with
// the PR heads merged in (real git, in a bare cache repo per org/repo, nothing checked out), cached by SHAs, then
// defaulted and validated together with the central jobs of that repo, as upstream does.
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { RepoLocks } from '../git/repo-locks.js';
import { ensureBareRepo, fetchCommits, listTree, mergeHeads, readBlob } from '../git/objects.js';
import type { Config, Postsubmit, Presubmit } from './types.js';
import { applyPresubmitDefaults, applyPostsubmitDefaults } from './defaults.js';
import { validateRepoJobConfig } from './validate.js';
import { clonePlain } from './merge.js';
import { inRepoAllowedClusters, inRepoConfigEnabled } from './lookup.js';
import { IN_REPO_CONFIG_DIR, IN_REPO_CONFIG_FILE, parseProwYAML, ProwYAMLError, type ProwYAML } from './prow-yaml.js';
import { PROW_IGNORE_FILE } from './prowignore.js';
import type { ConfigProblem } from './errors.js';

export interface ProwYAMLGetterOptions {
  /** Where the bare cache repositories live (e.g. <data-dir>/inrepoconfig). */
  cacheDir: string;
  /** The URL to fetch `org/repo` from (with credentials if needed). */
  cloneURI(org: string, repo: string): string;
  /** Parsed results kept (default 500). */
  cacheSize?: number;
}

/**
 * Defaults the repo's jobs (with its own presets after the central ones) and validates them together with the
 * central jobs of the repo: duplicate names and colliding contexts across both are errors, as are clusters the
 * repo may not use. Returns the defaulted jobs; throws ProwYAMLError listing every problem.
 */
export function defaultAndValidateProwYAML(config: Config, prowYAML: ProwYAML, org: string, repo: string): ProwYAML {
  const orgRepo = `${org}/${repo}`;
  const withPresets: Config = { ...config, presets: [...(config.presets ?? []), ...prowYAML.presets] };
  const problems: ConfigProblem[] = [];
  prowYAML.presubmits.forEach((j, i) => applyPresubmitDefaults(withPresets, j, orgRepo, problems, `presubmits[${i}]`));
  prowYAML.postsubmits.forEach((j, i) => applyPostsubmitDefaults(withPresets, j, orgRepo, problems, `postsubmits[${i}]`));
  problems.push(
    ...validateRepoJobConfig({
      ...config,
      presubmits: { [orgRepo]: [...(config.presubmits?.[orgRepo] ?? []), ...prowYAML.presubmits] },
      postsubmits: { [orgRepo]: [...(config.postsubmits?.[orgRepo] ?? []), ...prowYAML.postsubmits] },
    }),
  );
  const allowed = inRepoAllowedClusters(config, org, repo);
  for (const j of [...prowYAML.presubmits, ...prowYAML.postsubmits]) {
    if (!allowed.includes(j.cluster ?? '')) {
      problems.push({ severity: 'error', kind: 'semantic', file: j.source_path, path: j.name, message: `cluster "${j.cluster}" is not allowed for repository "${orgRepo}"` });
    }
  }
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new ProwYAMLError(errors);
  return prowYAML;
}

/** The repo's presubmits: central ones first, then the repo's own (upstream's GetPresubmits). */
export function mergeInRepoPresubmits(config: Config, orgRepo: string, inRepo: readonly Presubmit[]): Presubmit[] {
  return [...(config.presubmits?.[orgRepo] ?? []), ...inRepo];
}

/** The repo's postsubmits: central ones first, then the repo's own. */
export function mergeInRepoPostsubmits(config: Config, orgRepo: string, inRepo: readonly Postsubmit[]): Postsubmit[] {
  return [...(config.postsubmits?.[orgRepo] ?? []), ...inRepo];
}

/** Reads, caches and validates inrepoconfig. One per process; safe to call concurrently. */
export class ProwYAMLGetter {
  private readonly cache: LRUCache<string, Promise<ProwYAML>>;
  private readonly repoLocks = new RepoLocks();

  constructor(private readonly opts: ProwYAMLGetterOptions) {
    this.cache = new LRUCache({ max: opts.cacheSize ?? 500 });
  }

  /**
   * The repo's jobs at `baseSHA` with `headSHAs` merged, defaulted and validated against `config`. When inrepoconfig
   * is not enabled for the repo the result is empty. Throws (ProwYAMLError or a git error) when it cannot be read.
   */
  async get(config: Config, org: string, repo: string, baseSHA: string, headSHAs: readonly string[] = []): Promise<ProwYAML> {
    if (!inRepoConfigEnabled(config, org, repo)) return { presets: [], presubmits: [], postsubmits: [] };
    const key = `${org}/${repo}@${baseSHA}+${headSHAs.join(',')}`;
    let raw = this.cache.get(key);
    if (!raw) {
      raw = this.repoLocks.run(`${org}/${repo}`, () => this.read(org, repo, baseSHA, headSHAs));
      this.cache.set(key, raw);
      // A failure (network, conflict) is not cached: the next event retries.
      raw.catch(() => this.cache.delete(key));
    }
    // Defaults mutate jobs; every caller gets its own copy, defaulted under the config it passed.
    return defaultAndValidateProwYAML(config, clonePlain(await raw), org, repo);
  }

  /** Presubmits for a PR: central plus inrepoconfig. */
  async presubmits(config: Config, org: string, repo: string, baseSHA: string, headSHAs: readonly string[]): Promise<Presubmit[]> {
    return mergeInRepoPresubmits(config, `${org}/${repo}`, (await this.get(config, org, repo, baseSHA, headSHAs)).presubmits);
  }

  /** Postsubmits for a push: central plus inrepoconfig at the pushed SHA. */
  async postsubmits(config: Config, org: string, repo: string, sha: string): Promise<Postsubmit[]> {
    return mergeInRepoPostsubmits(config, `${org}/${repo}`, (await this.get(config, org, repo, sha)).postsubmits);
  }

  private async read(org: string, repo: string, baseSHA: string, headSHAs: readonly string[]): Promise<ProwYAML> {
    const dir = path.join(this.opts.cacheDir, org, `${repo}.git`);
    await ensureBareRepo(dir);
    await fetchCommits(dir, this.opts.cloneURI(org, repo), [baseSHA, ...headSHAs]);
    const merged = await mergeHeads(dir, baseSHA, headSHAs);
    const entries = await listTree(dir, merged, [IN_REPO_CONFIG_DIR, IN_REPO_CONFIG_FILE, PROW_IGNORE_FILE]);
    const byPath = new Map(entries.map((e) => [e.path, e]));
    const files = await Promise.all(
      entries
        .filter((e) => e.type === 'blob')
        .map(async (e) => (e.mode === '120000' ? { path: e.path, symlinkTarget: await readBlob(dir, e.oid) } : { path: e.path })),
    );
    return (await parseProwYAML(files, (p) => readBlob(dir, byPath.get(p)!.oid))).prowYAML;
  }
}
