import { describe, it, expect } from '@jest/globals';
import type { V1Container, V1EnvVar } from '@kubernetes/client-node';
import type { ProwJob, ProwJobSpec } from '../../../src/api/prowjob.js';
import { prowJobToPod } from '../../../src/executor/kube-pod.js';

const images = { clonerefs: 'clonerefs:v1', initupload: 'initupload:v1', entrypoint: 'entrypoint:v1', sidecar: 'sidecar:v1' };
const refs = { org: 'org', repo: 'repo', base_ref: 'main', base_sha: 'abcdef', pulls: [{ number: 1, author: 'author-name', sha: 'pull-sha', title: 'A title', head_ref: 'branch' }] };

function job(spec: Partial<ProwJobSpec>): ProwJob {
  return {
    apiVersion: 'prow.k8s.io/v1',
    kind: 'ProwJob',
    metadata: { name: 'pod', namespace: 'prow', labels: { 'created-by-prow': 'true', 'prow.k8s.io/job': 'job-name', 'prow.k8s.io/type': 'presubmit' }, annotations: { 'prow.k8s.io/job': 'job-name' } },
    spec: { type: 'presubmit', job: 'job-name', agent: 'kubernetes', refs, pod_spec: { containers: [{ name: '', image: 'tester', command: ['/bin/thing'], args: ['some', 'args'], env: [{ name: 'MY_ENV', value: 'rocks' }] }] }, ...spec },
    status: { state: 'pending', build_id: 'blabla' },
  };
}

const envMap = (env: V1EnvVar[] | undefined): Record<string, string> => Object.fromEntries((env ?? []).map((e) => [e.name, e.value ?? '']));
const container = (cs: V1Container[] | undefined, name: string): V1Container => {
  const c = cs?.find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  return c;
};

