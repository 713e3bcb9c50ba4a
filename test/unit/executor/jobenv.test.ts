import { describe, it, expect } from '@jest/globals';
import type { ProwJob, ProwJobSpec } from '../../../src/api/prowjob.js';
import { envForSpec, jobEnv, podJobSpec } from '../../../src/executor/jobenv.js';

const refs = { org: 'kubernetes', repo: 'test-infra', base_ref: 'master', base_sha: '123abc', pulls: [{ number: 5, author: 'a', sha: 'qwe456', head_ref: 'fixup-some-stuff', title: 'Add something' }] };

function pj(spec: Partial<ProwJobSpec>): ProwJob {
  return {
    apiVersion: 'prow.k8s.io/v1',
    kind: 'ProwJob',
    metadata: { name: '1ce07fa2-0831-11e8-b07e-0a58ac101036' },
    spec: { type: 'presubmit', job: 'pull-test-infra-bazel', ...spec },
    status: { build_id: '12345' },
  };
}

const ALWAYS = ['BUILD_ID', 'BUILD_NUMBER', 'CI', 'JOB_NAME', 'JOB_SPEC', 'JOB_TYPE', 'PROW_JOB_ID'];
const REFS = ['PULL_BASE_REF', 'PULL_BASE_SHA', 'PULL_REFS', 'REPO_NAME', 'REPO_OWNER'];
const PULL = ['PULL_HEAD_REF', 'PULL_NUMBER', 'PULL_PULL_SHA', 'PULL_TITLE'];

describe('job environment', () => {
  it('presubmit: every variable of the seed docs\' table', () => {
    const env = jobEnv(pj({ refs }), '/logs/artifacts');
    expect(Object.keys(env).sort()).toEqual(['ARTIFACTS', ...ALWAYS, ...REFS, ...PULL].sort());
    expect(env).toMatchObject({
      CI: 'true',
      ARTIFACTS: '/logs/artifacts',
      JOB_NAME: 'pull-test-infra-bazel',
      JOB_TYPE: 'presubmit',
      BUILD_ID: '12345',
      PROW_JOB_ID: '1ce07fa2-0831-11e8-b07e-0a58ac101036',
      REPO_OWNER: 'kubernetes',
      REPO_NAME: 'test-infra',
      PULL_BASE_REF: 'master',
      PULL_BASE_SHA: '123abc',
      PULL_REFS: 'master:123abc,5:qwe456',
      PULL_NUMBER: '5',
      PULL_PULL_SHA: 'qwe456',
      PULL_HEAD_REF: 'fixup-some-stuff',
      PULL_TITLE: 'Add something',
    });
    expect(JSON.parse(env.JOB_SPEC)).toEqual({ type: 'presubmit', job: 'pull-test-infra-bazel', buildid: '12345', prowjobid: '1ce07fa2-0831-11e8-b07e-0a58ac101036', refs });
  });

  it('postsubmit and batch: the refs variables but no pull ones', () => {
    const post = { ...refs, pulls: undefined };
    expect(Object.keys(envForSpec(podJobSpec(pj({ type: 'postsubmit', refs: post })))).sort()).toEqual([...ALWAYS, ...REFS].sort());
    const batch = envForSpec(podJobSpec(pj({ type: 'batch', refs: { ...refs, pulls: [...refs.pulls, { number: 6, author: 'b', sha: 'zzz' }] } })));
    expect(Object.keys(batch).sort()).toEqual([...ALWAYS, ...REFS].sort());
    expect(batch.PULL_REFS).toBe('master:123abc,5:qwe456,6:zzz');
  });

  it('periodic: only the job variables, even with extra_refs; no ARTIFACTS when undecorated', () => {
    const env = jobEnv(pj({ type: 'periodic', extra_refs: [refs] }));
    expect(Object.keys(env).sort()).toEqual([...ALWAYS].sort());
    expect(JSON.parse(env.JOB_SPEC).extra_refs).toEqual([refs]);
  });
});
