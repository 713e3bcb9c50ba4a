// What Deck's routes need, gathered once by the role (or by a test) so routes stay plain functions of it.
import type { Config } from '../../src/config/types.js';
import type { Logger } from '../../src/runtime/logger.js';
import type { ProwJobStore } from '../../src/store/types.js';
import type { StorageOpener } from './artifacts.js';
import type { FlowStates } from './github-app.js';
import type { CookieCrypto, MembershipChecker } from './auth.js';
import type { JobIndex } from './jobs.js';
import type { LogFollower, PodLogs } from './live-log.js';
import type { PluginHelpSource } from './plugin-help.js';
import type { PRSearch } from './pr-status.js';
import type { RerunFactory } from './rerun.js';

export interface OAuthSettings {
  clientId: string;
  clientSecret: string;
  /** The callback URL registered with the OAuth app (…/github-login/redirect). */
  redirectUrl: string;
  /** Where to go after login when no destination was given. */
  finalRedirectUrl: string;
  scopes: string[];
  /** GitHub web base for /login/oauth/… (https://github.com, or the GitHub Enterprise host). */
  webBase: string;
  /** GitHub API base, for GET /user with the user's token. */
  apiBase: string;
}

/** The GitHub App setup page (/github-app). */
export interface GitHubAppSetup {
  dataDir: string;
  /** GitHub's web base (github.com) and API base, from --github-endpoint. */
  webBase: string;
  apiBase: string;
  /** Whether this process already has GitHub credentials. */
  connected: boolean;
  /** The hook's port, for the webhook URL (undefined: upstream's 8888). */
  hookPort: () => number | undefined;
  states: FlowStates;
  /** Offered in the navigation while GitHub is not connected. */
  offered(): boolean;
}

export interface DeckDeps {
  config: () => Config;
  store: ProwJobStore;
  jobs: JobIndex;
  storage: StorageOpener;
  logger: Logger;
  /** Set when --cookie-secret is given. */
  cookies?: CookieCrypto;
  /** CSRF tokens are required on POSTs (cookie secret of 32+ bytes). */
  csrfRequired: boolean;
  oauth?: OAuthSettings;
  /** --oauth-url: where the sign-in link points. */
  loginUrl?: string;
  membership?: MembershipChecker;
  rerunCreatesJob: boolean;
  allowInsecure: boolean;
  dryRun: boolean;
  pluginHelp?: PluginHelpSource;
  logs: LogFollower;
  /** Live logs of jobs running as Pods (Kubernetes executor); absent in all-in-one mode. */
  podLogs?: PodLogs;
  rerun: RerunFactory;
  /** How often the job list refreshes itself. */
  listRefreshMs: number;
  /** Directory of the compiled browser code and CSS. */
  staticDir: string;
  githubApp?: GitHubAppSetup;
  /** GitHub searches for the PR dashboard (/pr); absent while GitHub is not connected. */
  prSearch?: PRSearch;
  /** Tide's base URL (its `/`, `/history`, `/tide.js`), resolved on each request; undefined when there is none. */
  tideUrl?: () => string | undefined;
}

/** deck.spyglass.size_limit, upstream's default 100 MB when unset. */
export function sizeLimit(config: Config): number {
  const v = config.deck?.spyglass?.size_limit;
  return typeof v === 'number' && v > 0 ? v : 100_000_000;
}
