// took_action: a handler took action when it wrote, i.e. made any GitHub REST call other than GET/HEAD, or any
// GraphQL mutation. The client a handler gets (GitHubClientFactory.forOrg(org, onWrite)) notes each write by
// method, so no list of "writing" method names is kept; the transport refuses the same writes in dry-run mode.
// (Not AsyncLocalStorage: on Node 20 it triples the cost of every promise in the process.)
import type { Octokit } from 'octokit';

/** Whether a GraphQL document (the `query` of a request body, or the body as JSON text) holds a mutation. */
export function isGraphQLMutation(body: unknown): boolean {
  let query: unknown = body;
  if (typeof body === 'string' && body.trimStart().startsWith('{"')) {
    try {
      query = (JSON.parse(body) as { query?: unknown }).query;
    } catch {
      return false;
    }
  }
  if (typeof query !== 'string') return false;
  // Strings and comments cannot start an operation; drop them before looking for the keyword.
  const bare = query.replace(/"""[\s\S]*?"""|"(?:\\.|[^"\\])*"/g, '""').replace(/#[^\n]*/g, '');
  return /(^|})\s*mutation\b/.test(bare);
}

/** Whether an octokit route ("POST /repos/…", or "POST <graphql url>" with a query) writes. */
export function isWrite(route: string, params: { query?: unknown } | undefined, graphqlEndpoint: string): boolean {
  const space = route.indexOf(' ');
  const method = (space > 0 ? route.slice(0, space) : 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD') return false;
  if (route.slice(space + 1) === graphqlEndpoint) return isGraphQLMutation(params?.query);
  return true;
}

/** The octokit a handler's client uses: the shared one, with each write reported to `onWrite` before it is sent. */
export function writeCounting(octokit: Octokit, graphqlEndpoint: string, onWrite: () => void): Octokit {
  const request = ((route: string, params?: Record<string, unknown>) => {
    if (isWrite(route, params, graphqlEndpoint)) onWrite();
    return octokit.request(route, params);
  }) as unknown as Octokit['request'];
  // Lists are read with GET only; paginate goes straight through.
  return { request, paginate: octokit.paginate } as unknown as Octokit;
}
