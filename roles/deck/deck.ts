// Builds a running Deck from its settings: secrets read and checked, the job index started, routes mounted.
// The role (index.ts) calls this with what the process has; tests call it with temp dirs.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type express from 'express';
import { parseConfigYaml } from '../../src/config/yaml.js';
import type { ProwJob } from '../../src/api/prowjob.js';
import type { Config } from '../../src/config/types.js';
import { isWorkspaceName, localWorkspacePaths } from '../../src/executor/local-workspace.js';
import { newOctokit, type GitHubClientFactory } from '../../src/github/factory.js';
import { newGitHubClient } from '../../src/github/client.js';
import type { PRSearch } from './pr-status.js';
import { registerSecret, type Logger } from '../../src/runtime/logger.js';
import { FileStorage } from '../../src/storage/file.js';
import { BUILD_LOG, buildDir } from '../../src/storage/paths.js';
import type { ProwJobStore } from '../../src/store/types.js';
import type { StorageOpener } from './artifacts.js';
import { CookieCrypto, readCookieSecret, type MembershipChecker } from './auth.js';
import type { DeckDeps, OAuthSettings } from './deps.js';
import { JobIndex, OMITTABLE_FIELDS, type Visibility } from './jobs.js';
import { FlowStates } from './github-app.js';
import { KNOWN_LENSES } from './lenses.js';
import type { LogFollower, PodLogs } from './live-log.js';
import type { PluginHelpSource } from './plugin-help.js';
import type { RerunFactory } from './rerun.js';
import { mountDeck } from './server.js';

export interface DeckSettings {
  config: () => Config;
  store: ProwJobStore;
  storage: StorageOpener;
  logger: Logger;
  visibility: Visibility;
  rerun: RerunFactory;
  /** --cookie-secret */
  cookieSecretFile?: string;
  /** --github-oauth-config-file */
  oauthConfigFile?: string;
  /** --oauth-url */
  oauthUrl?: string;
  rerunCreatesJob: boolean;
  allowInsecure: boolean;
  dryRun: boolean;
  github?: GitHubClientFactory;
  /** The GitHub API base (first --github-endpoint), for OAuth. */
  githubApiBase: string;
  /** --github-graphql-endpoint, for the PR dashboard's searches with a signed-in user's token. */
  githubGraphqlEndpoint?: string;
  pluginHelp?: PluginHelpSource;
  /** --data-dir: where the local executor keeps running jobs' logs. */
  dataDir?: string;
  /** Overrides where live logs are read from (default: localLogFollower). */
  logs?: LogFollower;
  /** Live logs of jobs running as Pods (set on Kubernetes). */
  podLogs?: PodLogs;
  /** How often the job list refreshes itself (default 30s). */
  listRefreshMs?: number;
  /** The compiled browser code and CSS (default: web/ next to this module, as built into dist/). */
  staticDir?: string;
  /** The hook's port in this process, for the webhook URL /github-app shows (undefined: upstream's 8888). */
  hookPort?: () => number | undefined;
  /** Tide's base URL (--tide-url, or the tide role in this process). */
  tideUrl?: () => string | undefined;
}

export interface RunningDeck {
  jobs: JobIndex;
  stop(): void;
}

interface OAuthFile {
  client_id?: string;
  client_secret?: string;
  redirect_url?: string;
  final_redirect_url?: string;
  scopes?: string[];
}

