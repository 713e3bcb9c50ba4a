// The bugzilla plugin's cost per event, against the fake GitHub and the fake Bugzilla through the real clients: how
// many Bugzilla and GitHub requests each event takes (the figure that bounds an instance's API budget), and the
// handler's time. Prints figures; run with `npm run build && node dist/bench/bugzilla.js`.
// Events: a new PR naming a valid bug (state_after_validation, add_external_link, a QA contact), `/bugzilla refresh`
// of it, its merge (one linked PR), and the close of another PR linked to a second bug (state_after_close).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { HandlerDeps } from '../plugins/context.js';
import { bugzilla } from '../plugins/bugzilla/index.js';
import { PLUGIN_REGISTRY } from '../plugins/index.js';
import { BugzillaClient } from '../src/bugzilla/client.js';
import { loadConfig } from '../src/config/load.js';
import { createGitHubFactory } from '../src/github/factory.js';
import { runPluginOn } from './plugin-run.js';
import { createRootLogger } from '../src/runtime/logger.js';
import { FileProwJobStore } from '../src/store/file.js';
import { FakeBugzilla } from '../test/fakes/bugzilla/index.js';
import { FakeGitHub } from '../test/fakes/github/index.js';

const PLUGINS = `plugins:
  acme: [bugzilla]
bugzilla:
  default:
    '*':
      is_open: true
      target_release: '4.2'
      valid_states: [{status: NEW}]
      state_after_validation: {status: POST}
      add_external_link: true
      state_after_merge: {status: MODIFIED}
      state_after_close: {status: NEW}
`;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-bugzilla-'));
  const gh = await FakeGitHub.start({ rateLimits: { core: 1_000_000 } });
  const bz = await FakeBugzilla.start({
    bugs: [
      { id: 1, summary: 'a', status: 'NEW', is_open: true, target_release: ['4.2'], severity: 'high', qa_contact_detail: { email: 'qa@example.com' } },
      { id: 2, summary: 'b', status: 'NEW', is_open: true, target_release: ['4.2'], severity: 'low' },
    ],
  });
  try {
    writeFileSync(path.join(dir, 'token'), 'tok');
    writeFileSync(path.join(dir, 'config.yaml'), 'tide:\n  queries:\n  - repos: [acme/widgets]\n');
    writeFileSync(path.join(dir, 'plugins.yaml'), PLUGINS);
    gh.addOrg('acme', { members: ['alice'] });
    gh.addUser('qa', { email: 'qa@example.com' });
    await gh.createRepo('acme', 'widgets', { files: { 'a.txt': 'a' }, defaultBranch: 'main' });
    const logger = createRootLogger({ stream: new PassThrough(), level: 'error' });
    const loaded = await loadConfig({ configPath: path.join(dir, 'config.yaml'), pluginConfig: path.join(dir, 'plugins.yaml') }, { plugins: PLUGIN_REGISTRY });
    const factory = createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token') }, logger)!;
    const store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
    const deps: HandlerDeps = {
      github: (onWrite) => factory.forOrgCounting('acme', onWrite), botLogin: 'k8s-ci-robot', githubHost: 'github.com', prowConfig: loaded.config,
      pluginsConfig: loaded.plugins, store, logger, services: { bugzilla: new BugzillaClient({ endpoint: bz.url }) },
    };

    const run = async (what: string, act: () => Promise<unknown>): Promise<void> => {
      const b0 = bz.requests.length;
      const { requests: ghReqs, ms } = await runPluginOn(gh, deps, bugzilla, act);
      const bzReqs = bz.requests.slice(b0);
      const reads = ghReqs.filter((r) => r.method === 'GET' || (r.method === 'POST' && r.path.endsWith('/graphql'))).length;
      console.log(`bugzilla: ${what}: ${bzReqs.length} Bugzilla requests (${bzReqs.join(', ')}), ${reads} GitHub reads + ${ghReqs.length - reads} writes, handler ${ms.toFixed(1)} ms`);
    };

    let pr = 0;
    await run('new PR naming a valid bug (moved, linked, QA contact)', async () => {
      pr = (await gh.openPullRequest('acme', 'widgets', { author: 'alice', title: 'Bug 1: fix', files: { 'b.txt': 'b' } })).number;
    });
    await run('/bugzilla refresh', () => gh.comment('acme', 'widgets', pr, 'alice', '/bugzilla refresh'));
    await run('merge (one linked PR)', () => gh.merge('acme', 'widgets', pr));
    let other = 0;
    await run('new PR naming a valid bug (no QA contact)', async () => {
      other = (await gh.openPullRequest('acme', 'widgets', { author: 'alice', title: 'Bug 2: other', files: { 'c.txt': 'c' } })).number;
    });
    await run('close of an unmerged linked PR (unlinked, moved)', () => gh.setIssueState('acme', 'widgets', other, 'closed', 'alice'));
    await store.close();
  } finally {
    await gh.stop();
    await bz.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
