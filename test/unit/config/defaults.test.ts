import { afterEach, describe, expect, it } from '@jest/globals';
import { loadConfig, resolveDecorationConfig, applyPresets, type Config, type Preset } from '../../../src/config/index.js';
import { TempDir } from './temp.js';

let tmp: TempDir;
afterEach(() => tmp?.cleanup());

async function load(yaml: string): Promise<Config> {
  tmp = new TempDir();
  return (await loadConfig({ configPath: tmp.write('config.yaml', yaml) })).config;
}

const SPEC = '    spec:\n      containers:\n      - image: alpine\n        command: [make]\n';

describe('component defaults', () => {
  it('are upstream\'s', async () => {
    const c = await load('{}');
    expect(c.prowjob_namespace).toBe('default');
    expect(c.pod_namespace).toBe('default');
    expect(c.log_level).toBe('info');
    expect(c.default_job_timeout).toBe('24h');
    expect(c.plank).toMatchObject({ pod_pending_timeout: '10m', pod_running_timeout: '48h', pod_unscheduled_timeout: '5m', max_revivals: 3 });
    expect(c.sinker).toEqual({ resync_period: '1h', max_prowjob_age: '168h', max_pod_age: '24h', terminated_pod_ttl: '24h' });
    expect(c.deck).toMatchObject({ tide_update_period: '10s', spyglass: { size_limit: 100e6 } });
    expect(c.tide).toMatchObject({ sync_period: '1m', status_update_period: '1m', max_goroutines: 20 });
    expect(c.horologium!.tick_interval).toBe('1m');
    expect(c.github!.link_url).toBe('https://github.com');
    expect(c.github_reporter!.job_types_to_report).toEqual(['presubmit', 'postsubmit']);
    expect(c.status_error_link).toBe('https://github.com/kubernetes/test-infra/issues');
  });

  it('derive from each other where upstream does', async () => {
    const c = await load('sinker:\n  max_pod_age: 2h\ntide:\n  sync_period: 5m\n  target_url: https://tide.example\n');
    expect(c.sinker!.terminated_pod_ttl).toBe('2h');
    expect(c.tide!.status_update_period).toBe('5m');
    expect(c.tide!.target_urls).toEqual({ '*': 'https://tide.example' });
  });

  it('keep what the config sets', async () => {
    const c = await load('prowjob_namespace: prow\npod_namespace: test-pods\nsinker:\n  resync_period: 30m\n');
    expect(c.prowjob_namespace).toBe('prow');
    expect(c.pod_namespace).toBe('test-pods');
    expect(c.sinker!.resync_period).toBe('30m');
  });
});

describe('job defaults', () => {
  it('presubmits get context, rerun_command, trigger, agent, cluster and namespace', async () => {
    const c = await load(`pod_namespace: test-pods\npresubmits:\n  o/r:\n  - name: unit\n${SPEC}`);
    expect(c.presubmits!['o/r']![0]).toMatchObject({
      context: 'unit',
      rerun_command: '/test unit',
      trigger: '(?m)^/test( | .* )unit,?($|\\s.*)',
      agent: 'kubernetes',
      cluster: 'default',
      namespace: 'test-pods',
      decorate: false,
      prowjob_defaults: { tenant_id: 'GlobalDefaultID' },
    });
  });

  it('postsubmits get context = name; periodics get agent, cluster, namespace', async () => {
    const c = await load(`postsubmits:\n  o/r:\n  - name: deploy\n${SPEC}periodics:\n- name: nightly\n  interval: 1h\n${SPEC.replace(/^ {2}/gm, '')}`);
    expect(c.postsubmits!['o/r']![0]).toMatchObject({ context: 'deploy', agent: 'kubernetes', cluster: 'default' });
    expect(c.postsubmits!['o/r']![0]!.always_run).toBeUndefined();
    expect(c.periodics![0]).toMatchObject({ agent: 'kubernetes', cluster: 'default', namespace: 'default' });
  });

  it('decorate_all_jobs decorates every job that does not say otherwise', async () => {
    const c = await load(`decorate_all_jobs: true\npresubmits:\n  o/r:\n  - name: a\n${SPEC}  - name: b\n    decorate: false\n${SPEC}`);
    expect(c.presubmits!['o/r']!.map((j) => j.decorate)).toEqual([true, false]);
  });

  it('merges plank default_decoration_config_entries in order, then the job\'s own config', async () => {
    const c = await load(`plank:
  default_decoration_config_entries:
  - config:
      timeout: 1h
      grace_period: 10s
      utility_images: {clonerefs: c:1, initupload: i:1, entrypoint: e:1, sidecar: s:1}
      gcs_configuration: {bucket: all, path_strategy: explicit}
  - repo: o
    config:
      timeout: 2h
      gcs_configuration: {bucket: org-bucket}
  - repo: o/r
    cluster: build
    config:
      utility_images: {sidecar: s:2}
  - repo: other
    config:
      timeout: 9h
presubmits:
  o/r:
  - name: unit
    decorate: true
    cluster: build
    decoration_config:
      grace_period: 30s
${SPEC}  - name: lint
    decorate: true
${SPEC}`);
    const [unit, lint] = c.presubmits!['o/r']!;
    expect(unit!.decoration_config).toEqual({
      timeout: '2h',
      grace_period: '30s',
      utility_images: { clonerefs: 'c:1', initupload: 'i:1', entrypoint: 'e:1', sidecar: 's:2' },
      gcs_configuration: { bucket: 'org-bucket', path_strategy: 'explicit' },
    });
    expect(lint!.decoration_config!.utility_images!.sidecar).toBe('s:1');
  });

  it('orders the older default_decoration_configs map *, org, org/repo', () => {
    const c: Config = { plank: { default_decoration_configs: { 'o/r': { timeout: '3h' }, o: { timeout: '2h', grace_period: '5s' }, '*': { timeout: '1h', skip_cloning: true } } } };
    expect(resolveDecorationConfig(c, 'o/r', 'default')).toEqual({ timeout: '3h', grace_period: '5s', skip_cloning: true });
    expect(resolveDecorationConfig(c, 'o/x', 'default')).toEqual({ timeout: '2h', grace_period: '5s', skip_cloning: true });
    expect(resolveDecorationConfig(c, 'p/x', 'default')).toEqual({ timeout: '1h', skip_cloning: true });
  });

  it('uses extra_refs[0] as a periodic\'s repo for default entries', async () => {
    const c = await load(`plank:\n  default_decoration_config_entries:\n  - repo: o/r\n    config: {timeout: 5h}\nperiodics:\n- name: nightly\n  interval: 1h\n  decorate: true\n  extra_refs: [{org: o, repo: r, base_ref: main}]\n${SPEC.replace(/^ {2}/gm, '')}`);
    expect(c.periodics![0]!.decoration_config!.timeout).toBe('5h');
  });

  it('merges prowjob_default_entries like decoration entries', async () => {
    const c = await load(`prowjob_default_entries:\n- config: {tenant_id: all}\n- repo: o\n  config: {resultstore_config: {project_id: p}}\npresubmits:\n  o/r:\n  - name: unit\n${SPEC}`);
    expect(c.presubmits!['o/r']![0]!.prowjob_defaults).toEqual({ tenant_id: 'all', resultstore_config: { project_id: 'p' } });
  });
});