describe('prowJobToPod', () => {
  it('undecorated: the job env on every container, labels, restartPolicy, no service account token', () => {
    const pod = prowJobToPod(job({}));
    expect(pod.metadata).toEqual({
      name: 'pod',
      labels: {
        'created-by-prow': 'true',
        'prow.k8s.io/job': 'job-name',
        'prow.k8s.io/type': 'presubmit',
        'prow.k8s.io/id': 'pod',
        'prow.k8s.io/build-id': 'blabla',
        'prow.k8s.io/refs.org': 'org',
        'prow.k8s.io/refs.repo': 'repo',
        'prow.k8s.io/refs.base_ref': 'main',
        'prow.k8s.io/refs.pull': '1',
        'prow.k8s.io/context': '',
      },
      annotations: { 'prow.k8s.io/job': 'job-name', 'prow.k8s.io/context': '' },
    });
    expect(pod.spec!.restartPolicy).toBe('Never');
    expect(pod.spec!.automountServiceAccountToken).toBe(false);
    const test = pod.spec!.containers[0];
    expect(test.name).toBe('test');
    expect(test.command).toEqual(['/bin/thing']);
    expect(test.args).toEqual(['some', 'args']);
    expect(test.terminationMessagePolicy).toBe('FallbackToLogsOnError');
    const names = test.env!.map((e) => e.name);
    expect(names[0]).toBe('MY_ENV');
    // The job variables follow the container's own, sorted by name.
    expect(names.slice(1)).toEqual([...names.slice(1)].sort());
    expect(envMap(test.env)).toMatchObject({
      BUILD_ID: 'blabla',
      BUILD_NUMBER: 'blabla',
      CI: 'true',
      JOB_NAME: 'job-name',
      JOB_TYPE: 'presubmit',
      PROW_JOB_ID: 'pod',
      PULL_BASE_REF: 'main',
      PULL_BASE_SHA: 'abcdef',
      PULL_HEAD_REF: 'branch',
      PULL_NUMBER: '1',
      PULL_PULL_SHA: 'pull-sha',
      PULL_REFS: 'main:abcdef,1:pull-sha',
      PULL_TITLE: 'A title',
      REPO_NAME: 'repo',
      REPO_OWNER: 'org',
    });
    expect(JSON.parse(envMap(test.env).JOB_SPEC)).toEqual({ type: 'presubmit', job: 'job-name', buildid: 'blabla', prowjobid: 'pod', refs });
    expect(pod.spec!.initContainers).toBeUndefined();
  });

  it('keeps the service account token when the job names an account or asks for it', () => {
    const withSA = job({});
    withSA.spec.pod_spec!.serviceAccountName = 'tester';
    expect(prowJobToPod(withSA).spec!.automountServiceAccountToken).toBeUndefined();
    const explicit = job({});
    explicit.spec.pod_spec!.automountServiceAccountToken = true;
    expect(prowJobToPod(explicit).spec!.automountServiceAccountToken).toBe(true);
  });

  it('decorated presubmit: clonerefs, initupload, place-entrypoint, wrapped test container and sidecar', () => {
    const pod = prowJobToPod(
      job({
        decoration_config: {
          timeout: '1m',
          grace_period: '1s',
          utility_images: images,
          gcs_configuration: { bucket: 'my-bucket', path_strategy: 'legacy', default_org: 'kubernetes', default_repo: 'kubernetes' },
          gcs_credentials_secret: 'secret-name',
          ssh_key_secrets: ['ssh-1', 'ssh-2'],
          default_service_account_name: 'default-sa',
        },
      }),
    );
    const spec = pod.spec!;
    expect(spec.initContainers!.map((c) => c.name)).toEqual(['clonerefs', 'initupload', 'place-entrypoint']);
    expect(spec.containers.map((c) => c.name)).toEqual(['test', 'sidecar']);
    expect(spec.serviceAccountName).toBe('default-sa');
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.terminationGracePeriodSeconds).toBe(1);

    const clone = container(spec.initContainers, 'clonerefs');
    expect(clone.image).toBe('clonerefs:v1');
    expect(clone.command).toBeUndefined();
    expect(clone.volumeMounts).toEqual([
      { name: 'logs', mountPath: '/logs' },
      { name: 'code', mountPath: '/home/prow/go' },
      { name: 'ssh-keys-ssh-1', mountPath: '/secrets/ssh/ssh-1', readOnly: true },
      { name: 'ssh-keys-ssh-2', mountPath: '/secrets/ssh/ssh-2', readOnly: true },
      { name: 'clonerefs-tmp', mountPath: '/tmp', readOnly: false },
    ]);
    expect(JSON.parse(envMap(clone.env).CLONEREFS_OPTIONS)).toEqual({
      src_root: '/home/prow/go',
      log: '/logs/clone.json',
      git_user_name: 'ci-robot',
      git_user_email: 'ci-robot@k8s.io',
      refs: [refs],
      key_files: ['/secrets/ssh/ssh-1', '/secrets/ssh/ssh-2'],
      github_api_endpoints: ['https://api.github.com'],
    });

    const init = container(spec.initContainers, 'initupload');
    expect(init.image).toBe('initupload:v1');
    expect(init.volumeMounts).toEqual([{ name: 'logs', mountPath: '/logs' }, { name: 'gcs-credentials', mountPath: '/secrets/gcs' }]);
    expect(JSON.parse(envMap(init.env).INITUPLOAD_OPTIONS)).toEqual({
      bucket: 'my-bucket',
      path_strategy: 'legacy',
      default_org: 'kubernetes',
      default_repo: 'kubernetes',
      gcs_credentials_file: '/secrets/gcs/service-account.json',
      dry_run: false,
      log: '/logs/clone.json',
    });
    expect(JSON.parse(envMap(init.env).JOB_SPEC).buildid).toBe('blabla');

    const place = container(spec.initContainers, 'place-entrypoint');
    expect(place).toEqual({ name: 'place-entrypoint', image: 'entrypoint:v1', args: ['--copy-mode-only'], volumeMounts: [{ name: 'tools', mountPath: '/tools' }], terminationMessagePolicy: 'FallbackToLogsOnError' });

    const test = container(spec.containers, 'test');
    expect(test.command).toEqual(['/tools/entrypoint']);
    expect(test.args).toBeUndefined();
    expect(test.workingDir).toBe('/home/prow/go/src/github.com/org/repo');
    expect(test.volumeMounts).toEqual([
      { name: 'logs', mountPath: '/logs' },
      { name: 'tools', mountPath: '/tools' },
      { name: 'code', mountPath: '/home/prow/go' },
    ]);
    const env = envMap(test.env);
    expect(env.ARTIFACTS).toBe('/logs/artifacts');
    expect(env.GOPATH).toBe('/home/prow/go');
    expect(JSON.parse(env.ENTRYPOINT_OPTIONS)).toEqual({
      timeout: 60_000_000_000,
      grace_period: 1_000_000_000,
      artifact_dir: '/logs/artifacts',
      args: ['/bin/thing', 'some', 'args'],
      container_name: 'test',
      process_log: '/logs/process-log.txt',
      marker_file: '/logs/marker-file.txt',
      metadata_file: '/logs/artifacts/metadata.json',
    });
    expect(test.env![test.env!.length - 1].name).toBe('ENTRYPOINT_OPTIONS');

    const sidecar = container(spec.containers, 'sidecar');
    expect(sidecar.image).toBe('sidecar:v1');
    expect(sidecar.volumeMounts).toEqual([{ name: 'logs', mountPath: '/logs' }, { name: 'gcs-credentials', mountPath: '/secrets/gcs' }]);
    expect(JSON.parse(envMap(sidecar.env).SIDECAR_OPTIONS)).toEqual({
      gcs_options: {
        bucket: 'my-bucket',
        path_strategy: 'legacy',
        default_org: 'kubernetes',
        default_repo: 'kubernetes',
        gcs_credentials_file: '/secrets/gcs/service-account.json',
        dry_run: false,
        items: ['/logs/artifacts'],
      },
      entries: [{ container_name: 'test', process_log: '/logs/process-log.txt', marker_file: '/logs/marker-file.txt', metadata_file: '/logs/artifacts/metadata.json' }],
      censoring_options: {},
    });

    expect(spec.volumes).toEqual([
      { name: 'logs', emptyDir: {} },
      { name: 'tools', emptyDir: {} },
      { name: 'gcs-credentials', secret: { secretName: 'secret-name' } },
      { name: 'ssh-keys-ssh-1', secret: { secretName: 'ssh-1', defaultMode: 0o400 } },
      { name: 'ssh-keys-ssh-2', secret: { secretName: 'ssh-2', defaultMode: 0o400 } },
      { name: 'clonerefs-tmp', emptyDir: {} },
      { name: 'code', emptyDir: {} },
    ]);
  });

  it('skip_cloning: no clonerefs, no code volume, no working dir; initupload has no clone log', () => {
    const pod = prowJobToPod(job({ decoration_config: { skip_cloning: true, utility_images: images, s3_credentials_secret: 's3-secret', gcs_configuration: { bucket: 's3://b', path_strategy: 'explicit' } } }));
    const spec = pod.spec!;
    expect(spec.initContainers!.map((c) => c.name)).toEqual(['initupload', 'place-entrypoint']);
    const init = container(spec.initContainers, 'initupload');
    expect(init.volumeMounts).toEqual([{ name: 's3-credentials', mountPath: '/secrets/s3-storage' }]);
    expect(JSON.parse(envMap(init.env).INITUPLOAD_OPTIONS)).toEqual({ bucket: 's3://b', path_strategy: 'explicit', s3_credentials_file: '/secrets/s3-storage/service-account.json', dry_run: false });
    expect(container(spec.containers, 'test').workingDir).toBeUndefined();
    expect(spec.volumes!.map((v) => v.name)).toEqual(['logs', 'tools', 's3-credentials']);
    expect(spec.terminationGracePeriodSeconds).toBeUndefined();
  });

  it('several test containers: per-container logs and markers; extra_refs workdir; oauth and cookiefile; censoring', () => {
    const pj = job({
      type: 'periodic',
      refs: undefined,
      extra_refs: [
        { org: 'a', repo: 'one', base_ref: 'main' },
        { org: 'b', repo: 'two', base_ref: 'main', path_alias: 'k8s.io/two', workdir: true },
      ],
      decoration_config: {
        utility_images: images,
        oauth_token_secret: { name: 'oauth', key: 'token' },
        cookiefile_secret: 'cookies/jar',
        censor_secrets: true,
        censoring_options: { include_directories: ['**/*.log'] },
        fs_group: 2000,
        run_as_user: 1000,
      },
      pod_spec: {
        containers: [
          { name: 'unit', image: 'go', command: ['make', 'test'], volumeMounts: [{ name: 'creds', mountPath: '/creds' }] },
          { name: 'lint', image: 'go', args: ['lint'] },
        ],
        volumes: [{ name: 'creds', secret: { secretName: 'creds' } }],
      },
    });
    const spec = prowJobToPod(pj).spec!;
    expect(spec.containers.map((c) => c.name)).toEqual(['unit', 'lint', 'sidecar']);
    expect(spec.securityContext).toEqual({ runAsUser: 1000, fsGroup: 2000 });
    const unit = container(spec.containers, 'unit');
    expect(unit.workingDir).toBe('/home/prow/go/src/k8s.io/two');
    const ep = JSON.parse(envMap(unit.env).ENTRYPOINT_OPTIONS) as Record<string, unknown>;
    expect(ep).toMatchObject({ args: ['make', 'test'], process_log: '/logs/unit-log.txt', marker_file: '/logs/unit-marker.txt', metadata_file: '/logs/artifacts/unit-metadata.json', timeout: 2 * 3600e9, grace_period: 15e9 });
    expect(JSON.parse(envMap(container(spec.containers, 'lint').env).ENTRYPOINT_OPTIONS)).toMatchObject({ args: ['lint'], process_log: '/logs/lint-log.txt' });
    const env = envMap(unit.env);
    expect(env.REPO_OWNER).toBeUndefined();
    const clone = container(spec.initContainers, 'clonerefs');
    expect(clone.args).toEqual(['--cookiefile=/secrets/cookiefile/jar']);
    const cloneOpts = JSON.parse(envMap(clone.env).CLONEREFS_OPTIONS) as Record<string, unknown>;
    expect(cloneOpts).toMatchObject({ oauth_token_file: '/secrets/oauth/token', cookie_path: '/secrets/cookiefile/jar' });
    expect(clone.volumeMounts).toContainEqual({ name: 'oauth', mountPath: '/secrets/oauth', readOnly: true });
    expect(spec.volumes).toContainEqual({ name: 'oauth', secret: { secretName: 'oauth', items: [{ key: 'token', path: './token' }] } });
    expect(spec.volumes).toContainEqual({ name: 'cookiefile', secret: { secretName: 'cookies', defaultMode: 0o400 } });
    const sidecar = container(spec.containers, 'sidecar');
    const so = JSON.parse(envMap(sidecar.env).SIDECAR_OPTIONS) as { entries: unknown[]; censoring_options: Record<string, unknown> };
    expect(so.entries).toHaveLength(2);
    expect(so.censoring_options).toEqual({ secret_directories: ['/creds'], include_directories: ['**/*.log'] });
    expect(sidecar.volumeMounts).toContainEqual({ name: 'creds', mountPath: '/creds' });
  });

  it('rejects a job without a pod spec', () => {
    expect(() => prowJobToPod(job({ pod_spec: undefined }))).toThrow(/lacks a pod spec/);
  });
});
