// The Pod of a ProwJob, decorated as upstream's plank builds it (`prow mkpod` prints it): clonerefs, initupload
// and place-entrypoint init containers, the entrypoint wrapping each test container, the sidecar, the logs,
// tools and code volumes, credential secrets, labels and annotations, and automountServiceAccountToken off unless
// the job asks for a service account. The utility containers run their images' own entrypoints, so upstream's
// utility images work unchanged.
import type { V1Container, V1EnvVar, V1Pod, V1PodSpec, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import path from 'node:path';
import type { DecorationConfig, ProwJob } from '../api/prowjob.js';
import { labelsAndAnnotationsForSpec } from '../api/labels.js';
import { LABEL_BUILD_ID, LABEL_ID } from '../api/prowjob.js';
import { allRefs, ARTIFACTS_SUBDIR, CLONE_LOG_FILE, timeoutsOf } from './decoration.js';
import { envForSpec, podJobSpec } from './jobenv.js';
import { pathForRefs } from './podutils/clonerefs.js';
import {
  CLONEREFS_OPTIONS_ENV,
  ENTRYPOINT_OPTIONS_ENV,
  INITUPLOAD_OPTIONS_ENV,
  JOB_SPEC_ENV,
  NS_PER_MS,
  SIDECAR_OPTIONS_ENV,
  type CloneRefsOptions,
  type EntrypointOptions,
  type GCSUploadOptions,
  type SidecarOptions,
  type WrapperOptions,
} from './podutils/options.js';

export const LOGS_MOUNT: V1VolumeMount = { name: 'logs', mountPath: '/logs' };
export const CODE_MOUNT: V1VolumeMount = { name: 'code', mountPath: '/home/prow/go' };
export const TOOLS_MOUNT: V1VolumeMount = { name: 'tools', mountPath: '/tools' };
const GCS_CREDENTIALS_MOUNT: V1VolumeMount = { name: 'gcs-credentials', mountPath: '/secrets/gcs' };
const S3_CREDENTIALS_MOUNT: V1VolumeMount = { name: 's3-credentials', mountPath: '/secrets/s3-storage' };
const TEST_CONTAINER = 'test';
const DEFAULT_GITHUB_API = 'https://api.github.com';

/** Upstream's KubeEnv: variables sorted by name. */
export function kubeEnv(env: Record<string, string>): V1EnvVar[] {
  return Object.keys(env)
    .sort()
    .map((name) => ({ name, value: env[name] }));
}

const emptyDir = (name: string): V1Volume => ({ name, emptyDir: {} });

function secretVolume(name: string, secretName: string, extra: Partial<NonNullable<V1Volume['secret']>> = {}): V1Volume {
  return { name, secret: { secretName, ...extra } };
}

interface CloneParts {
  container: V1Container;
  volumes: V1Volume[];
}

function cloneRefsContainer(pj: ProwJob, dc: DecorationConfig): CloneParts | undefined {
  if (dc.skip_cloning) return undefined;
  const refs = allRefs(pj);
  if (refs.length === 0) return undefined;
  const mounts: V1VolumeMount[] = [];
  const volumes: V1Volume[] = [];
  const keyFiles: string[] = [];
  for (const secret of dc.ssh_key_secrets ?? []) {
    const name = `ssh-keys-${secret}`;
    const mountPath = path.posix.join('/secrets/ssh', secret);
    volumes.push(secretVolume(name, secret, { defaultMode: 0o400 }));
    mounts.push({ name, mountPath, readOnly: true });
    keyFiles.push(mountPath);
  }
  let oauthTokenFile: string | undefined;
  if (dc.oauth_token_secret?.name && dc.oauth_token_secret.key) {
    const { name, key } = dc.oauth_token_secret;
    volumes.push(secretVolume(name, name, { items: [{ key, path: `./${key}` }] }));
    mounts.push({ name, mountPath: '/secrets/oauth', readOnly: true });
    oauthTokenFile = path.posix.join('/secrets/oauth', key);
  }
  let appKeyFile: string | undefined;
  if (dc.github_app_private_key_secret?.name && dc.github_app_private_key_secret.key) {
    const { name, key } = dc.github_app_private_key_secret;
    volumes.push(secretVolume(name, name, { items: [{ key, path: `./${key}` }] }));
    mounts.push({ name, mountPath: '/secrets/github-app', readOnly: true });
    appKeyFile = path.posix.join('/secrets/github-app', key);
  }
  volumes.push(emptyDir('clonerefs-tmp'));
  mounts.push({ name: 'clonerefs-tmp', mountPath: '/tmp', readOnly: false });
  const args: string[] = [];
  let cookiePath: string | undefined;
  if (dc.cookiefile_secret) {
    const [secret, base = secret] = dc.cookiefile_secret.split('/', 2);
    volumes.push(secretVolume('cookiefile', secret, { defaultMode: 0o400 }));
    mounts.push({ name: 'cookiefile', mountPath: '/secrets/cookiefile', readOnly: true });
    cookiePath = path.posix.join('/secrets/cookiefile', base);
    args.push(`--cookiefile=${cookiePath}`);
  }
  const opts: CloneRefsOptions & { github_api_endpoints?: string[]; github_app_id?: string; github_app_private_key_file?: string } = {
    src_root: CODE_MOUNT.mountPath,
    log: path.posix.join(LOGS_MOUNT.mountPath, CLONE_LOG_FILE),
    git_user_name: 'ci-robot',
    git_user_email: 'ci-robot@k8s.io',
    refs,
  };
  if (keyFiles.length) opts.key_files = keyFiles;
  if (oauthTokenFile) opts.oauth_token_file = oauthTokenFile;
  if (dc.ssh_host_fingerprints?.length) opts.host_fingerprints = dc.ssh_host_fingerprints;
  if (cookiePath) opts.cookie_path = cookiePath;
  opts.github_api_endpoints = dc.github_api_endpoints?.length ? dc.github_api_endpoints : [DEFAULT_GITHUB_API];
  if (dc.github_app_id) opts.github_app_id = dc.github_app_id;
  if (appKeyFile) opts.github_app_private_key_file = appKeyFile;
  const container: V1Container = {
    name: 'clonerefs',
    image: dc.utility_images?.clonerefs,
    env: kubeEnv({ [CLONEREFS_OPTIONS_ENV]: JSON.stringify(opts) }),
    volumeMounts: [LOGS_MOUNT, CODE_MOUNT, ...mounts],
  };
  if (args.length) container.args = args;
  if (dc.resources?.clonerefs) container.resources = dc.resources.clonerefs;
  return { container, volumes };
}

function blobStorage(dc: DecorationConfig): { volumes: V1Volume[]; mounts: V1VolumeMount[]; options: GCSUploadOptions } {
  const options: GCSUploadOptions = { ...(dc.gcs_configuration ?? {}), dry_run: false };
  const volumes: V1Volume[] = [];
  const mounts: V1VolumeMount[] = [];
  if (dc.gcs_credentials_secret) {
    volumes.push(secretVolume(GCS_CREDENTIALS_MOUNT.name, dc.gcs_credentials_secret));
    mounts.push(GCS_CREDENTIALS_MOUNT);
    options.gcs_credentials_file = `${GCS_CREDENTIALS_MOUNT.mountPath}/service-account.json`;
  }
  if (dc.s3_credentials_secret) {
    volumes.push(secretVolume(S3_CREDENTIALS_MOUNT.name, dc.s3_credentials_secret));
    mounts.push(S3_CREDENTIALS_MOUNT);
    options.s3_credentials_file = `${S3_CREDENTIALS_MOUNT.mountPath}/service-account.json`;
  }
  return { volumes, mounts, options };
}

/** Go's Duration.Seconds() truncated, times 5/4, as upstream sizes the Pod's termination grace period. */
function podGraceSeconds(gracePeriod: string): number {
  const ms = timeoutsOf({ grace_period: gracePeriod }).gracePeriodMs;
  return Math.floor((Math.floor(ms / 1000) * 5) / 4);
}

function decorate(spec: V1PodSpec, pj: ProwJob, dc: DecorationConfig, env: Record<string, string>): void {
  const artifacts = path.posix.join(LOGS_MOUNT.mountPath, ARTIFACTS_SUBDIR);
  env.ARTIFACTS = artifacts;
  env.GOPATH = CODE_MOUNT.mountPath;
  const storage = blobStorage(dc);
  const clone = cloneRefsContainer(pj, dc);
  if (clone) spec.initContainers = [clone.container, ...(spec.initContainers ?? [])];
  const encodedSpec = env[JOB_SPEC_ENV];
  const initUpload: V1Container = {
    name: 'initupload',
    image: dc.utility_images?.initupload,
    env: kubeEnv({
      [JOB_SPEC_ENV]: encodedSpec,
      [INITUPLOAD_OPTIONS_ENV]: JSON.stringify({ ...storage.options, ...(clone ? { log: path.posix.join(LOGS_MOUNT.mountPath, CLONE_LOG_FILE) } : {}) }),
    }),
    volumeMounts: [...(clone ? [LOGS_MOUNT] : []), ...storage.mounts],
  };
  if (dc.resources?.initupload) initUpload.resources = dc.resources.initupload;
  const placeEntrypoint: V1Container = {
    name: 'place-entrypoint',
    image: dc.utility_images?.entrypoint,
    args: ['--copy-mode-only'],
    volumeMounts: [TOOLS_MOUNT],
  };
  if (dc.resources?.place_entrypoint) placeEntrypoint.resources = dc.resources.place_entrypoint;
  spec.initContainers = [...(spec.initContainers ?? []), initUpload, placeEntrypoint];
  for (const c of spec.containers) c.env = [...(c.env ?? []), ...kubeEnv(env)];

  const secretVolumes = new Set((spec.volumes ?? []).filter((v) => v.secret).map((v) => v.name));
  const secretMounts: V1VolumeMount[] = [];
  const wrappers: WrapperOptions[] = [];
  const t = timeoutsOf(dc);
  for (const c of spec.containers) {
    const prefix = spec.containers.length === 1 ? '' : c.name;
    const w: WrapperOptions & { args: string[] } = {
      args: [...(c.command ?? []), ...(c.args ?? [])],
      container_name: c.name,
      process_log: path.posix.join(LOGS_MOUNT.mountPath, prefix ? `${prefix}-log.txt` : 'process-log.txt'),
      marker_file: path.posix.join(LOGS_MOUNT.mountPath, prefix ? `${prefix}-marker.txt` : 'marker-file.txt'),
      metadata_file: path.posix.join(artifacts, prefix ? `${prefix}-metadata.json` : 'metadata.json'),
    };
    const ep: EntrypointOptions = {
      // Unset means upstream's defaults (2h, 15s), as for local jobs: the entrypoint reads 0 as "never time out".
      timeout: Math.round(t.timeoutMs * NS_PER_MS),
      grace_period: Math.round(t.gracePeriodMs * NS_PER_MS),
      artifact_dir: artifacts,
      ...w,
    };
    c.command = [path.posix.join(TOOLS_MOUNT.mountPath, 'entrypoint')];
    delete c.args;
    c.env = [...(c.env ?? []), ...kubeEnv({ [ENTRYPOINT_OPTIONS_ENV]: JSON.stringify(ep) })];
    c.volumeMounts = [...(c.volumeMounts ?? []), LOGS_MOUNT, TOOLS_MOUNT];
    if (dc.censor_secrets) for (const m of c.volumeMounts) if (secretVolumes.has(m.name)) secretMounts.push(m);
    const { args: _args, ...entry } = w;
    wrappers.push(entry);
  }

  const sidecarOpts: SidecarOptions = {
    gcs_options: { ...storage.options, items: [...(storage.options.items ?? []), artifacts] },
    entries: wrappers,
    censoring_options: {
      ...(secretMounts.length ? { secret_directories: secretMounts.map((m) => m.mountPath) } : {}),
      ...(dc.censoring_options
        ? {
            censoring_concurrency: dc.censoring_options.censoring_concurrency,
            censoring_buffer_size: dc.censoring_options.censoring_buffer_size,
            include_directories: dc.censoring_options.include_directories,
            exclude_directories: dc.censoring_options.exclude_directories,
          }
        : {}),
    },
  };
  if (dc.upload_ignores_interrupts) sidecarOpts.ignore_interrupts = true;
  const sidecar: V1Container = {
    name: 'sidecar',
    image: dc.utility_images?.sidecar,
    env: kubeEnv({ [SIDECAR_OPTIONS_ENV]: JSON.stringify(sidecarOpts), [JOB_SPEC_ENV]: encodedSpec }),
    volumeMounts: [LOGS_MOUNT, ...storage.mounts, ...secretMounts],
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
  if (dc.resources?.sidecar) sidecar.resources = dc.resources.sidecar;

  spec.volumes = [...(spec.volumes ?? []), emptyDir(LOGS_MOUNT.name), emptyDir(TOOLS_MOUNT.name), ...storage.volumes];
  if (clone) {
    const refs = allRefs(pj);
    const workdir = pathForRefs(CODE_MOUNT.mountPath, refs.find((r) => r.workdir) ?? refs[0]);
    for (const c of spec.containers) {
      c.workingDir = workdir;
      c.volumeMounts = [...(c.volumeMounts ?? []), CODE_MOUNT];
    }
    spec.volumes.push(...clone.volumes, emptyDir(CODE_MOUNT.name));
  }
  if (dc.default_memory_request !== undefined) {
    for (const c of spec.containers) {
      if (c.resources?.requests?.memory !== undefined) continue;
      c.resources = { ...(c.resources ?? {}), requests: { ...(c.resources?.requests ?? {}), memory: String(dc.default_memory_request) } };
    }
  }
  spec.securityContext ??= {};
  if (dc.run_as_user !== undefined && spec.securityContext.runAsUser === undefined) spec.securityContext.runAsUser = dc.run_as_user;
  if (dc.run_as_group !== undefined && spec.securityContext.runAsGroup === undefined) spec.securityContext.runAsGroup = dc.run_as_group;
  if (dc.fs_group !== undefined && spec.securityContext.fsGroup === undefined) spec.securityContext.fsGroup = dc.fs_group;
  if (dc.set_limit_equals_memory_request) {
    for (const c of spec.containers) {
      const mem = c.resources?.requests?.memory;
      if (mem !== undefined) c.resources = { ...c.resources, limits: { ...(c.resources?.limits ?? {}), memory: mem } };
    }
  }
  spec.containers.push(sidecar);
  if (spec.terminationGracePeriodSeconds === undefined && dc.grace_period) spec.terminationGracePeriodSeconds = podGraceSeconds(dc.grace_period);
  if (!spec.serviceAccountName && dc.default_service_account_name) spec.serviceAccountName = dc.default_service_account_name;
}

/** Builds the Pod for a ProwJob (its status.build_id must be set). Throws on a job that has no pod_spec. */
export function prowJobToPod(pj: ProwJob): V1Pod {
  if (!pj.spec.pod_spec) throw new Error(`prowjob ${JSON.stringify(pj.metadata.name)} lacks a pod spec`);
  const env = envForSpec(podJobSpec(pj));
  const spec = structuredClone(pj.spec.pod_spec);
  spec.restartPolicy = 'Never';
  if (spec.containers.length === 1) spec.containers[0].name = TEST_CONTAINER;
  // Kubernetes mounts the default token when this is unset; jobs get it only by asking for it or an account.
  if (spec.automountServiceAccountToken === undefined && !spec.serviceAccountName) spec.automountServiceAccountToken = false;
  if (!pj.spec.decoration_config) {
    for (const c of spec.containers) c.env = [...(c.env ?? []), ...kubeEnv(env)];
  } else {
    decorate(spec, pj, pj.spec.decoration_config, env);
  }
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) c.terminationMessagePolicy ||= 'FallbackToLogsOnError';
  const { labels, annotations } = labelsAndAnnotationsForSpec(
    pj.spec,
    { ...(pj.metadata.labels ?? {}), [LABEL_ID]: pj.metadata.name, [LABEL_BUILD_ID]: pj.status.build_id ?? '' },
    { ...(pj.metadata.annotations ?? {}) },
  );
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: pj.metadata.name, labels, annotations }, spec };
}
