// config-updater on Kubernetes: the merged files go into real ConfigMaps through @kubernetes/client-node against
// the fake Kubernetes API server (created when missing, updated in place keeping other keys and labels; gzip into
// binaryData; another cluster by its kubeconfig context), with upstream's labels and VERSION key.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { gunzipSync } from 'node:zlib';
import { KubeConfig } from '@kubernetes/client-node';
import { configUpdater } from '../../../plugins/config-updater/index.js';
import { KubeConfigMapWriter } from '../../../src/kube/configmaps.js';
import { FakeKubeApiServer } from '../../fakes/kube/server.js';
import { PluginTester } from '../../support/plugin-tester.js';

const CONFIGMAPS = { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap' };
const PLUGINS = `
plugins:
  org/infra: [config-updater]
config_updater:
  maps:
    prow/config.yaml: {name: config}
    prow/labels.yaml: {name: label-config, gzip: true, clusters: {default: [prow], build: [test-pods]}}
`;

describe('config-updater with the Kubernetes writer', () => {
  let kube: FakeKubeApiServer;
  let t: PluginTester;
  beforeAll(async () => {
    kube = await FakeKubeApiServer.start();
    kube.register(CONFIGMAPS);
    kube.put(CONFIGMAPS, 'prow', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config', namespace: 'prow', labels: { keep: 'me' } }, data: { 'other.yaml': 'kept\n' } });
    const kc = (): KubeConfig => {
      const c = new KubeConfig();
      c.loadFromString(kube.kubeconfigYaml('default'));
      return c;
    };
    t = await PluginTester.start({
      plugin: configUpdater, plugins: PLUGINS, inRepoConfig: false, config: 'prowjob_namespace: prow\n',
      services: { configMaps: new KubeConfigMapWriter(new Map([['default', kc()], ['build', kc()]])) },
      seed: async (gh) => {
        gh.addOrg('org', { members: ['alice'] });
        await gh.createRepo('org', 'infra', { files: { 'prow/config.yaml': 'a: 1\n' }, defaultBranch: 'main' });
      },
    });
  });
  afterAll(async () => {
    await t.stop();
    await kube.close();
  });

  it('updates the existing map in place and creates the gzipped one in each cluster and namespace', async () => {
    const out = await t.act(async (gh) => {
      const pr = await gh.openPullRequest('org', 'infra', { author: 'alice', files: { 'prow/config.yaml': 'a: 2\n', 'prow/labels.yaml': 'default: {}\n' } });
      await gh.merge('org', 'infra', pr.number);
    });
    expect(out.errors).toEqual([]);
    const sha = await t.gh.branchSha('org', 'infra', 'main');
    const config = kube.stored(CONFIGMAPS, 'prow', 'config') as unknown as { data: Record<string, string>; metadata: { labels: Record<string, string> } };
    expect(config.data).toEqual({ 'other.yaml': 'kept\n', 'config.yaml': 'a: 2\n', VERSION: sha });
    expect(config.metadata.labels).toEqual({ keep: 'me' });
    for (const ns of ['prow', 'test-pods']) {
      const labels = kube.stored(CONFIGMAPS, ns, 'label-config') as unknown as { binaryData: Record<string, string>; metadata: { labels: Record<string, string> } };
      expect(gunzipSync(Buffer.from(labels.binaryData['labels.yaml']!, 'base64')).toString()).toBe('default: {}\n');
      expect(labels.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'prow', 'app.kubernetes.io/component': 'updateconfig-plugin' });
    }
    const comment = out.writes.find((w) => w.method === 'POST' && w.path.endsWith('/comments'))!.body as { body: string };
    expect(comment.body).toContain('Updated the following 3 configmaps:\n');
    expect(comment.body).toContain(' * `label-config` configmap in namespace `test-pods` at cluster `build` using the following files:\n   - key `labels.yaml` using file `prow/labels.yaml`');
  });
});
