import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseConfigYaml } from '../../../src/config/yaml.js';
import { newBatch, newPeriodic, newPostsubmit, newPresubmit, newProwJob, newRerun, LABEL_EVENT_GUID } from '../../../src/api/create.js';
import type { ProwJob, Refs } from '../../../src/api/prowjob.js';
import { loadConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/types.js';
import { PACKAGE_ROOT } from '../../../src/runtime/version.js';

const CONFIG = `
prowjob_namespace: prow
pod_namespace: test-pods
plank:
  job_queue_capacities: {nightly: 1}
  default_decoration_config_entries:
    - config:
        timeout: 2h
        grace_period: 15s
        utility_images:
          clonerefs: clonerefs:v1
          initupload: initupload:v1
          entrypoint: entrypoint:v1
          sidecar: sidecar:v1
        gcs_configuration:
          bucket: s3://prow-logs
          path_strategy: explicit
        s3_credentials_secret: s3-creds
    - repo: acme/widgets
      config:
        timeout: 30m
presets:
  - labels: {preset-secret: "true"}
    env: [{name: SECRET_PATH, value: /etc/secret}]
    volumes: [{name: secret, secret: {secretName: the-secret}}]
    volumeMounts: [{name: secret, mountPath: /etc/secret, readOnly: true}]
presubmits:
  acme/widgets:
    - name: pull-widgets-unit
      decorate: true
      always_run: true
      labels: {preset-secret: "true", team: widgets}
      annotations: {testgrid-dashboards: widgets}
      max_concurrency: 2
      path_alias: example.com/widgets
      spec:
        containers: [{image: golang:1.22, command: [make, test]}]
    - name: pull-widgets-optional-with-a-very-long-name-that-does-not-fit-in-a-label-value-at-all
      optional: true
      context: ci/prow/optional
      skip_report: true
      rerun_auth_config: {github_users: [alice]}
      spec:
        containers: [{image: alpine, command: ['true']}]
postsubmits:
  acme/widgets:
    - name: post-widgets-push
      decorate: true
      cluster: build-a
      reporter_config: {slack: {channel: widgets-ci}}
      extra_refs:
        - {org: acme, repo: tools, base_ref: main}
      spec:
        containers: [{image: alpine, command: [make, push]}]
periodics:
  - name: ci-widgets-nightly
    interval: 24h
    decorate: true
    hidden: true
    job_queue_name: nightly
    extra_refs:
      - {org: acme, repo: widgets, base_ref: main, path_alias: example.com/widgets}
    spec:
      containers: [{image: alpine, command: [make, nightly]}]
  - name: ci-undecorated
    cron: "0 * * * *"
    spec:
      containers: [{image: alpine, command: [date]}]
`;

let config: Config;
let validate: ValidateFunction;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'prow-api-create-'));

