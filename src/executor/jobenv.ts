// The job environment (the seed docs' "Job Environment Variables"): what every job container sees, per job type,
// as upstream's downwardapi.EnvForSpec plus the decoration variables (CI, ARTIFACTS).
import type { ProwJob } from '../api/prowjob.js';
import { refsString } from './podutils/metadata.js';
import type { PodJobSpec } from './podutils/jobspec.js';

/** The downward API spec ($JOB_SPEC) of a ProwJob, with upstream's field order. */
export function podJobSpec(pj: ProwJob): PodJobSpec {
  const spec: PodJobSpec = {
    type: pj.spec.type,
    job: pj.spec.job,
    buildid: pj.status.build_id ?? '',
    prowjobid: pj.metadata.name,
  };
  // Upstream omits empty fields (omitempty).
  if (!spec.buildid) delete (spec as Partial<PodJobSpec>).buildid;
  if (pj.spec.refs) spec.refs = pj.spec.refs;
  if (pj.spec.extra_refs?.length) spec.extra_refs = pj.spec.extra_refs;
  if (pj.spec.decoration_config) spec.decoration_config = pj.spec.decoration_config;
  return spec;
}

/** CI, JOB_NAME, JOB_TYPE, JOB_SPEC, BUILD_ID, BUILD_NUMBER, PROW_JOB_ID, and the refs variables by job type. */
export function envForSpec(spec: PodJobSpec): Record<string, string> {
  const env: Record<string, string> = {
    CI: 'true',
    JOB_NAME: spec.job,
    JOB_TYPE: spec.type,
    JOB_SPEC: JSON.stringify(spec),
    BUILD_ID: spec.buildid,
    // Kept for jobs that still read Jenkins' name for it.
    BUILD_NUMBER: spec.buildid,
    PROW_JOB_ID: spec.prowjobid ?? '',
  };
  if (spec.type === 'periodic' || !spec.refs) return env;
  const refs = spec.refs;
  env.REPO_OWNER = refs.org;
  env.REPO_NAME = refs.repo;
  env.PULL_BASE_REF = refs.base_ref ?? '';
  env.PULL_BASE_SHA = refs.base_sha ?? '';
  env.PULL_REFS = refsString(refs);
  if (spec.type === 'postsubmit' || spec.type === 'batch') return env;
  const pull = refs.pulls?.[0];
  if (pull) {
    env.PULL_NUMBER = String(pull.number);
    env.PULL_PULL_SHA = pull.sha;
    env.PULL_HEAD_REF = pull.head_ref ?? '';
    env.PULL_TITLE = pull.title ?? '';
  }
  return env;
}

/** The whole environment of a job's test container: the spec variables, and ARTIFACTS for decorated jobs. */
export function jobEnv(pj: ProwJob, artifactsDir?: string): Record<string, string> {
  return {
    ...(artifactsDir ? { ARTIFACTS: artifactsDir } : {}),
    ...envForSpec(podJobSpec(pj)),
  };
}
