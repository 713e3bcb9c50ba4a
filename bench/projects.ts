// The project and project-manager plugins against the fake GitHub's Projects (v2), with an org of 250 projects
// (three pages of GraphQL) and the target board on the last page. Prints, per command, the GitHub requests the
// handler made (REST reads, GraphQL queries, GraphQL mutations, REST writes) and its time (median and p90 over
// ISSUES runs); a board is found with one title search, all projects are read only when the search misses. Run with `npm run build && node dist/bench/projects.js`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { HandlerDeps } from '../plugins/context.js';
import { PLUGIN_REGISTRY } from '../plugins/index.js';
import { projectManager } from '../plugins/project-manager/index.js';
import { project } from '../plugins/project/index.js';
import type { Plugin } from '../plugins/types.js';
import { loadConfig } from '../src/config/load.js';
import { createGitHubFactory } from '../src/github/factory.js';
import { runPluginOn } from './plugin-run.js';
import { percentile } from './stats.js';
import { createRootLogger } from '../src/runtime/logger.js';
import { FileProwJobStore } from '../src/store/file.js';
import { FakeGitHub, type RecordedRequest } from '../test/fakes/github/index.js';

const PROJECTS = 250;
const ISSUES = 20;
const TEAM_ID = 99;

interface Run {
  restReads: number;
  queries: number;
  mutations: number;
  restWrites: number;
  ms: number;
}

const isMutation = (r: RecordedRequest): boolean => /^\s*mutation/.test(String((r.body as { query?: string } | undefined)?.query));

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-projects-'));
  writeFileSync(path.join(dir, 'token'), 'tok');
  writeFileSync(path.join(dir, 'config.yaml'), '{}\n');
  writeFileSync(path.join(dir, 'plugins.yaml'), `plugins:
  acme: [project, project-manager]
project_config:
  project_org_configs:
    acme:
      org_maintainers_team_id: ${TEAM_ID}
project_manager:
  orgsRepos:
    acme:
      projects:
        Target:
          columns:
            - name: Todo
              org: acme
              labels: [kind/bug]
`);
  const gh = await FakeGitHub.start({ rateLimits: { core: 1_000_000, graphql: 1_000_000 } });
  const logger = createRootLogger({ stream: new PassThrough(), level: 'error' });
  try {
    gh.addOrg('acme', { members: ['pm', 'alice'] });
    (gh.addTeam('acme', 'project-maintainers', { members: ['pm'] }) as { id: number }).id = TEAM_ID;
    await gh.createRepo('acme', 'repo', { defaultBranch: 'main' });
    gh.createLabel('acme', 'repo', 'kind/bug');
    for (let i = 0; i < PROJECTS - 1; i++) gh.createProjectV2('acme', `Board ${i}`, ['Todo', 'In Progress', 'Done']);
    gh.createProjectV2('acme', 'Target', ['Todo', 'In Progress', 'Done']);
    for (let i = 0; i < ISSUES; i++) await gh.createIssue('acme', 'repo', 'alice', { title: `issue ${i}` });

    const loaded = await loadConfig({ configPath: path.join(dir, 'config.yaml'), pluginConfig: path.join(dir, 'plugins.yaml') }, { plugins: PLUGIN_REGISTRY });
    const factory = createGitHubFactory({ endpoints: [gh.url], graphqlEndpoint: gh.graphqlUrl, host: 'github.com', tokenPath: path.join(dir, 'token') }, logger)!;
    const store = await FileProwJobStore.open({ dir: path.join(dir, 'prowjobs'), namespace: 'default', pollIntervalMs: 0 });
    const deps: HandlerDeps = {
      github: (onWrite) => factory.forOrgCounting('acme', onWrite), botLogin: 'k8s-ci-robot', githubHost: 'github.com', prowConfig: loaded.config,
      pluginsConfig: loaded.plugins, store, logger,
    };

    const runOn = async (plugin: Plugin, act: () => Promise<unknown>): Promise<Run> => {
      const { requests: reqs, ms } = await runPluginOn(gh, deps, plugin, act);
      const gql = reqs.filter((r) => r.path === '/graphql');
      const rest = reqs.filter((r) => r.path !== '/graphql');
      return {
        restReads: rest.filter((r) => r.method === 'GET').length, restWrites: rest.filter((r) => r.method !== 'GET').length,
        queries: gql.filter((r) => !isMutation(r)).length, mutations: gql.filter(isMutation).length, ms,
      };
    };

    const runs = new Map<string, Run[]>();
    const record = (name: string, r: Run): void => void runs.set(name, [...(runs.get(name) ?? []), r]);
    const comment = (n: number, who: string, body: string) => () => gh.comment('acme', 'repo', n, who, body);
    for (let n = 1; n <= ISSUES; n++) {
      record('/project Target Todo (new item)', await runOn(project, comment(n, 'pm', '/project Target Todo')));
      record('/project Target Done (move)', await runOn(project, comment(n, 'pm', '/project Target Done')));
      record('/project Target Done (already there)', await runOn(project, comment(n, 'pm', '/project Target Done')));
      record('/project clear Target', await runOn(project, comment(n, 'pm', '/project clear Target')));
      record('/project Nope (unknown board: the list of all)', await runOn(project, comment(n, 'pm', '/project Nope')));
      record('/project Target Todo by a non-member', await runOn(project, comment(n, 'alice', '/project Target Todo')));
      record('project-manager: labeled kind/bug (new item)', await runOn(projectManager, () => gh.addLabels('acme', 'repo', n, ['kind/bug'], 'alice')));
      record('project-manager: unlabeled, then labeled again (two events; already there)', await runOn(projectManager, async () => {
        await gh.removeLabel('acme', 'repo', n, 'kind/bug', 'alice');
        return gh.addLabels('acme', 'repo', n, ['kind/bug'], 'alice');
      }));
    }
    console.log(`projects: an org with ${PROJECTS} Projects (v2), the board on the last page of 100; ${ISSUES} runs each (handler time, median / p90)`);
    for (const [name, rs] of runs) {
      const r = rs[rs.length - 1]!;
      const ms = rs.map((x) => x.ms);
      console.log(`  ${name}: ${r.restReads} REST reads + ${r.queries} GraphQL queries + ${r.mutations} GraphQL mutations + ${r.restWrites} REST writes; ${percentile(ms, 50).toFixed(1)} / ${percentile(ms, 90).toFixed(1)} ms`);
    }
    await store.close();
  } finally {
    await gh.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
