// What the pod utilities read from $JOB_SPEC (upstream's downward API JSON): the fields they need.
import type { DecorationConfig, ProwJobType, Refs } from '../../api/prowjob.js';
import { JOB_SPEC_ENV } from './options.js';

export interface PodJobSpec {
  type: ProwJobType;
  job: string;
  buildid: string;
  prowjobid?: string;
  agent?: string;
  refs?: Refs;
  extra_refs?: Refs[];
  decoration_config?: DecorationConfig;
}

export function readJobSpec(env: NodeJS.ProcessEnv = process.env): PodJobSpec {
  const raw = env[JOB_SPEC_ENV];
  if (!raw) throw new Error(`$${JOB_SPEC_ENV} is not set: the pod utilities need the job's downward API spec`);
  let spec: unknown;
  try {
    spec = JSON.parse(raw);
  } catch (e) {
    throw new Error(`$${JOB_SPEC_ENV} is not valid JSON: ${(e as Error).message}`);
  }
  const s = spec as Partial<PodJobSpec>;
  if (typeof s !== 'object' || s === null || typeof s.job !== 'string' || typeof s.type !== 'string') {
    throw new Error(`$${JOB_SPEC_ENV} must have at least "type" and "job"`);
  }
  return { ...s, buildid: s.buildid ?? '' } as PodJobSpec;
}
