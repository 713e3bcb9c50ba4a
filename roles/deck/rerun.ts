// The ProwJob a rerun creates: `original` repeats the job's spec as it ran (new name and build ID, same labels
// and annotations); `latest` rebuilds it from the job's current configuration with the same refs, so config
// fixes are picked up.
import { newBatch, newPeriodic, newPostsubmit, newPresubmit, newRerun } from '../../src/api/create.js';
import type { ProwJob } from '../../src/api/prowjob.js';
import { periodics, postsubmitsFor, presubmitsFor } from '../../src/config/jobs.js';
import type { Config } from '../../src/config/types.js';

export type RerunMode = 'latest' | 'original';

export interface RerunFactory {
  /** The new job (not yet stored); throws with a user-facing message when it cannot be built. */
  build(pj: ProwJob, mode: RerunMode, config: Config): ProwJob;
}

function latest(pj: ProwJob, config: Config): ProwJob {
  const name = pj.spec.job;
  const refs = pj.spec.refs;
  const orgRepo = refs ? `${refs.org}/${refs.repo}` : '';
  const missing = (): Error => new Error(`${pj.spec.type} job ${name} is not in the current config${orgRepo ? ` of ${orgRepo}` : ''}; rerun it with mode=original`);
  switch (pj.spec.type) {
    case 'presubmit':
    case 'batch': {
      const job = presubmitsFor(config, orgRepo).find((j) => j.name === name);
      if (!job || !refs) throw missing();
      return pj.spec.type === 'batch' ? newBatch(job, refs) : newPresubmit(job, refs);
    }
    case 'postsubmit': {
      const job = postsubmitsFor(config, orgRepo).find((j) => j.name === name);
      if (!job || !refs) throw missing();
      return newPostsubmit(job, refs);
    }
    case 'periodic': {
      const job = periodics(config).find((j) => j.name === name);
      if (!job) throw missing();
      return newPeriodic(job);
    }
  }
}

export const rerunFactory: RerunFactory = {
  build(pj, mode, config) {
    return mode === 'original' ? newRerun(pj) : latest(pj, config);
  },
};
