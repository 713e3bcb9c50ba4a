// The github flags every process accepts (several roles talk to GitHub), and the settings they make.
import type { FlagSpec, Flags } from '../runtime/flags.js';
import type { TransportOptions } from './transport.js';

export const DEFAULT_GITHUB_ENDPOINT = 'https://api.github.com';
export const DEFAULT_GITHUB_GRAPHQL_ENDPOINT = 'https://api.github.com/graphql';
export const DEFAULT_GITHUB_HOST = 'github.com';

export const GITHUB_FLAGS: FlagSpec[] = [
  { name: 'github-token-path', type: 'string', description: 'Path to the file containing the GitHub OAuth token (re-read when it changes)', placeholder: 'PATH' },
  { name: 'github-app-id', type: 'string', description: 'ID of the GitHub App to authenticate as (with --github-app-private-key-path)', placeholder: 'ID' },
  { name: 'github-app-private-key-path', type: 'string', description: 'Path to the GitHub App private key (PEM)', placeholder: 'PATH' },
  { name: 'github-endpoint', type: 'list', description: `GitHub API endpoint; the first reachable one is used (default ${DEFAULT_GITHUB_ENDPOINT})`, placeholder: 'URL' },
  { name: 'github-graphql-endpoint', type: 'string', description: 'GitHub GraphQL API endpoint', default: DEFAULT_GITHUB_GRAPHQL_ENDPOINT, placeholder: 'URL' },
  { name: 'github-host', type: 'string', description: 'GitHub host name, for links and clones (GitHub Enterprise); a base URL with a scheme (http://host:port) is used as is', default: DEFAULT_GITHUB_HOST, placeholder: 'HOST' },
  { name: 'github-hourly-tokens', type: 'int', description: 'If above zero, client-side throttling to this many GitHub requests per hour (needs --github-allowed-burst)', default: 0 },
  { name: 'github-allowed-burst', type: 'int', description: 'Size of GitHub request bursts under --github-hourly-tokens', default: 0 },
];

export interface GitHubSettings {
  endpoints: string[];
  graphqlEndpoint: string;
  host: string;
  tokenPath?: string;
  appId?: string;
  appPrivateKeyPath?: string;
  hourlyTokens?: number;
  allowedBurst?: number;
  dryRun?: boolean;
  /** Transport tuning (tests). */
  retry?: TransportOptions['retry'];
}

export function githubSettingsFromFlags(flags: Flags): GitHubSettings {
  const endpoints = flags.list('github-endpoint');
  return {
    endpoints: endpoints.length > 0 ? endpoints : [DEFAULT_GITHUB_ENDPOINT],
    graphqlEndpoint: flags.string('github-graphql-endpoint') ?? DEFAULT_GITHUB_GRAPHQL_ENDPOINT,
    host: flags.string('github-host') ?? DEFAULT_GITHUB_HOST,
    tokenPath: flags.string('github-token-path'),
    appId: flags.string('github-app-id'),
    appPrivateKeyPath: flags.string('github-app-private-key-path'),
    hourlyTokens: flags.int('github-hourly-tokens') ?? 0,
    allowedBurst: flags.int('github-allowed-burst') ?? 0,
    dryRun: flags.bool('dry-run'),
  };
}


/**
 * The base URL for links and clones from --github-host: `https://<host>`, or the value itself when it names a scheme
 * (`http://127.0.0.1:8080` for a GitHub Enterprise or a test server without TLS).
 */
export function githubBaseURL(host: string): string {
  return /^https?:\/\//.test(host) ? host.replace(/\/+$/, '') : `https://${host}`;
}

/** The clone URL of org/repo on --github-host. */
export function githubCloneURL(host: string, org: string, repo: string): string {
  return `${githubBaseURL(host)}/${org}/${repo}.git`;
}
