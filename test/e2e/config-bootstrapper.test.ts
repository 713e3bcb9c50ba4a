// `prow config-bootstrapper` through the built binary against the fake Kubernetes API server: the ConfigMaps of
// config_updater.maps are created from a checkout (globs with **, key, use_full_path_as_key, gzip, clusters and
// namespaces), an existing one is replaced with exactly the files found; bad input writes nothing.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { toYaml } from '../../src/config/yaml.js';
import { FakeKubeApiServer } from '../fakes/kube/server.js';
import { runProw } from './subcommand.js';

jest.setTimeout(60_000);

const CONFIGMAPS = { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap' };

describe('prow config-bootstrapper', () => {
  let kube: FakeKubeApiServer;
  let tmp: string;
  let src: string;
  let kubeconfig: string;

  const files: Record<string, string> = {
    'prow/config.yaml': 'prowjob_namespace: prow\n',
    'prow/plugins.yaml': 'plugins: {}\n',
    'jobs/acme/widgets/widgets-presubmits.yaml': 'presubmits: {}\n',
    'jobs/acme/gadgets.yaml': 'periodics: []\n',
    'labels.yaml': 'default: {}\n',
    'README.md': 'not config\n',
  };
  const plugins = {
    config_updater: {
      maps: {
        'prow/config.yaml': { name: 'config' },
        'prow/plugins.yaml': { name: 'plugins', key: 'plugins.yaml' },
        'jobs/**/*.yaml': { name: 'job-config', use_full_path_as_key: true, gzip: true },
        'labels.yaml': { name: 'label-config', clusters: { default: ['prow', 'test-pods'] } },
      },
    },
  };
  const cm = (ns: string, name: string): { data: Record<string, string>; binaryData: Record<string, string>; metadata: { labels?: Record<string, string> } } =>
    kube.stored(CONFIGMAPS, ns, name) as unknown as { data: Record<string, string>; binaryData: Record<string, string>; metadata: { labels?: Record<string, string> } };
  const write = (name: string, content: unknown): string => {
    const p = path.join(tmp, name);
    writeFileSync(p, typeof content === 'string' ? content : toYaml(content));
    return p;
  };
  const args = (pluginsFile: string): string[] => [
    'config-bootstrapper', `--source-path=${src}`, `--config-path=${path.join(src, 'prow/config.yaml')}`, `--plugin-config=${pluginsFile}`, `--kubeconfig=${kubeconfig}`,
  ];

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-bootstrap-'));
    src = path.join(tmp, 'src');
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
      writeFileSync(path.join(src, rel), content);
    }
    kube = await FakeKubeApiServer.start();
    kube.register(CONFIGMAPS);
    kubeconfig = write('kubeconfig', kube.kubeconfigYaml('default'));
    kube.put(CONFIGMAPS, 'prow', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config', namespace: 'prow', labels: { keep: 'me' } }, data: { 'config.yaml': 'old\n', 'stale.yaml': 'gone\n' } });
  });

  afterAll(async () => {
    await kube.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('--dry-run lists the ConfigMaps and writes nothing', async () => {
    const r = await runProw([...args(write('plugins.yaml', plugins)), '--dry-run']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('would write default/prow/job-config: jobs-acme-gadgets.yaml, jobs-acme-widgets-widgets-presubmits.yaml');
    expect(kube.stored(CONFIGMAPS, 'prow', 'plugins')).toBeUndefined();
  });

  it('writes every ConfigMap from the checkout', async () => {
    const r = await runProw(args(write('plugins.yaml', plugins)));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const config = cm('prow', 'config');
    expect(config.data).toEqual({ 'config.yaml': files['prow/config.yaml'] });
    expect(config.metadata.labels).toEqual({ keep: 'me' });
    expect(cm('prow', 'plugins').data).toEqual({ 'plugins.yaml': files['prow/plugins.yaml'] });
    const jobs = cm('prow', 'job-config');
    expect(Object.keys(jobs.binaryData).sort()).toEqual(['jobs-acme-gadgets.yaml', 'jobs-acme-widgets-widgets-presubmits.yaml']);
    expect(gunzipSync(Buffer.from(jobs.binaryData['jobs-acme-gadgets.yaml'], 'base64')).toString()).toBe(files['jobs/acme/gadgets.yaml']);
    for (const ns of ['prow', 'test-pods']) expect(cm(ns, 'label-config').data).toEqual({ 'labels.yaml': files['labels.yaml'] });
  });

  it('refuses maps that put two files under one key, and unknown clusters, before writing anything', async () => {
    const before = kube.requests.filter((l) => !l.startsWith('GET')).length;
    const clash = { config_updater: { maps: { 'prow/*.yaml': { name: 'everything', key: 'prow.yaml' } } } };
    const r = await runProw(args(write('clash.yaml', clash)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/key .* comes from both/);
    const cluster = { config_updater: { maps: { 'prow/config.yaml': { name: 'config', clusters: { nowhere: ['prow'] } }, 'labels.yaml': { name: 'fresh' } } } };
    const r2 = await runProw(args(write('cluster.yaml', cluster)));
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('unknown cluster(s) nowhere');
    expect(kube.stored(CONFIGMAPS, 'prow', 'fresh')).toBeUndefined();
    expect(kube.requests.filter((l) => !l.startsWith('GET')).length).toBe(before);
  });
});
