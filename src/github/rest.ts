// What every resource module is built on: the octokit that sends through GitHubTransport, and the helpers for
// "404 means no" answers. Each resource module (issues.ts, labels.ts, pulls.ts, repos.ts, orgs.ts, checks.ts,
// milestones.ts, graphql.ts) is a narrow interface plus the function that implements it over a RestContext.
import type { Octokit } from 'octokit';
import { asHttpError } from './request-error.js';
import type { MetricsRegistry } from '../runtime/metrics.js';

export interface RestContext {
  octokit: Octokit;
  /** The GraphQL URL (--github-graphql-endpoint). */
  graphqlEndpoint: string;
  /** Where GraphQL cost is recorded; undefined: not recorded. */
  metrics?: MetricsRegistry;
}

export class GitHubClientError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'GitHubClientError';
  }
}

export function isNotFound(e: unknown): boolean {
  return asHttpError(e)?.status === 404;
}

/** true when the request succeeds, false on 404 (GitHub's "no" for membership-style questions). */
export async function exists(req: () => Promise<unknown>): Promise<boolean> {
  try {
    await req();
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

/** The value, or undefined on 404. */
export async function orUndefined<T>(req: () => Promise<T>): Promise<T | undefined> {
  try {
    return await req();
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Every page of a list endpoint is read (100 per page): lists are never silently cut at the first page. */
export const PER_PAGE = 100;
