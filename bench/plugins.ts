// The review plugins at volume, against the fake GitHub with a real OWNERS tree in a real git repository. Prints
// figures; run with `npm run build && node dist/bench/plugins.js`.
// - A PR touching 500 files across 100 OWNERS directories (10 areas × 10 components, 5 files each), with 12
//   approvals on it: time to compute the approval state and the [APPROVALNOTIFIER] comment from what GitHub
//   returned (warm: the OWNERS already read), goal < 50 ms;
// - one `/approve` through approve's handler as the hook runs it: GitHub requests (reads and writes) and time;
// - blunderbuss on the same PR (`/auto-cc`): requests and time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { HandlerDeps } from '../plugins/context.js';
import { approvalsFor, type PRComment } from '../plugins/approve/handle.js';
import { approveFor } from '../plugins/approve/config.js';
import { notifierMessage } from '../plugins/approve/message.js';
import { PLUGIN_REGISTRY } from '../plugins/index.js';
import { approve } from '../plugins/approve/index.js';
import { blunderbuss } from '../plugins/blunderbuss/index.js';
import type { Plugin } from '../plugins/types.js';
import { loadConfig } from '../src/config/load.js';
import { createGitHubFactory } from '../src/github/factory.js';
import { runPluginOn } from './plugin-run.js';
import { percentile } from './stats.js';
import { OwnersReader } from '../src/owners/reader.js';
import { createRootLogger } from '../src/runtime/logger.js';
import { FileProwJobStore } from '../src/store/file.js';
import { FakeGitHub } from '../test/fakes/github/index.js';

