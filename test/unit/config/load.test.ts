import { afterEach, describe, expect, it } from '@jest/globals';
import { PLUGIN_REGISTRY } from '../../../plugins/index.js';
import type { TriggerSettings } from '../../../plugins/trigger/config.js';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config/index.js';
import { inspectConfig } from '../../../src/config/load.js';
import { REFERENCE_DIR, TempDir } from './temp.js';

const JOB = (name: string): string => `  - name: ${name}\n    spec:\n      containers:\n      - image: alpine\n        command: [echo]\n`;

let tmp: TempDir;
afterEach(() => tmp?.cleanup());

describe('reference files', () => {
  it('the combined upstream file (core config and jobs in one file) loads without problems', async () => {
    const l = await loadConfig({ configPath: path.join(REFERENCE_DIR, 'checkconfig-combined.yaml') });
    expect(l.warnings).toEqual([]);
    expect(Object.keys(l.config.presubmits!)).toHaveLength(7);
    expect(l.config.pod_namespace).toBe('test-pods');
    expect(l.config.presubmits!['Maistra/istio']![0]!.source_path).toBe(path.join(REFERENCE_DIR, 'checkconfig-combined.yaml'));
  });

  it('the documented core and plugin configs have no unknown fields', async () => {
    const r = await inspectConfig({
      configPath: path.join(REFERENCE_DIR, 'prow-config-documented.yaml'),
      pluginConfig: path.join(REFERENCE_DIR, 'plugin-config-documented.yaml'),
    });
    expect(r.problems.filter((p) => p.kind === 'unknown-field' || p.kind === 'schema' || p.kind === 'parse')).toEqual([]);
    // Every section is parsed into the typed config.
    expect(r.config.deck?.spyglass?.lenses).toHaveLength(1);
    expect((r.plugins.triggers as TriggerSettings[] | undefined)?.[0]?.join_org_url).toBe(' ');
  });
});

describe('loading', () => {
  it('with no files gives an empty config with upstream defaults', async () => {
    const l = await loadConfig({});
    expect(l.config.prowjob_namespace).toBe('default');
    expect(l.config.pod_namespace).toBe('default');
    expect(l.files).toEqual([]);
  });

  it('merges a job config directory recursively with the core config', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', `presubmits:\n  o/a:\n${JOB('core')}`);
    tmp.write('jobs/o/a/a-presubmits.yaml', `presubmits:\n  o/a:\n${JOB('unit')}`);
    tmp.write('jobs/o/b/b.yml', `postsubmits:\n  o/b:\n${JOB('deploy')}periodics:\n- name: nightly\n  interval: 1h\n  spec:\n    containers:\n    - image: alpine\n`);
    tmp.write('jobs/README.md', 'not yaml');
    const l = await loadConfig({ configPath: cfg, jobConfigPath: tmp.path('jobs') });
    expect(l.config.presubmits!['o/a']!.map((j) => j.name)).toEqual(['core', 'unit']);
    expect(l.config.postsubmits!['o/b']![0]!.source_path).toBe(tmp.path('jobs/o/b/b.yml'));
    expect(l.config.periodics).toHaveLength(1);
    expect(l.files).toHaveLength(3);
  });

  it('rejects job config files with the same base name, as upstream', async () => {
    tmp = new TempDir();
    tmp.write('jobs/a/jobs.yaml', `presubmits:\n  o/a:\n${JOB('one')}`);
    tmp.write('jobs/b/jobs.yaml', `presubmits:\n  o/b:\n${JOB('two')}`);
    await expect(loadConfig({ jobConfigPath: tmp.path('jobs') })).rejects.toThrow('job config file names must be unique');
  });

  it('reports unknown fields with their path as warnings, and as errors when strict', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', `sinker:\n  resync_perod: 1h\npresubmits:\n  o/a:\n  - name: unit\n    alway_run: true\n    spec:\n      containers:\n      - image: alpine\n        comand: [x]\n`);
    const l = await loadConfig({ configPath: cfg });
    expect(l.warnings.map((w) => `${w.path}: ${w.message}`).sort()).toEqual([
      'presubmits["o/a"][0].alway_run: unknown field "alway_run"',
      'presubmits["o/a"][0].spec.containers[0].comand: unknown field "comand"',
      'sinker.resync_perod: unknown field "resync_perod"',
    ]);
    const err = (await loadConfig({ configPath: cfg }, { strict: true }).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.problems.filter((p) => p.severity === 'error')).toHaveLength(3);
  });

  it('lists every problem of every file at once', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', 'sinker:\n  max_pod_age: 1d\n');
    tmp.write('jobs/a.yaml', `periodics:\n- name: x y\n  interval: 1h\n  spec: {containers: [{image: a}]}\n`);
    const plugins = tmp.write('plugins.yaml', 'plugins:\n  o: [nope]\n');
    const err = (await loadConfig({ configPath: cfg, jobConfigPath: tmp.path('jobs'), pluginConfig: plugins }, { plugins: { names: ['trigger'], sections: [] } }).catch((e: unknown) => e)) as ConfigError;
    expect(err.problems.filter((p) => p.severity === 'error').map((p) => p.file)).toEqual([cfg, tmp.path('jobs/a.yaml'), plugins]);
    expect(err.message).toContain('unknown plugin "nope"');
  });

  it('reports YAML syntax errors and unreadable files', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', 'sinker: [\n');
    await expect(loadConfig({ configPath: cfg })).rejects.toThrow('invalid YAML');
    await expect(loadConfig({ configPath: tmp.path('missing.yaml') })).rejects.toThrow('cannot read');
  });

  it('reads YAML as Go does: YAML 1.1 booleans, duplicate keys rejected', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', `presubmits:\n  o/r:\n  - name: unit\n    always_run: yes\n    optional: off\n    spec:\n      containers:\n      - image: alpine\n`);
    const l = await loadConfig({ configPath: cfg });
    expect(l.config.presubmits!['o/r']![0]).toMatchObject({ always_run: true, optional: false });
    const dup = tmp.write('dup.yaml', 'log_level: info\nlog_level: debug\n');
    await expect(loadConfig({ configPath: dup })).rejects.toThrow('duplicated mapping key');
  });

  it('treats null values as unset, as Go does', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', 'sinker:\ntide:\n  queries:\npresubmits:\n');
    const l = await loadConfig({ configPath: cfg });
    expect(l.config.sinker?.resync_period).toBe('1h');
  });
});