beforeAll(async () => {
  const file = path.join(tmp, 'config.yaml');
  fs.writeFileSync(file, CONFIG);
  config = (await loadConfig({ configPath: file })).config;
  // The CRD as shipped in manifests/ (upstream's, unchanged); x-kubernetes-* keywords are not JSON Schema.
  const crd = parseConfigYaml(fs.readFileSync(path.join(PACKAGE_ROOT, 'manifests/prowjob-crd.yaml'), 'utf8')) as {
    spec: { versions: Array<{ name: string; schema: { openAPIV3Schema: object } }> };
  };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  validate = ajv.compile(crd.spec.versions.find((v) => v.name === 'v1')!.schema.openAPIV3Schema);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const pull = (number: number, sha: string): NonNullable<Refs['pulls']>[number] => ({ number, author: `user${number}`, sha, title: `PR ${number}` });
const prRefs = (): Refs => ({ org: 'acme', repo: 'widgets', base_ref: 'main', base_sha: 'a'.repeat(40), pulls: [pull(7, 'b'.repeat(40))] });

function corpus(): Record<string, ProwJob> {
  const [unit, optional] = config.presubmits!['acme/widgets']!;
  const [post] = config.postsubmits!['acme/widgets']!;
  const [nightly, undecorated] = config.periodics!;
  return {
    presubmitDecorated: newPresubmit(unit!, prRefs(), { eventGUID: 'guid-1' }),
    presubmitPlain: newPresubmit(optional!, prRefs()),
    batch: newBatch(unit!, { ...prRefs(), pulls: [pull(7, 'b'.repeat(40)), pull(8, 'c'.repeat(40)), pull(9, 'd'.repeat(40))] }),
    postsubmit: newPostsubmit(post!, { org: 'acme', repo: 'widgets', base_ref: 'main', base_sha: 'e'.repeat(40) }),
    periodicWithExtraRefs: newPeriodic(nightly!),
    periodicPlain: newPeriodic(undecorated!),
  };
}

describe('generated ProwJobs', () => {
  it('validate against the upstream CRD schema, every job type', () => {
    for (const [what, pj] of Object.entries(corpus())) {
      const ok = validate(pj);
      expect({ what, errors: ok ? null : validate.errors }).toEqual({ what, errors: null });
    }
  });

  it('the schema check can fail: a wrong type or state is rejected', () => {
    const bad = corpus().presubmitDecorated;
    (bad.spec as { type: string }).type = 'nightly';
    expect(validate(bad)).toBe(false);
    const bad2 = corpus().presubmitDecorated;
    (bad2.status as { state: string }).state = 'done';
    expect(validate(bad2)).toBe(false);
  });

  it('presubmit: labels, annotations, spec and status as upstream', () => {
    const pj = corpus().presubmitDecorated;
    expect(pj.apiVersion).toBe('prow.k8s.io/v1');
    expect(pj.kind).toBe('ProwJob');
    // Caused by a delivery: a name-based UUID (the same delivery and job always name the same ProwJob).
    expect(pj.metadata.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(corpus().presubmitDecorated.metadata.name).toBe(pj.metadata.name);
    expect(corpus().presubmitPlain.metadata.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(corpus().presubmitPlain.metadata.name).not.toBe(corpus().presubmitPlain.metadata.name);
    expect(pj.metadata.labels).toEqual({
      'created-by-prow': 'true',
      'prow.k8s.io/type': 'presubmit',
      'prow.k8s.io/job': 'pull-widgets-unit',
      'prow.k8s.io/refs.org': 'acme',
      'prow.k8s.io/refs.repo': 'widgets',
      'prow.k8s.io/refs.base_ref': 'main',
      'prow.k8s.io/refs.pull': '7',
      'prow.k8s.io/context': 'pull-widgets-unit',
      'prow.k8s.io/is-optional': 'false',
      'prow.k8s.io/build-id': pj.status.build_id,
      [LABEL_EVENT_GUID]: 'guid-1',
      'preset-secret': 'true',
      team: 'widgets',
    });
    expect(pj.metadata.annotations).toEqual({
      'prow.k8s.io/job': 'pull-widgets-unit',
      'prow.k8s.io/context': 'pull-widgets-unit',
      'testgrid-dashboards': 'widgets',
    });
    expect(pj.spec).toMatchObject({
      type: 'presubmit',
      agent: 'kubernetes',
      cluster: 'default',
      namespace: 'test-pods',
      job: 'pull-widgets-unit',
      report: true,
      context: 'pull-widgets-unit',
      rerun_command: '/test pull-widgets-unit',
      max_concurrency: 2,
      refs: { ...prRefs(), path_alias: 'example.com/widgets' },
    });
    // Decoration: the default entry, then the repo's entry on top.
    expect(pj.spec.decoration_config).toMatchObject({
      timeout: '30m0s',
      grace_period: '15s',
      utility_images: { clonerefs: 'clonerefs:v1' },
      gcs_configuration: { bucket: 's3://prow-logs', path_strategy: 'explicit' },
      s3_credentials_secret: 's3-creds',
    });
    // The preset applied through the job's labels.
    const c = pj.spec.pod_spec!.containers[0]!;
    expect(c.name).toBe(''); // as configured (unset); the Pod names it `test`
    expect(c.env).toEqual([{ name: 'SECRET_PATH', value: '/etc/secret' }]);
    expect(c.volumeMounts).toEqual([{ name: 'secret', mountPath: '/etc/secret', readOnly: true }]);
    expect(pj.spec.pod_spec!.volumes).toEqual([{ name: 'secret', secret: { secretName: 'the-secret' } }]);
    expect(pj.status.state).toBe('triggered');
    expect(pj.status.startTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // As upstream, the build ID comes when plank starts the job.
    expect(pj.status).not.toHaveProperty('build_id');
    expect(Object.keys(pj.spec).slice(0, 6)).toEqual(['type', 'agent', 'cluster', 'namespace', 'job', 'refs']);
  });

  it('shortens a too-long job name label and falls back to the last path element of a context', () => {
    const pj = corpus().presubmitPlain;
    const jobLabel = pj.metadata.labels!['prow.k8s.io/job']!;
    expect(jobLabel.length).toBeLessThanOrEqual(63);
    expect(pj.spec.job.startsWith(jobLabel)).toBe(true);
    expect(jobLabel).not.toMatch(/[-.]$/);
    expect(pj.metadata.annotations!['prow.k8s.io/job']).toBe(pj.spec.job);
    expect(pj.metadata.labels!['prow.k8s.io/context']).toBe('optional');
    expect(pj.metadata.annotations!['prow.k8s.io/context']).toBe('ci/prow/optional');
    expect(pj.metadata.labels!['prow.k8s.io/is-optional']).toBe('true');
    expect(pj.spec.report).toBe(false);
    expect(pj.spec.decoration_config).toBeUndefined();
    expect(pj.spec.rerun_auth_config).toEqual({ github_users: ['alice'] });
  });

  it('batch: all pulls in refs, the first one labelled', () => {
    const pj = corpus().batch;
    expect(pj.spec.type).toBe('batch');
    expect(pj.spec.refs!.pulls!.map((p) => p.number)).toEqual([7, 8, 9]);
    expect(pj.metadata.labels!['prow.k8s.io/refs.pull']).toBe('7');
    expect(pj.spec.rerun_command).toBeUndefined();
  });

  it('postsubmit: cluster, reporter_config and extra_refs from the job', () => {
    const pj = corpus().postsubmit;
    expect(pj.spec).toMatchObject({
      type: 'postsubmit',
      cluster: 'build-a',
      report: true,
      context: 'post-widgets-push',
      reporter_config: { slack: { channel: 'widgets-ci' } },
      extra_refs: [{ org: 'acme', repo: 'tools', base_ref: 'main' }],
    });
    expect(pj.metadata.labels!['prow.k8s.io/refs.pull']).toBeUndefined();
    expect(pj.metadata.labels!['prow.k8s.io/is-optional']).toBeUndefined();
  });

  it('periodic: refs labels from its first extra_refs, hidden and job_queue_name', () => {
    const pj = corpus().periodicWithExtraRefs;
    expect(pj.spec).toMatchObject({ type: 'periodic', hidden: true, job_queue_name: 'nightly' });
    expect(pj.spec.refs).toBeUndefined();
    expect(pj.spec.extra_refs![0]).toMatchObject({ org: 'acme', repo: 'widgets', path_alias: 'example.com/widgets' });
    // As upstream: a periodic is labelled with the repository of its first extra ref.
    expect(pj.metadata.labels).toMatchObject({ 'prow.k8s.io/refs.org': 'acme', 'prow.k8s.io/refs.repo': 'widgets', 'prow.k8s.io/context': '' });
    // Default entries match a periodic by its first extra_refs repo: acme/widgets gets its 30m.
    expect(pj.spec.decoration_config!.timeout).toBe('30m0s');
    expect(corpus().postsubmit.spec.decoration_config!.timeout).toBe('30m0s');
    expect(corpus().periodicPlain.spec.decoration_config).toBeUndefined();
  });

  it('never shares objects with the config', () => {
    const pj = corpus().presubmitDecorated;
    pj.spec.pod_spec!.containers[0]!.image = 'changed';
    pj.spec.decoration_config!.timeout = '1s';
    expect(config.presubmits!['acme/widgets']![0]!.spec!.containers[0]!.image).toBe('golang:1.22');
    expect(corpus().presubmitDecorated.spec.decoration_config!.timeout).toBe('30m0s');
  });

  it('unique names; no build ID until one is given', () => {
    const jobs = Array.from({ length: 50 }, () => corpus().periodicPlain);
    expect(new Set(jobs.map((j) => j.metadata.name)).size).toBe(50);
    expect(jobs.every((j) => j.status.build_id === undefined)).toBe(true);
    expect(newProwJob(jobs[0]!.spec, { buildId: '42' }).status.build_id).toBe('42');
  });

  it('a rerun copies spec, labels and annotations under a new name and build ID', () => {
    const first = corpus().presubmitDecorated;
    const again = newRerun(first);
    expect(again.metadata.name).not.toBe(first.metadata.name);
    expect(again.spec).toEqual(first.spec);
    again.spec.pod_spec!.containers[0]!.image = 'changed';
    expect(first.spec.pod_spec!.containers[0]!.image).not.toBe('changed');
    expect(again.metadata.labels).not.toHaveProperty('prow.k8s.io/id');
    expect(again.metadata.labels!['prow.k8s.io/build-id']).toBe(again.status.build_id);
    expect(again.metadata.labels![LABEL_EVENT_GUID]).toBe('guid-1');
    expect(again.status.state).toBe('triggered');
    expect(validate(again)).toBe(true);
  });
});
