// The components around the core at volume, against the fake GitHub. Prints figures; run with
// `npm run build && node dist/bench/components.js`.
// - branchprotector: plan and apply over 50 repos × 4 branches (every branch protected with required contexts from
//   5 presubmits each), then the second run that finds nothing to change: time and GitHub requests;
// - status-reconciler: one config change adding a required presubmit to 10 repos with 10 open PRs each (100 jobs
//   triggered): time and GitHub requests.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { makePlan, applyPlan } from '../src/cli/branchprotector/protect.js';
import type { Config, Presubmit } from '../src/config/types.js';
import { createGitHubFactory } from '../src/github/factory.js';
import { createRootLogger } from '../src/runtime/logger.js';
import { FileProwJobStore } from '../src/store/file.js';
import { computeDelta } from '../roles/status-reconciler/delta.js';
import { reconcile } from '../roles/status-reconciler/reconciler.js';
import { FakeGitHub } from '../test/fakes/github/index.js';

const logger = createRootLogger({ stream: new PassThrough(), level: 'error' });
const job = (name: string): Presubmit => ({ name, always_run: true, spec: { containers: [{ image: 'alpine' }] } }) as unknown as Presubmit;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-components-'));
  writeFileSync(path.join(dir, 'token'), 'tok');
  const gh = await FakeGitHub.start({ rateLimits: { core: 1_000_000 } });
  try {
    gh.addOrg('acme', { members: ['alice'] });
    const presubmits: Record<string, Presubmit[]> = {};
    for (let r = 0; r < 50; r++) {
      await gh.createRepo('acme', `repo${r}`, { files: { 'a.txt': 'a' }, defaultBranch: 'main' });
      for (const b of ['release-1', 'release-2', 'dev']) await gh.pushCommit('acme', `repo${r}`, b, { [`${b}.txt`]: b });
      presubmits[`acme/repo${r}`] = [0, 1, 2, 3, 4].map((i) => job(`test-${i}`));
    }
    const factory = createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token') }, logger)!;
    const forOrg = (org: string) => factory.forOrg(org);
    const config = { presubmits, 'branch-protection': { orgs: { acme: { protect: true, required_status_checks: { contexts: ['cla'] }, required_pull_request_reviews: { required_approving_review_count: 1 } } } } } as unknown as Config;

    let n0 = gh.requests.length;
    let t0 = performance.now();
    const plan = await makePlan(config, forOrg);
    const applied = await applyPlan(plan, forOrg);
    const first = performance.now() - t0;
    const firstReqs = gh.requests.length - n0;
    n0 = gh.requests.length;
    t0 = performance.now();
    const again = await makePlan(config, forOrg);
    const second = performance.now() - t0;
    console.log(`branchprotector: 200 branches protected in ${Math.round(first)} ms (${firstReqs} requests, ${applied.failed.length} failed); unchanged re-run ${Math.round(second)} ms (${gh.requests.length - n0} requests, ${again.branches.filter((b) => b.action !== 'unchanged').length} changes)`);

    const store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
    const before: Record<string, Presubmit[]> = {};
    const after: Record<string, Presubmit[]> = {};
    for (let r = 0; r < 10; r++) {
      for (let p = 0; p < 10; p++) await gh.openPullRequest('acme', `repo${r}`, { author: 'alice', title: `pr ${p}`, files: { [`f${p}.txt`]: String(p) } });
      before[`acme/repo${r}`] = [job('unit')];
      after[`acme/repo${r}`] = [job('unit'), job('integration')];
    }
    n0 = gh.requests.length;
    t0 = performance.now();
    const result = await reconcile(computeDelta(before, after), {
      github: forOrg, botLogin: () => factory.botLogin(), store, plugins: () => ({}), logger, denylist: [], continueOnError: true, dryRun: false,
    });
    console.log(`status-reconciler: ${result.triggered} presubmits triggered on 100 open PRs in ${Math.round(performance.now() - t0)} ms (${gh.requests.length - n0} requests, ${result.errors.length} errors)`);
    await store.close();
  } finally {
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
