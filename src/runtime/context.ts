// The runtime context: built once per process from flags and shared by every role in it.
import type { Flags } from './flags.js';
import type { HttpServers } from './http.js';
import type { LeaderElector } from './leader.js';
import type { Logger } from './logger.js';
import type { MetricsRegistry } from './metrics.js';
import type { ProwJobStore } from '../store/types.js';
import type { GitHubClientFactory } from '../github/factory.js';
import type { StorageClients } from '../storage/open.js';
import type { ConfigAgent } from '../config/agent.js';
import type { LocalEndpoints } from './local-endpoints.js';

export interface RuntimeContext {
  flags: Flags;
  /** The process logger (no component); roles get their own in RoleContext.logger. */
  rootLogger: Logger;
  metrics: MetricsRegistry;
  /** config.yaml, job configs and plugins.yaml from the common flags, reloaded on change (src/config/index.ts). */
  config: ConfigAgent;
  http: HttpServers;
  leader: LeaderElector;
  /** The ProwJob store (--prowjob-store): files under --data-dir, or the ProwJob CRD on Kubernetes. */
  store: ProwJobStore;
  /** GitHub clients (--github-token-path or --github-app-id); undefined when no credentials are configured. */
  github: GitHubClientFactory | undefined;
  /** Blob storage for logs and artifacts (gs://, s3://, file://); the default bucket is <data-dir>/storage. */
  storage: StorageClients;
  /** Absolute path of --data-dir. */
  dataDir: string;
  /** Aborted when the process starts shutting down. */
  shutdown: AbortSignal;
  /** Names of the roles this process runs (e.g. deck serves plugin help in-process when hook is here too). */
  roles: readonly string[];
  /** External plugins (needs-rebase, cherrypicker, refresh) this process serves in-process, by name; the hook hands them deliveries directly. */
  localEndpoints: LocalEndpoints;
}
