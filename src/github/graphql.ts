// GitHub's GraphQL API: typed documents, cursor paging, and each query's `rateLimit { cost remaining }` recorded
// as metrics (GraphQL spends rate limit by cost, not by request). Mutations are writes: the transport counts them
// for took_action and refuses them in dry-run mode.
import client from 'prom-client';
import { getOrCreate } from '../runtime/metrics.js';
import type { GraphQLDocument } from './graphql-document.js';
import { GitHubClientError, type RestContext } from './rest.js';

export { graphqlDocument, type GraphQLDocument } from './graphql-document.js';

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/** The fields a query selects to have its cost recorded: `rateLimit { cost remaining }`. */
export interface RateLimited {
  rateLimit?: { cost: number; remaining: number } | null;
}

export interface GraphQLAPI {
  graphql<TData, TVars extends Record<string, unknown>>(doc: GraphQLDocument<TData, TVars>, variables: TVars): Promise<TData>;
  /**
   * Every page of a connection: runs `doc` with `after` set to each page's endCursor until hasNextPage is false,
   * and returns the nodes `page` picks out of each response.
   */
  graphqlPages<TData, TVars extends Record<string, unknown> & { after?: string | null }, TNode>(
    doc: GraphQLDocument<TData, TVars>, variables: TVars, page: (data: TData) => { nodes: TNode[]; pageInfo: PageInfo },
  ): Promise<TNode[]>;
}

interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string }[];
}

/** Upper bound of pages read for one connection (a runaway cursor must not loop forever). */
const MAX_PAGES = 1000;

export function graphqlApi({ octokit, graphqlEndpoint, metrics }: RestContext): GraphQLAPI {
  const cost = metrics && getOrCreate(metrics, 'github_graphql_query_cost', () => new client.Histogram({
    name: 'github_graphql_query_cost', help: 'GitHub GraphQL rate limit points spent per query, by query name.', labelNames: ['query'],
    buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000], registers: [],
  }));
  const remaining = metrics && getOrCreate(metrics, 'github_graphql_rate_limit_remaining', () => new client.Gauge({
    name: 'github_graphql_rate_limit_remaining', help: 'GitHub GraphQL rate limit points left, as the last query reported.', registers: [],
  }));
  const api: GraphQLAPI = {
    async graphql<TData, TVars extends Record<string, unknown>>(doc: GraphQLDocument<TData, TVars>, variables: TVars): Promise<TData> {
      const r = await octokit.request(`POST ${graphqlEndpoint}`, { query: doc.query, variables });
      const body = r.data as GraphQLResponse<TData>;
      if (body.errors && body.errors.length > 0) throw new GitHubClientError(`GraphQL ${doc.name}: ${body.errors.map((e) => e.message).join('; ')}`);
      if (body.data === undefined) throw new GitHubClientError(`GraphQL ${doc.name}: response without data`);
      const limit = (body.data as RateLimited).rateLimit;
      if (limit) {
        cost?.observe({ query: doc.name }, limit.cost);
        remaining?.set(limit.remaining);
      }
      return body.data;
    },
    async graphqlPages<TData, TVars extends Record<string, unknown> & { after?: string | null }, TNode>(
      doc: GraphQLDocument<TData, TVars>, variables: TVars, page: (data: TData) => { nodes: TNode[]; pageInfo: PageInfo },
    ): Promise<TNode[]> {
      const out: TNode[] = [];
      let after: string | null = variables.after ?? null;
      for (let i = 0; i < MAX_PAGES; i++) {
        const data = await api.graphql(doc, { ...variables, after });
        const p = page(data);
        out.push(...p.nodes);
        if (!p.pageInfo.hasNextPage || !p.pageInfo.endCursor) return out;
        after = p.pageInfo.endCursor;
      }
      throw new GitHubClientError(`GraphQL ${doc.name}: more than ${MAX_PAGES} pages`);
    },
  };
  return api;
}
