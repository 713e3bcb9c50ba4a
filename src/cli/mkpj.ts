// `prow mkpj`: makes the ProwJob for one configured job, as upstream's mkpj, and prints it as YAML (or writes it to
// --output-path). Refs the job type needs and the flags do not give are looked up on GitHub when GitHub access is
// configured (--github-token-path or a GitHub App); otherwise the missing flags are named. `--create` also puts the
// job in the configured ProwJob store (--prowjob-store, --data-dir / --kubeconfig), where the roles pick it up.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { toYaml } from '../config/yaml.js';
import { newProwJob, periodicSpec, postsubmitSpec, presubmitSpec } from '../api/create.js';
import type { ProwJob } from '../api/prowjob.js';
import { configPathsFromFlags } from '../config/flags.js';
import { loadConfig } from '../config/load.js';
import type { Config, Periodic, Postsubmit, Presubmit } from '../config/types.js';
import { createGitHubFactory, GITHUB_CREDENTIALS_HINT, type GitHubClientFactory } from '../github/factory.js';
import { githubSettingsFromFlags } from '../github/flags.js';
import { kubeOptionsFromFlags } from '../kube/config.js';
import { Flags } from '../runtime/flags.js';
import { createRootLogger } from '../runtime/logger.js';
import { openStore, parseStoreBackend } from '../store/index.js';
import { MKPJ_FLAGS } from './commands/mkpj.js';

export class MkpjError extends Error {}

export interface RefInputs {
  baseRef?: string;
  baseSha?: string;
  pullNumber?: number;
  pullSha?: string;
  pullAuthor?: string;
  pullHeadRef?: string;
}

type FoundJob =
  | { type: 'presubmit'; repo: string; job: Presubmit }
  | { type: 'postsubmit'; repo: string; job: Postsubmit }
  | { type: 'periodic'; job: Periodic };

/** The job called `name`, searched as upstream: presubmits, then postsubmits, then periodics. */
export function findJob(config: Config, name: string): FoundJob {
  for (const [repo, jobs] of Object.entries(config.presubmits ?? {})) {
    const job = jobs.find((j) => j.name === name);
    if (job) return { type: 'presubmit', repo, job };
  }
  for (const [repo, jobs] of Object.entries(config.postsubmits ?? {})) {
    const job = jobs.find((j) => j.name === name);
    if (job) return { type: 'postsubmit', repo, job };
  }
  const periodic = (config.periodics ?? []).find((j) => j.name === name);
  if (periodic) return { type: 'periodic', job: periodic };
  throw new MkpjError(`failed to find job "${name}"`);
}

/**
 * Makes the ProwJob, looking missing refs up on GitHub when a client factory is given. As upstream's mkpj: refs name
 * only what the flags (or the lookups) give, and the job carries its own labels and annotations.
 */
export async function makeProwJob(config: Config, jobName: string, inputs: RefInputs, github?: GitHubClientFactory): Promise<ProwJob> {
  const found = findJob(config, jobName);
  const metadata = { labels: found.job.labels ?? {}, annotations: found.job.annotations ?? {} };
  if (found.type === 'periodic') return newProwJob(periodicSpec(found.job), metadata);
  const [org, repo] = found.repo.split('/') as [string, string];
  const gh = github?.forOrg(org);
  const v = { ...inputs };

  if (found.type === 'presubmit') {
    if (!v.pullNumber) throw new MkpjError('--pull-number is required for a presubmit');
    if (!v.baseRef || !v.pullSha || !v.pullAuthor) {
      if (!gh) throw missing(['--base-ref', '--pull-sha', '--pull-author'], v, 'of pull request', v.pullNumber);
      const pr = await gh.getPullRequest(org, repo, v.pullNumber);
      v.baseRef ||= pr.base.ref;
      v.pullSha ||= pr.head.sha;
      v.pullAuthor ||= pr.user.login;
      v.pullHeadRef ||= pr.head.ref;
    }
    v.baseSha ||= await baseShaFor(gh, org, repo, v.baseRef!);
    const pull = { number: v.pullNumber, author: v.pullAuthor!, sha: v.pullSha!, ...(v.pullHeadRef ? { head_ref: v.pullHeadRef } : {}) };
    return newProwJob(presubmitSpec(found.job, { org, repo, base_ref: v.baseRef!, base_sha: v.baseSha, pulls: [pull] }), metadata);
  }

  if (!v.baseRef) {
    if (!gh) throw new MkpjError(`--base-ref is required for a postsubmit (or configure GitHub access to use ${org}/${repo}'s default branch: ${GITHUB_CREDENTIALS_HINT})`);
    v.baseRef = (await gh.getRepo(org, repo)).default_branch;
    if (!v.baseRef) throw new MkpjError(`GitHub names no default branch for ${org}/${repo}: pass --base-ref`);
  }
  v.baseSha ||= await baseShaFor(gh, org, repo, v.baseRef);
  return newProwJob(postsubmitSpec(found.job, { org, repo, base_ref: v.baseRef, base_sha: v.baseSha }), metadata);
}

