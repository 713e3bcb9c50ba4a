import { afterEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CLUSTER_ALIAS } from '../../../src/kube/config.js';
import { loadKubeClusters } from '../../../src/kube/clusters.js';

const temps: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'prow-kubeconfig-'));
  temps.push(d);
  return d;
}
afterEach(() => {
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  delete process.env.KUBERNETES_SERVICE_HOST;
  delete process.env.KUBERNETES_SERVICE_PORT;
});

function kubeconfig(current: string, contexts: string[]): string {
  return [
    'apiVersion: v1', 'kind: Config', `current-context: ${current}`,
    'clusters:', ...contexts.flatMap((c) => [`- name: ${c}`, '  cluster:', `    server: https://${c}.example.com`]),
    'users:', ...contexts.flatMap((c) => [`- name: ${c}`, '  user:', `    token: token-${c}`]),
    'contexts:', ...contexts.flatMap((c) => [`- name: ${c}`, '  context:', `    cluster: ${c}`, `    user: ${c}`]),
  ].join('\n');
}

describe('kubeconfig loading', () => {
  it('uses the current context of --kubeconfig as the infrastructure cluster and every context as a build cluster', () => {
    const file = path.join(tempDir(), 'config');
    fs.writeFileSync(file, kubeconfig('infra', ['infra', 'build-a']));
    const k = loadKubeClusters({ kubeconfig: file, noInClusterConfig: true });
    expect(k.infrastructure.getCurrentCluster()?.server).toBe('https://infra.example.com');
    expect([...k.clusters.keys()].sort()).toEqual(['build-a', DEFAULT_CLUSTER_ALIAS, 'infra'].sort());
    expect(k.clusters.get('build-a')!.getCurrentCluster()?.server).toBe('https://build-a.example.com');
    expect(k.clusters.get(DEFAULT_CLUSTER_ALIAS)!.getCurrentCluster()?.server).toBe('https://infra.example.com');
    expect(k.source).toContain('context infra');
  });

  it('reads every file of --kubeconfig-dir with the suffix, and keeps a context named default', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.kubeconfig'), kubeconfig('default', ['default']));
    fs.writeFileSync(path.join(dir, 'b.kubeconfig'), kubeconfig('build-b', ['build-b']));
    fs.writeFileSync(path.join(dir, 'ignored.txt'), 'not yaml: [');
    const k = loadKubeClusters({ kubeconfigDir: dir, kubeconfigSuffix: '.kubeconfig', noInClusterConfig: true });
    expect([...k.clusters.keys()].sort()).toEqual(['build-b', 'default']);
    expect(k.clusters.get('default')!.getCurrentCluster()?.server).toBe('https://default.example.com');
  });

  it('refuses a context defined twice, a suffix without a dir, and no configuration at all', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a'), kubeconfig('x', ['x']));
    fs.writeFileSync(path.join(dir, 'b'), kubeconfig('x', ['x']));
    expect(() => loadKubeClusters({ kubeconfigDir: dir, noInClusterConfig: true })).toThrow(/context x is defined more than once/);
    expect(() => loadKubeClusters({ kubeconfigSuffix: '.yaml' })).toThrow(/--kubeconfig-dir/);
    expect(() => loadKubeClusters({ noInClusterConfig: true })).toThrow(/no Kubernetes configuration/);
  });

  it('prefers the in-cluster service account when running in a Pod', () => {
    const root = tempDir();
    const sa = path.join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    fs.mkdirSync(sa, { recursive: true });
    fs.writeFileSync(path.join(sa, 'token'), 'sa-token');
    fs.writeFileSync(path.join(sa, 'ca.crt'), '');
    fs.writeFileSync(path.join(sa, 'namespace'), 'prow');
    process.env.KUBERNETES_SERVICE_HOST = '10.0.0.1';
    process.env.KUBERNETES_SERVICE_PORT = '443';
    const file = path.join(tempDir(), 'config');
    fs.writeFileSync(file, kubeconfig('build-a', ['build-a']));
    const k = loadKubeClusters({ kubeconfig: file, inClusterRoot: root });
    expect(k.source).toBe('in-cluster');
    expect(k.infrastructure.getCurrentCluster()?.server).toBe('https://10.0.0.1:443');
    expect(k.clusters.get('default')).toBe(k.infrastructure);
    expect(loadKubeClusters({ kubeconfig: file, inClusterRoot: root, noInClusterConfig: true }).source).toContain('build-a');
  });
});
