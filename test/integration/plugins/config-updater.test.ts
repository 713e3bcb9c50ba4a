// config-updater: a merged PR that changes mapped files writes them into ConfigMaps (here the all-in-one writer:
// files under a directory) and comments what was updated; a file that is not valid YAML writes nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, expect } from '@jest/globals';
import { configUpdater } from '../../../plugins/config-updater/index.js';
import { FileConfigMapWriter } from '../../../src/kube/configmaps.js';
import type { FakeGitHub } from '../../fakes/github/index.js';
import { pluginCases, type Outcome } from '../../support/plugin-tester.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'config-updater-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PLUGINS = `
plugins:
  org/infra: [config-updater]
config_updater:
  maps:
    config/prow/config.yaml: {name: config}
    config/prow/plugins.yaml: {name: plugins, namespace: tools}
    config/jobs/**/*.yaml: {name: job-config, gzip: true}
    docs/*.md: {name: docs, denied_repos: [org/infra]}
`;

const mergedPr = (files: Record<string, string | null>, title = 'change config') => async (gh: FakeGitHub) => {
  const pr = await gh.openPullRequest('org', 'infra', { author: 'alice', title, files });
  await gh.merge('org', 'infra', pr.number);
};
const comments = (out: Outcome): string[] => out.writes.filter((w) => w.method === 'POST' && w.path.endsWith('/comments')).map((w) => (w.body as { body: string }).body);
const file = (...p: string[]): string => readFileSync(path.join(root, ...p), 'utf8');

pluginCases('config-updater', {
  plugin: configUpdater, plugins: PLUGINS, inRepoConfig: false,
  config: 'prowjob_namespace: prow\n',
  services: { configMaps: new FileConfigMapWriter(root) },
  seed: async (gh) => {
    gh.addOrg('org', { members: ['alice'] });
    await gh.createRepo('org', 'infra', { files: { 'config/prow/config.yaml': 'a: 1\n', 'README.md': 'hi\n' }, defaultBranch: 'main' });
  },
}, [
  {
    name: 'a merged change to config.yaml is written to the config map and the PR is told',
    act: mergedPr({ 'config/prow/config.yaml': 'a: 2\n' }),
    check: async (out, t) => {
      expect(file('prow', 'config', 'config.yaml')).toBe('a: 2\n');
      expect(file('prow', 'config', 'VERSION')).toBe(await t.gh.branchSha('org', 'infra', 'main'));
      expect(comments(out)).toHaveLength(1);
      expect(comments(out)[0]).toMatch(/^@alice: Updated the `config` configmap in namespace `prow` at cluster `default` using the following files:\n - key `config.yaml` using file `config\/prow\/config.yaml`\n/);
    },
  },
  {
    name: 'several maps in one PR: one comment listing each, gzip where configured, the map\'s own namespace',
    act: mergedPr({ 'config/prow/plugins.yaml': 'plugins: {}\n', 'config/jobs/team/unit.yaml': 'presubmits: {}\n' }),
    check: (out) => {
      expect(file('tools', 'plugins', 'plugins.yaml')).toBe('plugins: {}\n');
      expect(gunzipSync(readFileSync(path.join(root, 'prow', 'job-config', 'unit.yaml'))).toString()).toBe('presubmits: {}\n');
      expect(comments(out)[0]).toContain('Updated the following 2 configmaps:\n * `');
      expect(comments(out)[0]).toContain('   - key `unit.yaml` using file `config/jobs/team/unit.yaml`');
    },
  },
  {
    name: 'a file that is not valid YAML updates nothing and gets a clear reply',
    act: mergedPr({ 'config/prow/config.yaml': 'a: [1\n', 'config/jobs/team/e2e.yaml': 'ok: true\n' }),
    check: (out) => {
      expect(file('prow', 'config', 'config.yaml')).toBe('a: 2\n');
      expect(existsSync(path.join(root, 'prow', 'job-config', 'e2e.yaml'))).toBe(false);
      expect(comments(out)).toHaveLength(1);
      expect(comments(out)[0]).toContain('I did not update any configmap, because a file is not valid:\n- `config/prow/config.yaml` is not valid YAML: ');
    },
  },
  {
    name: 'a removed file removes its key',
    act: mergedPr({ 'config/jobs/team/unit.yaml': null }),
    check: (out) => {
      expect(existsSync(path.join(root, 'prow', 'job-config', 'unit.yaml'))).toBe(false);
      expect(comments(out)[0]).toContain('- key `unit.yaml` using file ``');
    },
  },
  { name: 'files no map names, and maps that deny the repo, change nothing', act: mergedPr({ 'README.md': 'bye\n', 'docs/a.md': 'x\n' }), noWrites: true },
  {
    name: 'a PR closed without merging changes nothing',
    act: async (gh) => {
      const pr = await gh.openPullRequest('org', 'infra', { author: 'alice', files: { 'config/prow/config.yaml': 'a: 3\n' } });
      await gh.setIssueState('org', 'infra', pr.number, 'closed');
    },
    noWrites: true,
    check: () => expect(file('prow', 'config', 'config.yaml')).toBe('a: 2\n'),
  },
]);