async function baseShaFor(gh: ReturnType<GitHubClientFactory['forOrg']> | undefined, org: string, repo: string, baseRef: string): Promise<string> {
  if (!gh) throw new MkpjError(`--base-sha is required (or configure GitHub access to look up ${baseRef}: ${GITHUB_CREDENTIALS_HINT})`);
  return gh.getRef(org, repo, `heads/${baseRef}`);
}

function missing(flags: string[], v: RefInputs, what: string, n: number): MkpjError {
  const given: Record<string, unknown> = { '--base-ref': v.baseRef, '--pull-sha': v.pullSha, '--pull-author': v.pullAuthor };
  const absent = flags.filter((f) => !given[f]);
  return new MkpjError(`${absent.join(', ')} required ${what} #${n} (or configure GitHub access to look them up: ${GITHUB_CREDENTIALS_HINT})`);
}

/** `prow mkpj`'s action: exits 2 on bad flags or a job it cannot make, 1 on other failures. */
export async function mkpjAction(command: Command): Promise<void> {
  // The root command defines the common flags too; commander hands those to it, so read both levels.
  const flags = Flags.fromCommander(command.optsWithGlobals(), MKPJ_FLAGS);
  try {
    await run(flags);
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exitCode = e instanceof MkpjError ? 2 : 1;
  }
}

async function run(flags: Flags): Promise<void> {
  const jobName = flags.string('job');
  if (!jobName) throw new MkpjError('--job is required');
  const logger = createRootLogger({ level: 'warn' });
  const { config } = await loadConfig(configPathsFromFlags(flags));
  const github = createGitHubFactory(githubSettingsFromFlags(flags), logger);
  const pj = await makeProwJob(config, jobName, {
    baseRef: flags.string('base-ref'),
    baseSha: flags.string('base-sha'),
    pullNumber: flags.int('pull-number'),
    pullSha: flags.string('pull-sha'),
    pullAuthor: flags.string('pull-author'),
    pullHeadRef: flags.string('pull-head-ref'),
  }, github);

  let out = pj;
  if (flags.bool('create')) {
    const backend = parseStoreBackend(flags.string('prowjob-store'));
    const store = await openStore({
      backend,
      namespace: config.prowjob_namespace ?? 'default',
      dataDir: path.resolve(flags.string('data-dir') ?? '.prow-data'),
      kubeConfig: backend === 'kubernetes'
        ? (await import('../kube/clusters.js')).loadKubeClusters(kubeOptionsFromFlags(flags)).infrastructure
        : undefined,
      logger,
    });
    try {
      out = await store.create(pj);
    } finally {
      await store.close();
    }
    process.stderr.write(`created prowjob ${out.metadata.name}\n`);
  }
  const text = toYaml(out);
  const outputPath = flags.string('output-path');
  if (outputPath) await writeFile(outputPath, text);
  else process.stdout.write(text);
}
