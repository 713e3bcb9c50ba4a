// Flags every process accepts, whatever roles it runs. Names follow upstream (DESIGN.md, Conventions).
import type { FlagSpec } from './flags.js';
import { LOG_LEVELS } from './log-levels.js';
import { GITHUB_FLAGS } from '../github/flags.js';
import { KUBE_FLAGS } from '../kube/config.js';

export const COMMON_FLAGS: FlagSpec[] = [
  { name: 'config-path', type: 'string', description: 'Path to the core config.yaml', placeholder: 'PATH' },
  { name: 'job-config-path', type: 'string', description: 'Path to a job config file or a directory of them (searched recursively)', placeholder: 'PATH' },
  { name: 'plugin-config', type: 'string', description: 'Path to plugins.yaml', placeholder: 'PATH' },
  { name: 'supplemental-prow-config-dir', type: 'list', description: 'Directory of extra core config files (_prowconfig.yaml) merged into the core config', placeholder: 'DIR' },
  { name: 'supplemental-plugin-config-dir', type: 'list', description: 'Directory of extra plugin config files (_pluginconfig.yaml) merged into plugins.yaml', placeholder: 'DIR' },
  { name: 'data-dir', type: 'string', description: 'All-in-one state: ProwJobs, logs and artifacts, workspaces', default: '.prow-data', placeholder: 'DIR' },
  { name: 'prowjob-store', type: 'string', description: 'Where ProwJobs live: file (one JSON file each under <data-dir>/prowjobs/) or kubernetes (the ProwJob CRD in prowjob_namespace)', default: 'file', placeholder: 'BACKEND' },
  { name: 'gcs-credentials-file', type: 'string', description: 'GCS service-account JSON for gs:// buckets (logs and artifacts)', placeholder: 'PATH' },
  { name: 's3-credentials-file', type: 'string', description: 'S3 credentials JSON (region, access_key, secret_key, endpoint, insecure, s3_force_path_style) for s3:// buckets', placeholder: 'PATH' },
  { name: 'log-level', type: 'string', description: `Log level (${LOG_LEVELS.join(', ')})`, default: 'info', placeholder: 'LEVEL' },
  { name: 'health-port', type: 'int', description: 'Port for /healthz and /healthz/ready', default: 8081 },
  { name: 'metrics-port', type: 'int', description: 'Port for /metrics', default: 9090 },
  { name: 'grace-period', type: 'duration', description: 'How long shutdown waits for in-flight work', default: '30s' },
  { name: 'dry-run', type: 'bool', description: 'Read but never write to GitHub, Slack or storage', default: false },
  ...GITHUB_FLAGS,
  ...KUBE_FLAGS,
];
