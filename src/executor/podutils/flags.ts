// Flags of the pod-utility subcommands, with upstream's names, for when no $*_OPTIONS JSON is given.
import type { Command } from 'commander';
import type { Refs } from '../../api/prowjob.js';
import { Flags, toOption, type FlagSpec } from '../../runtime/flags.js';
import type { GCSUploadOptions } from './options.js';

export const GCS_UPLOAD_FLAGS: FlagSpec[] = [
  { name: 'bucket', type: 'string', description: 'Bucket to upload into (gs://, s3://, file:// or a bare GCS bucket name)', placeholder: 'BUCKET' },
  { name: 'sub-dir', type: 'string', description: 'Optional sub-directory of the job\'s path to which artifacts are uploaded', placeholder: 'DIR' },
  { name: 'path-strategy', type: 'string', description: 'how to encode org and repo into GCS paths (legacy, single, explicit)', default: 'explicit', placeholder: 'STRATEGY' },
  { name: 'default-org', type: 'string', description: 'optional default org for GCS path encoding', placeholder: 'ORG' },
  { name: 'default-repo', type: 'string', description: 'optional default repo for GCS path encoding', placeholder: 'REPO' },
  { name: 'path-prefix', type: 'string', description: 'optional path prefix before the whole layout', placeholder: 'PREFIX' },
  { name: 'gcs-credentials-file', type: 'string', description: 'file where Google Cloud authentication credentials are stored', placeholder: 'PATH' },
  { name: 's3-credentials-file', type: 'string', description: 'file where s3 credentials are stored', placeholder: 'PATH' },
  { name: 'dry-run', type: 'bool', description: 'do not interact with storage', default: false },
];

export const WRAPPER_FLAGS: FlagSpec[] = [
  { name: 'process-log', type: 'string', description: 'path to the log where stdout and stderr are streamed for the process we execute', placeholder: 'PATH' },
  { name: 'marker-file', type: 'string', description: 'file we write the return code of the process we execute once it has finished running', placeholder: 'PATH' },
  { name: 'metadata-file', type: 'string', description: 'path to the metadata file generated from the job', placeholder: 'PATH' },
];

export function addFlags(cmd: Command, specs: FlagSpec[]): void {
  for (const s of specs) cmd.addOption(toOption(s));
}

export function readFlags(cmd: Command, specs: FlagSpec[]): Flags {
  return Flags.fromCommander(cmd.opts(), specs);
}

export function gcsOptionsFromFlags(f: Flags): GCSUploadOptions {
  const o: GCSUploadOptions = { path_strategy: f.string('path-strategy') ?? 'explicit', dry_run: f.bool('dry-run') };
  const set = (key: keyof GCSUploadOptions, flag: string): void => {
    const v = f.string(flag);
    if (v) (o as Record<string, unknown>)[key] = v;
  };
  set('bucket', 'bucket');
  set('sub_dir', 'sub-dir');
  set('default_org', 'default-org');
  set('default_repo', 'default-repo');
  set('path_prefix', 'path-prefix');
  set('gcs_credentials_file', 'gcs-credentials-file');
  set('s3_credentials_file', 's3-credentials-file');
  return o;
}

/** Upstream's --repo form: `org,repo=base_ref[:base_sha][,pull_number[:pull_sha]]...`. */
export function parseRepoFlag(value: string): Refs {
  const m = /^([^,=]+),([^=]+)=(.+)$/.exec(value);
  if (!m) throw new Error(`--repo ${JSON.stringify(value)}: expected org,repo=base_ref[:base_sha][,pull[:sha]]...`);
  const [, org, repo, rest] = m;
  const [base, ...pulls] = rest.split(',');
  const [baseRef, baseSha] = base.split(':');
  const refs: Refs = { org, repo, base_ref: baseRef };
  if (baseSha) refs.base_sha = baseSha;
  if (pulls.length) {
    refs.pulls = pulls.map((p) => {
      const [num, sha] = p.split(':');
      if (!/^\d+$/.test(num)) throw new Error(`--repo ${JSON.stringify(value)}: pull ${JSON.stringify(num)} is not a number`);
      return { number: Number(num), author: '', sha: sha ?? '' };
    });
  }
  return refs;
}
