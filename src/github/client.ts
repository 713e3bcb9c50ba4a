// The GitHub client: every resource's narrow API over one octokit (auth, throttle, ETag cache, retries and dry-run
// happen below, in GitHubTransport; took_action is counted by the handler's client, see actions.ts). A plugin or role that needs only part of it
// names that part in its types (`LabelsAPI & IssuesAPI`), so tests and readers see what it touches.
import type { Octokit } from 'octokit';
import type { MetricsRegistry } from '../runtime/metrics.js';
import { writeCounting } from './actions.js';
import { checksApi, type ChecksAPI } from './checks.js';
import { graphqlApi, type GraphQLAPI } from './graphql.js';
import { hooksApi, type HooksAPI } from './hooks.js';
import { invitationsApi, type InvitationsAPI } from './invitations.js';
import { issuesApi, type IssuesAPI } from './issues.js';
import { labelsApi, type LabelsAPI } from './labels.js';
import { milestonesApi, type MilestonesAPI } from './milestones.js';
import { orgAdminApi, type OrgAdminAPI } from './org-admin.js';
import { orgsApi, type OrgsAPI } from './orgs.js';
import { projectsApi } from './projects.js';
import type { ProjectsAPI } from './projects-v2.js';
import { pullsApi, type PullsAPI } from './pulls.js';
import { reposApi, type ReposAPI } from './repos.js';
import type { RestContext } from './rest.js';

export { GitHubClientError, isNotFound } from './rest.js';

export type GitHubClient = IssuesAPI & LabelsAPI & PullsAPI & ReposAPI & OrgsAPI & ChecksAPI & MilestonesAPI & GraphQLAPI & HooksAPI & InvitationsAPI & OrgAdminAPI & ProjectsAPI;

/** Every resource module, in the order their methods take precedence (a later one wins a shared name). */
const RESOURCES: readonly ((ctx: RestContext) => object)[] = [
  issuesApi, labelsApi, pullsApi, reposApi, orgsApi, checksApi, milestonesApi, graphqlApi, hooksApi, invitationsApi, orgAdminApi, projectsApi,
];

/**
 * A client builds each resource module on first use: a handler gets its own client (its writes are counted) for
 * every delivery, and building all twelve modules' few hundred methods each time was the largest allocation of a
 * `/test` (about 140 KB per delivery).
 */
class LazyClient {
  private readonly built: (Record<string, unknown> | undefined)[] = [];
  constructor(private readonly ctx: RestContext) {}
  resource(i: number): Record<string, unknown> {
    return (this.built[i] ??= RESOURCES[i]!(this.ctx) as Record<string, unknown>);
  }
}

// One getter per method name on the prototype, found once from modules built over a context nothing is sent through.
RESOURCES.forEach((make, i) => {
  for (const name of Object.keys(make({ octokit: undefined as unknown as Octokit, graphqlEndpoint: '' }))) {
    Object.defineProperty(LazyClient.prototype, name, {
      configurable: true,
      get(this: LazyClient) {
        return this.resource(i)[name];
      },
    });
  }
});

/** The client over `octokit`; with `onWrite`, each write it makes (REST but GET/HEAD, GraphQL mutations) is reported. */
export function newGitHubClient(octokit: Octokit, graphqlEndpoint: string, metrics?: MetricsRegistry, onWrite?: () => void): GitHubClient {
  const ctx: RestContext = { octokit: onWrite ? writeCounting(octokit, graphqlEndpoint, onWrite) : octokit, graphqlEndpoint, ...(metrics ? { metrics } : {}) };
  return new LazyClient(ctx) as unknown as GitHubClient;
}
