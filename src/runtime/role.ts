// A role is one upstream component (hook, tide, deck, …). Each lives in roles/<name>/ and exports one Role;
// roles/index.ts lists them all.
import type { FlagSpec, Flags } from './flags.js';
import type { Logger } from './logger.js';
import type { RuntimeContext } from './context.js';

export interface RoleContext extends RuntimeContext {
  /** The role's own logger: every line has `component` set to the role name. */
  logger: Logger;
}

export interface Stopper {
  /** Stop taking new work and finish what is in flight. The runtime gives up waiting after the grace period. */
  stop(): Promise<void>;
}

export interface Role {
  name: string;
  /** One line for `prow roles` and --help. */
  description: string;
  /** Flags this role reads, registered on the root command. */
  flags: FlagSpec[];
  /** Singletons hold a leader lease on Kubernetes (tide, horologium, sinker, controller-manager, crier). */
  singleton: boolean;
  /** false: `--role=all` leaves it out (ghproxy: a proxy other Deployments point at, not part of all-in-one). */
  inAll?: boolean;
  /**
   * The ports the role listens on. The process binds them all before starting any role, so a busy port fails
   * the start before any role did work (created ProwJobs, say). `roles`: every role this process runs.
   */
  ports?(flags: Flags, roles: readonly string[]): number[];
  start(ctx: RoleContext): Promise<Stopper>;
}
