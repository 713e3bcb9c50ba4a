// The JOB_SPEC a job sees (src/executor/jobenv.ts) for ProwJobs made here, per job type, as the seed docs'
// "Job Environment Variables" describe it.
import { describe, expect, it } from '@jest/globals';
import { newBatch, newPeriodic, newPostsubmit, newPresubmit } from '../../../src/api/create.js';
import type { Refs } from '../../../src/api/prowjob.js';
import { envForSpec, podJobSpec } from '../../../src/executor/jobenv.js';

const base: Refs = { org: 'acme', repo: 'widgets', base_ref: 'main', base_sha: 'a'.repeat(40) };
const pull = (n: number): NonNullable<Refs['pulls']>[number] => ({ number: n, author: `u${n}`, sha: String(n).repeat(40).slice(0, 40), title: `t${n}` });

describe('JOB_SPEC of generated ProwJobs', () => {
  it('periodic: type, job, buildid, prowjobid and extra_refs; no refs variables', () => {
    const pj = newPeriodic({ name: 'ci-x', extra_refs: [{ org: 'acme', repo: 'tools', base_ref: 'main' }] });
    const env = envForSpec(podJobSpec(pj));
    expect(JSON.parse(env.JOB_SPEC!)).toEqual({
      type: 'periodic', job: 'ci-x', buildid: pj.status.build_id, prowjobid: pj.metadata.name,
      extra_refs: [{ org: 'acme', repo: 'tools', base_ref: 'main' }],
    });
    expect(env).toMatchObject({ JOB_NAME: 'ci-x', JOB_TYPE: 'periodic', BUILD_ID: pj.status.build_id, PROW_JOB_ID: pj.metadata.name });
    expect(env.REPO_OWNER).toBeUndefined();
  });

  it('postsubmit: refs of the pushed branch', () => {
    const pj = newPostsubmit({ name: 'post-x' }, base);
    const env = envForSpec(podJobSpec(pj));
    expect(JSON.parse(env.JOB_SPEC!).refs).toEqual(base);
    expect(env).toMatchObject({ REPO_OWNER: 'acme', REPO_NAME: 'widgets', PULL_BASE_REF: 'main', PULL_BASE_SHA: base.base_sha, PULL_REFS: `main:${base.base_sha}` });
    expect(env.PULL_NUMBER).toBeUndefined();
  });

  it('presubmit: the pull request', () => {
    const pj = newPresubmit({ name: 'pull-x' }, { ...base, pulls: [pull(5)] });
    const env = envForSpec(podJobSpec(pj));
    expect(JSON.parse(env.JOB_SPEC!)).toMatchObject({ type: 'presubmit', job: 'pull-x', refs: { pulls: [{ number: 5, author: 'u5' }] } });
    expect(env).toMatchObject({ PULL_NUMBER: '5', PULL_PULL_SHA: pull(5).sha, PULL_TITLE: 't5', PULL_REFS: `main:${base.base_sha},5:${pull(5).sha}` });
  });

  it('batch: every pull in PULL_REFS, no single PULL_NUMBER', () => {
    const pj = newBatch({ name: 'pull-x' }, { ...base, pulls: [pull(5), pull(6)] });
    const env = envForSpec(podJobSpec(pj));
    expect(JSON.parse(env.JOB_SPEC!).type).toBe('batch');
    expect(env.PULL_REFS).toBe(`main:${base.base_sha},5:${pull(5).sha},6:${pull(6).sha}`);
    expect(env.PULL_NUMBER).toBeUndefined();
  });
});
