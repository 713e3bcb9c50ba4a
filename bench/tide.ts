// Tide's sync at volume against the fake GitHub (real git repositories, the real octokit client over HTTP):
// `repos` repositories under one org, `prs` open PRs spread over them, `pooled` of them with the query's labels and
// a passing `unit` status (but no result at the current base, so Tide retests them). Prints, for the first sync
// (a batch or retest triggered per pool) and for a steady-state sync (nothing changed), each followed by the status
// controller's pass (every `tide` context written the first time; an incremental search after that): wall time and
// the part of it the fake spends answering the search, GitHub requests (GraphQL queries, REST reads — the branch rules
// among them, read on the first sync only — REST writes), RSS.
// Run: `npm run build && node dist/bench/tide.js [repos=20] [prs=500] [pooled=100]`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Config, Presubmit } from '../src/config/types.js';
import { createGitHubFactory } from '../src/github/factory.js';
import { createRootLogger } from '../src/runtime/logger.js';
import { FileProwJobStore } from '../src/store/file.js';
import { BatchGit } from '../roles/tide/batch-git.js';
import { BranchRulesCache } from '../roles/tide/branch-rules.js';
import { TideController } from '../roles/tide/controller.js';
import { openStoredObject } from '../src/storage/object-uri.js';
import { StorageClients } from '../src/storage/open.js';
import { History } from '../roles/tide/history.js';
import { StatusController } from '../roles/tide/status-controller.js';
import { searchPRs } from '../roles/tide/search.js';
import { FakeGitHub } from '../test/fakes/github/index.js';

const REPOS = Number(process.argv[2] ?? 20);
const PRS = Number(process.argv[3] ?? 500);
const POOLED = Number(process.argv[4] ?? 100);
const ORG = 'bench';

const rss = (): string => `${Math.round(process.memoryUsage().rss / 1e6)} MB`;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-tide-'));
  const gh = await FakeGitHub.start({ rateLimits: { core: 10_000_000, graphql: 10_000_000 } });
  try {
    gh.addOrg(ORG, { members: ['alice'], admins: ['k8s-ci-robot'] });
    const repos = Array.from({ length: REPOS }, (_, i) => `repo-${String(i).padStart(2, '0')}`);
    for (const r of repos) {
      await gh.createRepo(ORG, r, { files: { 'README.md': 'hi\n' }, defaultBranch: 'main' });
      for (const l of ['lgtm', 'approved']) gh.createLabel(ORG, r, l);
    }
    const t0 = Date.now();
    for (let i = 0; i < PRS; i++) {
      const repo = repos[i % REPOS]!;
      const pooled = i < POOLED;
      const pr = await gh.openPullRequest(ORG, repo, { author: 'alice', title: `change ${i}`, files: { [`f${i}.txt`]: `${i}\n` }, labels: pooled ? ['lgtm', 'approved'] : ['lgtm'] });
      if (pooled) await gh.setStatus(ORG, repo, pr.pull!.headSha, { state: 'success', context: 'unit' });
    }
    await gh.flush();
    console.log(`setup: ${REPOS} repos, ${PRS} open PRs (${POOLED} with the labels) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    writeFileSync(path.join(dir, 'token'), 'tok');
    const logger = createRootLogger({ stream: new PassThrough(), level: 'error' });
    const factory = createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token') }, logger)!;
    const store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
    const unit = { name: 'unit', context: 'unit', always_run: true, spec: { containers: [{ image: 'alpine' }] } } as unknown as Presubmit;
    const config = {
      presubmits: Object.fromEntries(repos.map((r) => [`${ORG}/${r}`, [unit]])),
      tide: { queries: [{ orgs: [ORG], labels: ['lgtm', 'approved'] }], max_goroutines: 20 },
    } as Config;
    const batchGit = new BatchGit(path.join(dir, 'git'));
    // As the role builds it: each pool's rulesets and branch protection, read once a minute, then conditionally.
    const branchRules = new BranchRulesCache((org) => factory.forOrg(org), logger);
    const status = new StatusController({ config: () => config, github: (org) => factory.forOrg(org), logger, dryRun: false, merging: (key) => tide.isMerging(key), branchRules, state: openStoredObject(path.join(dir, 'status.yaml'), new StorageClients(dir), '--status-path') });
    const tide: TideController = new TideController({
      config: () => config,
      github: (org) => factory.forOrg(org),
      store,
      presubmits: async (cfg, org, repo) => cfg.presubmits?.[`${org}/${repo}`] ?? [],
      mergeable: (o, r, _remote, base, heads, max) => batchGit.mergeable(o, r, gh.cloneUrl(o, r), base, heads, max),
      history: new History(openStoredObject(path.join(dir, 'history.json'), new StorageClients(dir), '--history-uri')),
      logger,
      dryRun: false,
      sleep: async () => {},
      mergeSpacingMs: 0,
      publish: (snap) => status.publish(snap),
      branchRules,
    });

    const summary = (reqs: typeof gh.requests): string => {
      const gql = reqs.filter((r) => r.path === '/graphql');
      const reads = reqs.filter((r) => r.path !== '/graphql' && r.method === 'GET');
      const writes = reqs.filter((r) => r.path !== '/graphql' && r.method !== 'GET');
      const rules = reads.filter((r) => /\/rules\/branches\/|\/protection$/.test(r.path));
      return `${reqs.length} GitHub requests (${gql.length} GraphQL queries at cost 1 each in the fake, ${reads.length} REST reads of which ${rules.length} rulesets/protection, ${writes.length} REST writes)`;
    };
    const measure = async (label: string): Promise<void> => {
      const before = gh.requests.length;
      const start = process.hrtime.bigint();
      const pools = await tide.sync();
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const reqs = gh.requests.slice(before);
      // The status controller's pass (its own loop in the role: it does not hold up the next sync).
      const sBefore = gh.requests.length;
      const sStart = process.hrtime.bigint();
      await status.sync();
      const sMs = Number(process.hrtime.bigint() - sStart) / 1e6;
      const statusLine = `  status pass: ${sMs.toFixed(0)} ms; ${summary(gh.requests.slice(sBefore))}`;
      const actions = new Map<string, number>();
      for (const p of pools) actions.set(p.Action, (actions.get(p.Action) ?? 0) + 1);
      console.log(`${label}: ${ms.toFixed(0)} ms; ${summary(reqs)}; ` +
        `${pools.length} pools (${[...actions].map(([a, n]) => `${a} ${n}`).join(', ')}); RSS ${rss()}`);
      console.log(statusLine);
    };
    await measure('sync 1 (a batch triggered per pool; its status pass writes every tide context)');
    await measure('sync 2 (batches running; a serial retest per pool, as upstream)');
    await measure('sync 3 (nothing to do)');
    // How much of a sync is the fake GitHub answering the search (it computes commits and mergeability with git).
    const s0 = Date.now();
    const found = await searchPRs(factory.forOrg(ORG), `is:pr state:open archived:false org:"${ORG}"`);
    console.log(`the search alone: ${found.length} PRs in ${Date.now() - s0} ms (${Math.ceil(found.length / 100)} GraphQL pages)`);
    console.log(`ProwJobs created: ${(await store.list()).length}`);
    await store.close();
  } finally {
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