/** GitHub's web base for an API base: api.github.com → github.com; GitHub Enterprise's /api/v3 → the host. */
export function webBaseFor(apiBase: string): string {
  const u = new URL(apiBase);
  if (u.hostname === 'api.github.com') return 'https://github.com';
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/api\/v3\/?$/, '').replace(/\/+$/, '')}`;
}

function readOAuth(file: string, apiBase: string): OAuthSettings {
  const cfg = (parseConfigYaml(readFileSync(file, 'utf8')) ?? {}) as OAuthFile;
  if (!cfg.client_id || !cfg.client_secret || !cfg.redirect_url) {
    throw new Error(`${file}: the GitHub OAuth config needs client_id, client_secret and redirect_url`);
  }
  registerSecret(cfg.client_secret);
  return {
    clientId: cfg.client_id,
    clientSecret: cfg.client_secret,
    redirectUrl: cfg.redirect_url,
    finalRedirectUrl: cfg.final_redirect_url || '/',
    scopes: cfg.scopes ?? [],
    webBase: webBaseFor(apiBase),
    apiBase,
  };
}

/** The PR dashboard's searches: as the signed-in user (their token, over the shared transport) or as the bot. */
function prSearch(github: GitHubClientFactory, graphqlEndpoint: string): PRSearch {
  return {
    asUser: (token) => newGitHubClient(newOctokit(github.transport, async () => `token ${token}`), graphqlEndpoint),
    asBot: (org) => github.forOrg(org),
  };
}

/** Membership checks through the bot's GitHub client. */
export function membershipChecker(github: GitHubClientFactory): MembershipChecker {
  return {
    isOrgMember: (org, user) => github.forOrg(org).isMember(org, user),
    async isTeamMember(org, slug, user) {
      const members = await github.forOrg(org).listTeamMembersBySlug(org, slug);
      return members.some((m) => m.login.toLowerCase() === user.toLowerCase());
    },
    async isTeamIdMember(org, teamId, user) {
      const team = (await github.forOrg(org).listTeams(org)).find((t) => t.id === teamId);
      if (!team) return false;
      const members = await github.forOrg(org).listTeamMembersBySlug(org, team.slug);
      return members.some((m) => m.login.toLowerCase() === user.toLowerCase());
    },
  };
}

/**
 * Live logs on this host: the local executor's process log of a running job (its workspace's process-log.txt,
 * where the entrypoint writes the test's output as it runs), else build-log.txt in the job's
 * build directory when that is in a file:// bucket.
 */
export function localLogFollower(dataDir: string | undefined, storage: StorageOpener): LogFollower {
  return {
    async locate(pj: ProwJob) {
      if (dataDir) {
        const processLog = isWorkspaceName(pj.metadata.name) ? localWorkspacePaths(dataDir, pj.metadata.name).processLog : undefined;
        if (processLog && existsSync(processLog)) return processLog;
      }
      const gcs = pj.spec.decoration_config?.gcs_configuration;
      const bucket = storage.open(gcs?.bucket || storage.defaultBucket);
      if (!(bucket instanceof FileStorage) || !pj.status.build_id) return undefined;
      const dir = buildDir({ type: pj.spec.type, job: pj.spec.job, buildid: pj.status.build_id, refs: pj.spec.refs }, { ...gcs, path_strategy: gcs?.path_strategy || 'explicit' });
      return bucket.pathOf(`${dir}/${BUILD_LOG}`);
    },
  };
}

export function defaultStaticDir(): string {
  return fileURLToPath(new URL('./web/', import.meta.url));
}

export async function startDeck(app: express.Express, s: DeckSettings): Promise<RunningDeck> {
  let cookies: CookieCrypto | undefined;
  let csrfRequired = false;
  if (s.cookieSecretFile) {
    const secret = readCookieSecret(s.cookieSecretFile);
    cookies = new CookieCrypto(secret);
    csrfRequired = secret.length >= 32;
  }
  if (s.rerunCreatesJob && !csrfRequired) {
    throw new Error('--rerun-creates-job needs CSRF protection: pass --cookie-secret with a secret of at least 32 bytes');
  }
  let oauth: OAuthSettings | undefined;
  if (s.oauthConfigFile) {
    if (!cookies) throw new Error('--github-oauth-config-file needs --cookie-secret');
    oauth = readOAuth(s.oauthConfigFile, s.githubApiBase);
  }
  const unknownLenses = (s.config().deck?.spyglass?.lenses ?? []).map((l) => l.lens.name).filter((n) => !(KNOWN_LENSES as readonly string[]).includes(n));
  if (unknownLenses.length > 0) s.logger.warn('spyglass lenses this deck does not have are left out of job pages', { lenses: unknownLenses, known: KNOWN_LENSES });
  const jobs = new JobIndex({ store: s.store, config: s.config, visibility: s.visibility, logger: s.logger });
  await jobs.start();
  // Serialize the list the job list page asks for now rather than on the first visitor's request.
  const warm = setImmediate(() => jobs.listBody(new Set(OMITTABLE_FIELDS)));
  const deps: DeckDeps = {
    config: s.config,
    store: s.store,
    jobs,
    storage: s.storage,
    logger: s.logger,
    ...(cookies ? { cookies } : {}),
    csrfRequired,
    ...(oauth ? { oauth, loginUrl: s.oauthUrl || '/github-login' } : {}),
    ...(s.github ? { membership: membershipChecker(s.github) } : {}),
    rerunCreatesJob: s.rerunCreatesJob,
    allowInsecure: s.allowInsecure,
    dryRun: s.dryRun,
    ...(s.pluginHelp ? { pluginHelp: s.pluginHelp } : {}),
    ...(s.tideUrl ? { tideUrl: s.tideUrl } : {}),
    ...(s.github ? { prSearch: prSearch(s.github, s.githubGraphqlEndpoint ?? `${s.githubApiBase.replace(/\/+$/, '')}/graphql`) } : {}),
    logs: s.logs ?? localLogFollower(s.dataDir, s.storage),
    ...(s.podLogs ? { podLogs: s.podLogs } : {}),
    rerun: s.rerun,
    listRefreshMs: s.listRefreshMs ?? 30_000,
    staticDir: s.staticDir ?? defaultStaticDir(),
    ...(s.dataDir
      ? {
          githubApp: {
            dataDir: s.dataDir,
            webBase: webBaseFor(s.githubApiBase),
            apiBase: s.githubApiBase,
            connected: s.github !== undefined,
            hookPort: s.hookPort ?? (() => undefined),
            states: new FlowStates(),
            offered: () => s.github === undefined,
          },
        }
      : {}),
  };
  mountDeck(app, deps);
  return {
    jobs,
    stop: () => {
      clearImmediate(warm);
      jobs.stop();
    },
  };
}
