// Builds GitHub clients from the github flags: one transport (throttle, ETag cache, endpoints) per process, and a
// client per org (a GitHub App acts through each org's installation; a token acts the same everywhere).
import { Octokit } from 'octokit';
import type { Logger } from '../runtime/logger.js';
import { VERSION } from '../runtime/version.js';
import { AppAuth, TokenFile, type AppApi } from './auth.js';
import { newGitHubClient, type GitHubClient } from './client.js';
import type { MetricsRegistry } from '../runtime/metrics.js';
import { parseAnswersWithJSONParse } from './response-body.js';
import { TokenBucket } from './throttle.js';
import { GitHubTransport, type AuthHeader } from './transport.js';
import type { GitHubSettings } from './flags.js';

/** What roles and plugins get from the runtime context. */
export interface GitHubClientFactory {
  /** --github-host: for html links and clone URLs. */
  readonly host: string;
  readonly transport: GitHubTransport;
  /** The client that acts on `org` (with a GitHub App: through that org's installation). */
  forOrg(org: string): GitHubClient;
  /** The same client, reporting each write it makes (REST but GET/HEAD, GraphQL mutations) to `onWrite`: took_action. */
  forOrgCounting(org: string, onWrite: () => void): GitHubClient;
  /** The bot's own login (`name[bot]` for an App), so the bot never reacts to itself. */
  botLogin(): Promise<string>;
  /** Authorization acting on `org`, for the few calls GitHubClient has no method for (hook deliveries, polling). */
  authFor(org: string): AuthHeader;
  /** With a GitHub App: authorization as the App itself (a JWT), for App-level endpoints such as /app/hook/deliveries. */
  readonly appAuth?: AuthHeader;
}

/** How to turn GitHub access on, for roles that need it and find none configured. */
export const GITHUB_CREDENTIALS_HINT =
  'GitHub access is not configured: pass --github-token-path=FILE (a token with repo scope) or --github-app-id=ID with --github-app-private-key-path=PEM';

/** The factory for the flags, or undefined when no credentials are configured. Bad settings throw. */
export function createGitHubFactory(settings: GitHubSettings, logger: Logger, metrics?: MetricsRegistry): GitHubClientFactory | undefined {
  if (settings.appId && settings.tokenPath) throw new Error('--github-token-path and --github-app-id are mutually exclusive');
  if (settings.appId && !settings.appPrivateKeyPath) throw new Error('--github-app-id needs --github-app-private-key-path');
  if (!settings.appId && settings.appPrivateKeyPath) throw new Error('--github-app-private-key-path needs --github-app-id');
  if (!settings.appId && !settings.tokenPath) return undefined;
  const hourly = settings.hourlyTokens ?? 0;
  const burst = settings.allowedBurst ?? 0;
  if ((hourly > 0) !== (burst > 0)) throw new Error('--github-hourly-tokens and --github-allowed-burst must be set together');
  const transport = new GitHubTransport({
    endpoints: settings.endpoints,
    graphqlEndpoint: settings.graphqlEndpoint,
    logger,
    throttle: hourly > 0 ? new TokenBucket(hourly, burst) : undefined,
    dryRun: settings.dryRun,
    retry: settings.retry,
  });
  const make = (auth: AuthHeader): Octokit => newOctokit(transport, auth);

  if (settings.tokenPath) {
    const file = new TokenFile(settings.tokenPath);
    const tokenAuth: AuthHeader = async () => `token ${file.current()}`;
    const octokit = make(tokenAuth);
    const client = newGitHubClient(octokit, settings.graphqlEndpoint, metrics);
    let login: Promise<string> | undefined;
    return {
      host: settings.host,
      transport,
      forOrg: () => client,
      forOrgCounting: (_org, onWrite) => newGitHubClient(octokit, settings.graphqlEndpoint, metrics, onWrite),
      authFor: () => tokenAuth,
      botLogin: () => (login ??= client.getUser().then((u) => u.login).catch((e: unknown) => {
        login = undefined;
        throw e;
      })),
    };
  }

  const appOctokit = make(async () => undefined);
  const bearer = (jwt: string): { authorization: string } => ({ authorization: `Bearer ${jwt}` });
  const api: AppApi = {
    async installationId(jwt, org) {
      const r = await appOctokit.request('GET /orgs/{org}/installation', { org, headers: bearer(jwt) }).catch(() =>
        appOctokit.request('GET /users/{username}/installation', { username: org, headers: bearer(jwt) }));
      return (r.data as { id: number }).id;
    },
    async createInstallationToken(jwt, installationId) {
      const r = await appOctokit.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: installationId, headers: bearer(jwt) });
      const data = r.data as { token: string; expires_at: string };
      return { token: data.token, expiresAt: Date.parse(data.expires_at) };
    },
  };
  const app = new AppAuth(settings.appId as string, settings.appPrivateKeyPath as string, api);
  const clients = new Map<string, { octokit: Octokit; client: GitHubClient }>();
  const entry = (org: string): { octokit: Octokit; client: GitHubClient } => {
    const key = org.toLowerCase();
    let c = clients.get(key);
    if (!c) {
      const octokit = make(installationAuth(org));
      c = { octokit, client: newGitHubClient(octokit, settings.graphqlEndpoint, metrics) };
      clients.set(key, c);
    }
    return c;
  };
  let login: Promise<string> | undefined;
  const installationAuth = (org: string): AuthHeader => async () => `token ${await app.tokenFor(org)}`;
  return {
    host: settings.host,
    transport,
    authFor: installationAuth,
    appAuth: async () => `Bearer ${app.jwt()}`,
    forOrg: (org) => entry(org).client,
    forOrgCounting: (org, onWrite) => newGitHubClient(entry(org).octokit, settings.graphqlEndpoint, metrics, onWrite),
    botLogin: () => (login ??= appOctokit
      .request('GET /app', { headers: bearer(app.jwt()) })
      .then((r) => `${(r.data as { slug: string }).slug}[bot]`)
      .catch((e: unknown) => {
        login = undefined;
        throw e;
      })),
  };
}

/** An octokit over the shared transport (throttle, ETag cache, retries) that authenticates with `auth`. */
export function newOctokit(transport: GitHubTransport, auth: AuthHeader): Octokit {
  const octokit = new Octokit({
    baseUrl: transport.endpoints[0],
    userAgent: `prow/${VERSION}`,
    request: { fetch: transport.fetchWith(auth) },
    // Our transport throttles and retries; octokit's plugins would do it a second time.
    throttle: { enabled: false, onRateLimit: () => false, onSecondaryRateLimit: () => false },
    retry: { enabled: false },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  parseAnswersWithJSONParse(octokit);
  return octokit;
}