describe('presets', () => {
  it('apply labelled presets to matching jobs and anonymous presets to all', async () => {
    const c = await load(`presets:
- labels: {preset-creds: "true"}
  env: [{name: CREDS, value: /creds}]
  volumes: [{name: creds, secret: {secretName: s}}]
  volumeMounts: [{name: creds, mountPath: /creds}]
- env: [{name: ALL, value: "1"}]
presubmits:
  o/r:
  - name: with
    labels: {preset-creds: "true"}
${SPEC}  - name: without
${SPEC}`);
    const [withP, withoutP] = c.presubmits!['o/r']!;
    expect(withP!.spec!.containers[0]!.env).toEqual([{ name: 'CREDS', value: '/creds' }, { name: 'ALL', value: '1' }]);
    expect(withP!.spec!.volumes).toEqual([{ name: 'creds', secret: { secretName: 's' } }]);
    expect(withP!.spec!.containers[0]!.volumeMounts).toEqual([{ name: 'creds', mountPath: '/creds' }]);
    expect(withoutP!.spec!.containers[0]!.env).toEqual([{ name: 'ALL', value: '1' }]);
    expect(withoutP!.spec!.volumes).toBeUndefined();
  });

  it('apply every matching preset in the order listed, whatever label each is found by', () => {
    const presets: Preset[] = [
      { labels: { b: '1' }, env: [{ name: 'FIRST' }] },
      { env: [{ name: 'ALL' }] },
      { labels: { a: '1', b: '1' }, env: [{ name: 'BOTH' }] },
      { labels: { a: '1' }, env: [{ name: 'A' }] },
      { labels: { a: '2' }, env: [{ name: 'OTHER_VALUE' }] },
      { labels: { c: '1', a: '1' }, env: [{ name: 'MISSING_C' }] },
    ];
    const spec = { containers: [{ name: 'test' }] as { name: string; env?: { name: string }[] }[] };
    expect(applyPresets(spec, { a: '1', b: '1' }, presets)).toEqual([]);
    expect(spec.containers[0]!.env!.map((e) => e.name)).toEqual(['FIRST', 'ALL', 'BOTH', 'A']);
  });

  it('report duplicates', () => {
    const spec = { containers: [{ name: 'test', env: [{ name: 'A' }], volumeMounts: [{ name: 'v', mountPath: '/v' }] }], volumes: [{ name: 'v' }] };
    expect(applyPresets(spec, {}, [{ env: [{ name: 'A' }], volumes: [{ name: 'v' }], volumeMounts: [{ name: 'v', mountPath: '/x' }] }])).toEqual([
      'volume v is duplicated in pod spec',
      'env var A is duplicated in pod spec',
      'volume mount v is duplicated in pod spec',
    ]);
  });
});
