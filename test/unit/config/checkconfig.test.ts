import { afterEach, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { runCheckconfig } from '../../../src/cli/checkconfig.js';
import { REFERENCE_DIR, TempDir } from './temp.js';

let tmp: TempDir;
afterEach(() => tmp?.cleanup());

const JOB = (name: string, extra = ''): string => `  - name: ${name}\n${extra}    decorate: true\n    spec:\n      containers:\n      - image: alpine\n        command: [make]\n`;

describe('prow checkconfig', () => {
  it('passes the combined reference file with its summary line', async () => {
    const r = await runCheckconfig({ configPath: path.join(REFERENCE_DIR, 'checkconfig-combined.yaml') });
    expect(r.errors).toBe(0);
    expect(r.problems).toEqual([]);
    expect(r.summary).toBe('13 presubmits, 2 postsubmits, 0 periodics, 7 repos');
  });

  it('lists every problem, not just the first', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', `presubmits:\n  o/r:\n${JOB('bad name')}${JOB('ok', '    alway_run: true\n')}periodics:\n- name: p\n  cron: nope\n  spec: {containers: [{image: a, command: [x]}]}\n  decorate: true\n`);
    const r = await runCheckconfig({ configPath: cfg });
    expect(r.errors).toBe(2);
    expect(r.problems.map((p) => `${p.severity} ${p.path}`)).toEqual([
      'warning presubmits["o/r"][1].alway_run',
      'error presubmits["o/r"][0].name',
      'error periodics[0].cron',
    ]);
    expect(r.summary).toBe('2 presubmits, 0 postsubmits, 1 periodics, 1 repos');
  });

  it('--strict turns warnings into errors; --warnings and --exclude-warning pick them', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', `presubmits:\n  o/r:\n${JOB('unit', '    alway_run: true\n')}  - name: plain\n    spec: {containers: [{image: a}]}\n`);
    const plugins = tmp.write('plugins.yaml', 'plugins:\n  o: [trigger]\n');
    const lax = await runCheckconfig({ configPath: cfg, pluginConfig: plugins, plugins: { names: ['trigger'], sections: [] } });
    expect(lax.errors).toBe(0);
    expect(lax.problems.map((p) => p.warning)).toEqual(['unknown-fields', 'non-decorated-jobs']);
    const strict = await runCheckconfig({ configPath: cfg, pluginConfig: plugins, strict: true, plugins: { names: ['trigger'], sections: [] } });
    expect(strict.errors).toBe(2);
    const picked = await runCheckconfig({ configPath: cfg, pluginConfig: plugins, warnings: ['non-decorated-jobs'], strict: true });
    expect(picked.problems.map((p) => p.warning)).toEqual(['non-decorated-jobs']);
    const excluded = await runCheckconfig({ configPath: cfg, excludeWarning: ['unknown-fields', 'non-decorated-jobs'], strict: true });
    expect(excluded.errors).toBe(0);
    await expect(runCheckconfig({ configPath: cfg, warnings: ['nope'] })).rejects.toThrow('no such warning "nope"');
  });

  it('--required-job-annotations names annotations every job must carry; --expensive-checks needs GitHub access', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', `presubmits:\n  o/r:\n${JOB('unit')}  - name: owned\n    annotations: {owner: me}\n    decorate: true\n    spec: {containers: [{image: a, command: [x]}]}\n`);
    const r = await runCheckconfig({ configPath: cfg, warnings: ['required-job-annotations'], requiredJobAnnotations: ['owner'] });
    expect(r.problems.map((p) => `${p.warning} ${p.path}: ${p.message}`)).toEqual([
      `required-job-annotations presubmits["o/r"][0].annotations: job 'unit' is missing required annotations: owner`,
    ]);
    const plugins = tmp.write('plugins.yaml', 'plugins:\n  o: [trigger]\n');
    await expect(runCheckconfig({ configPath: cfg, pluginConfig: plugins, expensiveChecks: true })).rejects.toThrow('cannot verify OWNERS file presence without a GitHub token');
  });

  it('rejects unknown plugins and warns about repos with jobs but no trigger', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', `presubmits:\n  o/r:\n${JOB('unit')}`);
    const plugins = tmp.write('plugins.yaml', 'plugins:\n  o: [lgtm-typo]\n');
    const r = await runCheckconfig({ configPath: cfg, pluginConfig: plugins, plugins: { names: ['trigger', 'lgtm'], sections: [] } });
    expect(r.problems.map((p) => p.message)).toEqual(['unknown plugin "lgtm-typo" (known plugins: lgtm, trigger)']);
    const ok = await runCheckconfig({ configPath: cfg, pluginConfig: tmp.write('p2.yaml', 'plugins:\n  o/x: [lgtm]\n'), plugins: { names: ['trigger', 'lgtm'], sections: [] } });
    expect(ok.problems.map((p) => p.warning)).toEqual(['missing-trigger']);
  });

  it('validates a .prow.yaml with --prow-yaml-repo-name against the central config', async () => {
    tmp = new TempDir();
    const cfg = tmp.write('config.yaml', `in_repo_config:\n  enabled: {'*': true}\n  allowed_clusters: {'*': [default]}\npresubmits:\n  o/r:\n${JOB('unit')}`);
    tmp.write('checkout/.prow.yaml', `presubmits:\n${JOB('unit').replace(/^ {2}/gm, '')}${JOB('extra').replace(/^ {2}/gm, '')}`);
    const r = await runCheckconfig({ configPath: cfg, prowYamlRepoName: 'o/r', prowYamlPath: tmp.path('checkout') });
    expect(r.problems.map((p) => p.message)).toEqual(['duplicated presubmit job: unit']);
    expect(r.problems[0]!.file).toBe(tmp.path('checkout/.prow.yaml'));
    tmp.write('checkout/.prow.yaml', `presubmits:\n${JOB('extra').replace(/^ {2}/gm, '')}`);
    const ok = await runCheckconfig({ configPath: cfg, prowYamlRepoName: 'o/r', prowYamlPath: tmp.path('checkout/.prow.yaml') });
    expect(ok.errors).toBe(0);
    expect(ok.summary).toBe('2 presubmits, 0 postsubmits, 0 periodics, 1 repos');
  });
});
