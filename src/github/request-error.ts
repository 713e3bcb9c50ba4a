// Errors octokit throws for GitHub's HTTP answers (its RequestError, named "HttpError"), recognised by shape rather
// than `instanceof`: modules that only look at such errors (plugins, prow checkconfig's imports) then do not load
// octokit, which costs ~140 ms of CPU at start.

/** What GitHub answered, as octokit's RequestError carries it. */
export interface GitHubHttpError extends Error {
  status: number;
  response?: { data?: unknown };
}

/** The error as a GitHub HTTP error, or undefined when it is something else. */
export function asHttpError(e: unknown): GitHubHttpError | undefined {
  return e instanceof Error && e.name === 'HttpError' && typeof (e as Partial<GitHubHttpError>).status === 'number' ? (e as GitHubHttpError) : undefined;
}
