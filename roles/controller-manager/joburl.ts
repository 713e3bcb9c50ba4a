// status.url of a ProwJob, as upstream's pjutil.JobURL: for a decorated job with a URL prefix (its
// gcs_configuration.job_url_prefix, else plank.job_url_prefix_config by org/repo, org, '*'), the prefix plus
// <provider>/<bucket>/<build dir>; otherwise plank.job_url_template rendered with the job.
import path from 'node:path';
import type { ProwJob } from '../../src/api/prowjob.js';
import type { Plank } from '../../src/config/types.js';
import { podJobSpec } from '../../src/executor/jobenv.js';
import { parseBucket } from '../../src/storage/open.js';
import { buildDir } from '../../src/storage/paths.js';
import { renderTemplate } from '../../src/report/template.js';

export function jobURLPrefix(plank: Plank | undefined, pj: ProwJob): string {
  const own = pj.spec.decoration_config?.gcs_configuration?.job_url_prefix;
  if (own) return own;
  const cfg = plank?.job_url_prefix_config ?? {};
  const refs = pj.spec.refs ?? pj.spec.extra_refs?.[0];
  if (refs) {
    const byRepo = cfg[`${refs.org}/${refs.repo}`] ?? cfg[refs.org];
    if (byRepo) return byRepo;
  }
  return cfg['*'] ?? '';
}

/** The job URL; `defaultBucket` stands in for an unset gcs_configuration.bucket (all-in-one). */
export function jobURL(plank: Plank | undefined, pj: ProwJob, defaultBucket: string): string {
  const prefix = jobURLPrefix(plank, pj);
  if (pj.spec.decoration_config && prefix) {
    const gcs = pj.spec.decoration_config.gcs_configuration ?? {};
    const bucket = parseBucket(gcs.bucket || defaultBucket);
    const dir = buildDir(podJobSpec(pj), { ...gcs, path_strategy: gcs.path_strategy || 'explicit' });
    const storagePart = plank?.jobURLPrefixDisableAppendStorageProvider ? bucket.bucket : path.posix.join(bucket.provider, bucket.bucket);
    const u = new URL(prefix);
    u.pathname = path.posix.join(u.pathname, storagePart, dir);
    return u.toString();
  }
  if (plank?.job_url_template) return renderTemplate(plank.job_url_template, pj);
  return '';
}
