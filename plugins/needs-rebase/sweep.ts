// needs-rebase's periodic sweep (upstream's HandleAll): one GraphQL search per org and one for the listed repos
// (per org with a GitHub App, whose installations are per org) finds every open PR with its mergeability and
// labels, and each gets takeAction. Other PRs merging change mergeability without touching the PR, which is why
// events alone are not enough. Queries run one after another (in parallel they trip GitHub's abuse detection).
import { enabledReposForExternalPlugin } from '../../src/config/plugins-enabled.js';
import type { PluginsConfig } from '../../src/config/types.js';
import type { GitHubClient } from '../../src/github/client.js';
import { graphqlDocument } from '../../src/github/graphql-document.js';
import type { Logger } from '../../src/runtime/logger.js';
import { botChecker } from '../../src/report/github.js';
import { NEEDS_REBASE } from '../shared/labels.js';
import { takeAction } from './action.js';

export const SEARCH_QUERY_PREFIX = 'archived:false is:pr is:open';

/** GitHub returns at most 1000 results per search. */
const SEARCH_RESULT_CAP = 1000;

interface SearchedPull {
  number?: number;
  author?: { login: string } | null;
  repository?: { name: string; owner: { login: string } };
  labels?: { nodes: { name: string }[] };
  mergeable?: 'MERGEABLE' | 'CONFLICTING' | 'UNKNOWN';
  state?: 'OPEN' | 'CLOSED' | 'MERGED';
}

interface SearchData {
  rateLimit: { cost: number; remaining: number } | null;
  search: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: SearchedPull[] };
}

const SEARCH = graphqlDocument<SearchData, { query: string; searchCursor: string | null }>('NeedsRebaseSearch', `
query NeedsRebaseSearch($query: String!, $searchCursor: String) {
  rateLimit { cost remaining }
  search(type: ISSUE, first: 100, after: $searchCursor, query: $query) {
    pageInfo { hasNextPage endCursor }
    nodes {
      ... on PullRequest {
        number
        author { login }
        repository { name owner { login } }
        labels(first: 100) { nodes { name } }
        mergeable
        state
      }
    }
  }
}`);

/**
 * The search queries by org ('' for the token's one query over every listed repo). A repo whose org is already
 * searched whole is skipped with a warning, as upstream.
 */
export function constructQueries(orgs: readonly string[], repos: readonly string[], usesApp: boolean, log: Logger): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const org of orgs) out.set(org, [`${SEARCH_QUERY_PREFIX} org:"${org}"`]);
  const repoQueries = new Map<string, string>();
  for (const repo of repos) {
    const parts = repo.split('/');
    if (parts.length !== 2) {
      log.warn('Found repo that was not in org/repo format, ignoring...', { repo });
      continue;
    }
    if (out.has(parts[0]!)) {
      log.warn('Plugin was enabled for repo even though it is already enabled for the org, ignoring...', { repo });
      continue;
    }
    const key = usesApp ? parts[0]! : '';
    repoQueries.set(key, `${repoQueries.get(key) ?? SEARCH_QUERY_PREFIX} repo:"${repo}"`);
  }
  for (const [org, q] of repoQueries) out.set(org, [...(out.get(org) ?? []), q]);
  return out;
}

export interface SweepDeps {
  /** The client for an org ('' with a token: any). */
  github: (org: string) => GitHubClient;
  botLogin: string;
  pluginsConfig: PluginsConfig;
  /** GitHub App credentials: one query per org, through that org's installation. */
  usesApp: boolean;
  logger: Logger;
  /** The sweep stops (until the next one) once GraphQL reports fewer points left than this. Default 100. */
  minRateLimitRemaining?: number;
  /** The external_plugins name to sweep for (default needs-rebase). */
  name?: string;
}

export interface SweepResult {
  /** Open PRs found. */
  found: number;
  /** PRs takeAction ran on (mergeability known). */
  checked: number;
  /** True when the sweep stopped early to leave GitHub's GraphQL rate limit alone. */
  rateLimited: boolean;
  errors: number;
}

/** One sweep over every repo whose external_plugins list needs-rebase. */
export async function sweep(deps: SweepDeps): Promise<SweepResult> {
  const log = deps.logger;
  const result: SweepResult = { found: 0, checked: 0, rateLimited: false, errors: 0 };
  const { orgs, repos } = enabledReposForExternalPlugin(deps.pluginsConfig, deps.name ?? 'needs-rebase');
  if (orgs.length === 0 && repos.length === 0) {
    log.info(`No repos have been configured for the ${deps.name ?? 'needs-rebase'} plugin`);
    return result;
  }
  const floor = deps.minRateLimitRemaining ?? 100;
  const prs: SearchedPull[] = [];
  outer: for (const [org, queries] of constructQueries(orgs, repos, deps.usesApp, log)) {
    const gh = deps.github(org);
    for (const query of queries) {
      let cursor: string | null = null;
      let pages = 0;
      let cost = 0;
      let found = 0;
      try {
        for (;;) {
          const data: SearchData = await gh.graphql(SEARCH, { query, searchCursor: cursor });
          pages++;
          cost += data.rateLimit?.cost ?? 0;
          for (const n of data.search.nodes) if (n.number !== undefined) prs.push(n);
          found += data.search.nodes.length;
          const remaining = data.rateLimit?.remaining;
          if (remaining !== undefined && remaining < floor) {
            result.rateLimited = true;
            log.warn('GraphQL rate limit nearly spent: the sweep stops here and resumes at the next period', { query, remaining, floor });
            break outer;
          }
          if (!data.search.pageInfo.hasNextPage) break;
          cursor = data.search.pageInfo.endCursor;
        }
      } catch (e) {
        result.errors++;
        log.error('Error querying GitHub for open PRs', { query, error: e });
        continue;
      }
      log.debug('Finished query', { query, search_pages: pages, cost, pr_found_count: found });
      if (found >= SEARCH_RESULT_CAP) log.warn('Query returned 1k PRs, which is the max number of results per query allowed by GitHub. This indicates that we were not able to process all PRs.', { query });
    }
  }
  result.found = prs.length;
  const isBot = botChecker(deps.botLogin);
  for (const pr of prs) {
    // Still being computed, or no longer open: the next event or sweep will see it.
    if (pr.mergeable === 'UNKNOWN' || pr.state !== 'OPEN' || !pr.repository) continue;
    const org = pr.repository.owner.login;
    const repo = pr.repository.name;
    const hasLabel = (pr.labels?.nodes ?? []).some((l) => l.name === NEEDS_REBASE);
    try {
      await takeAction(deps.github(org), isBot, { org, repo, number: pr.number!, author: pr.author?.login ?? '', hasLabel, mergeable: pr.mergeable === 'MERGEABLE' });
      result.checked++;
    } catch (e) {
      result.errors++;
      log.error('Error handling PR.', { org, repo, pr: pr.number, error: e });
    }
  }
  return result;
}
