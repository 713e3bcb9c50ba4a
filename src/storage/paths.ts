// Upstream's blob layout for job results (pkg/pod-utils/gcs):
//   presubmit:            pr-logs/pull/<org_repo>/<pr>/<job>/<build>/
//   batch:                pr-logs/pull/batch/<job>/<build>/
//   postsubmit, periodic: logs/<job>/<build>/
// plus, for presubmits, the link file pr-logs/directory/<job>/<build>.txt holding the build dir's URL, and
// latest-build.txt markers. <org_repo> depends on path_strategy: legacy, single or explicit.
import path from 'node:path';
import type { ProwJobType, Refs } from '../api/prowjob.js';
import { joinKey } from './types.js';

export const PR_LOGS = 'pr-logs';
export const NON_PR_LOGS = 'logs';

/** The fields of the downward-API JobSpec the layout depends on. */
export interface LayoutSpec {
  type: ProwJobType;
  job: string;
  buildid: string;
  refs?: Refs;
}

export type PathStrategy = 'legacy' | 'single' | 'explicit';

export interface LayoutOptions {
  path_strategy?: string;
  default_org?: string;
  default_repo?: string;
  /** gcs_configuration.path_prefix: a folder before the whole layout. */
  path_prefix?: string;
}

export type RepoPathBuilder = (org: string, repo: string) => string;

export function repoPathBuilder(opts: LayoutOptions): RepoPathBuilder {
  const strategy = opts.path_strategy || 'explicit';
  const defOrg = opts.default_org ?? '';
  const defRepo = opts.default_repo ?? '';
  const orgRepo = (org: string, repo: string): string => `${org}_${repo.replace(/\//g, '_')}`;
  switch (strategy) {
    case 'legacy':
      return (org, repo) => (org === defOrg ? (repo === defRepo ? '' : repo) : `${org}_${repo}`);
    case 'single':
      return (org, repo) => (org === defOrg && repo === defRepo ? '' : orgRepo(org, repo));
    case 'explicit':
      return orgRepo;
    default:
      throw new Error(`unknown path_strategy ${JSON.stringify(strategy)} (legacy, single or explicit)`);
  }
}

/** The build directory of a run, without trailing slash. */
export function buildDir(spec: LayoutSpec, opts: LayoutOptions = {}): string {
  const builder = repoPathBuilder(opts);
  switch (spec.type) {
    case 'periodic':
    case 'postsubmit':
      return joinKey(opts.path_prefix ?? '', NON_PR_LOGS, spec.job, spec.buildid);
    case 'presubmit': {
      const refs = spec.refs;
      const pull = refs?.pulls?.[0];
      if (!refs || !pull) throw new Error(`presubmit ${spec.job} has no pull request in its refs`);
      return joinKey(opts.path_prefix ?? '', PR_LOGS, 'pull', builder(refs.org, refs.repo), String(pull.number), spec.job, spec.buildid);
    }
    case 'batch':
      return joinKey(opts.path_prefix ?? '', PR_LOGS, 'pull', 'batch', spec.job, spec.buildid);
  }
}

/** The pr-logs/directory link of a presubmit run (undefined for other types). */
export function aliasKey(spec: LayoutSpec, opts: LayoutOptions = {}): string | undefined {
  if (spec.type !== 'presubmit') return undefined;
  return joinKey(opts.path_prefix ?? '', PR_LOGS, 'directory', spec.job, `${spec.buildid}.txt`);
}

/** The latest-build.txt markers a run updates. */
export function latestBuildKeys(spec: LayoutSpec, opts: LayoutOptions = {}): string[] {
  const prefix = opts.path_prefix ?? '';
  switch (spec.type) {
    case 'periodic':
    case 'postsubmit':
      return [joinKey(prefix, NON_PR_LOGS, spec.job, 'latest-build.txt')];
    case 'presubmit':
      return [
        joinKey(path.posix.dirname(buildDir(spec, opts)), 'latest-build.txt'),
        joinKey(prefix, PR_LOGS, 'directory', spec.job, 'latest-build.txt'),
      ];
    case 'batch':
      return [joinKey(prefix, PR_LOGS, 'directory', spec.job, 'latest-build.txt')];
  }
}

// File names inside a build directory.
export const STARTED_JSON = 'started.json';
export const FINISHED_JSON = 'finished.json';
export const BUILD_LOG = 'build-log.txt';
export const CLONE_LOG = 'clone-log.txt';
export const CLONE_RECORDS = 'clone-records.json';
export const PROWJOB_JSON = 'prowjob.json';
export const ARTIFACTS_DIR = 'artifacts';