describe('plugins.yaml', () => {
  it('accepts both formats of the plugins map', async () => {
    tmp = new TempDir();
    const p = tmp.write('plugins.yaml', 'plugins:\n  org1: [trigger, lgtm]\n  org2:\n    plugins: [trigger]\n    excluded_repos: [skip]\nexternal_plugins:\n  org1:\n  - name: needs-rebase\n    events: [pull_request]\n');
    const l = await loadConfig({ pluginConfig: p });
    expect(l.plugins.plugins).toEqual({ org1: { plugins: ['trigger', 'lgtm'] }, org2: { plugins: ['trigger'], excluded_repos: ['skip'] } });
    expect(l.plugins.external_plugins!.org1![0]!.endpoint).toBe('http://needs-rebase');
    expect(l.plugins.size).toEqual({ s: 10, m: 30, l: 100, xl: 500, xxl: 1000 });
  });

  it('rejects excluded_repos on a repo key, a plugin enabled twice, and repos in two trigger configs', async () => {
    tmp = new TempDir();
    const p = tmp.write('plugins.yaml', 'plugins:\n  o: [trigger]\n  o/r:\n    plugins: [trigger]\n    excluded_repos: [x]\ntriggers:\n- repos: [o/r]\n- repos: [o/r]\n');
    const err = (await loadConfig({ pluginConfig: p }, { plugins: PLUGIN_REGISTRY }).catch((e: unknown) => e)) as ConfigError;
    const msgs = err.problems.map((x) => x.message);
    expect(msgs).toEqual(expect.arrayContaining([
      'excluded_repos is only allowed for an org',
      'plugins trigger are enabled for both o and o/r',
      'o/r is configured in both triggers[0] and triggers[1]',
    ]));
  });
});

describe('supplemental configs', () => {
  it('merges *_prowconfig.yaml and *_pluginconfig.yaml as upstream allows', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', 'tide:\n  merge_method:\n    o/a: squash\n  queries:\n  - repos: [o/a]\n');
    tmp.write('extra/o/b_prowconfig.yaml', 'tide:\n  merge_method:\n    o/b: rebase\n  queries:\n  - repos: [o/b]\nbranch-protection:\n  orgs:\n    o:\n      protect: true\n');
    tmp.write('extra/o/ignored.yaml', 'sinker:\n  resync_period: 5m\n');
    const plugins = tmp.write('plugins.yaml', 'plugins:\n  o: [trigger]\n');
    tmp.write('pextra/o2_pluginconfig.yaml', 'plugins:\n  o2: [trigger]\ntriggers:\n- repos: [o2]\n');
    const l = await loadConfig({ configPath: cfg, supplementalProwConfigDirs: [tmp.path('extra')], pluginConfig: plugins, supplementalPluginConfigDirs: [tmp.path('pextra')] }, { plugins: PLUGIN_REGISTRY });
    expect(l.config.tide!.merge_method).toEqual({ 'o/a': 'squash', 'o/b': 'rebase' });
    expect(l.config.tide!.queries).toHaveLength(2);
    expect(l.config['branch-protection']!.orgs!.o!.protect).toBe(true);
    expect(l.config.sinker!.resync_period).toBe('1h');
    expect(Object.keys(l.plugins.plugins!)).toEqual(['o', 'o2']);
    expect(l.plugins.triggers).toHaveLength(1);
  });

  it('rejects fields that cannot be merged and conflicting keys', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', 'tide:\n  merge_method:\n    o/a: squash\n');
    tmp.write('extra/x_prowconfig.yaml', 'sinker:\n  resync_period: 5m\ntide:\n  merge_method:\n    o/a: merge\n');
    const err = (await loadConfig({ configPath: cfg, supplementalProwConfigDirs: [tmp.path('extra')] }).catch((e: unknown) => e)) as ConfigError;
    expect(err.problems.map((p) => p.path)).toEqual(['sinker', 'tide.merge_method["o/a"]']);
  });
});