const AREAS = 10;
const COMPONENTS = 10;
const FILES_PER_DIR = 5;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-plugins-'));
  writeFileSync(path.join(dir, 'token'), 'tok');
  writeFileSync(path.join(dir, 'config.yaml'), '{}\n');
  writeFileSync(path.join(dir, 'plugins.yaml'), 'plugins:\n  acme: [approve, blunderbuss]\n');
  const gh = await FakeGitHub.start({ rateLimits: { core: 1_000_000 } });
  const logger = createRootLogger({ stream: new PassThrough(), level: 'error' });
  try {
    const people: string[] = ['root1', 'root2'];
    const tree: Record<string, string> = { OWNERS: 'approvers:\n- root1\n- root2\n', 'README.md': 'hi\n' };
    const changed: Record<string, string> = {};
    for (let a = 0; a < AREAS; a++) {
      tree[`area${a}/OWNERS`] = `approvers:\n- lead${a}\nreviewers:\n- rev${a}\n`;
      people.push(`lead${a}`, `rev${a}`);
      for (let c = 0; c < COMPONENTS; c++) {
        const d = `area${a}/comp${c}`;
        tree[`${d}/OWNERS`] = `approvers:\n- owner${a}x${c}\n- backup${a}x${c}\nreviewers:\n- crev${a}x${c}\n- crev${a}x${(c + 1) % COMPONENTS}\n`;
        people.push(`owner${a}x${c}`, `backup${a}x${c}`, `crev${a}x${c}`);
        for (let f = 0; f < FILES_PER_DIR; f++) changed[`${d}/file${f}.go`] = `package comp${c}\n// ${f}\n`;
      }
    }
    gh.addOrg('acme', { members: ['author', ...people] });
    await gh.createRepo('acme', 'big', { files: tree, defaultBranch: 'main' });
    const pr = await gh.openPullRequest('acme', 'big', { author: 'author', files: changed, body: 'A large change' });
    // Twelve approvals already given: three area leads and nine component owners.
    for (const who of ['lead0', 'lead1', 'lead2', ...Array.from({ length: 9 }, (_, i) => `owner${3 + (i % 7)}x${i}`)]) await gh.comment('acme', 'big', pr.number, who, '/approve');

    const loaded = await loadConfig({ configPath: path.join(dir, 'config.yaml'), pluginConfig: path.join(dir, 'plugins.yaml') }, { plugins: PLUGIN_REGISTRY });
    const factory = createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token') }, logger)!;
    const owners = new OwnersReader({ cacheDir: path.join(dir, 'owners'), cloneURI: (o, r) => gh.cloneUrl(o, r) });
    const store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
    const deps: HandlerDeps = {
      github: (onWrite) => factory.forOrgCounting('acme', onWrite), botLogin: 'k8s-ci-robot', githubHost: 'github.com', prowConfig: loaded.config,
      pluginsConfig: loaded.plugins, store, owners, logger,
    };

    // (1) The computation alone, from what GitHub returns.
    const client = factory.forOrg('acme');
    const prData = await client.getPullRequest('acme', 'big', pr.number);
    const files = (await client.getPullRequestChanges('acme', 'big', pr.number)).map((f) => f.filename);
    const comments: PRComment[] = (await client.listIssueComments('acme', 'big', pr.number)).map((c) => ({ body: c.body ?? '', author: c.user?.login ?? '', createdAt: c.created_at ?? '', htmlURL: c.html_url }));
    const repoOwners = await owners.ownersAt(loaded.config, loaded.plugins, 'acme', 'big', prData.base.sha);
    const settings = approveFor(undefined, 'acme', 'big');
    const facts = { org: 'acme', repo: 'big', number: pr.number, branch: 'main', baseSha: prData.base.sha, body: '', author: 'author', assignees: [], htmlURL: prData.html_url };
    const compute = (): string => {
      const ap = approvalsFor(files, repoOwners, comments, facts, settings);
      return notifierMessage(ap, { linkURL: 'https://github.com', commandHelpLink: settings.commandHelpLink, prProcessLink: settings.prProcessLink, org: 'acme', repo: 'big', branch: 'main', ownersFilename: 'OWNERS' });
    };
    let t0 = performance.now();
    let message = compute();
    const cold = performance.now() - t0;
    for (let i = 0; i < 5; i++) compute();
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 30; i++) {
      const c0 = process.cpuUsage();
      t0 = performance.now();
      message = compute();
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    const unapproved = (message.match(/^- \*\*\[/gm) ?? []).length;
    console.log(`approve: ${files.length} files, ${AREAS * COMPONENTS} OWNERS directories, ${comments.length} approvals: approvers + notifier computed in ${percentile(times, 50).toFixed(2)} ms median, ${percentile(times, 90).toFixed(2)} ms p90 warm (${percentile(cpu, 50).toFixed(2)} ms CPU median; first run ${cold.toFixed(1)} ms); ${unapproved} OWNERS files still need approval, comment ${message.length} bytes`);

    // (2) One /approve through the handler, as the hook runs it.
    const runOn = async (plugin: Plugin, act: () => Promise<unknown>): Promise<{ reads: number; writes: number; ms: number }> => {
      const { requests: reqs, ms } = await runPluginOn(gh, deps, plugin, act);
      return { reads: reqs.filter((r) => r.method === 'GET').length, writes: reqs.filter((r) => r.method !== 'GET').length, ms };
    };
    const first = await runOn(approve, () => gh.comment('acme', 'big', pr.number, 'lead3', '/approve'));
    const second = await runOn(approve, () => gh.comment('acme', 'big', pr.number, 'lead4', '/approve'));
    console.log(`approve: /approve on that PR: ${second.reads} GitHub reads + ${second.writes} writes (${second.reads + second.writes} requests; 500 files are 5 pages), handler ${second.ms.toFixed(0)} ms; the first /approve (notifier created, OWNERS read from git) ${first.reads} reads + ${first.writes} writes, ${first.ms.toFixed(0)} ms`);
    const bb = await runOn(blunderbuss, () => gh.comment('acme', 'big', pr.number, 'author', '/auto-cc'));
    console.log(`blunderbuss: /auto-cc on that PR: ${bb.reads} reads + ${bb.writes} writes, ${bb.ms.toFixed(0)} ms, ${gh.issue('acme', 'big', pr.number).pull!.requestedReviewers.length} reviewers requested`);
    await store.close();
  } finally {
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
