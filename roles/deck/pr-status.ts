// The PR dashboard's data (upstream's pr_status): open pull requests from a GitHub search, each with its labels,
// the `tide` context (which says whether the PR is in the merge pool and, if not, what it lacks) and the results of
// its other contexts and check runs. A signed-in user's search runs with their own token, so it shows what they
// may see; a search by someone not signed in runs as the bot and is kept to the repos Tide's queries cover.
import type { Config } from '../../src/config/types.js';
import { graphqlDocument, type GraphQLAPI, type RateLimited } from '../../src/github/graphql.js';

export interface PRSearch {
  /** GraphQL as the signed-in user (their OAuth token). */
  asUser(token: string): GraphQLAPI;
  /** GraphQL as the bot, acting on `org`. */
  asBot(org: string): GraphQLAPI;
}

export interface PRContext {
  name: string;
  /** success, failure, pending, error (check runs mapped to these). */
  state: string;
  description: string;
  url: string;
}

export interface PRStatus {
  repo: string;
  number: number;
  title: string;
  url: string;
  author: string;
  baseRef: string;
  draft: boolean;
  mergeable: string;
  labels: string[];
  /** The `tide` context, if Tide has set one. */
  tide?: PRContext;
  /** The other contexts and check runs of the head commit. */
  jobs: PRContext[];
}

interface Node {
  __typename?: string;
  number: number;
  title: string;
  url: string;
  isDraft: boolean;
  mergeable: string;
  baseRefName: string;
  author: { login: string } | null;
  repository: { nameWithOwner: string };
  labels: { nodes: { name: string }[] };
  commits: { nodes: { commit: {
    status: { contexts: { context: string; state: string; description: string | null; targetUrl: string | null }[] } | null;
    statusCheckRollup: { contexts: { nodes: { __typename: string; name?: string; status?: string; conclusion?: string | null; detailsUrl?: string | null }[] } } | null;
  } }[] };
}

const SEARCH = graphqlDocument<{ search: { nodes: Node[] } } & RateLimited, { query: string }>('DeckPRStatus', `
query DeckPRStatus($query: String!) {
  search(type: ISSUE, first: 100, query: $query) {
    nodes {
      __typename
      ... on PullRequest {
        number title url isDraft mergeable baseRefName
        author { login }
        repository { nameWithOwner }
        labels(first: 100) { nodes { name } }
        commits(last: 1) {
          nodes {
            commit {
              status { contexts { context state description targetUrl } }
              statusCheckRollup { contexts(last: 100) { nodes { __typename ... on CheckRun { name status conclusion detailsUrl } } } }
            }
          }
        }
      }
    }
  }
  rateLimit { cost remaining }
}`);

const checkRunState = (status: string, conclusion: string | null | undefined): string => {
  if (status !== 'COMPLETED') return 'pending';
  return ['SUCCESS', 'NEUTRAL', 'SKIPPED'].includes(conclusion ?? '') ? 'success' : 'failure';
};

function toStatus(n: Node): PRStatus {
  const commit = n.commits.nodes[0]?.commit;
  const contexts: PRContext[] = (commit?.status?.contexts ?? []).map((c) => ({ name: c.context, state: c.state.toLowerCase(), description: c.description ?? '', url: c.targetUrl ?? '' }));
  for (const c of commit?.statusCheckRollup?.contexts.nodes ?? []) {
    if (c.__typename === 'CheckRun' && c.name) contexts.push({ name: c.name, state: checkRunState(c.status ?? '', c.conclusion), description: '', url: c.detailsUrl ?? '' });
  }
  const tide = contexts.find((c) => c.name === 'tide');
  return {
    repo: n.repository.nameWithOwner, number: n.number, title: n.title, url: n.url, author: n.author?.login ?? '', baseRef: n.baseRefName,
    draft: n.isDraft, mergeable: n.mergeable, labels: n.labels.nodes.map((l) => l.name),
    ...(tide ? { tide } : {}), jobs: contexts.filter((c) => c.name !== 'tide').sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}

/** The orgs and repos Tide's queries cover: a bot search never reaches past them. */
export function tideScope(cfg: Config): { orgs: Set<string>; repos: Set<string>; excluded: Set<string> } {
  const out = { orgs: new Set<string>(), repos: new Set<string>(), excluded: new Set<string>() };
  for (const q of cfg.tide?.queries ?? []) {
    for (const o of q.orgs ?? []) out.orgs.add(o.toLowerCase());
    for (const r of q.repos ?? []) out.repos.add(r.toLowerCase());
    for (const r of q.excludedRepos ?? []) out.excluded.add(r.toLowerCase());
  }
  return out;
}

/** Whether a repo (owner/name) is in the scope. */
export const inScope = (s: ReturnType<typeof tideScope>, repo: string): boolean => {
  const r = repo.toLowerCase();
  return s.repos.has(r) || (s.orgs.has(r.split('/')[0]!) && !s.excluded.has(r));
};

/** A search the dashboard accepts: pull requests only, and no qualifier that reaches past the scope it adds. */
export function normalizeQuery(query: string): string {
  const q = query.trim().replace(/\s+/g, ' ');
  return /(^| )(is|type):pr( |$)/.test(q) ? q : `is:pr ${q}`.trim();
}

/** The user's PRs (their token), or a search as the bot within Tide's scope, open ones first, as upstream lists them. */
export async function searchPRStatus(search: PRSearch, cfg: Config, query: string, token: string | undefined): Promise<PRStatus[]> {
  const q = normalizeQuery(query);
  if (token) return (await search.asUser(token).graphql(SEARCH, { query: q })).search.nodes.filter((n) => n.__typename === 'PullRequest').map(toStatus);
  const scope = tideScope(cfg);
  const orgs = new Set([...scope.orgs, ...[...scope.repos].map((r) => r.split('/')[0]!)]);
  const out: PRStatus[] = [];
  for (const org of orgs) {
    const found = (await search.asBot(org).graphql(SEARCH, { query: `${q} org:"${org}"` })).search.nodes;
    for (const n of found) if (n.__typename === 'PullRequest' && inScope(scope, n.repository.nameWithOwner)) out.push(toStatus(n));
  }
  return out;
}
